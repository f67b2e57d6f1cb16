/**
 * Staff accounts and the audit log: the admin's business only. An account an administrator
 * creates here cannot be used until a second administrator approves it: no one person can give
 * themselves (or a friend) a county-wide account. The command line, run with the deploy
 * credentials, makes accounts approved.
 */
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { accountExpiry, accountProblem, resolveTownships, resolveVillages, unknownTownshipsMessage } from '#src/domain/staff-accounts.ts';
import { auditLog, staff } from '../../db/schema.ts';
import type { StaffContext, StaffMember } from '../../env.ts';
import { encryptJson, randomToken } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, tokenHash } from '../../lib/staff-auth.ts';
import { accountUnusable, endSessions } from '../../lib/staff-session.ts';
import { t } from '#src/i18n/index.ts';
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
      createdBy: staff.createdBy,
      approvedAt: staff.approvedAt,
      department: staff.department,
      hasPhone: staff.phoneEnc,
    })
    .from(staff)
    .orderBy(staff.id);
  await audit(ctx, { action: 'list', recordKind: 'staff', outcome: 'ok' });
  return rows.map(({ hasPhone, ...r }) => ({
    ...r,
    townships: JSON.parse(r.townships) as string[],
    hasPhone: hasPhone !== null,
    /** Waiting for a second administrator (not the one who created it). */
    pending: r.approvedAt === null && r.revokedAt === null,
    approvedAt: r.approvedAt ? new Date(r.approvedAt).toISOString() : null,
    active: accountUnusable(r, now) === null,
    expiresAt: new Date(r.expiresAt).toISOString(),
    revokedAt: r.revokedAt ? new Date(r.revokedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/**
 * Creates an account, waiting for a second administrator's approval; the token is in this
 * answer only (it works once the account is approved).
 */
export async function createAccount(
  ctx: StaffContext,
  body: {
    name: string;
    role: StaffMember['role'];
    townships: string[];
    villages?: string[];
    department?: string;
    days: number;
    phone?: string;
  },
) {
  const { env, db, member, now } = ctx;
  const { ids: townships, unknown } = resolveTownships(body.townships);
  if (unknown.length) throw invalid({ townships: unknownTownshipsMessage(unknown) });
  const problem = accountProblem(body.role, body.department ?? null);
  if (problem) throw invalid({ department: problem });
  const { villages, unknown: strayVillages } = resolveVillages(townships, body.villages ?? []);
  if (strayVillages.length) throw invalid({ villages: t('api.staff.strayVillages', { villages: strayVillages.join('、') }) });
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
      createdBy: member.id,
    })
    .returning({ id: staff.id });
  const id = row!.id;
  // The phone is bound to the account's id, which the insert has just given it.
  if (body.phone)
    await db
      .update(staff)
      .set({ phoneEnc: await encryptJson(env.DATA_KEY, 'staff.phone_enc', `staff:${id}`, body.phone) })
      .where(eq(staff.id, id));
  await audit(ctx, { action: 'create-account', recordKind: 'staff', recordRef: String(id), outcome: 'ok', detail: body.role });
  return { id, name: body.name, role: body.role, townships, expiresAt: new Date(expiresAt).toISOString(), pending: true, token };
}

/** A second administrator approves an account: never the one who created it, never one's own. */
export async function approveAccount(ctx: StaffContext, id: number) {
  const { db, member, now } = ctx;
  const [row] = await db.select().from(staff).where(eq(staff.id, id)).limit(1);
  if (!row) throw new ApiError(404, 'not_found', t('api.staff.noAccount'));
  if (row.approvedAt !== null) throw new ApiError(409, 'already_approved', t('err.account.approved'));
  if (row.id === member.id || row.createdBy === member.id) {
    await audit(ctx, {
      action: 'approve-account',
      recordKind: 'staff',
      recordRef: String(id),
      outcome: 'denied',
      detail: 'same administrator',
    });
    throw new ApiError(409, 'same_administrator', t('err.account.sameAdministrator'));
  }
  const [done] = await db
    .update(staff)
    .set({ approvedAt: now, approvedBy: member.id })
    .where(and(eq(staff.id, id), isNull(staff.approvedAt)))
    .returning({ id: staff.id });
  if (!done) throw new ApiError(409, 'already_approved', t('err.account.approved'));
  await audit(ctx, { action: 'approve-account', recordKind: 'staff', recordRef: String(id), outcome: 'ok', detail: row.role });
  return { id, approvedAt: new Date(now).toISOString() };
}

export async function revokeAccount(ctx: StaffContext, id: number) {
  const { db, now } = ctx;
  const [row] = await db.update(staff).set({ revokedAt: now }).where(eq(staff.id, id)).returning({ id: staff.id });
  if (!row) throw new ApiError(404, 'not_found', t('api.staff.noAccount'));
  // Revoking ends the account's sessions at once, wherever it is signed in.
  await endSessions(db, id, now);
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
