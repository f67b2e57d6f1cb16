import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { clearReceiptCookie, completePage, takeReceiptCookie } from '../lib/pages.ts';
import type { Receipt } from '../services/intake.ts';

/** The public forms: each view gets a fresh idempotency key, so a double submit stores one. */
const FORMS = ['/apply/', '/volunteer/', '/report/'];

export const pages = new Hono<AppEnv>();

for (const path of FORMS) {
  pages.get(path, (c) => completePage(c, path, [{ selector: 'input[name="idempotencyKey"]', attrs: { value: crypto.randomUUID() } }]));
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
