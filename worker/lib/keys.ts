/**
 * Are the configured secrets the ones the data was written with? Each key's fingerprint is
 * recorded in D1 (key_fingerprints) at first use; from then on a key that is missing,
 * malformed, of the wrong length, or not a recorded one refuses every read and write of
 * personal data with 503 (requireReady), and /api/health says which secret and why — so a
 * wrong DATA_KEY can never again take submissions that nobody can read afterwards.
 */
import journal from '#migrations/meta/_journal.json' with { type: 'json' };
import type { Env } from '../env.ts';
import {
  accessCodeFor,
  accessHash,
  decryptJson,
  keyRing,
  KeyUnavailableError,
  SECRET_NAMES,
  type KeyProblem,
  type KeyRing,
  type SecretName,
} from './crypto.ts';
import { outage } from './errors.ts';

/** The last migration this Worker's code expects (migrations/meta/_journal.json, written by db:generate). */
export const LATEST_MIGRATION = `${journal.entries.at(-1)!.tag}.sql`;

export interface SecretStatus {
  ok: boolean;
  problem?: KeyProblem;
  /** How many keys the ring holds (DATA_KEY during a rotation: more than one). */
  keys?: number;
}

export type KeysReport = { ok: boolean; secrets: Record<SecretName, SecretStatus> };

/** A configuration found good is trusted for this long per isolate, so a request costs no D1 read. */
const TRUST_MS = 60_000;
const trusted = new Map<string, number>();

interface Recorded {
  name: string;
  fingerprint: string;
}

/**
 * Whether the data written so far can be read with `ring`: the newest ciphertext opens with
 * it (DATA_KEY), or the newest access code is the one it would give (HMAC_KEY). Asked only
 * before a fingerprint is first recorded, on a database that has data from before fingerprints.
 */
async function fitsData(env: Env, name: SecretName, ring: KeyRing): Promise<boolean> {
  if (name === 'DATA_KEY') {
    const row = await env.DB.prepare(
      'SELECT reference, personal_enc FROM applications WHERE personal_enc IS NOT NULL ORDER BY id DESC LIMIT 1',
    ).first<{ reference: string; personal_enc: string }>();
    if (!row) return true;
    return decryptJson(env.DATA_KEY, 'applications.personal_enc', row.reference, row.personal_enc).then(
      () => true,
      () => false,
    );
  }
  if (name === 'HMAC_KEY') {
    const row = await env.DB.prepare(
      'SELECT reference, idempotency_key, access_hash FROM applications WHERE access_hash IS NOT NULL ORDER BY id DESC LIMIT 1',
    ).first<{ reference: string; idempotency_key: string; access_hash: string }>();
    if (!row) return true;
    const code = await accessCodeFor(env.HMAC_KEY, 'application', row.idempotency_key);
    return (await accessHash(env.HMAC_KEY, row.reference, code)) === row.access_hash;
  }
  // INDEX_KEY: the index alone cannot tell (it names nobody); its fingerprint guards it from now on.
  return true;
}

/** Records the active key of a ring (first use, or the first write after a rotation began). */
async function record(env: Env, ring: KeyRing, onlyIfNone: boolean, now: number): Promise<void> {
  const k = ring.active;
  await env.DB.prepare(
    `INSERT INTO key_fingerprints (name, key_id, fingerprint, first_used_at)
     SELECT ?, ?, ?, ? WHERE ${onlyIfNone ? 'NOT EXISTS (SELECT 1 FROM key_fingerprints WHERE name = ? AND retired_at IS NULL)' : '?'}
     ON CONFLICT DO NOTHING`,
  )
    .bind(ring.name, k.id, k.fingerprint, now, onlyIfNone ? ring.name : 1)
    .run();
}

async function recorded(env: Env): Promise<Recorded[]> {
  const { results } = await env.DB.prepare('SELECT name, fingerprint FROM key_fingerprints WHERE retired_at IS NULL').all<Recorded>();
  return results;
}

/**
 * Checks the three secrets against their recorded fingerprints (recording them at first
 * use). A D1 failure is not caught here: it is an outage of its own (lib/errors.ts).
 */
export async function checkKeys(env: Env, now = Date.now()): Promise<KeysReport> {
  const cacheKey = SECRET_NAMES.map((n) => env[n] ?? '').join('\n');
  const secrets = {} as Record<SecretName, SecretStatus>;
  if ((trusted.get(cacheKey) ?? 0) > now) {
    for (const name of SECRET_NAMES) secrets[name] = { ok: true, keys: (await keyRing(name, env[name])).keys.length };
    return { ok: true, secrets };
  }
  const rings = new Map<SecretName, KeyRing>();
  for (const name of SECRET_NAMES) {
    try {
      rings.set(name, await keyRing(name, env[name]));
    } catch (error) {
      if (!(error instanceof KeyUnavailableError)) throw error;
      secrets[name] = { ok: false, problem: error.problem };
    }
  }
  let rows = await recorded(env);
  for (const [name, ring] of rings) {
    if (!rows.some((r) => r.name === name)) {
      if (!(await fitsData(env, name, ring))) {
        secrets[name] = { ok: false, problem: 'mismatch', keys: ring.keys.length };
        continue;
      }
      // Two isolates starting with different keys: the first recorded wins, the other is refused below.
      await record(env, ring, true, now);
      rows = await recorded(env);
    }
    const mine = rows.filter((r) => r.name === name);
    const lost = mine.filter((r) => !ring.keys.some((k) => k.fingerprint === r.fingerprint));
    if (lost.length) {
      secrets[name] = { ok: false, problem: 'mismatch', keys: ring.keys.length };
      continue;
    }
    // A new first key of DATA_KEY: a rotation has begun, and what it writes must stay readable.
    if (!mine.some((r) => r.fingerprint === ring.active.fingerprint)) await record(env, ring, false, now);
    secrets[name] = { ok: true, keys: ring.keys.length };
  }
  const ok = SECRET_NAMES.every((n) => secrets[n]?.ok);
  if (ok) trusted.set(cacheKey, now + TRUST_MS);
  else
    console.error(
      `keys: ${SECRET_NAMES.filter((n) => !secrets[n].ok)
        .map((n) => `${n} ${secrets[n].problem}`)
        .join(', ')}; personal data is refused until this is fixed (docs/deploy.md)`,
    );
  return { ok, secrets };
}

/** Whether the migration this code expects has been applied (a newer one after it is fine: a Worker rolled back). */
export async function migrated(env: Env): Promise<boolean> {
  return (await env.DB.prepare('SELECT 1 AS ok FROM d1_migrations WHERE name = ?').bind(LATEST_MIGRATION).first()) !== null;
}

/** Per database binding: a check that passed is trusted for a while, as the keys' is. */
const migratedUntil = new WeakMap<object, number>();

/**
 * Refuses the request with 503 and Retry-After unless the database has the migrations this
 * code expects (migrations_pending) and every secret is usable and the one the data was
 * written with (keys_unavailable): nothing personal is then read or stored.
 */
export async function requireReady(env: Env): Promise<void> {
  const now = Date.now();
  if ((migratedUntil.get(env.DB) ?? 0) <= now) {
    if (!(await migrated(env))) throw outage('migrations_pending', 'err.outage.db');
    migratedUntil.set(env.DB, now + TRUST_MS);
  }
  const report = await checkKeys(env, now);
  if (!report.ok) throw outage('keys_unavailable', 'err.outage.keys');
}
