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
import { t } from '#src/i18n/index.ts';

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

/**
 * The body as text, refused (400) unless it is well-formed UTF-8: a byte that is not would
 * otherwise be stored as U+FFFD, and the name a family typed would be silently changed.
 */
async function bodyText(c: Context): Promise<string> {
  // Read as bytes: workerd warns when .text() meets a form content type.
  const bytes = await c.req.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw badEncoding(cause);
  }
}

const badEncoding = (cause: unknown) => new ApiError(400, 'invalid_encoding', t('err.form.encoding'), {}, { cause });

/**
 * A form body as URLSearchParams, each name and value percent-decoded strictly: `%FF` is not
 * UTF-8 either, and URLSearchParams alone would turn it into U+FFFD.
 */
export function parseFormBody(text: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    try {
      form.append(decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' ')));
    } catch (cause) {
      throw badEncoding(cause);
    }
  }
  return form;
}

async function readForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  const form = parseFormBody(await bodyText(c));
  c.set('posted', form);
  return form;
}

/** The body parsed as JSON; 400 malformed_json when it does not parse, invalid_encoding when it is not UTF-8. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await bodyText(c);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw malformedJson(cause);
  }
}

/** `sameOrigin`: the form post's Origin said it came from our own page (lib/client.ts). */
export type PostedBody = { form: URLSearchParams; sameOrigin: boolean; json?: undefined } | { form?: undefined; json: unknown };

/**
 * The body of an endpoint that takes JSON or a plain form from our own pages (a form from
 * elsewhere gets 403); anything else gets 415. With `formOnly`, JSON gets 415 too.
 */
export async function readBody(c: Context<AppEnv>, formOnly = false): Promise<PostedBody> {
  if (isFormPost(c)) {
    const sameOrigin = assertSameOrigin(c) === 'origin';
    return { form: await readForm(c), sameOrigin };
  }
  if (formOnly) throw new ApiError(415, 'unsupported_media_type', t('api.formOnly'));
  if (!isJsonPost(c)) throw new ApiError(415, 'unsupported_media_type', t('api.jsonOrForm'));
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
  // An outage (503) comes back as the form too, filled in, so nothing typed is lost.
  if (!page || !(isFormPost(c) || isMultipartPage(c)) || (error.status >= 500 && error.status !== 503)) return null;
  if (page.render) return page.render(c, error);
  const refill: Refill = {
    form: page.form,
    values: c.get('posted') ?? new URLSearchParams(),
    errors: { message: error.message, fields: error.fields },
  };
  return completePage(c, page.path, [], error.status, error.headers, refill);
}
