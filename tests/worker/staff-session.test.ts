/**
 * Signing in to the staff console, on real D1 and the real SMS queue: the personal token, then a
 * passkey (a WebCrypto one answering the Worker's WebAuthn challenge, support/authenticator.ts)
 * or a code sent by SMS (to the fake provider, the only thing faked); the session in a __Host-
 * cookie with its idle and absolute limits; signing out everywhere; revocation; an account made
 * through the API waiting for a second administrator; the development switch refused outside
 * loopback; the limits per caller and per account.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_LIMITS } from '#src/domain/staff-sign-in.ts';
import { t } from '#src/i18n/index.ts';
import worker from '#worker/index.ts';
import { sessionHash } from '#worker/lib/staff-session.ts';
import { runRetention } from '#worker/services/retention.ts';
import type { SecondFactorAsked as SecondFactor } from '#worker/services/staff-sign-in.ts';
import { ownCaller, type Caller } from '../support/callers.ts';
import { expectError, newPhone } from './support/api.ts';
import { SoftPasskey } from './support/authenticator.ts';
import { gateway } from './support/sms-gateway.ts';
import { auditRows, staffAccount, staffFetch, staffSession, staffToken } from './support/staff.ts';

beforeEach(() => gateway.reset());

interface SignedIn {
  step: 'signed-in';
  me: { id: number; name: string; role: string };
  factor: string;
  session?: string;
}

/** Each test signs in from its own address (ownCaller), so the per-caller limit is tested only where meant. */
function post(path: string, body: unknown, caller: Caller, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://portal.test/api/staff/session${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...caller, origin: 'http://portal.test', ...headers },
    body: JSON.stringify(body),
  });
}

async function askSecondFactor(token: string, caller: Caller): Promise<SecondFactor> {
  const res = await post('', { token }, caller);
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json<SecondFactor>();
  expect(body.step).toBe('second-factor');
  return body;
}

/** The session secret in a Set-Cookie, after checking the cookie's attributes. */
function sessionFrom(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^__Host-tonghu-staff=ts_[A-Za-z0-9_-]+;/);
  for (const attribute of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(cookie).toContain(attribute);
  return /=(ts_[^;]+);/.exec(cookie)![1]!;
}

const withCookie = (secret: string, path: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://portal.test/api/staff${path}`, {
    ...init,
    headers: { cookie: `__Host-tonghu-staff=${secret}`, ...(init.headers ?? {}) },
  });

/** A code the fake SMS platform received for `phone`, once the queue has delivered it. */
async function codeSentTo(phone: string, nth = 1): Promise<string> {
  const message = await vi.waitUntil(() => gateway.sent.filter((m) => m.to === phone && m.template === 'staffSignIn')[nth - 1], {
    timeout: 15_000,
    interval: 20,
  });
  return /(\d{6})/.exec(message.text)![1]!;
}

describe('the first sign-in registers a passkey, the next ones use it', () => {
  it('token → the passkey made on the spot → a session in an HttpOnly __Host- cookie that opens /me; next time the passkey alone answers', async () => {
    const { id, token } = await staffAccount('county', ['*'], { name: '民政局王科长' });
    const caller = ownCaller();
    const first = await askSecondFactor(token, caller);
    expect(first.passkey).toBeNull();
    expect(first.sms).toBeNull();
    expect(first.enrol?.rp.id).toBe('portal.test');
    expect(first.enrolNeedsCode).toBe(false);

    const key = await SoftPasskey.create();
    const enrolled = await post('/enrol', { ticket: first.ticket, credential: await key.register(first.enrol!) }, caller);
    expect(enrolled.status, await enrolled.clone().text()).toBe(201);
    const body = await enrolled.clone().json<SignedIn>();
    expect(body).toMatchObject({ step: 'signed-in', factor: 'passkey', me: { id, name: '民政局王科长' } });
    expect(body.session, 'the console gets a cookie only, never the secret in the body').toBeUndefined();
    const secret = sessionFrom(enrolled);
    expect((await withCookie(secret, '/me')).status).toBe(200);

    // The ticket was spent: the same answer cannot open a second session.
    await expectError(
      await post('/enrol', { ticket: first.ticket, credential: await key.register(first.enrol!) }, caller),
      401,
      'sign_in_again',
    );

    const again = await askSecondFactor(token, caller);
    expect(again.enrol).toBeNull();
    expect(again.passkey?.allowCredentials?.map((c) => c.id)).toEqual([key.id]);
    const signed = await post('/passkey', { ticket: again.ticket, credential: await key.sign(again.passkey!), bearer: true }, caller);
    expect(signed.status, await signed.clone().text()).toBe(201);
    const script = await signed.json<SignedIn>();
    expect(script.session, 'a script that asked gets its session to send as a bearer').toMatch(/^ts_/);
    expect((await staffFetch(script.session!, '/me')).status).toBe(200);

    const log = await auditRows(`staff_id = ${id} AND action IN ('sign-in', 'enrol-passkey')`);
    expect(log.map((r) => [r.action, r.outcome, r.detail])).toEqual([
      ['enrol-passkey', 'ok', 'token'],
      ['sign-in', 'ok', 'passkey'],
      ['sign-in', 'denied', 'ticket used'],
      ['sign-in', 'ok', 'passkey'],
    ]);
  });

  it('a passkey that is not the account’s, or answers for another site, is refused and counted; five wrong answers end the sign-in', async () => {
    const { token } = await staffAccount('township', ['xihe']);
    const caller = ownCaller();
    const first = await askSecondFactor(token, caller);
    const key = await SoftPasskey.create();
    expect((await post('/enrol', { ticket: first.ticket, credential: await key.register(first.enrol!) }, caller)).status).toBe(201);

    const next = await askSecondFactor(token, caller);
    const stranger = await SoftPasskey.create();
    const refused = await expectError(
      await post('/passkey', { ticket: next.ticket, credential: await stranger.sign(next.passkey!) }, caller),
      401,
      'unauthorised',
    );
    expect(refused.error.message).toBe(t('err.signin.passkey'));
    // Signed for another site (a look-alike domain relaying the challenge): the signature is real, the site is wrong.
    await expectError(
      await post('/passkey', { ticket: next.ticket, credential: await key.sign(next.passkey!, 'portal.example') }, caller),
      401,
      'unauthorised',
    );
    const phished = await SoftPasskey.create('http://portal.example');
    await expectError(
      await post('/passkey', { ticket: next.ticket, credential: await phished.sign(next.passkey!) }, caller),
      401,
      'unauthorised',
    );
    for (let i = 0; i < SESSION_LIMITS.failuresPerTicket - 3; i++)
      await expectError(
        await post('/passkey', { ticket: next.ticket, credential: await stranger.sign(next.passkey!) }, caller),
        401,
        'unauthorised',
      );
    const late = await expectError(
      await post('/passkey', { ticket: next.ticket, credential: await key.sign(next.passkey!) }, caller),
      401,
      'sign_in_again',
    );
    expect(late.error.message).toBe(t('err.signin.again'));
  });
});

describe('a member’s own passkeys', () => {
  it('adds a second one (a phone and a computer), lists them, removes one, and keeps the last of an account without a phone', async () => {
    const { id, token } = await staffAccount('township', ['xihe']);
    const caller = ownCaller();
    const first = await askSecondFactor(token, caller);
    const laptop = await SoftPasskey.create();
    const session = sessionFrom(await post('/enrol', { ticket: first.ticket, credential: await laptop.register(first.enrol!) }, caller));
    const call = (path: string, body?: unknown) =>
      withCookie(session, `/passkeys${path}`, {
        method: body === undefined && path === '' ? 'GET' : 'POST',
        headers: { origin: 'http://portal.test', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const { ticket, options } = await (
      await call('/options', {})
    ).json<{ ticket: string; options: PublicKeyCredentialCreationOptionsJSON }>();
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([laptop.id]);
    const phone = await SoftPasskey.create();
    const added = await call('', { ticket, credential: await phone.register(options) });
    expect(added.status, await added.clone().text()).toBe(201);
    // The same ticket cannot add another.
    await expectError(await call('', { ticket, credential: await (await SoftPasskey.create()).register(options) }), 400, 'passkey_refused');
    const { items } = await (await call('')).json<{ items: { id: number }[] }>();
    expect(items).toHaveLength(2);

    // The new one signs in.
    const next = await askSecondFactor(token, caller);
    expect(next.passkey?.allowCredentials?.map((c) => c.id).sort()).toEqual([laptop.id, phone.id].sort());
    expect((await post('/passkey', { ticket: next.ticket, credential: await phone.sign(next.passkey!) }, caller)).status).toBe(201);

    expect((await call(`/${items[0]!.id}/remove`, {})).status).toBe(200);
    await expectError(await call(`/${items[1]!.id}/remove`, {}), 409, 'last_passkey');
    await expectError(await call('/999999/remove', {}), 404, 'not_found');
    expect((await auditRows(`staff_id = ${id} AND action IN ('add-passkey', 'remove-passkey')`)).map((r) => [r.action, r.outcome])).toEqual(
      [
        ['add-passkey', 'ok'],
        ['add-passkey', 'refused'],
        ['remove-passkey', 'ok'],
      ],
    );
  });
});

describe('the code by SMS', () => {
  it('goes to the registered phone only, masked on screen, and opens a session once; a wrong code is refused', async () => {
    const phone = newPhone();
    const { id, token } = await staffAccount('township', ['dongshan'], { name: '东山乡李主任', phone });
    const caller = ownCaller();
    const asked = await askSecondFactor(token, caller);
    expect(asked.sms?.to).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(asked.enrolNeedsCode, 'a first passkey needs the code too where there is a phone').toBe(true);

    const sent = await post('/sms', { ticket: asked.ticket }, caller);
    expect(sent.status).toBe(202);
    expect(await sent.json()).toEqual({ to: asked.sms!.to });
    const code = await codeSentTo(phone);
    const message = gateway.sent.find((m) => m.to === phone)!;
    expect(message.text).not.toContain('东山乡李主任');
    expect(message.text).toContain(String(SESSION_LIMITS.codeMinutes));
    // The outbox keeps no readable phone or code (encrypted, then masked).
    const row = await env.DB.prepare("SELECT * FROM sms_outbox WHERE kind = 'staff' AND record_id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(phone);
    expect(JSON.stringify(row)).not.toContain(code);

    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await expectError(await post('/code', { ticket: asked.ticket, code: wrong }, caller), 401, 'unauthorised');
    expect(refused.error.message).toBe(t('err.signin.code'));
    await expectError(await post('/code', { ticket: asked.ticket, code: '12345' }, caller), 400, 'invalid');

    const ok = await post('/code', { ticket: asked.ticket, code }, caller);
    expect(ok.status, await ok.clone().text()).toBe(201);
    expect(await ok.clone().json()).toMatchObject({ factor: 'sms' });
    expect((await withCookie(sessionFrom(ok), '/me')).status).toBe(200);
    await expectError(await post('/code', { ticket: asked.ticket, code }, caller), 401, 'sign_in_again');
    expect((await auditRows(`staff_id = ${id} AND action = 'sign-in'`)).map((r) => [r.outcome, r.detail])).toEqual([
      ['denied', 'wrong code'],
      ['ok', 'sms'],
      ['denied', 'ticket used'],
    ]);
  });

  it('is sent three times at most per sign-in; an account without a phone is told to use its passkey', async () => {
    const phone = newPhone();
    const { token } = await staffAccount('county', ['*'], { phone });
    const caller = ownCaller();
    const asked = await askSecondFactor(token, caller);
    for (let i = 0; i < SESSION_LIMITS.codesPerTicket; i++) expect((await post('/sms', { ticket: asked.ticket }, caller)).status).toBe(202);
    await expectError(await post('/sms', { ticket: asked.ticket }, caller), 429, 'too_many_requests');
    // Only the last code sent works.
    const last = await codeSentTo(phone, SESSION_LIMITS.codesPerTicket);
    const earlier = await codeSentTo(phone, 1);
    if (earlier !== last) await expectError(await post('/code', { ticket: asked.ticket, code: earlier }, caller), 401, 'unauthorised');
    expect((await post('/code', { ticket: asked.ticket, code: last }, caller)).status).toBe(201);

    const { token: noPhone } = await staffAccount('county', ['*']);
    const other = await askSecondFactor(noPhone, ownCaller());
    await expectError(await post('/sms', { ticket: other.ticket }, ownCaller()), 409, 'no_phone');
  });
});

describe('the session', () => {
  it('ends after 30 minutes without a request and 12 hours after it began, and says so', async () => {
    const idle = await staffToken('county', ['*']);
    const busy = await staffToken('county', ['*']);
    expect((await staffFetch(idle, '/me')).status).toBe(200);
    await env.DB.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE secret_hash = ?')
      .bind(Date.now() - SESSION_LIMITS.idleMs - 1000, await sessionHash(idle))
      .run();
    const ended = await expectError(await staffFetch(idle, '/me'), 401, 'unauthorised');
    expect(ended.error.message).toBe(t('err.session.expired'));
    expect((await staffFetch(busy, '/me')).status, 'only that session ended').toBe(200);
    await env.DB.prepare('UPDATE staff_sessions SET expires_at = ? WHERE secret_hash = ?')
      .bind(Date.now() - 1, await sessionHash(busy))
      .run();
    expect((await expectError(await staffFetch(busy, '/me'), 401, 'unauthorised')).error.message).toBe(t('err.session.expired'));
  });

  it('a request keeps it alive: its last request moves forward', async () => {
    const secret = await staffToken('county', ['*']);
    const then = Date.now() - SESSION_LIMITS.idleMs + 60_000;
    const hash = await sessionHash(secret);
    await env.DB.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE secret_hash = ?').bind(then, hash).run();
    expect((await staffFetch(secret, '/me')).status).toBe(200);
    const row = await env.DB.prepare('SELECT last_seen_at AS at FROM staff_sessions WHERE secret_hash = ?')
      .bind(hash)
      .first<{ at: number }>();
    expect(row!.at).toBeGreaterThan(then);
  });

  it('signing out ends every session of the member (every browser, every script) and clears the cookie', async () => {
    const { id } = await staffAccount('county', ['*']);
    const browser = await staffSession(id);
    const script = await staffSession(id);
    const someoneElse = await staffToken('county', ['*']);
    const out = await withCookie(browser, '/session', { method: 'DELETE', headers: { origin: 'http://portal.test' } });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ ended: 2 });
    expect(out.headers.get('set-cookie')).toMatch(/__Host-tonghu-staff=;.*Max-Age=0/);
    for (const s of [browser, script]) await expectError(await staffFetch(s, '/me'), 401, 'unauthorised');
    expect((await staffFetch(someoneElse, '/me')).status).toBe(200);
    expect((await auditRows(`staff_id = ${id} AND action = 'sign-out'`)).length).toBe(1);
  });

  it('a change sent with the cookie from another site, or vouched for by nothing, is refused; our own page with Origin hidden is taken; the personal token alone opens nothing', async () => {
    const { id, token } = await staffAccount('admin', ['*']);
    const secret = await staffSession(id);
    const forged = await withCookie(secret, '/accounts', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: '冒名', role: 'county', townships: ['*'] }),
    });
    await expectError(forged, 403, 'cross_origin');
    // Without a word from the browser on where it comes from, or with Origin hidden and the
    // browser's own Sec-Fetch-Site naming another site, it is refused too.
    for (const headers of [{}, { origin: 'null', 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const unvouched = await withCookie(secret, '/accounts', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: '冒名', role: 'county', townships: ['*'] }),
      });
      await expectError(unvouched, 403, 'cross_origin');
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM staff WHERE name = '冒名'").first()).toEqual({ n: 0 });
    // Origin hidden by a strict referrer policy, with the browser saying same-origin: our own page.
    const own = await withCookie(secret, '/accounts', {
      method: 'POST',
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body: JSON.stringify({ name: '本站新账号', role: 'county', townships: ['*'] }),
    });
    expect(own.status, await own.clone().text()).toBe(201);
    const bearer = await expectError(await staffFetch(token, '/me'), 401, 'unauthorised');
    expect(bearer.error.message).toBe(t('err.session.token'));
  });
});

describe('accounts', () => {
  it('an account made in the console waits for a second administrator; its maker cannot approve it', async () => {
    const first = await staffToken('admin', ['*'], { name: '管理员甲' });
    const second = await staffToken('admin', ['*'], { name: '管理员乙' });
    const made = await staffFetch(first, '/accounts', { body: { name: '新乡镇账号', role: 'township', townships: ['xihe'] } });
    expect(made.status).toBe(201);
    const { id, token } = await made.json<{ id: number; token: string }>();
    const pending = await expectError(await post('', { token }, ownCaller()), 401, 'unauthorised');
    expect(pending.error.message).toBe(t('err.signin.pending'));
    await expectError(await staffFetch(first, `/accounts/${id}/approve`, { method: 'POST' }), 409, 'same_administrator');
    expect((await staffFetch(second, `/accounts/${id}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await askSecondFactor(token, ownCaller())).step).toBe('second-factor');
  });

  it('revoking an account ends its sessions at once and its token signs in no more', async () => {
    const admin = await staffToken('admin', ['*']);
    const { id, token } = await staffAccount('township', ['qingshui'], { phone: newPhone() });
    const asked = await askSecondFactor(token, ownCaller());
    const session = await staffSession(id);
    expect((await staffFetch(session, '/me')).status).toBe(200);
    expect((await staffFetch(admin, `/accounts/${id}/revoke`, { method: 'POST' })).status).toBe(200);
    await expectError(await staffFetch(session, '/me'), 401, 'unauthorised');
    await expectError(await post('/sms', { ticket: asked.ticket }, ownCaller()), 401, 'sign_in_again');
    await expectError(await post('', { token }, ownCaller()), 401, 'unauthorised');
  });
});

describe('limits and configuration', () => {
  it('past 10 tries a minute from one address, 429 with Retry-After; one account tried from many addresses, 429 too', async () => {
    const caller = ownCaller();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post('', { token: `th_${'x'.repeat(43)}` }, caller)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await post('', { token: `th_${'x'.repeat(43)}` }, caller);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const { token } = await staffAccount('county', ['*']);
    const spread: number[] = [];
    for (let i = 0; i < 11; i++) spread.push((await post('', { token }, ownCaller())).status);
    expect(spread.at(-1)).toBe(429);
  });

  it('STAFF_SECOND_FACTOR=off signs in with the token on loopback only; a deployed Worker refuses it and says so in health', async () => {
    const { token } = await staffAccount('county', ['*']);
    const devEnv = { ...env, STAFF_SECOND_FACTOR: 'off' };
    const call = async (url: string, init: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(url, init), devEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const body = JSON.stringify({ token });
    const headers = { 'content-type': 'application/json', ...ownCaller() };
    const local = await call('http://127.0.0.1:8787/api/staff/session', {
      method: 'POST',
      headers: { ...headers, origin: 'http://127.0.0.1:8787' },
      body,
    });
    expect(local.status, await local.clone().text()).toBe(201);
    expect(await local.json()).toMatchObject({ factor: 'off' });

    const deployed = await call('https://portal.test/api/staff/session', {
      method: 'POST',
      headers: { ...headers, origin: 'https://portal.test' },
      body,
    });
    await expectError(deployed, 503, 'config_refused');
    expect(deployed.headers.get('retry-after')).toBeTruthy();
    const health = await call('https://portal.test/api/health', {});
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ signIn: { ok: false, secondFactor: 'refused' } });
  });
});

describe('what sign-in leaves behind', () => {
  it('the nightly job clears a code’s message after a day, spent sign-ins and ended sessions, and the phone of a revoked account', async () => {
    const phone = newPhone();
    const { id, token } = await staffAccount('county', ['*'], { phone });
    const caller = ownCaller();
    const asked = await askSecondFactor(token, caller);
    await post('/sms', { ticket: asked.ticket }, caller);
    await codeSentTo(phone);
    const ended = await staffSession(id);
    await withCookie(ended, '/session', { method: 'DELETE', headers: { origin: 'http://portal.test' } });
    await env.DB.prepare('UPDATE staff SET revoked_at = ? WHERE id = ?').bind(Date.now(), id).run();

    const result = await runRetention(env, Date.now() + 2 * 86_400_000);
    expect(result.staffSignIns).toBeGreaterThanOrEqual(4);
    const message = await env.DB.prepare(
      "SELECT phone_enc, phone_index, message_enc FROM sms_outbox WHERE kind = 'staff' AND record_id = ?",
    )
      .bind(id)
      .first();
    expect(message).toEqual({ phone_enc: null, phone_index: null, message_enc: null });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM staff_sign_ins WHERE staff_id = ?').bind(id).first()).toEqual({ n: 0 });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM staff_sessions WHERE staff_id = ?').bind(id).first()).toEqual({ n: 0 });
    expect(await env.DB.prepare('SELECT phone_enc FROM staff WHERE id = ?').bind(id).first()).toEqual({ phone_enc: null });
  });
});
