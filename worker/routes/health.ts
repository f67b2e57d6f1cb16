import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { RETRY_AFTER_SECONDS } from '../lib/errors.ts';
import { checkKeys, LATEST_MIGRATION, migrated, type KeysReport } from '../lib/keys.ts';
import { unhandledLogLine } from '../lib/errors.ts';
import { secondFactorSwitch } from '../lib/staff-session.ts';

/** What a failed check says about itself in the log: its kind only (a D1 message can quote the statement). */
const failed = (what: string, cause: unknown) =>
  console.error(unhandledLogLine(cause, 'GET', '/api/health').replace('unhandled error', `health: ${what} failed`));

/**
 * GET /api/health: the Worker is up, D1 answers a read and takes a write, the migrations this
 * code expects are applied, the three secrets are usable and the ones the data was written
 * with (lib/keys.ts), and staff sign-in keeps its second factor (a deployed Worker refuses
 * STAFF_SECOND_FACTOR=off). 503 with Retry-After when any of it fails, saying which.
 */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  const db = { ok: false, read: false, write: false, migration: null as string | null, expected: LATEST_MIGRATION, migrated: false };
  try {
    const row = await c.env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1').first<{ name: string }>();
    db.read = true;
    db.migration = row?.name ?? null;
    db.migrated = await migrated(c.env);
  } catch (cause) {
    failed('read', cause);
  }
  try {
    // One row, rewritten each time: a database that reads but cannot write (locked, read-only) fails here.
    await c.env.DB.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at')
      .bind(Date.now())
      .run();
    db.write = true;
  } catch (cause) {
    failed('write', cause);
  }
  db.ok = db.read && db.write && db.migrated;
  let keys: KeysReport | { ok: false; checked: false };
  try {
    keys = await checkKeys(c.env);
  } catch (cause) {
    failed('keys', cause);
    keys = { ok: false, checked: false };
  }
  // A deployed Worker told to sign staff in without the second factor refuses it (lib/staff-session.ts).
  const secondFactor = secondFactorSwitch(c.env, c.req.url);
  const signIn = { ok: secondFactor !== 'refused', secondFactor };
  const ok = db.ok && keys.ok && signIn.ok;
  return c.json(
    { status: ok ? 'ok' : 'degraded', version: c.env.APP_VERSION, db, keys, signIn },
    ok ? 200 : 503,
    ok ? {} : { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );
});
