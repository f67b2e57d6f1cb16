/** Staff accounts and the audit log: the admin's business only. */
import { desc, eq, lt } from 'drizzle-orm';
import { accountExpiry, accountProblem, resolveTownships, resolveVillages, unknownTownshipsMessage } from '#src/domain/staff-accounts.ts';
import { auditLog, staff } from '../../db/schema.ts';
import type { StaffContext, StaffMember } from '../../env.ts';
import { randomToken } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, tokenHash } from '../../lib/staff-auth.ts';
import { TOKEN_PREFIX } from '../../lib/staff-token.ts';
import { invalid } from '../../lib/validate.ts';

export async function listAccounts(ctx: StaffContext) {
  const { db, now } = ctx;
  const rows = await db
    .select({
      id: staff.id,
      name: staff.name,
      role: staff.role,
      townships: staff.townships,
      expiresAt: staff.expiresAt,
      revokedAt: staff.revokedAt,
      createdAt: staff.createdAt,
    })
    .from(staff)
    .orderBy(staff.id);
  await audit(ctx, { action: 'list', recordKind: 'staff', outcome: 'ok' });
  return rows.map((r) => ({
    ...r,
    townships: JSON.parse(r.townships) as string[],
    active: r.revokedAt === null && r.expiresAt > now,
    expiresAt: new Date(r.expiresAt).toISOString(),
    revokedAt: r.revokedAt ? new Date(r.revokedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** Creates an account; the token is in this answer only. */
export async function createAccount(
  ctx: StaffContext,
  body: { name: string; role: StaffMember['role']; townships: string[]; villages?: string[]; department?: string; days: number },
) {
  const { db, now } = ctx;
  const { ids: townships, unknown } = resolveTownships(body.townships);
  if (unknown.length) throw invalid({ townships: unknownTownshipsMessage(unknown) });
  const problem = accountProblem(body.role, body.department ?? null);
  if (problem) throw invalid({ department: problem });
  const { villages, unknown: strayVillages } = resolveVillages(townships, body.villages ?? []);
  if (strayVillages.length) throw invalid({ villages: `这些村（社区）不在所选的乡镇（街道）里：${strayVillages.join('、')}` });
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const expiresAt = accountExpiry(now, body.days);
  const [row] = await db
    .insert(staff)
    .values({
      name: body.name,
      role: body.role,
      townships: JSON.stringify(townships),
      villages: villages.length ? JSON.stringify(villages) : null,
      department: body.department ?? null,
      tokenHash: await tokenHash(token),
      expiresAt,
    })
    .returning({ id: staff.id });
  await audit(ctx, { action: 'create-account', recordKind: 'staff', recordRef: String(row!.id), outcome: 'ok', detail: body.role });
  return { id: row!.id, name: body.name, role: body.role, townships, expiresAt: new Date(expiresAt).toISOString(), token };
}

export async function revokeAccount(ctx: StaffContext, id: number) {
  const { db, now } = ctx;
  const [row] = await db.update(staff).set({ revokedAt: now }).where(eq(staff.id, id)).returning({ id: staff.id });
  if (!row) throw new ApiError(404, 'not_found', '没有这个账号。');
  await audit(ctx, { action: 'revoke-account', recordKind: 'staff', recordRef: String(id), outcome: 'ok' });
  return { id, revokedAt: new Date(now).toISOString() };
}

export async function listAudit(ctx: StaffContext, f: { before?: number; limit: number }) {
  const { db } = ctx;
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      staffId: auditLog.staffId,
      staffName: staff.name,
      action: auditLog.action,
      recordKind: auditLog.recordKind,
      recordRef: auditLog.recordRef,
      outcome: auditLog.outcome,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.staffId))
    .where(f.before ? lt(auditLog.id, f.before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
  await audit(ctx, { action: 'read-audit', outcome: 'ok', detail: `${rows.length} rows` });
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
