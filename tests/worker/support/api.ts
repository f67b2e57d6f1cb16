/** Calls into the Worker under test (exports.default.fetch) and reads D1 directly. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import application from '../../fixtures/api/application.json' with { type: 'json' };
import report from '../../fixtures/api/report.json' with { type: 'json' };
import { idCheckDigit } from '#src/domain/validators.ts';
import { ownCaller } from '../../support/callers.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields: Record<string, string> };
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://portal.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ownCaller(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(
  path: string,
  fields: [string, string][] | URLSearchParams,
  headers: Record<string, string> = {},
): Promise<Response> {
  return exports.default.fetch(`http://portal.test${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://portal.test', ...ownCaller(), ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status, await res.clone().text()).toBe(status);
  const body = await res.json<ErrorBody>();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.error.fields).toEqual(expect.any(Object));
  return body;
}

export async function count(table: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
  return row!.n;
}

export function key(): string {
  return crypto.randomUUID();
}

export interface Receipt {
  reference: string;
  accessCode: string;
}

let children = 0;

let phones = 0;
/**
 * A mobile number no other submission of the run uses: submissions are limited per phone
 * (SUBMIT_PHONE_LIMITER), as a family's phone gets a text message for each.
 */
export function newPhone(): string {
  phones += 1;
  return `139${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}${String(phones).padStart(4, '0')}`;
}

/**
 * The documented application (tests/fixtures/api/application.json), from a family in the given
 * village — for a child of its own each time (another name, no ID number), so each call opens a
 * child's file of its own, unless `child` names one — and from a phone of its own.
 */
export async function apply(
  township = 'dongshan',
  village = '松林村',
  child: { name: string; birthDate: string; idNumber?: string } = { name: `李小明${++children}`, birthDate: '2017-05-10' },
  extra: Record<string, unknown> = {},
): Promise<Receipt> {
  const res = await postJson(
    '/api/applications',
    {
      ...application,
      applicant: { ...application.applicant, phone: newPhone() },
      child,
      address: { ...application.address, township, village },
      ...extra,
    },
    { 'idempotency-key': key() },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  const { reference, accessCode } = await res.json<Receipt>();
  return { reference, accessCode };
}

/** The documented report, by a named teacher who asked to follow it up and to be told by text message. */
export async function reportToFollowUp(): Promise<Receipt> {
  const res = await postJson(
    '/api/reports',
    { ...report, reporter: { role: 'teacher', name: '张老师', phone: newPhone(), followUp: true }, notify: { sms: true } },
    { 'idempotency-key': key() },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json<Receipt>();
}

/** The child's file (C-…) an application was filed under. */
export async function caseOf(applicationReference: string): Promise<string> {
  const row = await env.DB.prepare('SELECT c.reference FROM applications a JOIN cases c ON c.id = a.case_id WHERE a.reference = ?')
    .bind(applicationReference)
    .first<{ reference: string }>();
  expect(row, `no file for ${applicationReference}`).not.toBeNull();
  return row!.reference;
}

/**
 * The Worker under another configuration (a secret changed, as `wrangler secret put` would),
 * with the same real bindings.
 */
export async function fetchWith(
  overrides: Partial<typeof env>,
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  const { default: worker } = await import('#worker/index.ts');
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://portal.test${path}`, { redirect: 'manual', ...init, headers: { ...ownCaller(), ...init.headers } }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** A fresh key in the secrets' format: 32 random bytes, base64. */
export function newSecret(bytes = 32): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
}

let serial = 0;
/** A valid resident ID number, new each call, for a child born on the given date (GB 11643 check digit). */
export function idNumber(birthDate: string): string {
  const first17 = `110105${birthDate.replace(/-/g, '')}${String(100 + (++serial % 900)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}
