/**
 * 适老化 on every page the build wrote: on a 360 px phone, every control a finger has to hit —
 * buttons, boxes, choices, the emergency numbers, the menu, the footer links, 更多求助电话 —
 * is at least 44×44 px (links inside running text are not measured: WCAG 2.5.8 leaves them
 * out), and axe finds nothing at WCAG 2.2 A/AA. With 大字 on a 360 px phone, and at 200% zoom
 * of a 1280 px window, no page scrolls sideways and no text is cut off (WCAG 1.4.4, 1.4.10).
 * One browser; each check reuses one tab for all pages.
 */
import { describe, expect, it } from 'vitest';
import { builtPages } from '../support/pages.ts';
import { axeViolations, clippedText, phone, scrollsSideways, useBrowser, withLargeText, zoomed } from './support/browser.ts';

const browser = useBrowser();

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
  '.radio',
  '.checkbox',
].join(', ');

describe('every page at 360 px', () => {
  it('has tap targets of at least 44×44 px and nothing axe finds', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    const small: string[] = [];
    const axe: string[] = [];
    for (const path of builtPages()) {
      await page.goto(path);
      // The search page fills its results from the address; axe checks them, once shown.
      if (path === '/search/') await page.goto('/search/?q=孤儿').then(() => page.locator('#search-results li').first().waitFor());
      for (const problem of await axeViolations(page)) axe.push(`${path} ${problem}`);
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
    expect({ small, axe }).toEqual({ small: [], axe: [] });
    await context.close();
  }, 600_000);
});

describe('every page, text enlarged', () => {
  it.each([
    ['with 大字 at 360 px', async () => withLargeText(await phone(browser()))],
    ['at 200% zoom of a 1280 px window', () => zoomed(browser())],
  ])(
    '%s: no sideways scrolling and no text cut off',
    async (_, open) => {
      const context = await open();
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of builtPages()) {
        await page.goto(path);
        if (await scrollsSideways(page)) problems.push(`${path} scrolls sideways`);
        for (const cut of await clippedText(page)) problems.push(`${path} ${cut}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    },
    600_000,
  );
});
