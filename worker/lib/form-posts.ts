import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from './errors.ts';
import { completePage } from './pages.ts';

export function isFormPost(c: Context): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '');
}

export async function readForm(c: Context): Promise<URLSearchParams> {
  // Read as bytes: workerd warns when .text() meets a form content type.
  return new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
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
