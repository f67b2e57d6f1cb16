import { describe, expect, it } from 'vitest';
import { hashToken } from '#worker/cli/staff-hash.ts';
import { tokenHash } from '#worker/lib/staff-auth.ts';

describe('staff tokens', () => {
  it('the CLI stores the same hash the Worker looks up', async () => {
    for (const token of ['th_abc', `th_${'x'.repeat(43)}`, 'th_令牌']) expect(hashToken(token)).toBe(await tokenHash(token));
  });
});
