/** Bad input to the staff API: checked before anything is written, the audit log included. */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { apply, caseOf, expectError } from './support/api.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

describe('revoking an account', () => {
  it('checks the account number before writing the refusal to the audit log', async () => {
    const county = await staffToken('county', ['*']);
    const before = (await auditRows()).length;
    const long = `${'9'.repeat(300)}'--`;
    const body = await expectError(
      await staffFetch(county, `/accounts/${encodeURIComponent(long)}/revoke`, { method: 'POST' }),
      400,
      'invalid',
    );
    expect(Object.keys(body.error.fields)).toEqual(['id']);
    expect((await auditRows()).length).toBe(before);

    await expectError(await staffFetch(county, '/accounts/12345/revoke', { method: 'POST' }), 403, 'forbidden');
    const [entry] = (await auditRows("action = 'revoke-account'")).slice(-1);
    expect(entry).toMatchObject({ record_ref: '12345', outcome: 'denied' });
  });
});

describe('the lists', () => {
  it('take 1 or true for a yes/no filter, and say what is wrong with anything else', async () => {
    const token = await staffToken('county', ['*']);
    expect((await staffFetch(token, '/pairings?alert=1')).status).toBe(200);
    expect((await staffFetch(token, '/applications?overdue=true')).status).toBe(200);
    for (const path of ['/pairings?alert=yes', '/applications?overdue=maybe']) {
      const body = await expectError(await staffFetch(token, path), 400, 'invalid');
      expect(Object.keys(body.error.fields), path).toEqual([path.includes('alert') ? 'alert' : 'overdue']);
    }
  });
});

describe('a JSON body to the staff API', () => {
  it('that does not parse is reported as malformed JSON, and changes nothing', async () => {
    const token = await staffToken('county', ['*']);
    const { reference } = await apply();
    const res = await exports.default.fetch(`http://portal.test/api/staff/applications/${reference}/transitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"to": "screening"',
    });
    await expectError(res, 400, 'malformed_json');
    expect(await env.DB.prepare('SELECT status FROM applications WHERE reference = ?').bind(reference).first()).toEqual({
      status: 'submitted',
    });
  });

  it('with a date that does not exist is refused, naming the field', async () => {
    const token = await staffToken('county', ['*']);
    const { reference } = await apply();
    const body = await expectError(
      await staffFetch(token, `/cases/${await caseOf(reference)}/visits`, {
        body: { visitedAt: '2026-02-30T10:00', findings: '孩子在家' },
      }),
      400,
      'invalid',
    );
    expect(Object.keys(body.error.fields)).toEqual(['visitedAt']);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM visits WHERE case_id = (SELECT case_id FROM applications WHERE reference = ?)')
        .bind(reference)
        .first(),
    ).toEqual({ n: 0 });
  });
});
