/**
 * The console's calls to /api/staff/*, typed by the Worker's own routes (hono/client): the
 * declarations `npm run typecheck` writes to .types/ from worker/routes/staff/index.ts, imported
 * as a type only, so the build never needs them. An error answer becomes an ApiProblem carrying
 * the API's plain-Chinese message and field messages.
 */
import { hc, type InferResponseType } from 'hono/client';
import type { StaffRoute } from '../../.types/worker/routes/staff/index.d.ts';
import { say } from './context.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * The staff API: `staff.cases[':caseRef'].$get({ param: { caseRef } })` and so on, each answer
 * typed. The session goes with each call as its HttpOnly cookie (src/staff/sign-in.ts).
 */
export const staff = hc<StaffRoute>('/api/staff');

interface Answer<T> {
  ok: boolean;
  status: number;
  json(): Promise<T>;
}

/** The body of a 2xx answer; anything else throws an ApiProblem with the API's message and fields. */
export async function answer<T>(pending: Promise<Answer<T>>): Promise<T> {
  const res = await pending;
  if (res.ok) return res.json();
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null;
  throw new ApiProblem(res.status, body?.error?.message ?? say('staff.error.generic'), body?.error?.fields ?? {});
}

export type { Me } from './context.ts';
export type CaseFile = InferResponseType<(typeof staff.cases)[':caseRef']['$get']>;
export type CaseSummary = InferResponseType<typeof staff.cases.$get>['items'][number];
export type Roster = InferResponseType<(typeof staff)['screening-rounds'][':id']['roster']['$get']>;
export type Application = InferResponseType<(typeof staff.applications)[':reference']['$get']>;
export type OutboxItem = InferResponseType<typeof staff.outbox.$get>['items'][number];
