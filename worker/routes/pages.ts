import { Hono, type Context } from 'hono';
import { ONLINE_ENTITLEMENTS } from '../../src/schemas/requests.ts';
import type { AppEnv } from '../env.ts';
import { assertSameOrigin } from '../lib/client.ts';
import { ApiError } from '../lib/errors.ts';
import { backTo, formRefusalsAsPage, isFormPost, readForm } from '../lib/form-posts.ts';
import { clearReceiptCookie, completePage, takeReceiptCookie, type Fill } from '../lib/pages.ts';
import { limitBody } from '../lib/validate.ts';
import type { Receipt } from '../services/intake.ts';

/** The public forms: each view gets a fresh idempotency key, so a double submit stores one. */
const FORMS = ['/apply/', '/volunteer/', '/report/'];

export const pages = new Hono<AppEnv>();

/** The form page with a fresh idempotency key, and on /apply/ these entitlements ticked (online ones only). */
function formPage(c: Context<AppEnv>, path: string, entitlements: string[] = []): Promise<Response> {
  const fills: Fill[] = [{ selector: 'input[name="idempotencyKey"]', attrs: { value: crypto.randomUUID() } }];
  for (const slug of entitlements) {
    if (ONLINE_ENTITLEMENTS.includes(slug)) fills.push({ selector: `input[name="entitlements"][value="${slug}"]`, attrs: { checked: '' } });
  }
  return completePage(c, path, fills);
}

for (const path of FORMS) {
  // /apply/?e=slug: the link on an entitlement's page, which says nothing about a child.
  pages.get(path, (c) => formPage(c, path, path === '/apply/' ? (c.req.queries('e') ?? []) : []));
  pages.get(`${path}done/`, async (c) => {
    const receipt = await takeReceiptCookie<Receipt>(c, `${path}done/`);
    if (!receipt) return completePage(c, `${path}done/`, [{ selector: '#receipt-missing', show: true }]);
    // Shown once: the page that shows the receipt also ends the cookie.
    return completePage(
      c,
      `${path}done/`,
      [
        { selector: '#receipt', show: true },
        { selector: '#receipt-missing', show: false },
        { selector: '#receipt-reference', text: receipt.reference },
        { selector: '#receipt-code', text: receipt.accessCode ?? '' },
        { selector: '#receipt-code-block', show: receipt.accessCode !== null },
      ],
      200,
      clearReceiptCookie(`${path}done/`),
    );
  });
}

/**
 * The checker's results without JavaScript: the entitlements chosen there come in the body,
 * never in the address, because together they tell what the child is going through (and an
 * address stays in the history and in logs). The answer is /apply/ with them ticked.
 */
pages.post(
  '/apply/',
  limitBody(16 * 1024),
  formRefusalsAsPage(backTo('/check/'), async (c) => {
    if (!isFormPost(c)) throw new ApiError(415, 'unsupported_media_type', '请从本网站的页面提交表单。');
    assertSameOrigin(c);
    return formPage(c, '/apply/', (await readForm(c)).getAll('e'));
  }),
);
