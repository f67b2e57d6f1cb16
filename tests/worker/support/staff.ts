/** Staff accounts for the tests, written straight into D1 the way `npm run staff:add` does. */
import { env, exports } from 'cloudflare:workers';
import type { StaffRole } from '#src/domain/staff-roles.ts';
import { randomToken } from '#worker/lib/crypto.ts';
import { tokenHash } from '#worker/lib/staff-auth.ts';
import { TOKEN_PREFIX } from '#worker/lib/staff-token.ts';

export async function staffToken(
  role: StaffRole,
  townships: string[],
  options: { expiresAt?: number; name?: string; department?: string; villages?: string[] } = {},
): Promise<string> {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  await env.DB.prepare(
    'INSERT INTO staff (name, role, townships, token_hash, expires_at, department, villages) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      options.name ?? `${role}-tester`,
      role,
      JSON.stringify(townships),
      await tokenHash(token),
      options.expiresAt ?? Date.now() + 86_400_000,
      options.department ?? null,
      options.villages ? JSON.stringify(options.villages) : null,
    )
    .run();
  return token;
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
