/**
 * Real Chromium (Debian's /usr/bin/chromium, or CHROME_PATH) driven by playwright-core, and an
 * axe check at WCAG 2.2 A/AA. Never a downloaded browser.
 */
import { AxeBuilder } from '@axe-core/playwright';
import axeCore from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { launch } from '../../support/browser.ts';
import { ownCaller } from '../../support/callers.ts';

export { launch };

export const baseURL = (): string => inject('baseURL');

/**
 * One Chromium for the test file: launched before its tests, closed after them with every
 * context still open. Called at the top of the file; the getter answers it once launched.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** A phone-sized context: 360 px wide, as the mobile-first target says. */
export async function phone(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseURL(),
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    extraHTTPHeaders: ownCaller(),
    ...options,
  });
}

/**
 * A 1280 px window zoomed to 200% (WCAG 1.4.4, 1.4.10): the page lays out in 640 CSS px, drawn
 * with twice the pixels, as Chromium's own zoom does.
 */
export async function zoomed(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseURL(),
    viewport: { width: 640, height: 450 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    extraHTTPHeaders: ownCaller(),
  });
}

/** The reader chose 大字 (the cookie the header's button sets), for the pages this context opens. */
export async function withLargeText(context: BrowserContext): Promise<BrowserContext> {
  await context.addCookies([{ name: 'tonghu-text', value: 'large', url: baseURL() }]);
  return context;
}

/** The root font size in CSS px: what 大字 changes. */
export function rootFontSize(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
}

export async function desktop(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseURL(), viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ...options });
}

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

type Violation = { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] };
const line = (v: Violation) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes[0]?.target.join(' ')}`;

/** Fails with the list of violations (rule, impact, first target) when axe finds any at WCAG 2.2 A/AA. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  expect(result.violations.map(line), `axe on ${what}`).toEqual([]);
}

/**
 * The same axe check at WCAG 2.2 A/AA, run in the page itself: for the sweep over every page.
 * AxeBuilder opens a blank page for each check (about 5 s a page on the shared machine, against
 * 0.5 s for the run); the site's pages have no frames for it to gather from (Turnstile's only
 * when configured, and then axe cannot look inside it either).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeCore.source);
  const violations = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axeCore }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) =>
          r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })),
        ),
    WCAG_22_AA,
  );
  return violations.map(line);
}

/** True when the page is wider than its viewport (scrolls sideways). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** A view at 360 px: no WCAG 2.2 AA problem for axe, and nothing wider than the phone. */
export async function checkView(page: Page, what: string): Promise<void> {
  await expectAccessible(page, what);
  expect(await scrollsSideways(page), what).toBe(false);
}

/**
 * Text cut off by a box that hides its overflow (WCAG 1.4.4): each shown element with
 * overflow hidden or clip whose content is larger than the box, and has text. The visually
 * hidden text for screen readers (.sr-only) and the honeypot (.hp) are hidden on purpose.
 */
export async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.sr-only, .hp, [hidden], [aria-hidden="true"]')) continue;
      const style = getComputedStyle(el);
      const hidesX = /hidden|clip/.test(style.overflowX) || style.textOverflow === 'ellipsis';
      const hidesY = /hidden|clip/.test(style.overflowY);
      if (!hidesX && !hidesY) continue;
      if (el.clientWidth === 0 || el.clientHeight === 0 || !(el.textContent ?? '').trim()) continue;
      const cutX = hidesX && el.scrollWidth > el.clientWidth + 1;
      const cutY = hidesY && el.scrollHeight > el.clientHeight + 1;
      if (cutX || cutY) {
        const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ')[0] : ''}`;
        out.push(
          `${name} 「${(el.textContent ?? '').trim().slice(0, 12)}」 ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
        );
      }
    }
    return out;
  });
}

/**
 * A context whose pages run none of the site's own scripts, while axe (injected by the test)
 * still can: how a page looks to someone without JavaScript, checked for accessibility.
 */
export async function withoutSiteScripts(browser: Browser): Promise<BrowserContext> {
  const context = await phone(browser);
  await context.route(/\/_astro\/.*\.js$/, (route) => route.abort());
  return context;
}
