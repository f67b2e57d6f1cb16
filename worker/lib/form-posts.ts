/**
 * Posts that come as JSON (from the pages' scripts) or as a plain form (without JavaScript):
 * reading either, and, for a form post that cannot be accepted, the same form page again,
 * filled in with what was posted, the error summary at the top and each message at its
 * field (app.onError calls formAgain; no route catches its own refusals).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, FormPage } from '../env.ts';
import { assertSameOrigin } from './client.ts';
import { ApiError, malformedJson } from './errors.ts';
import { completePage, type Refill } from './pages.ts';

export function isFormPost(c: Context): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '');
}

/**
 * A multipart post from a page without JavaScript (the upload forms of the materials): the
 * browser asks for a page back. The upload script asks for JSON, and so do other callers.
 */
export function isMultipartPage(c: Context): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(c.req.header('content-type') ?? '') && /text\/html/i.test(c.req.header('accept') ?? '');
}

export function isJsonPost(c: Context): boolean {
  return /^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '');
}

async function readForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  // Read as bytes: workerd warns when .text() meets a form content type.
  const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  c.set('posted', form);
  return form;
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
 * elsewhere gets 403); anything else gets 415. With `formOnly`, JSON gets 415 too.
 */
export async function readBody(c: Context<AppEnv>, formOnly = false): Promise<PostedBody> {
  if (isFormPost(c)) {
    assertSameOrigin(c);
    return { form: await readForm(c) };
  }
  if (formOnly) throw new ApiError(415, 'unsupported_media_type', '请从本网站的页面提交表单。');
  if (!isJsonPost(c)) throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）或网页表单格式提交。');
  return { json: await readJson(c) };
}

/** Declares the form page of a route: a refused form post comes back to it (formAgain). */
export function formPage(page: FormPage): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('formPage', page);
    await next();
  };
}

/**
 * The answer to a refused form post, when the route declared its form page: the same status
 * as the API would answer, as that page with the form filled in again and the errors shown.
 * Null for anything else (JSON, or a route without a form page).
 */
export function formAgain(c: Context<AppEnv>, error: ApiError): Promise<Response> | null {
  const page = c.get('formPage');
  if (!page || !(isFormPost(c) || isMultipartPage(c)) || error.status >= 500) return null;
  if (page.render) return page.render(c, error);
  const refill: Refill = {
    form: page.form,
    values: c.get('posted') ?? new URLSearchParams(),
    errors: { message: error.message, fields: error.fields },
  };
  return completePage(c, page.path, [], error.status, error.headers, refill);
}
