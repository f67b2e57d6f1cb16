/**
 * /api/staff/session: signing in to the console and out of it (services/staff-sign-in.ts).
 * Mounted ahead of the staff routes, whose requireStaff needs the session this opens; signing
 * out needs it too. Each step is limited per caller; a script may ask for the session in the
 * answer (`bearer: true`) and send it as `Authorization: Bearer ts_…`, the console never does:
 * it keeps the HttpOnly cookie only.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Hono, type Context } from 'hono';
import { SESSION_LIMITS } from '#src/domain/staff-sign-in.ts';
import { t } from '#src/i18n/index.ts';
import { codeSignInRequest, enrolRequest, passkeySignInRequest, signInRequest, ticketRequest } from '#src/schemas/staff-requests.ts';
import { database } from '../../db/client.ts';
import type { AppEnv } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import { clientIp, enforce } from '../../lib/client.ts';
import { ApiError, RETRY_AFTER_SECONDS } from '../../lib/errors.ts';
import { requireReady } from '../../lib/keys.ts';
import { requireStaff } from '../../lib/staff-auth.ts';
import { endedCookie, endSessions, secondFactorSwitch, sessionCookie } from '../../lib/staff-session.ts';
import { zv } from '../../lib/validate.ts';
import {
  enrolFirstPasskey,
  sendSignInCode,
  signInWithCode,
  signInWithPasskey,
  signInWithToken,
  type SignedIn,
  type SignInPlace,
} from '../../services/staff-sign-in.ts';
import { jsonBody } from './json.ts';

/** Where this sign-in happens, after the checks every step shares: usable keys, the caller's limit, a configuration we accept. */
async function place(c: Context<AppEnv>): Promise<SignInPlace> {
  await requireReady(c.env);
  const second = secondFactorSwitch(c.env, c.req.url);
  if (second === 'refused')
    throw new ApiError(
      503,
      'config_refused',
      t('err.signin.configRefused'),
      {},
      { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } },
    );
  // Every caller of a development Worker on loopback is 127.0.0.1: there only the account's own limit applies.
  if (second === 'on') await enforce(c.env.SIGNIN_LIMITER, `signin:ip:${clientIp(c)}`, 'err.rate.signin');
  const url = new URL(c.req.url);
  return {
    rpId: url.hostname,
    origin: url.origin,
    now: Date.now(),
    secondFactorOff: second === 'off',
    limit: (key) => enforce(c.env.SIGNIN_LIMITER, key, 'err.rate.signin'),
  };
}

/** A session opened: the cookie for the console, the secret in the body only for a script that asked. */
function opened(c: Context<AppEnv>, done: SignedIn, bearer: boolean | undefined) {
  c.header('Set-Cookie', sessionCookie(done.secret, done.expiresAt, Date.now()));
  return c.json(
    {
      step: 'signed-in' as const,
      me: done.member,
      factor: done.factor,
      expiresAt: new Date(done.expiresAt).toISOString(),
      idleMinutes: SESSION_LIMITS.idleMs / 60_000,
      ...(bearer ? { session: done.secret } : {}),
    },
    201,
  );
}

export const sessionRoute = new Hono<AppEnv>()
  .post('/', ...jsonBody, zv('json', signInRequest), async (c) => {
    const body = c.req.valid('json');
    const result = await signInWithToken(c.env, database(c.env.DB), body.token, await place(c));
    return result.step === 'signed-in' ? opened(c, result, body.bearer) : c.json(result, 200);
  })
  .post('/passkey', ...jsonBody, zv('json', passkeySignInRequest), async (c) => {
    const body = c.req.valid('json');
    const credential = body.credential as unknown as AuthenticationResponseJSON;
    return opened(c, await signInWithPasskey(c.env, database(c.env.DB), body.ticket, credential, await place(c)), body.bearer);
  })
  .post('/enrol', ...jsonBody, zv('json', enrolRequest), async (c) => {
    const body = c.req.valid('json');
    const credential = body.credential as unknown as RegistrationResponseJSON;
    const done = await enrolFirstPasskey(c.env, database(c.env.DB), body.ticket, { credential, code: body.code }, await place(c));
    return opened(c, done, body.bearer);
  })
  .post('/sms', ...jsonBody, zv('json', ticketRequest), async (c) => {
    const { now } = await place(c);
    return c.json(await sendSignInCode(c.env, database(c.env.DB), c.req.valid('json').ticket, now), 202);
  })
  .post('/code', ...jsonBody, zv('json', codeSignInRequest), async (c) => {
    const body = c.req.valid('json');
    return opened(c, await signInWithCode(c.env, database(c.env.DB), body.ticket, body.code, await place(c)), body.bearer);
  })
  // Signing out ends every session of the member at once (every browser, every script).
  .delete('/', requireStaff, async (c) => {
    const { db, member, now } = c.get('ctx');
    const ended = await endSessions(db, member.id, now);
    await appendAudit(c.env.DB, { staffId: member.id, action: 'sign-out', outcome: 'ok', detail: `${ended} sessions` }, now);
    c.header('Set-Cookie', endedCookie);
    return c.json({ ended });
  });
