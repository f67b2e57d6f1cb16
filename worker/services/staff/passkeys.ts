/**
 * A signed-in member's own passkeys: more than one (a phone and a computer), and taking one
 * away. The first one is registered while signing in (services/staff-sign-in.ts).
 */
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { and, eq, isNull } from 'drizzle-orm';
import { t } from '#src/i18n/index.ts';
import { staff, staffPasskeys, staffSignIns } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit } from '../../lib/staff-auth.ts';
import { newTicket, registrationOptions, storePasskey, ticketHash, verifiedPasskey, type SignInPlace } from '../staff-sign-in.ts';

type Place = Pick<SignInPlace, 'rpId' | 'origin'>;
const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);

export async function listPasskeys(ctx: StaffContext) {
  const rows = await ctx.db
    .select({ id: staffPasskeys.id, createdAt: staffPasskeys.createdAt, lastUsedAt: staffPasskeys.lastUsedAt })
    .from(staffPasskeys)
    .where(eq(staffPasskeys.staffId, ctx.member.id))
    .orderBy(staffPasskeys.id);
  return rows.map((r) => ({ id: r.id, createdAt: iso(r.createdAt), lastUsedAt: iso(r.lastUsedAt) }));
}

/** Options for one more passkey, with a ticket (5 minutes) that carries its challenge. */
export async function passkeyOptions(ctx: StaffContext, place: Place) {
  const { db, member, now } = ctx;
  const [row] = await db.select().from(staff).where(eq(staff.id, member.id)).limit(1);
  const { ticket, challenge } = await newTicket(db, member.id, now);
  const existing = await db
    .select({ credentialId: staffPasskeys.credentialId })
    .from(staffPasskeys)
    .where(eq(staffPasskeys.staffId, member.id));
  return { ticket, options: await registrationOptions(row!, place, challenge, existing) };
}

export async function addPasskey(ctx: StaffContext, body: { ticket: string; credential: RegistrationResponseJSON }, place: Place) {
  const { db, member, now } = ctx;
  const spent = await db
    .update(staffSignIns)
    .set({ doneAt: now })
    .where(
      and(eq(staffSignIns.ticketHash, await ticketHash(body.ticket)), eq(staffSignIns.staffId, member.id), isNull(staffSignIns.doneAt)),
    )
    .returning({ challenge: staffSignIns.challenge, expiresAt: staffSignIns.expiresAt });
  const challenge = spent[0] && spent[0].expiresAt > now ? spent[0].challenge : null;
  const key = challenge ? await verifiedPasskey(body.credential, challenge, place) : null;
  if (!key) {
    await audit(ctx, { action: 'add-passkey', recordKind: 'staff', recordRef: String(member.id), outcome: 'refused' });
    throw new ApiError(400, 'passkey_refused', t('err.signin.passkeyAdd'));
  }
  const id = await storePasskey(db, member.id, key, now);
  await audit(ctx, { action: 'add-passkey', recordKind: 'staff', recordRef: String(member.id), outcome: 'ok' });
  return { id, createdAt: iso(now) };
}

/** Takes a passkey away; not the last one of an account without a phone, which could then not sign in again. */
export async function removePasskey(ctx: StaffContext, id: number) {
  const { db, member } = ctx;
  const keys = await db.select({ id: staffPasskeys.id }).from(staffPasskeys).where(eq(staffPasskeys.staffId, member.id));
  if (!keys.some((k) => k.id === id)) throw new ApiError(404, 'not_found', t('err.signin.noPasskey'));
  const [row] = await db.select({ phoneEnc: staff.phoneEnc }).from(staff).where(eq(staff.id, member.id));
  if (keys.length === 1 && !row?.phoneEnc) throw new ApiError(409, 'last_passkey', t('err.signin.lastPasskey'));
  await db.delete(staffPasskeys).where(and(eq(staffPasskeys.id, id), eq(staffPasskeys.staffId, member.id)));
  await audit(ctx, { action: 'remove-passkey', recordKind: 'staff', recordRef: String(member.id), outcome: 'ok' });
  return { removed: id };
}
