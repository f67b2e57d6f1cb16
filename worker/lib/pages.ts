/**
 * Pages the Worker completes from the built site's HTML (dist/), with HTMLRewriter: a fresh
 * idempotency key in each form, the one-time confirmation after a plain form post, the
 * answer to a status lookup without JavaScript, and form errors. Every value is set as text,
 * so it is escaped.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SITE_HEADERS } from '#src/config/security.ts';
import { inputId } from '#src/forms/questions.ts';
import { escapeHtml as escape } from '#src/check/results-html.ts';
import { t } from '#src/i18n/index.ts';
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

/**
 * A form to fill in: the values (what was posted, or what another page handed over) and,
 * after a refused post, the refusal — its message and, per field (the data-field of the
 * markup), what to fix.
 */
export interface Refill {
  /** Selector of the <form> ('#apply-form'). */
  form: string;
  values: URLSearchParams;
  errors?: { message: string; fields: Record<string, string> };
  /** The form's input ids start with this (TextField idPrefix), for the summary's links. */
  idPrefix?: string;
  /** A pre-fill: only the fields in `values` change; the rest keep the page's own defaults. */
  partial?: boolean;
}

/** Inputs the page sets itself, never from a post: the privacy notice's version, the honeypot, Turnstile's token. */
const PAGE_OWNED = new Set(['consent.privacyNotice', 'privacyNotice', 'website', 'cf-turnstile-response']);

/**
 * The handlers that put a refused post back into its form: each input's value (or its
 * choice), each field's message, and the error summary with a link to each field. Values are
 * set as attributes and text, so they stay escaped.
 */
function refillForm(rewriter: HTMLRewriter, r: Refill): HTMLRewriter {
  const posted = (name: string | null) =>
    name && !PAGE_OWNED.has(name) && (!r.partial || r.values.has(name)) ? r.values.getAll(name) : null;
  let select: string | null = null;
  let field: string | null = null;
  const fields = r.errors?.fields ?? {};
  const rewritten = rewriter
    .on(`${r.form} input`, {
      element(el) {
        const values = posted(el.getAttribute('name'));
        if (!values) return;
        const type = el.getAttribute('type') ?? 'text';
        if (type === 'radio' || type === 'checkbox') {
          if (values.includes(el.getAttribute('value') ?? 'on')) el.setAttribute('checked', '');
          else el.removeAttribute('checked');
        } else if (type !== 'hidden' || el.getAttribute('name') === 'idempotencyKey') {
          if (values[0] !== undefined) el.setAttribute('value', values[0]);
        }
      },
    })
    .on(`${r.form} select`, {
      element(el) {
        select = el.getAttribute('name');
        el.onEndTag(() => {
          select = null;
        });
      },
    })
    .on(`${r.form} option`, {
      element(el) {
        const values = posted(select);
        if (!values) return;
        if (values.includes(el.getAttribute('value') ?? '')) el.setAttribute('selected', '');
        else el.removeAttribute('selected');
      },
    })
    .on(`${r.form} textarea`, {
      element(el) {
        const values = posted(el.getAttribute('name'));
        if (values?.[0] !== undefined) el.setInnerContent(values[0]);
      },
    })
    .on(`${r.form} .field`, {
      element(el) {
        const name = el.getAttribute('data-field');
        field = name && name in fields ? name : null;
        if (field) el.setAttribute('class', `${el.getAttribute('class') ?? ''} has-error`.trim());
      },
    })
    .on(`${r.form} .field .error-message`, {
      element(el) {
        if (!field) return;
        el.removeAttribute('hidden');
        el.setInnerContent(fields[field]!);
        field = null;
      },
    });
  if (!r.errors) return rewritten;
  const messages = Object.entries(fields).filter(([k]) => k !== '_');
  const summary = messages.length
    ? messages.map(([k, m]) => `<li><a href="#${escape((r.idPrefix ?? '') + inputId(k))}">${escape(m)}</a></li>`).join('')
    : `<li>${escape(r.errors.message)}</li>`;
  return rewritten
    .on('title', {
      element(el) {
        el.prepend(t('form.error.titlePrefix'));
      },
    })
    .on(`${r.form} .error-summary`, {
      element(el) {
        el.removeAttribute('hidden');
        // Without a script nothing else can move focus here; the summary is the first thing read.
        el.setAttribute('autofocus', '');
      },
    })
    .on(`${r.form} .error-summary ul`, {
      element(el) {
        el.setInnerContent(summary, { html: true });
      },
    });
}

/** The built page at `path`, completed with `fills`; no-store unless `headers` says otherwise. */
export async function completePage(
  c: Context<AppEnv>,
  path: string,
  fills: Fill[],
  status = 200,
  headers: Record<string, string> = {},
  refill?: Refill,
): Promise<Response> {
  const url = new URL(path, c.req.url);
  let page: Response | undefined;
  try {
    page = await c.env.ASSETS.fetch(new Request(url, { headers: { accept: 'text/html' } }));
  } catch {
    page = undefined; // the Worker tests run without the built site
  }
  const base = page?.ok && page.headers.get('content-type')?.includes('text/html') ? page : fallbackPage(fills, refill);
  let rewriter = refill ? refillForm(new HTMLRewriter(), refill) : new HTMLRewriter();
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

/** A bare page with every filled element (and the form's error summary), for when dist/ is not there. */
function fallbackPage(fills: Fill[], refill?: Refill): Response {
  const form = refill ? `<form id="${escape(refill.form.replace(/^#/, ''))}"><div class="error-summary" hidden><ul></ul></div></form>` : '';
  const body = form + fills.map((f) => `<div id="${escape(f.selector.replace(/^#/, ''))}"></div>`).join('');
  return new Response(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${t('api.fallbackTitle')}</title></head><body>${body}</body></html>`,
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
  setCookie(c, FLASH, await encryptJson(c.env.DATA_KEY, 'cookie.flash', `flash:${path}`, receipt), {
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
    return await decryptJson<T>(c.env.DATA_KEY, 'cookie.flash', `flash:${path}`, value);
  } catch {
    return null;
  }
}
