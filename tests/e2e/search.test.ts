import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { desktop, launch } from './support/browser.ts';

/**
 * Chinese search regression suite: each query must bring the expected page into the first
 * three results of the real Pagefind index, in real Chromium. Add a line whenever a query
 * people use fails (and fix it with keywords or src/search/synonyms.ts).
 */
const QUERIES: [query: string, expected: RegExp][] = [
  ['代理妈妈', /\/entitlements\/caring-mother-pairing\/|\/policies\/caring-mothers\//],
  ['爱心妈妈', /\/entitlements\/caring-mother-pairing\/|\/policies\/caring-mothers\/|\/guides\/becoming-a-volunteer\//],
  ['孤儿 补贴', /\/entitlements\/orphan-basic-living\//],
  ['留守儿童', /\/entitlements\/caring-mother-pairing\/|\/policies\/caring-mothers\/|\/entitlements\/children-home\//],
  ['辍学', /\/entitlements\/dropout-return\//],
  ['心理咨询', /\/entitlements\/psychological-counselling\//],
  ['强制报告', /\/guides\/mandatory-reporting\/|\/policies\/discovery-reporting\//],
  ['低保', /\/entitlements\/minimum-living-allowance\//],
  ['最低生活保障', /\/entitlements\/minimum-living-allowance\//],
  ['残疾儿童 康复', /\/entitlements\/disabled-child-rehabilitation\//],
  ['营养午餐', /\/entitlements\/nutrition-lunch\//],
  ['失学', /\/entitlements\/dropout-return\//],
];

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launch();
  page = await (await desktop(browser)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

async function topResults(query: string): Promise<string[]> {
  await page.goto(`/search/?q=${encodeURIComponent(query)}`);
  await page
    .locator('#search-status')
    .filter({ hasText: /找到|没有找到/ })
    .waitFor();
  return page
    .locator('#search-results li h2 a')
    .evaluateAll((links) => links.slice(0, 3).map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe('Chinese search', () => {
  it.each(QUERIES)('「%s」 brings the right page into the top three', async (query, expected) => {
    const top = await topResults(query);
    expect(
      top.some((p) => expected.test(p)),
      `top 3 for 「${query}」: ${top.join(', ')}`,
    ).toBe(true);
  });

  it('filters by content type', async () => {
    await page.goto(`/search/?q=${encodeURIComponent('监护')}&type=${encodeURIComponent('法律')}`);
    await page
      .locator('#search-status')
      .filter({ hasText: /找到|没有找到/ })
      .waitFor();
    const paths = await page
      .locator('#search-results li h2 a')
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('/laws/'))).toBe(true);
  });

  it('works from the search box in the header, by keyboard', async () => {
    await page.goto('/hotlines/');
    await page.locator('#site-search').focus();
    await page.keyboard.type('低保');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await page.locator('#search-results li').first().waitFor();
    expect(await page.locator('#search-results li').count()).toBeGreaterThan(0);
  });
});
