/**
 * Each encrypted value is bound to its record and to its field (v3 ciphertext): someone who can
 * write to the database cannot move a staff member's internal note into the note the family
 * sees, or one column of a record into another, without the read refusing it — with 409 in the
 * error shape, not a 500. Values written before fields were bound (v2) still read, and
 * `npm run keys:rotate` rewrites them as v3.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { ENCRYPTED_COLUMNS } from '#worker/db/encrypted-columns.ts';
import { ciphertextKeyId, ciphertextVersion, keyRing } from '#worker/lib/crypto.ts';
import { rotateDataKey, staleCount, type Sql } from '#worker/lib/rotation.ts';
import { apply, caseOf, expectError, postJson, type Receipt } from './support/api.ts';
import { staffFetch, staffToken } from './support/staff.ts';

const d1: Sql = {
  async query<T>(sql: string) {
    return (await env.DB.prepare(sql).all<T>()).results;
  },
  async exec(statements: string[]) {
    await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
  },
};

/** A v2 ciphertext, as the Worker wrote before fields were bound: AES-GCM with the record's reference alone as additional data. */
async function v2(context: string, value: unknown): Promise<string> {
  const ring = await keyRing('DATA_KEY', env.DATA_KEY);
  const k = await crypto.subtle.importKey('raw', ring.active.raw, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const te = new TextEncoder();
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(context) }, k, te.encode(JSON.stringify(value))),
  );
  const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
  return `v2.${ring.active.id}.${b64(iv)}.${b64(ct)}`;
}

const PERSONAL = {
  applicant: { name: '周老太', relationship: 'grandparent', phone: '13900139000' },
  child: { name: '周小花', birthDate: '2016-03-03' },
  address: '一组',
  circumstances: '',
};

const personalEnc = async (reference: string) =>
  (await env.DB.prepare('SELECT personal_enc FROM applications WHERE reference = ?').bind(reference).first<{ personal_enc: string }>())!
    .personal_enc;

/** An application asked for more material: a reason the family sees, and a note for staff only. */
async function askedForMore(county: string): Promise<Receipt> {
  const r = await apply();
  const township = await staffToken('township', ['dongshan']);
  await staffFetch(township, '/batches', { body: { cases: [await caseOf(r.reference)] } });
  const res = await staffFetch(county, `/applications/${r.reference}/transitions`, {
    body: { to: 'needs_info', reason: '请补充户口簿复印件', internalNote: '奶奶耳背，打电话要大声' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return r;
}

describe('a value moved into another field of the same record', () => {
  it("a staff member's internal note put where the family's note goes is refused on the status page (409), never shown", async () => {
    const county = await staffToken('county', ['*']);
    const r = await askedForMore(county);
    const before = await (await postJson('/api/status', r)).json<{ timeline: { note: string | null }[] }>();
    expect(before.timeline.map((t) => t.note)).toContain('原因：请补充户口簿复印件');

    // A database writer copies the internal note over the public one of the same event.
    const moved = await env.DB.prepare(
      `UPDATE status_events SET public_note_enc = internal_note_enc
       WHERE internal_note_enc IS NOT NULL AND kind = 'application' AND record_id = (SELECT id FROM applications WHERE reference = ?)`,
    )
      .bind(r.reference)
      .run();
    expect(moved.meta.changes).toBe(1);

    const res = await postJson('/api/status', r);
    expect(JSON.stringify(await res.clone().json())).not.toContain('耳背');
    await expectError(res, 409, 'record_unreadable');
    // The staff view of the same record refuses it the same way.
    await expectError(await staffFetch(county, `/applications/${r.reference}`), 409, 'record_unreadable');
  });

  it("an application's screening answers put in place of its personal data are refused on the staff read (409), not a 500", async () => {
    const county = await staffToken('county', ['*']);
    const r = await apply();
    expect((await staffFetch(county, `/applications/${r.reference}`)).status).toBe(200);
    await env.DB.prepare('UPDATE applications SET personal_enc = screening_enc WHERE reference = ?').bind(r.reference).run();
    await expectError(await staffFetch(county, `/applications/${r.reference}`), 409, 'record_unreadable');
  });

  it('every new value is v3, under the active key, and reads where it was written', async () => {
    const county = await staffToken('county', ['*']);
    const r = await askedForMore(county);
    const ring = await keyRing('DATA_KEY', env.DATA_KEY);
    for (const c of ENCRYPTED_COLUMNS) {
      const { results } = await env.DB.prepare(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`).all<{
        v: string;
      }>();
      for (const row of results) {
        // The values the earlier tests moved are v3 too, only in the wrong place.
        expect(ciphertextVersion(row.v), `${c.table}.${c.column}`).toBe('v3');
        expect(ciphertextKeyId(row.v)).toBe(ring.active.id);
      }
    }
    const detail = await (
      await staffFetch(county, `/applications/${r.reference}`)
    ).json<{ timeline: { internalNote: string | null }[]; personal: { applicant: { name: string } } }>();
    expect(detail.timeline.map((t) => t.internalNote)).toContain('奶奶耳背，打电话要大声');
    expect(detail.personal.applicant.name).toBe(application.applicant.name);
  });
});

describe('values written before fields were bound (v2)', () => {
  it('still read, and keys:rotate rewrites them as v3 bound to their field; a value that does not open is named and left alone', async () => {
    const county = await staffToken('county', ['*']);
    const legacy = await apply();
    await env.DB.prepare('UPDATE applications SET personal_enc = ? WHERE reference = ?')
      .bind(await v2(legacy.reference, PERSONAL), legacy.reference)
      .run();
    const read = async () => (await staffFetch(county, `/applications/${legacy.reference}`)).json<{ personal: typeof PERSONAL | null }>();
    expect((await read()).personal?.child.name).toBe('周小花');

    // Another application given the v2 personal data of the first: it does not open there, and
    // rotation must neither stop at it nor pass it off as good.
    const tampered = await apply();
    await env.DB.prepare('UPDATE applications SET personal_enc = ? WHERE reference = ?')
      .bind(await personalEnc(legacy.reference), tampered.reference)
      .run();
    await expectError(await staffFetch(county, `/applications/${tampered.reference}`), 409, 'record_unreadable');
    const tamperedId = (await env.DB.prepare('SELECT id FROM applications WHERE reference = ?').bind(tampered.reference).first<{
      id: number;
    }>())!.id;

    const before = await staleCount(d1, env.DATA_KEY);
    expect(before).toBeGreaterThan(0);
    const batches: number[] = [];
    const report = await rotateDataKey(d1, env.DATA_KEY, 2, (p) => batches.push(p.rewritten));
    expect(report.upgraded).toBe(1);
    expect(report.rewritten).toBe(1);
    expect(batches).toEqual([1]);
    expect(report.broken).toEqual([{ table: 'applications', column: 'personal_enc', id: tamperedId }]);
    // What is left is exactly the value that does not open where it is, untouched.
    expect(await staleCount(d1, env.DATA_KEY)).toBe(1);
    expect(ciphertextVersion(await personalEnc(tampered.reference))).toBe('v2');

    const stored = await personalEnc(legacy.reference);
    expect(ciphertextVersion(stored)).toBe('v3');
    expect((await read()).personal?.child.name).toBe('周小花');

    // Run again (a run cut short is resumed the same way): nothing more to do.
    const again = await rotateDataKey(d1, env.DATA_KEY, 2);
    expect(again).toEqual({ rewritten: 0, upgraded: 0, broken: report.broken });
  });
});
