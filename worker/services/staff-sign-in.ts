/**
 * Signing in to the staff console (ASVS 4 V2): the personal token that `npm run staff:add`
 * prints is the first factor; the second is a passkey (WebAuthn, @simplewebauthn/server) or a
 * six-digit code sent by SMS, through the outbox, to the phone the account registered. Between
 * the two, a ticket (5 minutes, stored as its SHA-256) carries the passkey challenge and the
 * code's keyed hash, with the wrong tries counted. Only then is a session opened
 * (lib/staff-session.ts).
 *
 * An account with no passkey yet registers its first one right after the token — with the code
 * by SMS as well where it has a phone: the token, handed over in person, is what lets it in the
 * first time. A village account needs no second factor where the county says so
 * (villageSecondFactor); a local development Worker may switch it off (STAFF_SECOND_FACTOR=off),
 * a deployed one refuses to.
 *
 * Every failure is audited (`sign-in`, denied, with why) and limited per caller and per account.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, eq, isNull, sql } from 'drizzle-orm';
import county from '#content/county.ts';
import { maskPhone } from '#src/domain/sms.ts';
import { needsSecondFactor, SESSION_LIMITS, SIGN_IN_CODE_DIGITS, type SessionFactor } from '#src/domain/staff-sign-in.ts';
import { t } from '#src/i18n/index.ts';
import type { Database } from '../db/client.ts';
import { staff, staffPasskeys, staffSignIns } from '../db/schema.ts';
import type { Env, StaffMember } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import { decryptOrNull, fromBase64Url, hmacText, randomToken, sameText, sha256, toBase64Url } from '../lib/crypto.ts';
import { ApiError } from '../lib/errors.ts';
import { tokenHash } from '../lib/staff-auth.ts';
import { accountUnusable, memberOf, openSession, type StaffRow } from '../lib/staff-session.ts';
import { TOKEN_PATTERN } from '../lib/staff-token.ts';
import { outboxStatements, queueOutbox } from './sms/outbox.ts';

/** Where the sign-in happens: the relying party of WebAuthn is this host, and the page's origin. */
export interface SignInPlace {
  rpId: string;
  origin: string;
  now: number;
  /** The second factor switched off for local development (lib/staff-session.ts secondFactorSwitch). */
  secondFactorOff: boolean;
  /** A rate limit by key (429 past it): the account's sign-ins, whoever tries them. */
  limit: (key: string) => Promise<void>;
}

export type SignedIn = { step: 'signed-in'; member: StaffMember; secret: string; expiresAt: number; factor: SessionFactor };

export interface SecondFactorAsked {
  step: 'second-factor';
  ticket: string;
  /** Options for navigator.credentials.get (startAuthentication) when the account has passkeys. */
  passkey: Awaited<ReturnType<typeof generateAuthenticationOptions>> | null;
  /** Options for navigator.credentials.create (startRegistration) when it has none yet. */
  enrol: Awaited<ReturnType<typeof generateRegistrationOptions>> | null;
  /** The masked phone a code can go to, when the account registered one. */
  sms: { to: string } | null;
  /** Registering the first passkey needs the code by SMS too (the account has a phone). */
  enrolNeedsCode: boolean;
}

const refused = (message = t('err.signin.refused'), code = 'unauthorised') =>
  new ApiError(401, code, message, {}, { headers: { 'WWW-Authenticate': 'Bearer' } });

/** The sign-in under way is over (spent, run out, too many tries): start again from the token. */
const startAgain = () => refused(t('err.signin.again'), 'sign_in_again');

const te = new TextEncoder();
/** What the table stores for a ticket. */
export const ticketHash = (ticket: string) => sha256(`staff-sign-in:${ticket}`);
const codeHash = (env: Env, signInId: number, code: string) => hmacText(env.HMAC_KEY, `staff-sign-in-code:${signInId}:${code}`);

async function denied(env: Env, staffId: number, why: string, now: number): Promise<void> {
  await appendAudit(env.DB, { staffId, action: 'sign-in', outcome: 'denied', detail: why }, now);
}

/** The account's registered phone, decrypted; null when it has none. */
async function phoneOf(env: Env, row: StaffRow): Promise<string | null> {
  return decryptOrNull<string>(env.DATA_KEY, 'staff.phone_enc', `staff:${row.id}`, row.phoneEnc);
}

/** A ticket (good for SESSION_LIMITS.ticketMs) and the passkey challenge it carries. */
export async function newTicket(db: Database, staffId: number, now: number): Promise<{ ticket: string; challenge: string }> {
  const ticket = `st_${randomToken(32)}`;
  const challenge = randomToken(32);
  await db.insert(staffSignIns).values({
    staffId,
    ticketHash: await ticketHash(ticket),
    createdAt: now,
    expiresAt: now + SESSION_LIMITS.ticketMs,
    challenge,
  });
  return { ticket, challenge };
}

async function passkeysOf(db: Database, staffId: number) {
  return db.select().from(staffPasskeys).where(eq(staffPasskeys.staffId, staffId)).orderBy(staffPasskeys.id);
}

const transportsOf = (json: string | null) => (json ? (JSON.parse(json) as AuthenticatorTransport[]) : undefined);

/** The first step: the personal token. Answers a session, or the second factors this account can give. */
export async function signInWithToken(env: Env, db: Database, token: string, place: SignInPlace): Promise<SignedIn | SecondFactorAsked> {
  const { now } = place;
  if (!TOKEN_PATTERN.test(token)) {
    await denied(env, 0, 'malformed token', now);
    throw refused();
  }
  const [row] = await db
    .select()
    .from(staff)
    .where(eq(staff.tokenHash, await tokenHash(token)))
    .limit(1);
  if (!row) {
    await denied(env, 0, 'unknown token', now);
    throw refused();
  }
  await place.limit(`signin:staff:${row.id}`);
  const why = accountUnusable(row, now);
  if (why) {
    await denied(env, row.id, why, now);
    throw refused(why === 'not approved' ? t('err.signin.pending') : undefined);
  }
  if (place.secondFactorOff) return signedIn(env, db, row, 'off', now);
  if (!needsSecondFactor(row.role)) return signedIn(env, db, row, 'none', now);

  const { ticket, challenge } = await newTicket(db, row.id, now);
  const keys = await passkeysOf(db, row.id);
  const phone = await phoneOf(env, row);
  const passkey = keys.length
    ? await generateAuthenticationOptions({
        rpID: place.rpId,
        challenge: challengeBytes(challenge),
        userVerification: 'required',
        allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: transportsOf(k.transports) })),
      })
    : null;
  const enrol = keys.length ? null : await registrationOptions(row, place, challenge, []);
  return { step: 'second-factor', ticket, passkey, enrol, sms: phone ? { to: maskPhone(phone) } : null, enrolNeedsCode: !!phone };
}

/** What navigator.credentials.create needs for a new passkey of this account. */
export function registrationOptions(
  row: StaffRow,
  place: Pick<SignInPlace, 'rpId'>,
  challenge: string,
  existing: { credentialId: string }[],
) {
  return generateRegistrationOptions({
    rpName: county.portalName,
    rpID: place.rpId,
    userName: `${row.name}（${county.name}）`,
    userDisplayName: row.name,
    userID: new Uint8Array(te.encode(`staff:${row.id}`)),
    challenge: challengeBytes(challenge),
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.credentialId })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
}

async function signedIn(env: Env, db: Database, row: StaffRow, factor: SessionFactor, now: number): Promise<SignedIn> {
  const { secret, expiresAt } = await openSession(db, row.id, factor, now);
  await appendAudit(env.DB, { staffId: row.id, action: 'sign-in', outcome: 'ok', detail: factor }, now);
  return { step: 'signed-in', member: memberOf(row), secret, expiresAt, factor };
}

/** A ticket still good at `now`, and its account (still good too); 401, audited, otherwise. */
async function openTicket(env: Env, db: Database, ticket: string, now: number) {
  const [found] = await db
    .select({ s: staffSignIns, member: staff })
    .from(staffSignIns)
    .innerJoin(staff, eq(staff.id, staffSignIns.staffId))
    .where(eq(staffSignIns.ticketHash, await ticketHash(ticket)))
    .limit(1);
  const why = !found
    ? 'unknown ticket'
    : found.s.doneAt !== null
      ? 'ticket used'
      : found.s.expiresAt <= now
        ? 'ticket expired'
        : found.s.failures >= SESSION_LIMITS.failuresPerTicket
          ? 'too many tries'
          : accountUnusable(found.member, now)
            ? 'account unusable'
            : null;
  if (why || !found) {
    await denied(env, found?.member.id ?? 0, why ?? 'unknown ticket', now);
    throw startAgain();
  }
  return found;
}

/** A wrong second factor: counted on the ticket, audited, 401. */
async function wrong(env: Env, db: Database, signInId: number, staffId: number, why: string, now: number): Promise<never> {
  await db
    .update(staffSignIns)
    .set({ failures: sql`${staffSignIns.failures} + 1` })
    .where(eq(staffSignIns.id, signInId));
  await denied(env, staffId, why, now);
  throw refused(t(why === 'wrong code' ? 'err.signin.code' : 'err.signin.passkey'));
}

/** The ticket is spent by exactly one success: two answers at once cannot both open a session. */
async function spend(db: Database, signInId: number, now: number): Promise<boolean> {
  const done = await db
    .update(staffSignIns)
    .set({ doneAt: now })
    .where(and(eq(staffSignIns.id, signInId), isNull(staffSignIns.doneAt)))
    .returning({ id: staffSignIns.id });
  return done.length === 1;
}

/** The second step with a passkey: the browser's signed answer to the ticket's challenge. */
export async function signInWithPasskey(
  env: Env,
  db: Database,
  ticket: string,
  response: AuthenticationResponseJSON,
  place: SignInPlace,
): Promise<SignedIn> {
  const { now } = place;
  const { s, member } = await openTicket(env, db, ticket, now);
  const [key] = await db
    .select()
    .from(staffPasskeys)
    .where(and(eq(staffPasskeys.staffId, member.id), eq(staffPasskeys.credentialId, response.id)))
    .limit(1);
  if (!key) return wrong(env, db, s.id, member.id, 'unknown passkey', now);
  let verified = false;
  let counter = key.counter;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: s.challenge,
      expectedOrigin: place.origin,
      expectedRPID: place.rpId,
      requireUserVerification: true,
      credential: {
        id: key.credentialId,
        publicKey: fromBase64Url(key.publicKey),
        counter: key.counter,
        transports: transportsOf(key.transports),
      },
    });
    verified = result.verified;
    counter = result.authenticationInfo.newCounter;
  } catch {
    verified = false;
  }
  if (!verified) return wrong(env, db, s.id, member.id, 'passkey not verified', now);
  if (!(await spend(db, s.id, now))) throw startAgain();
  await db.update(staffPasskeys).set({ counter, lastUsedAt: now }).where(eq(staffPasskeys.id, key.id));
  return signedIn(env, db, member, 'passkey', now);
}

/** Sends the six-digit code by SMS to the account's phone (at most three per sign-in). Answers where it went, masked. */
export async function sendSignInCode(env: Env, db: Database, ticket: string, now: number): Promise<{ to: string }> {
  const { s, member } = await openTicket(env, db, ticket, now);
  const phone = await phoneOf(env, member);
  if (!phone) throw new ApiError(409, 'no_phone', t('err.signin.noPhone'));
  if (s.codesSent >= SESSION_LIMITS.codesPerTicket) throw new ApiError(429, 'too_many_requests', t('err.signin.codes'));
  const code = randomDigits(SIGN_IN_CODE_DIGITS);
  // The code's hash and its message in one batch, guarded by the count: two requests at once send at most the limit.
  const update = env.DB.prepare(
    'UPDATE staff_sign_ins SET code_hash = ?, codes_sent = codes_sent + 1 WHERE id = ? AND codes_sent = ?',
  ).bind(await codeHash(env, s.id, code), s.id, s.codesSent);
  const sms = await outboxStatements(
    env,
    env.DB,
    [
      {
        kind: 'staff',
        recordId: member.id,
        reference: `staff:${member.id}`,
        template: 'staffSignIn',
        vars: { code, minutes: String(SESSION_LIMITS.codeMinutes) },
        phone,
      },
    ],
    { onlyIfChanged: true },
  );
  const results = await env.DB.batch([update, ...sms]);
  if (results[0]!.meta.changes !== 1) throw new ApiError(429, 'too_many_requests', t('err.signin.codes'));
  await queueOutbox(env, results);
  await appendAudit(env.DB, { staffId: member.id, action: 'sign-in-code', outcome: 'ok' }, now);
  return { to: maskPhone(phone) };
}

/** Whether `code` is the one last sent for this sign-in (compared as keyed hashes, in constant time). */
async function codeMatches(env: Env, s: typeof staffSignIns.$inferSelect, code: string): Promise<boolean> {
  return s.codeHash !== null && sameText(await codeHash(env, s.id, code.trim()), s.codeHash);
}

/** The second step with the code sent by SMS. */
export async function signInWithCode(env: Env, db: Database, ticket: string, code: string, place: SignInPlace): Promise<SignedIn> {
  const { now } = place;
  const { s, member } = await openTicket(env, db, ticket, now);
  if (!(await codeMatches(env, s, code))) return wrong(env, db, s.id, member.id, 'wrong code', now);
  if (!(await spend(db, s.id, now))) throw startAgain();
  return signedIn(env, db, member, 'sms', now);
}

/**
 * The first passkey of an account that has none: right after the token (and the code by SMS,
 * where the account has a phone). The sign-in then goes on with it.
 */
export async function enrolFirstPasskey(
  env: Env,
  db: Database,
  ticket: string,
  body: { credential: RegistrationResponseJSON; code?: string },
  place: SignInPlace,
): Promise<SignedIn> {
  const { now } = place;
  const { s, member } = await openTicket(env, db, ticket, now);
  if ((await passkeysOf(db, member.id)).length) return wrong(env, db, s.id, member.id, 'enrol with a passkey on file', now);
  if (member.phoneEnc && !(await codeMatches(env, s, body.code ?? ''))) return wrong(env, db, s.id, member.id, 'wrong code', now);
  const key = await verifiedPasskey(body.credential, s.challenge, place);
  if (!key) return wrong(env, db, s.id, member.id, 'passkey not verified', now);
  if (!(await spend(db, s.id, now))) throw startAgain();
  await storePasskey(db, member.id, key, now);
  await appendAudit(
    env.DB,
    { staffId: member.id, action: 'enrol-passkey', outcome: 'ok', detail: member.phoneEnc ? 'token and code' : 'token' },
    now,
  );
  return signedIn(env, db, member, 'passkey', now);
}

export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[] | undefined;
}

/** A registration the browser made for this challenge, host and origin, with user verification; null if not. */
export async function verifiedPasskey(
  credential: RegistrationResponseJSON,
  challenge: string,
  place: Pick<SignInPlace, 'rpId' | 'origin'>,
): Promise<NewPasskey | null> {
  try {
    const result = await verifyRegistrationResponse({
      response: credential,
      expectedChallenge: challenge,
      expectedOrigin: place.origin,
      expectedRPID: place.rpId,
      requireUserVerification: true,
    });
    if (!result.verified || !result.registrationInfo) return null;
    const c = result.registrationInfo.credential;
    return { credentialId: c.id, publicKey: toBase64Url(c.publicKey), counter: c.counter, transports: c.transports };
  } catch {
    return null;
  }
}

export async function storePasskey(db: Database, staffId: number, key: NewPasskey, now: number): Promise<number> {
  const [row] = await db
    .insert(staffPasskeys)
    .values({
      staffId,
      credentialId: key.credentialId,
      publicKey: key.publicKey,
      counter: key.counter,
      transports: key.transports ? JSON.stringify(key.transports) : null,
      createdAt: now,
    })
    .returning({ id: staffPasskeys.id });
  return row!.id;
}

function randomDigits(n: number): string {
  // Rejection sampling: every code equally likely.
  const out: string[] = [];
  while (out.length < n) {
    for (const b of crypto.getRandomValues(new Uint8Array(n * 2))) if (b < 250 && out.length < n) out.push(String(b % 10));
  }
  return out.join('');
}

/**
 * The options carry a challenge as base64url of its bytes, and the browser signs that text: the
 * stored challenge (randomToken, base64url already) is handed over as its bytes, so the text the
 * browser answers with is the stored one.
 */
const challengeBytes = (challenge: string) => fromBase64Url(challenge);
