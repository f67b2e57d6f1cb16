/**
 * DATA_KEY rotation: with the new key first and the old one after it, what was written under
 * the old key (and before key ids existed) still reads, new values carry the new key's id,
 * the rotation re-encrypts everything (as v3, bound to record and field), and then the new
 * key alone reads it all. Dropping the old key before that is refused with 503 rather than
 * losing data.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_COLUMNS } from '#worker/db/encrypted-columns.ts';
import { ciphertextKeyId, ciphertextVersion, keyRing } from '#worker/lib/crypto.ts';
import { retireOldDataKeys, rotateDataKey, staleCount, type Sql } from '#worker/lib/rotation.ts';
import { apply, caseOf, expectError, fetchWith, key, newSecret } from './support/api.ts';
import { staffToken } from './support/staff.ts';

const OLD = env.DATA_KEY;
const NEW = newSecret();
const RING = `${NEW},${OLD}`;

const d1: Sql = {
  async query<T>(sql: string) {
    return (await env.DB.prepare(sql).all<T>()).results;
  },
  async exec(statements: string[]) {
    await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
  },
};

/** A v1 ciphertext, as the Worker wrote before key ids: AES-GCM under the old key, no id. */
async function v1(dataKey: string, context: string, value: unknown): Promise<string> {
  const raw = Uint8Array.from(atob(dataKey), (c) => c.charCodeAt(0));
  const k = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const te = new TextEncoder();
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(context) }, k, te.encode(JSON.stringify(value))),
  );
  const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
  return `v1.${b64(iv)}.${b64(ct)}`;
}

const read = (secrets: { DATA_KEY: string }, token: string, reference: string) =>
  fetchWith(secrets, `/api/staff/applications/${reference}`, { headers: { authorization: `Bearer ${token}` } });

describe('rotating DATA_KEY', () => {
  it('reads old and v1 ciphertext with the ring, re-encrypts it all, and then needs the new key only', async () => {
    const token = await staffToken('county', ['*']);
    expect((await exports.default.fetch('http://portal.test/api/health')).status).toBe(200);
    const old = await apply();
    // An application from before key ids: its personal data as a v1 ciphertext.
    const legacy = await apply();
    const personal = {
      applicant: { name: '周老太', relationship: 'grandparent', phone: '13900139000' },
      child: { name: '周小花', birthDate: '2016-03-03' },
      address: '一组',
      circumstances: '',
    };
    await env.DB.prepare('UPDATE applications SET personal_enc = ? WHERE reference = ?')
      .bind(await v1(OLD, legacy.reference, personal), legacy.reference)
      .run();

    // The ring, new key first: old values read, a new one is written under the new key.
    expect((await read({ DATA_KEY: RING }, token, old.reference)).status).toBe(200);
    const legacyRead = await read({ DATA_KEY: RING }, token, legacy.reference);
    expect((await legacyRead.json<{ personal: typeof personal }>()).personal.child.name).toBe('周小花');
    const fresh = await fetchWith({ DATA_KEY: RING }, '/api/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key() },
      body: JSON.stringify((await import('../fixtures/api/application.json')).default),
    });
    expect(fresh.status).toBe(201);
    const { reference } = await fresh.json<{ reference: string }>();
    const stored = await env.DB.prepare('SELECT personal_enc FROM applications WHERE reference = ?')
      .bind(reference)
      .first<{ personal_enc: string }>();
    const ring = await keyRing('DATA_KEY', RING);
    expect(ciphertextKeyId(stored!.personal_enc)).toBe(ring.active.id);

    // Dropping the old key now would lose what is under it: refused.
    await expectError(await read({ DATA_KEY: NEW }, token, old.reference), 503, 'keys_unavailable');

    expect(await staleCount(d1, RING)).toBeGreaterThan(0);
    const report = await rotateDataKey(d1, RING, 7);
    expect(report.rewritten).toBeGreaterThan(3);
    // The v1 application, bound to its record only, is now bound to its field too.
    expect(report.upgraded).toBe(1);
    expect(report.broken).toEqual([]);
    expect(await staleCount(d1, RING)).toBe(0);
    // Every encrypted column now names the new key.
    for (const c of ENCRYPTED_COLUMNS) {
      const { results } = await env.DB.prepare(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`).all<{
        v: string;
      }>();
      for (const r of results) {
        expect(ciphertextKeyId(r.v), `${c.table}.${c.column}`).toBe(ring.active.id);
        expect(ciphertextVersion(r.v), `${c.table}.${c.column}`).toBe('v3');
      }
    }
    expect(await retireOldDataKeys(d1, RING, Date.now())).toBe(true);

    // The new key alone reads the old, the v1 and the new application, and the child's file.
    for (const ref of [old.reference, legacy.reference, reference]) expect((await read({ DATA_KEY: NEW }, token, ref)).status).toBe(200);
    const file = await fetchWith({ DATA_KEY: NEW }, `/api/staff/cases/${await caseOf(old.reference)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.status).toBe(200);
    const health = await fetchWith({ DATA_KEY: NEW }, '/api/health');
    expect(health.status).toBe(200);
    // The old key is no longer accepted on its own.
    await expectError(await read({ DATA_KEY: OLD }, token, old.reference), 503, 'keys_unavailable');
  });
});
