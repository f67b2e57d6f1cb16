/**
 * The audit log as a hash chain: it verifies, a changed, removed or re-hashed row is found by
 * its id, concurrent writers never fork it, refused tokens are in it, and the nightly head
 * goes to R2 and the cron's log.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { GENESIS, rowHash, verifyChain, type AuditHead, type ChainRow } from '#worker/lib/audit-chain.ts';
import { headKey } from '#worker/lib/audit.ts';
import { ownCaller } from '../support/callers.ts';
import { apply } from './support/api.ts';
import { runCron } from './support/cron.ts';
import { staffAccount, staffFetch, staffToken } from './support/staff.ts';

async function chain(): Promise<ChainRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, at, staff_id AS staffId, action, record_kind AS recordKind, record_ref AS recordRef, outcome, detail,
            prev_hash AS prevHash, hash FROM audit_log ORDER BY id`,
  ).all<ChainRow>();
  return results;
}

async function* pages(rows: ChainRow[]) {
  for (let i = 0; i < rows.length; i += 7) yield rows.slice(i, i + 7);
}

const verify = async (heads: AuditHead[] = []) => verifyChain(pages(await chain()), heads);

describe('the audit chain', () => {
  it('verifies, and names the first row that was changed, removed or re-hashed', async () => {
    const token = await staffToken('county', ['*']);
    const { reference } = await apply();
    for (const path of ['/cases', `/applications/${reference}`, '/applications', '/dashboard'])
      expect((await staffFetch(token, path)).status).toBe(200);
    const rows = await chain();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0]!.prevHash).toBe(GENESIS);
    expect(await verify()).toMatchObject({ ok: true, checked: rows.length, head: { id: rows.at(-1)!.id } });

    const target = rows[1]!;
    // Someone with database rights makes a read look like it never happened to this record.
    await env.DB.prepare('UPDATE audit_log SET record_ref = NULL WHERE id = ?').bind(target.id).run();
    expect((await verify()).broken).toEqual({ id: target.id, why: 'hash' });
    // … and recomputes that row's hash too: the next row's link no longer fits.
    const changed = { ...target, recordRef: null };
    await env.DB.prepare('UPDATE audit_log SET hash = ? WHERE id = ?')
      .bind(await rowHash(target.prevHash!, changed), target.id)
      .run();
    expect((await verify()).broken).toEqual({ id: target.id + 1, why: 'link' });
    // Put back as it was; then remove a row altogether.
    await env.DB.prepare('UPDATE audit_log SET record_ref = ?, hash = ? WHERE id = ?').bind(target.recordRef, target.hash, target.id).run();
    expect((await verify()).ok).toBe(true);
    await env.DB.prepare('DELETE FROM audit_log WHERE id = ?').bind(rows[2]!.id).run();
    expect((await verify()).broken).toEqual({ id: rows[2]!.id, why: 'gap' });
    await env.DB.prepare(
      'INSERT INTO audit_log (id, at, staff_id, action, record_kind, record_ref, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
      .bind(...Object.values(rows[2]!))
      .run();
    expect((await verify()).ok).toBe(true);
  });

  it('does not fork when many staff calls write at the same moment', async () => {
    const tokens = await Promise.all(['dongshan', 'xihe', 'qingshui'].map((t) => staffToken('township', [t])));
    const before = (await chain()).length;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => staffFetch(tokens[i % 3]!, i % 2 ? '/cases' : '/applications')));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    const rows = await chain();
    expect(rows.length).toBe(before + 40);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    expect(await verify()).toMatchObject({ ok: true, checked: rows.length });
  }, 60_000);

  it('a row not yet sealed (a crash between insert and seal, or a row from before the chain) is pending, then sealed by the next write', async () => {
    const token = await staffToken('county', ['*']);
    await staffFetch(token, '/cases');
    await env.DB.prepare("INSERT INTO audit_log (at, staff_id, action, outcome) VALUES (?, 0, 'read', 'ok')").bind(Date.now()).run();
    const waiting = await verify();
    expect(waiting).toMatchObject({ ok: true, pending: 1 });
    await staffFetch(token, '/cases');
    const sealed = await verify();
    expect(sealed).toMatchObject({ ok: true, pending: 0, checked: waiting.checked + 2 });
  });

  it('records a refused session and a refused sign-in, with the account when it is known, and a sign-in that works', async () => {
    const expired = await staffToken('county', ['*'], { expiresAt: Date.now() - 1000 });
    const staffId = (await env.DB.prepare('SELECT max(id) AS id FROM staff').first<{ id: number }>())!.id;
    expect((await staffFetch(`ts_${'b'.repeat(43)}`, '/me')).status).toBe(401);
    expect((await staffFetch(expired, '/me')).status).toBe(401);
    const signIn = (token: string) =>
      exports.default.fetch('http://portal.test/api/staff/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://portal.test', ...ownCaller() },
        body: JSON.stringify({ token }),
      });
    expect((await signIn('th_thisTokenWasNeverIssuedToAnyone00000000000')).status).toBe(401);
    const rows = (await chain()).slice(-3);
    expect(rows.map((r) => [r.staffId, r.action, r.outcome, r.detail])).toEqual([
      [0, 'session', 'denied', 'unknown'],
      [staffId, 'session', 'denied', 'account'],
      [0, 'sign-in', 'denied', 'unknown token'],
    ]);
    // A good token goes on to the second factor (its success is staff-session.test.ts's).
    const { token } = await staffAccount('county', ['*']);
    const asked = await signIn(token);
    expect(asked.status).toBe(200);
    expect(await asked.json()).toMatchObject({ step: 'second-factor' });
    expect((await verify()).ok).toBe(true);
  });
});

describe('what is audited', () => {
  it('a search (never what was typed), an export, and a refused file creation', async () => {
    const token = await staffToken('county', ['*']);
    await apply('dongshan', '松林村', { name: '赵小雨', birthDate: '2016-04-04' });
    expect((await staffFetch(token, `/cases?q=${encodeURIComponent('赵小雨')}`)).status).toBe(200);
    expect((await staffFetch(token, '/cases/export.csv?personal=1')).status).toBe(200);
    const again = await staffFetch(token, '/cases', {
      body: { child: { name: '赵小雨', birthDate: '2016-04-04' }, township: 'dongshan', village: '松林村' },
    });
    expect(again.status).toBe(409);
    const rows = (await chain()).slice(-3);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['search', 'ok'],
      ['export-personal', 'ok'],
      ['create-case', 'refused'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('赵小雨');
    expect((await verify()).ok).toBe(true);
  });
});

describe('the nightly head', () => {
  it('goes to R2 and into the log, and a row removed from the end is found against it', async () => {
    const token = await staffToken('county', ['*']);
    await staffFetch(token, '/cases');
    const log = vi.spyOn(console, 'log');
    const at = Date.UTC(2026, 11, 1, 19, 0, 0);
    await runCron('0 19 * * *', at);
    const object = await env.AUDIT_BUCKET.get(headKey('2026-12-02'));
    const head = (await object!.json()) as AuditHead;
    const last = (await chain()).at(-1)!;
    expect(head).toMatchObject({ date: '2026-12-02', id: last.id, hash: last.hash });
    expect(log.mock.calls.flat().join('\n')).toContain(`audit head 2026-12-02: row ${last.id} ${last.hash}`);
    log.mockRestore();
    expect((await verify([head])).ok).toBe(true);

    // Rows removed from the end leave a chain that verifies on its own; the head does not.
    await env.DB.prepare('DELETE FROM audit_log WHERE id >= ?').bind(last.id).run();
    expect((await verify()).ok).toBe(true);
    expect((await verify([head])).broken).toEqual({ id: last.id, why: 'head' });
    // A second run the same day does not replace the day's head.
    await staffFetch(token, '/cases');
    await runCron('0 19 * * *', at + 60_000);
    expect(await (await env.AUDIT_BUCKET.get(headKey('2026-12-02')))!.json()).toEqual(head);
  });
});
