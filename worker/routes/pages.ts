import { Hono } from 'hono';
import { ONLINE_ENTITLEMENTS } from '../../src/schemas/requests.ts';
import type { AppEnv } from '../env.ts';
import { clearReceiptCookie, completePage, takeReceiptCookie, type Fill } from '../lib/pages.ts';
import type { Receipt } from '../services/intake.ts';

/** The public forms: each view gets a fresh idempotency key, so a double submit stores one. */
const FORMS = ['/apply/', '/volunteer/', '/report/'];

export const pages = new Hono<AppEnv>();

for (const path of FORMS) {
  pages.get(path, (c) => {
    const fills: Fill[] = [{ selector: 'input[name="idempotencyKey"]', attrs: { value: crypto.randomUUID() } }];
    // /apply/?e=slug (from an entitlement page, or the checker's results without JavaScript): tick them.
    if (path === '/apply/') {
      for (const slug of c.req.queries('e') ?? []) {
        if (ONLINE_ENTITLEMENTS.includes(slug)) fills.push({ selector: `input[name="entitlements"][value="${slug}"]`, attrs: { checked: '' } });
      }
    }
    return completePage(c, path, fills);
  });
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
