/**
 * Signing in to the staff console (OWASP ASVS 4 V2, V3): the personal token is the first
 * factor, a passkey or a code sent by SMS the second; the session that follows ends after
 * 30 minutes without a request and 12 hours after it began, whichever comes first. Pure data,
 * read by the Worker (lib/staff-session.ts), the console and docs/staff.md.
 */
import county from '#content/county.ts';
import type { StaffRole } from './staff-roles.ts';

const MINUTE = 60_000;

export const SESSION_LIMITS = {
  /** A session ends after this long without a request. */
  idleMs: 30 * MINUTE,
  /** …and this long after it began, however busy. */
  absoluteMs: 12 * 60 * MINUTE,
  /** How long after the token the second factor must come. */
  ticketMs: 5 * MINUTE,
  /** How long a code sent by SMS is good for (the text says so). */
  codeMinutes: 5,
  /** Codes sent for one sign-in, at most. */
  codesPerTicket: 3,
  /** Wrong second factors (a code, a passkey) before the sign-in must start again. */
  failuresPerTicket: 5,
  /** A session's last request is written down at most this often (a D1 write per request would cost every request). */
  touchEveryMs: MINUTE,
} as const;

/** Digits of the code sent by SMS: one in a million per guess, five guesses per sign-in. */
export const SIGN_IN_CODE_DIGITS = 6;

/** A code as typed: exactly SIGN_IN_CODE_DIGITS digits. */
export const SIGN_IN_CODE_PATTERN = new RegExp(`^\\d{${SIGN_IN_CODE_DIGITS}}$`);

/** The second factor a session was opened with. */
export type SessionFactor = 'passkey' | 'sms' | 'none' | 'off';

/**
 * Who must give a second factor: everyone who sees a child's data or manages accounts; a
 * 儿童主任 too unless the county has said otherwise (content/county.ts villageSecondFactor).
 */
export function needsSecondFactor(role: StaffRole, villageSecondFactor: boolean = county.villageSecondFactor): boolean {
  return role !== 'village' || villageSecondFactor;
}

/** The session cookie: `__Host-` (this host only, Secure, Path=/), HttpOnly, SameSite=Strict. */
export const SESSION_COOKIE = '__Host-tonghu-staff';

/** A session secret as a script sends it (Authorization: Bearer …), told apart from a personal token (th_). */
export const SESSION_PREFIX = 'ts_';
