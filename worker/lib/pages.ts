/**
 * Pages the Worker completes from the built site's HTML (dist/), with HTMLRewriter: a fresh
 * idempotency key in each form, the one-time confirmation after a plain form post, the
 * answer to a status lookup without JavaScript, and form errors. Every value is set as text,
 * so it is escaped.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SITE_HEADERS } from '../../src/config/security.ts';
import type { AppEnv } from '../env.ts';
import { decryptJson, encryptJson } from './crypto.ts';

export interface Fill {
  selector: string;
  /** Replaces the element's content with this text. */
  text?: string;
  /** Replaces the content with one <li> per item. */
  items?: string[];
  /** Replaces the content with markup made by a renderer that escapes its texts (results-html.ts). */
  html?: string;
  /** Sets attributes. */
  attrs?: Record<string, string>;
  /** Removes the hidden attribute (true) or sets it (false). */
  show?: boolean;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The built page at `path`, completed with `fills`, never cached. */
export async function completePage(
  c: Context<AppEnv>,
  path: string,
  fills: Fill[],
  status = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(path, c.req.url);
  let page: Response | undefined;
  try {
    page = await c.env.ASSETS.fetch(new Request(url, { headers: { accept: 'text/html' } }));
  } catch {
    page = undefined; // the Worker tests run without the built site
  }
  const base = page?.ok && page.headers.get('content-type')?.includes('text/html') ? page : fallbackPage(fills);
  let rewriter = new HTMLRewriter();
  for (const f of fills) {
    rewriter = rewriter.on(f.selector, {
      element(el) {
        if (f.attrs) for (const [k, v] of Object.entries(f.attrs)) el.setAttribute(k, v);
        if (f.show === true) el.removeAttribute('hidden');
        if (f.show === false) el.setAttribute('hidden', '');
        if (f.text !== undefined) el.setInnerContent(f.text);
        if (f.items) el.setInnerContent(f.items.map((i) => `<li>${escape(i)}</li>`).join(''), { html: true });
        if (f.html !== undefined) el.setInnerContent(f.html, { html: true });
      },
    });
  }
  const out = rewriter.transform(new Response(base.body, { status, headers: base.headers }));
  const res = new Response(out.body, { status, headers: new Headers(out.headers) });
  for (const [k, v] of Object.entries(SITE_HEADERS)) res.headers.set(k, v);
  res.headers.set('Cache-Control', 'no-store');
  res.headers.set('Content-Type', 'text/html; charset=utf-8');
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

/** A bare page with every filled element, for when dist/ is not there. */
function fallbackPage(fills: Fill[]): Response {
  const body = fills.map((f) => `<div id="${escape(f.selector.replace(/^#/, ''))}"></div>`).join('');
  return new Response(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>童护</title></head><body>${body}</body></html>`,
    {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    },
  );
}

// --- One-time confirmation after a plain form post -------------------------------------------

const FLASH = 'tonghu_receipt';

/**
 * Keeps the receipt (reference and access code) for the confirmation page in a short-lived,
 * encrypted, HttpOnly cookie: never in the address. The page shows it once and clears it.
 */
export async function setReceiptCookie(c: Context<AppEnv>, path: string, receipt: unknown): Promise<void> {
  setCookie(c, FLASH, await encryptJson(c.env.DATA_KEY, `flash:${path}`, receipt), {
    path,
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: 600,
  });
}

/** The Set-Cookie header that ends the receipt cookie (sent with the page that shows it). */
export function clearReceiptCookie(path: string): Record<string, string> {
  return { 'Set-Cookie': `${FLASH}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict` };
}

export async function takeReceiptCookie<T>(c: Context<AppEnv>, path: string): Promise<T | null> {
  const value = getCookie(c, FLASH);
  if (!value) return null;
  try {
    return await decryptJson<T>(c.env.DATA_KEY, `flash:${path}`, value);
  } catch {
    return null;
  }
}
