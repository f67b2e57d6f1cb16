/**
 * Real Chromium (Debian's /usr/bin/chromium, or CHROME_PATH) driven by playwright-core, and an
 * axe check at WCAG 2.2 A/AA. Never a downloaded browser.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export { launch } from '../../support/browser.ts';

export const baseURL = (): string => inject('baseURL');

/** A phone-sized context: 360 px wide, as the mobile-first target says. */
export async function phone(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseURL(),
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...options,
  });
}

export async function desktop(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseURL(), viewport: { width: 1280, height: 900 }, locale: 'zh-CN', ...options });
}

/** Fails with the list of violations (rule, impact, first target) when axe finds any at WCAG 2.2 A/AA. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes[0]?.target.join(' ')}`);
  expect(problems, `axe on ${what}`).toEqual([]);
}

/** True when the page is wider than its viewport (scrolls sideways). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
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
