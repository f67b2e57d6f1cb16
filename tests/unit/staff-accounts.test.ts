import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { isAccountDays, resolveTownships, unknownTownshipsMessage } from '#src/domain/staff-accounts.ts';

const [first, second] = county.townships;

describe('the townships of a new staff account (console and command line)', () => {
  it('takes ids or names, once each', () => {
    expect(resolveTownships([first!.name, second!.id, first!.id])).toEqual({ ids: [first!.id, second!.id], unknown: [] });
  });

  it('takes all, * or 全部 for the whole county', () => {
    for (const all of ['all', '*', '全部']) expect(resolveTownships([first!.id, all]).ids).toEqual(['*']);
  });

  it('lists the ones it does not know, and the message offers the real ones', () => {
    const { unknown } = resolveTownships(['月球镇', first!.name]);
    expect(unknown).toEqual(['月球镇']);
    const message = unknownTownshipsMessage(unknown);
    expect(message).toContain('月球镇');
    expect(message).toContain(first!.name);
  });
});

describe('how long a new account is valid', () => {
  it('is 1 to 366 whole days', () => {
    expect([0, 1, 90, 366, 367, 1.5].map(isAccountDays)).toEqual([false, true, true, true, false, false]);
  });
});
