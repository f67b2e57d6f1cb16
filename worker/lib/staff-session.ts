/**
 * Staff sessions (ASVS 4 V3): opened once both factors are given (services/staff-sign-in.ts),
 * carried by a `__Host-` cookie — HttpOnly, Secure, SameSite=Strict, this host only — or, for a
 * script that asked for it, as `Authorization: Bearer ts_…`. Stored as the SHA-256 of the secret
 * (256 random bits). A session ends after 30 minutes without a request, 12 hours after it began,
 * when its member signs out (every session of theirs), or when the account is revoked.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE, SESSION_LIMITS, SESSION_PREFIX, type SessionFactor } from '#src/domain/staff-sign-in.ts';
import type { Database } from '../db/client.ts';
import { staff, staffSessions } from '../db/schema.ts';
import type { AppEnv, Env, StaffMember } from '../env.ts';
import { randomToken, sha256 } from './crypto.ts';

export type StaffRow = typeof staff.$inferSelect;

/** What the Worker knows of a signed-in member: who, which role, where. */
export function memberOf(row: StaffRow): StaffMember {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    townships: JSON.parse(row.townships) as string[],
    villages: row.villages ? (JSON.parse(row.villages) as string[]) : null,
    department: row.department,
  };
}

/** Why an account cannot be used at `now`: revoked, run out, or not yet approved by a second administrator; null when it can. */
export function accountUnusable(
  row: Pick<StaffRow, 'revokedAt' | 'expiresAt' | 'approvedAt'>,
  now: number,
): 'revoked' | 'expired' | 'not approved' | null {
  return row.revokedAt !== null ? 'revoked' : row.expiresAt <= now ? 'expired' : row.approvedAt === null ? 'not approved' : null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * STAFF_SECOND_FACTOR=off lets a local development Worker (wrangler dev, on loopback) sign in
 * with the token alone. Anywhere else the setting is refused: 'refused' makes sign-in answer
 * 503 and /api/health not ok, so a deployment that carries it is noticed at once rather than
 * running without the second factor.
 */
export function secondFactorSwitch(env: Pick<Env, 'STAFF_SECOND_FACTOR'>, url: string): 'on' | 'off' | 'refused' {
  const value = env.STAFF_SECOND_FACTOR?.trim().toLowerCase();
  if (!value || value === 'on') return 'on';
  if (value !== 'off') return 'refused';
  return LOOPBACK.has(new URL(url).hostname) ? 'off' : 'refused';
}

/** What the table stores for a session secret. */
export function sessionHash(secret: string): Promise<string> {
  return sha256(`staff-session:${secret}`);
}

const SECRET_PATTERN = new RegExp(`^${SESSION_PREFIX}[A-Za-z0-9_-]{40,60}$`);

/** The session secret a request carries: the cookie, or a bearer that looks like one; null if none. */
export function presentedSecret(c: Context<AppEnv>): { secret: string; by: 'cookie' | 'bearer' } | { secret: null; by: 'token' | null } {
  const bearer = /^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return SECRET_PATTERN.test(bearer) ? { secret: bearer, by: 'bearer' } : { secret: null, by: 'token' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie && SECRET_PATTERN.test(cookie) ? { secret: cookie, by: 'cookie' } : { secret: null, by: null };
}

/** A new session for a member who has given both factors (or the one their role needs). */
export async function openSession(
  db: Database,
  staffId: number,
  factor: SessionFactor,
  now: number,
): Promise<{ secret: string; expiresAt: number }> {
  const secret = `${SESSION_PREFIX}${randomToken(32)}`;
  const expiresAt = now + SESSION_LIMITS.absoluteMs;
  await db
    .insert(staffSessions)
    .values({ staffId, secretHash: await sessionHash(secret), factor, createdAt: now, lastSeenAt: now, expiresAt });
  return { secret, expiresAt };
}

/** The Set-Cookie of a session: the browser drops it when the session's absolute limit is reached. */
export function sessionCookie(secret: string, expiresAt: number, now: number): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAge}`;
}

/** Clears the cookie (signing out). */
export const endedCookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;

export type SessionProblem = 'unknown' | 'ended' | 'idle' | 'expired' | 'account';

/**
 * The session of a secret and its member, if both are still good at `now`; otherwise why not.
 * A good session's last request moves to now (written at most once a minute).
 */
export async function findSession(
  db: Database,
  secret: string,
  now: number,
): Promise<{ member: StaffRow; sessionId: number; factor: string } | { problem: SessionProblem; staffId: number }> {
  const [row] = await db
    .select({ s: staffSessions, member: staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(eq(staffSessions.secretHash, await sessionHash(secret)))
    .limit(1);
  if (!row) return { problem: 'unknown', staffId: 0 };
  const { s, member } = row;
  const problem: SessionProblem | null =
    s.endedAt !== null
      ? 'ended'
      : s.expiresAt <= now
        ? 'expired'
        : s.lastSeenAt + SESSION_LIMITS.idleMs <= now
          ? 'idle'
          : accountUnusable(member, now)
            ? 'account'
            : null;
  if (problem) return { problem, staffId: member.id };
  if (now - s.lastSeenAt >= SESSION_LIMITS.touchEveryMs)
    // Only forward: two requests at once never move it back.
    await db
      .update(staffSessions)
      .set({ lastSeenAt: sql`max(${staffSessions.lastSeenAt}, ${now})` })
      .where(eq(staffSessions.id, s.id));
  return { member, sessionId: s.id, factor: s.factor };
}

/** Ends every open session of a member at once: signing out, and an account revoked. */
export async function endSessions(db: Database, staffId: number, now: number): Promise<number> {
  const ended = await db
    .update(staffSessions)
    .set({ endedAt: now })
    .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.endedAt), gt(staffSessions.expiresAt, now)))
    .returning({ id: staffSessions.id });
  return ended.length;
}
