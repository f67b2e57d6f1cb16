/** Helpers of the reliability suite: a fetch pool, D1 queries on disk, staff accounts and unique people. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { normalizeAccessCode } from '#src/domain/reference-code.ts';
import type { StaffRole } from '#src/domain/staff-roles.ts';
import { SESSION_LIMITS, SESSION_PREFIX } from '#src/domain/staff-sign-in.ts';
import { idCheckDigit } from '#src/domain/validators.ts';
import { hashToken } from '#worker/cli/staff-hash.ts';
import { accessHash, randomToken } from '#worker/lib/crypto.ts';
import { sessionHash } from '#worker/lib/staff-session.ts';
import { TOKEN_PREFIX } from '#worker/lib/staff-token.ts';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { ROOT } from '../support/content.ts';
import { TEST_SECRETS } from '../support/server.ts';

/** Runs SQL against the local D1 of a wrangler dev state directory (the same SQLite file the server uses). */
export function d1<T = Record<string, unknown>>(persistDir: string, sql: string): T[] {
  const res = spawnSync(
    path.join(ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistDir, '--json', '--yes', '--command', sql],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 512 * 2 ** 20,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    },
  );
  if (res.status !== 0) throw new Error(`wrangler d1 execute failed: ${res.stderr}\n${res.stdout}`);
  const out = JSON.parse(res.stdout) as { results: T[] }[];
  return out.flatMap((r) => r.results);
}

export const DATA_TABLES = [
  'applications',
  'volunteers',
  'reports',
  'status_events',
  'staff',
  'risk_assessments',
  'visits',
  'pairings',
  'pairing_contacts',
  'files',
  'material_requests',
];

export function rowCounts(persistDir: string): Record<string, number> {
  // One row of sub-selects: D1 refuses a UNION of this many terms.
  const sql = `SELECT ${DATA_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`;
  return d1<Record<string, number>>(persistDir, sql)[0]!;
}

/** The stored hash of an access code as the receipt shows it: the Worker's accessHash under the test key. */
export function accessHashOf(reference: string, code: string): Promise<string> {
  return accessHash(TEST_SECRETS.HMAC_KEY, reference, normalizeAccessCode(code));
}

/** A staff account written straight into the server's D1, the way `npm run staff:add` does, signed in: returns its session (ts_…). */
export async function staffToken(
  persistDir: string,
  name: string,
  role: StaffRole,
  townships: string[],
  options: { expiresAt?: number; department?: string } = {},
): Promise<string> {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const session = `${SESSION_PREFIX}${randomToken()}`;
  const now = Date.now();
  const expiresAt = options.expiresAt ?? now + 86_400_000;
  const department = options.department ? `'${options.department}'` : 'NULL';
  // An approved account and a session of it, as signing in leaves them (the secret stored as the Worker hashes it).
  const secretHash = await sessionHash(session);
  d1(
    persistDir,
    `INSERT INTO staff (name, role, townships, department, token_hash, expires_at, approved_at) VALUES ('${name}', '${role}', '${JSON.stringify(townships)}', ${department}, '${hashToken(token)}', ${expiresAt}, ${now});
     INSERT INTO staff_sessions (staff_id, secret_hash, factor, created_at, last_seen_at, expires_at)
       SELECT id, '${secretHash}', 'off', ${now}, ${now}, ${now + SESSION_LIMITS.absoluteMs} FROM staff WHERE token_hash = '${hashToken(token)}'`,
  );
  return session;
}

/** Runs `task` for 0..total-1 with at most `connections` in flight. */
export async function pool<T>(total: number, connections: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(connections, total) }, async () => {
      for (let i = next++; i < total; i = next++) results[i] = await task(i);
    }),
  );
  return results;
}

/** A distinct person for submission i: name, mobile and a checksum-valid ID number no one else sends. */
export function person(i: number): { name: string; phone: string; idNumber: string; childName: string } {
  const day = 1 + (Math.floor(i / 1000) % 28);
  const body = `110105201${String(1 + (Math.floor(i / 28000) % 8))}03${String(day).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return {
    name: `测试申请人${i}号`,
    phone: `139${String(i).padStart(8, '0')}`,
    idNumber: body + idCheckDigit(body),
    childName: `测试孩子${i}号`,
  };
}

export function applicationFor(i: number): Record<string, unknown> {
  const p = person(i);
  return {
    ...application,
    applicant: { ...application.applicant, name: p.name, phone: p.phone },
    child: { ...application.child, name: p.childName, idNumber: p.idNumber },
    circumstances: `情况说明 ${i}`,
  };
}

export async function submit(
  base: string,
  body: unknown,
  key: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  try {
    const res = await fetch(`${base}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
  } catch {
    return { status: 0, body: null }; // the connection failed (the crash test kills the server)
  }
}

export function log(scenario: string, line: string): void {
  console.log(`[${scenario}] ${line}`);
}
