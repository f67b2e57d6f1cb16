/**
 * Staff accounts for the tests, written straight into D1 the way `npm run staff:add` does, and
 * signed in: staffToken answers a session (ts_…) that staffFetch sends as a bearer, as a script
 * would after POST /api/staff/session. The sign-in itself is tested in staff-session.test.ts.
 */
import { env, exports } from 'cloudflare:workers';
import type { StaffRole } from '#src/domain/staff-roles.ts';
import { database } from '#worker/db/client.ts';
import { encryptJson, randomToken } from '#worker/lib/crypto.ts';
import { tokenHash } from '#worker/lib/staff-auth.ts';
import { openSession } from '#worker/lib/staff-session.ts';
import { TOKEN_PREFIX } from '#worker/lib/staff-token.ts';

export interface AccountOptions {
  /** When the account (and so its session) runs out. */
  expiresAt?: number;
  name?: string;
  department?: string;
  villages?: string[];
  /** Not approved yet (made through the API, waiting for a second administrator). */
  pending?: boolean;
  /** A phone registered for the code by SMS (stored encrypted, as the CLI does). */
  phone?: string;
}

/** An account as `npm run staff:add` makes it: its id and its personal token (the first factor). */
export async function staffAccount(
  role: StaffRole,
  townships: string[],
  options: AccountOptions = {},
): Promise<{ id: number; token: string }> {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const row = await env.DB.prepare(
    'INSERT INTO staff (name, role, townships, token_hash, expires_at, department, villages, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
  )
    .bind(
      options.name ?? `${role}-tester`,
      role,
      JSON.stringify(townships),
      await tokenHash(token),
      options.expiresAt ?? Date.now() + 86_400_000,
      options.department ?? null,
      options.villages ? JSON.stringify(options.villages) : null,
      options.pending ? null : Date.now(),
    )
    .first<{ id: number }>();
  if (options.phone)
    await env.DB.prepare('UPDATE staff SET phone_enc = ? WHERE id = ?')
      .bind(await encryptJson(env.DATA_KEY, 'staff.phone_enc', `staff:${row!.id}`, options.phone), row!.id)
      .run();
  return { id: row!.id, token };
}

/** One more session of an account (another browser, a script). */
export async function staffSession(id: number): Promise<string> {
  return (await openSession(database(env.DB), id, 'passkey', Date.now())).secret;
}

/** A signed-in account: the session a test sends with staffFetch. */
export async function staffToken(role: StaffRole, townships: string[], options: AccountOptions = {}): Promise<string> {
  return staffSession((await staffAccount(role, townships, options)).id);
}

export function staffFetch(token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return exports.default.fetch(`http://portal.test/api/staff${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export async function auditRows(where = '1 = 1'): Promise<Record<string, unknown>[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`).all();
  return results;
}
