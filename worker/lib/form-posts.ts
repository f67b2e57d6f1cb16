/**
 * Posts that come as JSON (from the pages' scripts) or as a plain form (without JavaScript):
 * reading either, and answering a form post's refusal with a page instead of JSON.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { assertSameOrigin } from './client.ts';
import { ApiError, malformedJson } from './errors.ts';
import { completePage } from './pages.ts';

export function isFormPost(c: Context): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '');
}

export function isJsonPost(c: Context): boolean {
  return /^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '');
}

export async function readForm(c: Context): Promise<URLSearchParams> {
  // Read as bytes: workerd warns when .text() meets a form content type.
  return new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
}

/** The body parsed as JSON; 400 malformed_json when it does not parse. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (cause) {
    throw malformedJson(cause);
  }
}

export type PostedBody = { form: URLSearchParams; json?: undefined } | { form?: undefined; json: unknown };

/**
 * The body of an endpoint that takes JSON or a plain form from our own pages (a form from
 * elsewhere gets 403); anything else gets 415.
 */
export async function readBody(c: Context): Promise<PostedBody> {
  if (isFormPost(c)) {
    assertSameOrigin(c);
    return { form: await readForm(c) };
  }
  if (!isJsonPost(c)) throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）或网页表单格式提交。');
  return { json: await readJson(c) };
}

/**
 * A handler for JSON and form posts: for a form post, a refusal (any ApiError below 500) is
 * answered with `page` (the same status), so the person sees what to fix instead of JSON.
 */
export function formRefusalsAsPage(
  page: (c: Context<AppEnv>, error: ApiError) => Promise<Response>,
  handler: (c: Context<AppEnv>) => Promise<Response>,
): (c: Context<AppEnv>) => Promise<Response> {
  return async (c) => {
    try {
      return await handler(c);
    } catch (error) {
      if (isFormPost(c) && error instanceof ApiError && error.status < 500) return page(c, error);
      throw error;
    }
  };
}

/**
 * A plain form post that could not be accepted: the same status as the API would answer,
 * as a page listing what to fix, with a link back to the form (the browser keeps what was typed).
 */
export function formErrorPage(c: Context<AppEnv>, error: ApiError, back: string): Promise<Response> {
  const items = Object.values(error.fields);
  return completePage(
    c,
    '/form-error/',
    [
      { selector: '#form-error-message', text: error.message },
      { selector: '#form-error-list', items: items.length ? items : [error.message] },
      { selector: '#form-error-back', attrs: { href: back } },
    ],
    error.status,
    error.headers,
  );
}

/** formErrorPage with the form to go back to, for formRefusalsAsPage. */
export const backTo = (form: string) => (c: Context<AppEnv>, error: ApiError) => formErrorPage(c, error, form);
