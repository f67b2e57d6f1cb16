/**
 * Signing in to the console (worker/routes/staff/session.ts): the personal token, then — where
 * the account needs it — a passkey (WebAuthn, through @simplewebauthn/browser, loaded only at
 * that step) or a code sent by SMS. The session lives in an HttpOnly cookie the page never sees:
 * nothing about it is kept in the browser's storage, and reloading the page asks the Worker who
 * is signed in (/api/staff/me).
 */
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { SESSION_LIMITS, SIGN_IN_CODE_PATTERN } from '../domain/staff-sign-in.ts';
import { showErrors } from '../forms/stepper.ts';
import type { Me } from './api.ts';
import { say } from './context.ts';

interface SecondFactor {
  step: 'second-factor';
  ticket: string;
  passkey: PublicKeyCredentialRequestOptionsJSON | null;
  enrol: PublicKeyCredentialCreationOptionsJSON | null;
  sms: { to: string } | null;
  enrolNeedsCode: boolean;
}
interface SignedIn {
  step: 'signed-in';
  me: Me;
}
type Problem = { error: { code?: string; message: string; fields?: Record<string, string> } };

async function call<T>(path: string, method: 'POST' | 'DELETE', body?: unknown): Promise<{ status: number; body: T | Problem }> {
  const res = await fetch(`/api/staff/session${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({ error: { message: say('staff.error.generic') } }))) as T | Problem };
}

const problemOf = (body: unknown): string | null =>
  body && typeof body === 'object' && 'error' in body ? (body as Problem).error.message : null;

/** Who the cookie signs in, if anyone (on load, and after a reload). */
export async function currentMember(): Promise<Me | null> {
  const res = await fetch('/api/staff/me');
  return res.ok ? ((await res.json()) as Me) : null;
}

/** Ends every session of the member, then forgets the page's state. */
export async function endSession(): Promise<void> {
  await call('', 'DELETE').catch(() => undefined);
}

/**
 * Wires the two steps of the sign-in section. `enter` is called with the member once a session
 * is open.
 */
export function wireSignIn(enter: (me: Me) => Promise<void>): { reset(notice?: string): void } {
  const tokenForm = document.getElementById('signin-form') as HTMLFormElement;
  const second = document.getElementById('second-factor')!;
  const codeForm = document.getElementById('code-form') as HTMLFormElement;
  const passkeyButton = document.getElementById('passkey-go') as HTMLButtonElement;
  const passkeyLead = document.getElementById('passkey-lead')!;
  const sendButton = document.getElementById('code-send') as HTMLButtonElement;
  const codeStatus = document.getElementById('code-status')!;
  const smsPart = document.getElementById('sms-part')!;
  const notice = document.getElementById('signin-notice')!;
  const problem = document.getElementById('second-problem')!;
  let state: SecondFactor | null = null;

  const say2 = (text: string | null) => {
    problem.textContent = text ?? '';
    problem.hidden = !text;
    if (text) problem.focus();
  };

  function reset(text?: string): void {
    state = null;
    second.hidden = true;
    tokenForm.hidden = false;
    codeForm.reset();
    say2(null);
    notice.textContent = text ?? '';
    notice.hidden = !text;
    document.getElementById('signin-title')!.focus();
  }

  async function done(result: { status: number; body: SignedIn | SecondFactor | Problem }): Promise<boolean> {
    if (result.status === 201) {
      await enter((result.body as SignedIn).me);
      return true;
    }
    return false;
  }

  function showSecond(asked: SecondFactor): void {
    state = asked;
    tokenForm.hidden = true;
    second.hidden = false;
    notice.hidden = true;
    say2(null);
    document.getElementById('second-lead')!.textContent = say('staff.signin.secondLead', { minutes: SESSION_LIMITS.ticketMs / 60_000 });
    const enrolling = !asked.passkey;
    passkeyButton.textContent = say(enrolling ? 'staff.signin.enrol' : 'staff.signin.passkey');
    passkeyLead.textContent = enrolling
      ? `${say('staff.signin.enrolLead')}${asked.enrolNeedsCode ? say('staff.signin.enrolCode') : ''}`
      : say('staff.signin.passkeyHint');
    smsPart.hidden = !asked.sms;
    if (asked.sms) sendButton.textContent = say('staff.signin.sendCode', { to: asked.sms.to });
    codeStatus.textContent = '';
    document.getElementById('second-title')!.focus();
  }

  tokenForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = tokenForm.elements.namedItem('token') as HTMLInputElement;
    const token = input.value.trim();
    if (!token) return showErrors(tokenForm, [{ field: 'token', message: say('staff.signin.refused') }]);
    const result = await call<SignedIn | SecondFactor>('', 'POST', { token });
    if (result.status === 200 && !problemOf(result.body)) {
      showErrors(tokenForm, []);
      input.value = '';
      return showSecond(result.body as SecondFactor);
    }
    if (await done(result)) {
      showErrors(tokenForm, []);
      input.value = '';
      return;
    }
    showErrors(tokenForm, [{ field: 'token', message: problemOf(result.body) ?? say('staff.signin.refused') }]);
  });

  sendButton.addEventListener('click', async () => {
    if (!state) return;
    const result = await call<{ to: string }>('/sms', 'POST', { ticket: state.ticket });
    if (result.status === 202) {
      codeStatus.textContent = say('staff.signin.codeSent', {
        to: (result.body as { to: string }).to,
        minutes: SESSION_LIMITS.codeMinutes,
      });
      (codeForm.elements.namedItem('code') as HTMLInputElement).focus();
    } else say2(problemOf(result.body));
  });

  codeForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!state) return;
    const code = (codeForm.elements.namedItem('code') as HTMLInputElement).value.trim();
    if (!SIGN_IN_CODE_PATTERN.test(code)) return showErrors(codeForm, [{ field: 'code', message: say('staff.signin.codeHint') }]);
    showErrors(codeForm, []);
    const result = await call<SignedIn>('/code', 'POST', { ticket: state.ticket, code });
    if (!(await done(result))) afterRefusal(result);
  });

  passkeyButton.addEventListener('click', async () => {
    if (!state) return;
    const webauthn = await import('@simplewebauthn/browser');
    if (!webauthn.browserSupportsWebAuthn()) return say2(say('staff.signin.noWebauthn'));
    const asked = state;
    let result: { status: number; body: SignedIn | Problem };
    try {
      if (asked.passkey) {
        const credential = await webauthn.startAuthentication({ optionsJSON: asked.passkey });
        result = await call<SignedIn>('/passkey', 'POST', { ticket: asked.ticket, credential });
      } else {
        const code = (codeForm.elements.namedItem('code') as HTMLInputElement).value.trim();
        if (asked.enrolNeedsCode && !SIGN_IN_CODE_PATTERN.test(code))
          return showErrors(codeForm, [{ field: 'code', message: say('staff.signin.enrolCode') }]);
        const credential = await webauthn.startRegistration({ optionsJSON: asked.enrol! });
        result = await call<SignedIn>('/enrol', 'POST', { ticket: asked.ticket, credential, ...(asked.enrolNeedsCode ? { code } : {}) });
      }
    } catch {
      // The person cancelled, or the device said no: nothing was sent.
      return say2(say('staff.signin.cancelled'));
    }
    if (!(await done(result))) afterRefusal(result);
  });

  /** A refused second factor: try again on the same ticket, or start over once it is spent. */
  function afterRefusal(result: { status: number; body: unknown }): void {
    const message = problemOf(result.body) ?? say('staff.error.generic');
    if ((result.body as Problem).error?.code === 'sign_in_again') reset(message);
    else say2(message);
  }

  document.getElementById('signin-restart')!.addEventListener('click', () => reset());
  return { reset };
}
