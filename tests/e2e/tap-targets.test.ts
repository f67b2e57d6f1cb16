/**
 * 适老化: on a 360 px phone, every control a finger has to hit — buttons, boxes, choices,
 * the emergency numbers, the menu, the footer links, 更多求助电话 — is at least 44×44 px.
 * Links inside running text are not measured (WCAG 2.5.8 leaves them out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { builtPages } from '../support/pages.ts';
import { launch, phone } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const TARGETS = [
  'button',
  'select',
  'input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"])',
  'summary',
  'a.button',
  '.emergency a',
  'nav.main a',
  'footer.site a',
  '.actions a',
  '.tags a',
  'label.larger',
  '.radio',
  '.checkbox',
].join(', ');

describe('tap targets', () => {
  it('are at least 44×44 px on every page at 360 px', async () => {
    const context = await phone(browser);
    const page = await context.newPage();
    const small: string[] = [];
    for (const path of builtPages()) {
      await page.goto(path);
      const found = await page.evaluate((selector) => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>(selector)) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || el.closest('.hp')) continue; // not shown, or the honeypot no person sees
          if (r.width < 44 || r.height < 44) {
            const name = (el.textContent ?? '').trim().slice(0, 12) || el.getAttribute('name') || el.id;
            out.push(
              `${el.tagName.toLowerCase()}${el.className ? '.' + el.className.split(' ')[0] : ''} 「${name}」 ${Math.round(r.width)}×${Math.round(r.height)}`,
            );
          }
        }
        return out;
      }, TARGETS);
      for (const f of found) small.push(`${path} ${f}`);
    }
    expect(small).toEqual([]);
    await context.close();
  }, 300_000);
});
