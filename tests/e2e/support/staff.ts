/** What the staff console's browser tests share: accounts, data through the public and staff APIs, and signing in. */
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import application from '../../fixtures/api/application.json' with { type: 'json' };
import { ownCaller } from '../../support/callers.ts';
import { addStaffAccount, staffSession } from '../../support/server.ts';
import { baseURL } from './browser.ts';

/** The documented command, against the test server's local D1; the token is its last line. */
export function staffAdd(name: string, role: string, township: string): string {
  return addStaffAccount(inject('persistDir'), { name, role, township });
}

/**
 * Each call on a connection of its own (`connection: close`): a kept-alive socket that the dev
 * server closed while a test was busy in the browser would otherwise fail the next call.
 */
const FRESH = { connection: 'close' };

/** `Authorization` for a staff call by the holder of a personal token: the session it signs in to. */
export async function staffAuth(token: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await staffSession(baseURL(), token)}` };
}

/** A POST to the running server that must succeed (with `status`, where given); its JSON answer. */
export async function post<T>(path: string, body: unknown, headers: Record<string, string> = {}, status?: number): Promise<T> {
  const res = await fetch(`${baseURL()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...FRESH, ...headers },
    body: JSON.stringify(body),
  });
  if (status === undefined) expect(res.status, await res.clone().text()).toBeLessThan(300);
  else expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

/** A GET of the staff API (`path` after /api/staff) by the holder of a personal token; its JSON answer. */
export async function staffGet<T>(token: string, path: string): Promise<T> {
  const res = await fetch(`${baseURL()}/api/staff${path}`, { headers: { ...(await staffAuth(token)), ...FRESH } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

/** A POST to the staff API (`path` after /api/staff) by the holder of a personal token, that must succeed (with `status`, where given); its JSON answer. */
export async function staffPost<T>(token: string, path: string, body: unknown, status?: number): Promise<T> {
  return post<T>(`/api/staff${path}`, body, await staffAuth(token), status);
}

export interface Receipt {
  reference: string;
  accessCode: string;
}

let families = 0;

/**
 * The documented application, for another child and family where given; each from a family of
 * its own (a phone and a caller address of its own), as public submissions are limited per both.
 */
export function apply(overrides: Record<string, unknown> = {}): Promise<Receipt> {
  families += 1;
  const applicant = { ...application.applicant, phone: `1360013${String(families).padStart(4, '0')}` };
  return post<Receipt>(
    '/api/applications',
    { ...application, applicant, ...overrides },
    { 'idempotency-key': crypto.randomUUID(), ...ownCaller() },
  );
}

/** The file (C-…) an application belongs to, as an account of its township (or the county) sees it. */
export async function fileOf(token: string, reference: string): Promise<string> {
  const { caseReference } = await staffGet<{ caseReference: string }>(token, `/applications/${reference}`);
  return caseReference;
}

/** The township puts the child's file in a batch for the county (初步筛选): the application is then at 乡镇初审. */
export async function sendInBatch(token: string, reference: string): Promise<{ id: number }> {
  return staffPost<{ id: number }>(token, '/batches', { cases: [await fileOf(token, reference)] }, 201);
}

/** Signs in on the console with a token; the first view (or the address's) is shown. */
export async function signIn(page: Page, token: string, path = '/staff/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('工作人员令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#console:not([hidden]) #view h2').first().waitFor();
}
