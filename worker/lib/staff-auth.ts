/**
 * Staff access: a session (lib/staff-session.ts) opened by signing in with the personal token
 * and a second factor (services/staff-sign-in.ts), scoped by township (属地管理), every read of
 * personal data, every change and every refused session written to the audit log's hash
 * chain (lib/audit.ts). The middleware sets one StaffContext ({env, db, member, now}) that every
 * staff service takes.
 */
import type { MiddlewareHandler } from 'hono';
import county from '#content/county.ts';
import { can, type Capability } from '#src/domain/staff-roles.ts';
import { coveredTownships, coversTownship } from '#src/domain/township-scope.ts';
import { t } from '#src/i18n/index.ts';
import { database } from '../db/client.ts';
import type { AppEnv, StaffContext, StaffMember } from '../env.ts';
import { appendAudit } from './audit.ts';
import { assertSameOrigin, crossOrigin } from './client.ts';
import { sha256 } from './crypto.ts';
import { ApiError } from './errors.ts';
import { requireReady } from './keys.ts';
import { findSession, memberOf, presentedSecret } from './staff-session.ts';
import { tokenHashInput } from './staff-token.ts';

/** What the staff table stores for a token (the CLI computes the same, cli/staff-hash.ts). */
export function tokenHash(token: string): Promise<string> {
  return sha256(tokenHashInput(token));
}

const UNAUTHORISED = (message = t('err.session.none')) =>
  new ApiError(401, 'unauthorised', message, {}, { headers: { 'WWW-Authenticate': 'Bearer' } });

export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Every staff call reads or writes personal data: none with a key that cannot be used.
  await requireReady(c.env);
  const db = database(c.env.DB);
  const now = Date.now();
  const presented = presentedSecret(c);
  if (!presented.secret) {
    // A personal token sent as a bearer: it signs in (POST /api/staff/session), it opens nothing by itself.
    if (presented.by === 'token') {
      await appendAudit(c.env.DB, { staffId: 0, action: 'session', outcome: 'denied', detail: 'token instead of a session' }, now);
      throw UNAUTHORISED(t('err.session.token'));
    }
    throw UNAUTHORISED();
  }
  const found = await findSession(db, presented.secret, now);
  if ('problem' in found) {
    // A session presented and refused: audited, with the account when it is known.
    await appendAudit(c.env.DB, { staffId: found.staffId, action: 'session', outcome: 'denied', detail: found.problem }, now);
    throw UNAUTHORISED(found.problem === 'idle' || found.problem === 'expired' ? t('err.session.expired') : undefined);
  }
  // The cookie goes with every request the browser makes to this host: a change must also come
  // from our own page (SameSite=Strict already keeps other sites' posts out; this is the second lock).
  if (presented.by === 'cookie' && c.req.method !== 'GET' && c.req.method !== 'HEAD' && !assertSameOrigin(c)) throw crossOrigin();
  const member: StaffMember = memberOf(found.member);
  c.set('staff', member);
  c.set('ctx', { env: c.env, db, member, now });
  await next();
};

export function inScope(member: StaffMember, township: string): boolean {
  return coversTownship(member.townships, township);
}

/** The townships a member may see, for list filters. */
export function scopeOf(member: StaffMember): string[] {
  return coveredTownships(member.townships, county.townships).map((t) => t.id);
}

/**
 * The townships a list shows: the one the filter asks for — 403, audited, when it is outside the
 * member's scope — or, without a filter, every township of the member's.
 */
export async function listTownships(ctx: StaffContext, recordKind: string, township: string | undefined): Promise<string[]> {
  const scope = scopeOf(ctx.member);
  if (!township) return scope;
  if (!scope.includes(township)) await deny(ctx, { action: 'list', recordKind, detail: `township=${township}` });
  return [township];
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
export async function deny(ctx: StaffContext, entry: Omit<AuditEntry, 'outcome'>, message = t('api.staff.outOfScope')): Promise<never> {
  await audit(ctx, { ...entry, outcome: 'denied' });
  throw new ApiError(403, 'forbidden', message);
}

/** 403 (audited) unless the member's role has the capability (src/domain/staff-roles.ts). */
export async function requireCapability(
  ctx: StaffContext,
  capability: Capability,
  entry: Omit<AuditEntry, 'outcome'>,
  message = t('api.staff.noCapability'),
): Promise<void> {
  if (!can(ctx.member.role, capability)) await deny(ctx, entry, message);
}

const NOT_FOUND: Record<string, string> = {
  application: t('api.staff.noApplication'),
  volunteer: t('api.staff.noVolunteer'),
  report: t('api.staff.noReport'),
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
  await requireCapability(ctx, 'workOnRecords', { action, recordKind: kind, recordRef: reference }, t('api.staff.adminNoRecords'));
  const row = await load();
  if (row && inScope(ctx.member, row.township)) return row;
  if (row) await audit(ctx, { action, recordKind: kind, recordRef: reference, outcome: 'denied' });
  throw new ApiError(404, 'not_found', NOT_FOUND[kind]!);
}
