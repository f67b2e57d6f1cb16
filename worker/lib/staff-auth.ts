/**
 * Staff access: personal API tokens (Authorization: Bearer …), scoped by township (属地管理),
 * every read of personal data, every change and every refused token written to the audit
 * log's hash chain (lib/audit.ts). The
 * middleware sets one StaffContext ({env, db, member, now}) that every staff service takes.
 */
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import county from '#content/county.ts';
import { can, type Capability } from '#src/domain/staff-roles.ts';
import { database } from '../db/client.ts';
import { staff } from '../db/schema.ts';
import type { AppEnv, StaffContext, StaffMember } from '../env.ts';
import { appendAudit } from './audit.ts';
import { sha256 } from './crypto.ts';
import { ApiError } from './errors.ts';
import { requireReady } from './keys.ts';
import { TOKEN_PATTERN, tokenHashInput } from './staff-token.ts';

/** What the staff table stores for a token (the CLI computes the same, cli/staff-hash.ts). */
export function tokenHash(token: string): Promise<string> {
  return sha256(tokenHashInput(token));
}

const UNAUTHORISED = () =>
  new ApiError(401, 'unauthorised', '请先用工作人员令牌登录；令牌可能已过期或被停用。', {}, { headers: { 'WWW-Authenticate': 'Bearer' } });

export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Every staff call reads or writes personal data: none with a key that cannot be used.
  await requireReady(c.env);
  const header = c.req.header('authorization') ?? '';
  if (!header) throw UNAUTHORISED();
  const token = /^Bearer\s+(\S+)$/.exec(header)?.[1];
  const db = database(c.env.DB);
  const now = Date.now();
  // A token that is presented and refused is a failed sign-in: audited, with the account when it is known.
  const refuse = async (staffId: number, why: string): Promise<never> => {
    await appendAudit(c.env.DB, { staffId, action: 'sign-in', outcome: 'denied', detail: why }, now);
    throw UNAUTHORISED();
  };
  if (!token || !TOKEN_PATTERN.test(token)) return refuse(0, 'malformed');
  const [row] = await db
    .select()
    .from(staff)
    .where(eq(staff.tokenHash, await tokenHash(token)))
    .limit(1);
  if (!row) return refuse(0, 'unknown token');
  if (row.revokedAt !== null) return refuse(row.id, 'revoked');
  if (row.expiresAt <= now) return refuse(row.id, 'expired');
  const member: StaffMember = {
    id: row.id,
    name: row.name,
    role: row.role,
    townships: JSON.parse(row.townships) as string[],
    villages: row.villages ? (JSON.parse(row.villages) as string[]) : null,
    department: row.department,
  };
  c.set('staff', member);
  c.set('ctx', { env: c.env, db, member, now });
  await next();
};

export function inScope(member: StaffMember, township: string): boolean {
  return member.townships.includes('*') || member.townships.includes(township);
}

/** The townships a member may see, for list filters. */
export function scopeOf(member: StaffMember): string[] {
  return member.townships.includes('*') ? county.townships.map((t) => t.id) : member.townships;
}

export interface AuditEntry {
  action: string;
  recordKind?: string | null;
  recordRef?: string | null;
  outcome: 'ok' | 'denied' | 'refused';
  detail?: string | null;
}

/** Appends to the audit log's hash chain (lib/audit.ts). */
export async function audit(ctx: StaffContext, entry: AuditEntry): Promise<void> {
  await appendAudit(ctx.env.DB, { ...entry, staffId: ctx.member.id }, ctx.now);
}

/** 403, after writing the refusal to the audit log. */
export async function deny(
  ctx: StaffContext,
  entry: Omit<AuditEntry, 'outcome'>,
  message = '这个个案不在您负责的乡镇（街道）范围内。',
): Promise<never> {
  await audit(ctx, { ...entry, outcome: 'denied' });
  throw new ApiError(403, 'forbidden', message);
}

/** 403 (audited) unless the member's role has the capability (src/domain/staff-roles.ts). */
export async function requireCapability(
  ctx: StaffContext,
  capability: Capability,
  entry: Omit<AuditEntry, 'outcome'>,
  message = '您的账号没有这项操作的权限。',
): Promise<void> {
  if (!can(ctx.member.role, capability)) await deny(ctx, entry, message);
}

const NOT_FOUND: Record<string, string> = {
  application: '没有这个编号的个案。',
  volunteer: '没有这个编号的志愿者。',
  report: '没有这个编号的报告。',
};

/**
 * A record the member may work on: a case role, the record exists, and its township is in the
 * member's scope. Outside the scope it answers as if there were no such record (404, audited
 * as denied), as the child's file does (scopedCaseFile): a reference tells nothing about a
 * family, a volunteer or a report in another township. `load` reads the row by reference.
 */
export async function scoped<T extends { township: string }>(
  ctx: StaffContext,
  kind: 'application' | 'volunteer' | 'report',
  reference: string,
  action: string,
  load: () => Promise<T | undefined>,
): Promise<T> {
  await requireCapability(ctx, 'workOnRecords', { action, recordKind: kind, recordRef: reference }, '管理员账号不查看个案、志愿者和报告。');
  const row = await load();
  if (row && inScope(ctx.member, row.township)) return row;
  if (row) await audit(ctx, { action, recordKind: kind, recordRef: reference, outcome: 'denied' });
  throw new ApiError(404, 'not_found', NOT_FOUND[kind]!);
}
