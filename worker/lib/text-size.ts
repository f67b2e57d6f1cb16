/**
 * 大字 on every HTML page the Worker answers (wrangler.toml [assets] run_worker_first sends
 * every page here, not the static files): with the reader's cookie (src/config/text-size.ts),
 * <html> gets the large-text class and the header's button says it is pressed; the button's
 * form returns to the address actually asked for. A page that depends on the cookie is never
 * kept by a shared cache (Vary: Cookie), and the large one not under the standard one's ETag.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SITE_HEADERS } from '#src/config/security.ts';
import { LARGE_TEXT_CLASS, TEXT_SIZE_COOKIE, isLargeText } from '#src/config/text-size.ts';
import type { AppEnv } from '../env.ts';

const wantsLarge = (c: Context): boolean => isLargeText(getCookie(c, TEXT_SIZE_COOKIE));

/**
 * The request to pass to the static assets: for a large-text reader, without the validators of
 * a page cached at the standard size, whose 304 would bring that page back.
 */
export function assetRequest(c: Context<AppEnv>): Request {
  if (!wantsLarge(c)) return c.req.raw;
  const headers = new Headers(c.req.raw.headers);
  headers.delete('if-none-match');
  headers.delete('if-modified-since');
  return new Request(c.req.raw, { headers });
}

export const textSizePages: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
  const large = wantsLarge(c);
  const here = new URL(c.req.url);
  const rewriter = new HTMLRewriter().on('form.text-size input[name="return"]', {
    element(el) {
      // A GET's own address (a 404's too); after a form post, the form page's static value stays.
      if (c.req.method === 'GET') el.setAttribute('value', here.pathname + here.search);
    },
  });
  if (large) {
    rewriter
      .on('html', {
        element(el) {
          el.setAttribute('class', `${el.getAttribute('class') ?? ''} ${LARGE_TEXT_CLASS}`.trim());
        },
      })
      .on('form.text-size button[name="size"]', {
        element(el) {
          el.setAttribute('value', 'standard');
          el.setAttribute('aria-pressed', 'true');
        },
      });
  }
  const res = rewriter.transform(c.res);
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(SITE_HEADERS)) if (!headers.has(k)) headers.set(k, v);
  headers.append('Vary', 'Cookie');
  if (large) {
    headers.delete('ETag');
    headers.delete('Last-Modified');
    if (!/no-store/.test(headers.get('Cache-Control') ?? '')) headers.set('Cache-Control', 'private, no-cache');
  }
  c.res = undefined;
  c.res = new Response(res.body, { status: res.status, statusText: res.statusText, headers });
};
