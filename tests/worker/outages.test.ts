/**
 * Outages answer 503 with Retry-After in the error shape — a form post gets its page back —
 * never a 500: a database that reads but cannot write, and one whose migrations have not been
 * applied. /api/health checks a read, a write, the migration and the keys.
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { LATEST_MIGRATION } from '#worker/lib/keys.ts';
import { apply, count, expectError, fetchWith, key, postForm, postJson } from './support/api.ts';
import { applyForm } from './support/forms.ts';
import { staffFetch, staffToken } from './support/staff.ts';

/** Tables every submission or staff change writes to. */
const WRITTEN = ['applications', 'cases', 'case_index', 'status_events', 'sms_outbox', 'audit_log', 'health_probe'];

/**
 * The database refuses every write the way SQLite does when it is read-only; D1 itself and
 * every read stay as they are.
 */
async function writeLock(): Promise<() => Promise<void>> {
  for (const t of WRITTEN)
    for (const op of ['INSERT', 'UPDATE'])
      await env.DB.prepare(
        `CREATE TRIGGER lock_${op}_${t} BEFORE ${op} ON ${t} BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END`,
      ).run();
  return async () => {
    for (const t of WRITTEN) for (const op of ['INSERT', 'UPDATE']) await env.DB.prepare(`DROP TRIGGER lock_${op}_${t}`).run();
  };
}

describe('a database that cannot write', () => {
  it('answers submissions, form posts and staff changes with 503 and Retry-After, and /api/health says write failed', async () => {
    const token = await staffToken('county', ['*']);
    const { reference } = await apply();
    const before = await count('applications');
    const unlock = await writeLock();
    try {
      const res = await postJson('/api/applications', application, { 'idempotency-key': key() });
      const body = await expectError(res, 503, 'db_unavailable');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(body.error.message).toContain('没有保存');

      const form = await postForm('/api/applications', applyForm());
      expect(form.status).toBe(503);
      expect(form.headers.get('content-type')).toContain('text/html');
      expect(await form.text()).toContain('没有保存');

      await expectError(
        await staffFetch(token, `/applications/${reference}/transitions`, { body: { to: 'screening' } }),
        503,
        'db_unavailable',
      );

      const health = await exports.default.fetch('http://portal.test/api/health');
      expect(health.status).toBe(503);
      expect((await health.json<{ db: unknown }>()).db).toMatchObject({ ok: false, read: true, write: false });
    } finally {
      await unlock();
    }
    expect(await count('applications')).toBe(before);
    expect((await exports.default.fetch('http://portal.test/api/health')).status).toBe(200);
  });
});

describe('a database whose latest migration has not been applied', () => {
  it('answers with 503 migrations_pending, and /api/health names the migration it expects', async () => {
    // As if `wrangler d1 migrations apply` had not run for the latest file.
    await applyD1Migrations(env.STALE_DB, env.TEST_MIGRATIONS.slice(0, -1));
    const stale = { DB: env.STALE_DB };
    const before = await env.STALE_DB.prepare('SELECT count(*) AS n FROM applications').first<{ n: number }>();

    const res = await fetchWith(stale, '/api/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key() },
      body: JSON.stringify(application),
    });
    await expectError(res, 503, 'migrations_pending');
    expect(res.headers.get('retry-after')).not.toBeNull();
    expect(await env.STALE_DB.prepare('SELECT count(*) AS n FROM applications').first<{ n: number }>()).toEqual(before);

    const health = await fetchWith(stale, '/api/health');
    expect(health.status).toBe(503);
    const body = await health.json<{ db: { ok: boolean; migration: string; expected: string; migrated: boolean } }>();
    expect(body.db).toMatchObject({ ok: false, migrated: false, expected: LATEST_MIGRATION });
    expect(body.db.migration).not.toBe(LATEST_MIGRATION);
  });
});
