import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { desktop, expectAccessible, launch, phone } from './support/browser.ts';

/**
 * How the search page behaves for the person using it. Which page each question finds is the
 * regression suite's job (search-regression.test.ts).
 */
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launch();
  page = await (await desktop(browser)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** The page has answered (this query, when given: typing shows the answers to each step first). */
const settled = (p: Page, query?: string) =>
  p
    .locator('#search-status')
    .filter({ hasText: query ? `「${query}」` : /找到|没有找到/ })
    .filter({ hasText: /找到|没有找到/ })
    .waitFor();
const resultPaths = (p: Page) =>
  p.locator('#search-results li h2 a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

describe('the search page', () => {
  it('searches as the person types, without pressing Enter', async () => {
    await page.goto('/search/');
    await page.locator('#q').pressSequentially('低保');
    await settled(page, '低保');
    expect((await resultPaths(page))[0]).toBe('/entitlements/minimum-living-allowance/');
    // The address follows, so the back button and a shared link give the same results.
    expect(new URL(page.url()).searchParams.get('q')).toBe('低保');
  });

  it('waits for the input method to commit a word before searching', async () => {
    await page.goto('/search/');
    const pagefindFetches: string[] = [];
    page.on('request', (r) => {
      if (/\/pagefind\/(index|fragment)\//.test(r.url())) pagefindFetches.push(r.url());
    });
    const cdp = await page.context().newCDPSession(page);
    await page.locator('#q').focus();
    // Pinyin being composed: the box holds 「gu'er」, then the candidate 「孤儿」, still uncommitted.
    await cdp.send('Input.imeSetComposition', { text: "gu'er", selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.imeSetComposition', { text: '孤儿', selectionStart: 2, selectionEnd: 2 });
    await page.waitForTimeout(400);
    expect(await page.locator('#q').inputValue()).toBe('孤儿');
    expect(await page.locator('#search-results li').count()).toBe(0);
    expect(pagefindFetches).toEqual([]);
    // The person picks the candidate: the word is committed and searched.
    await cdp.send('Input.insertText', { text: '孤儿' });
    await settled(page, '孤儿');
    expect(await resultPaths(page)).toContain('/entitlements/orphan-basic-living/');
  });

  it('shows five results first and the next five on request, moving focus to them', async () => {
    await page.goto(`/search/?q=${encodeURIComponent('低保')}`);
    await settled(page);
    expect(await page.locator('#search-results li').count()).toBe(5);
    await page.locator('#search-more').click();
    await expect.poll(() => page.locator('#search-results li').count()).toBe(10);
    expect(await page.evaluate(() => document.activeElement?.closest('li') === document.querySelectorAll('#search-results li')[5])).toBe(
      true,
    );
  });

  it('puts the emergency card with 110, 120 and the county hotline above the results of a crisis query', async () => {
    await page.goto(`/search/?q=${encodeURIComponent('孩子想自杀')}`);
    await settled(page);
    const card = page.locator('#search-crisis');
    expect(await card.isVisible()).toBe(true);
    for (const tel of ['tel:110', 'tel:120', 'tel:12355']) expect(await card.locator(`a[href="${tel}"]`).count(), tel).toBe(1);
    // No county hotline is set in the demo county: the national fallback is named instead.
    expect(await card.textContent()).toContain('12345');
    expect(
      await card.evaluate(
        (el) => el.compareDocumentPosition(document.getElementById('search-results')!) & Node.DOCUMENT_POSITION_FOLLOWING,
      ),
    ).toBeTruthy();
    expect((await resultPaths(page)).slice(0, 3)).toContain('/report/');
    // The next, ordinary question takes the card away.
    await page.locator('#q').fill('营养午餐');
    await settled(page, '营养午餐');
    expect(await card.isVisible()).toBe(false);
  });

  it('says so when no page has all the words, and shows pages with some of them', async () => {
    await page.goto(`/search/?q=${encodeURIComponent('营养午餐 社区矫正')}`);
    await settled(page);
    expect(await page.locator('#search-partial').isVisible()).toBe(true);
    const paths = await resultPaths(page);
    expect(paths).toContain('/entitlements/nutrition-lunch/');
    expect(paths).toContain('/entitlements/community-correction-support/');
  });

  it('puts the law first when the query names it', async () => {
    await page.goto(`/search/?q=${encodeURIComponent('未成年人保护法 强制报告')}`);
    await settled(page);
    expect((await resultPaths(page))[0]).toBe('/laws/minors-protection-law/');
  });

  it('filters by content type', async () => {
    await page.goto(`/search/?q=${encodeURIComponent('监护')}&type=${encodeURIComponent('法律')}`);
    await settled(page);
    const paths = await resultPaths(page);
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

  it('answers a search from the header box without JavaScript: results, five more by a link, the crisis card, filters', async () => {
    const context = await phone(browser, { javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto('/entitlements/orphan-basic-living/');
    await noJs.locator('#site-search').fill('低保');
    await noJs.locator('#site-search').press('Enter');
    await noJs.waitForURL(/\/search\/\?q=/);
    expect(decodeURIComponent(new URL(noJs.url()).search)).toBe('?q=低保');
    expect(await noJs.locator('#q').inputValue()).toBe('低保');
    expect(await noJs.locator('#search-status').textContent()).toMatch(/^找到 \d+ 条与「低保」有关的内容$/);
    expect((await resultPaths(noJs))[0]).toBe('/entitlements/minimum-living-allowance/');
    expect(await noJs.locator('#search-results li').count()).toBe(5);
    expect(await noJs.locator('#search-results li').first().locator('mark').first().textContent()).toBe('低保');
    // Five more, by a link that lands on the first of them.
    await noJs.locator('#search-more-link').click();
    await noJs.waitForURL(/n=10/);
    expect(await noJs.locator('#search-results li').count()).toBe(10);
    expect(new URL(noJs.url()).hash).toBe('#r6');
    // A question about danger: the card above the results, the report page among the first three.
    await noJs.goto(`/search/?q=${encodeURIComponent('孩子想自杀')}`);
    expect(await noJs.locator('#search-crisis').isVisible()).toBe(true);
    expect((await resultPaths(noJs)).slice(0, 3)).toContain('/report/');
    // The filters are plain form fields: what was chosen stays chosen.
    await noJs.goto(`/search/?q=${encodeURIComponent('监护')}&type=${encodeURIComponent('法律')}`);
    const paths = await resultPaths(noJs);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('/laws/'))).toBe(true);
    expect(await noJs.locator('#type').inputValue()).toBe('法律');
    expect(await noJs.locator('#search-crisis').isVisible()).toBe(false);
    await context.close();
  });

  it('has the first results in the page a link opens, and the island keeps those rows', async () => {
    const context = await desktop(browser);
    // From the first byte of the page: each new text of the status line (a screen reader reads
    // each aloud), and how many results the list holds after each change.
    await context.addInitScript(() => {
      const seen: { said: string[]; rows: number[] } = { said: [], rows: [] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver((records) => {
        const status = document.getElementById('search-status');
        // Every write to the status line counts, even of the same words: a live region reads it again.
        if (status && records.some((r) => r.target === status || r.target.parentNode === status)) seen.said.push(status.textContent ?? '');
        const list = document.getElementById('search-results');
        if (list) seen.rows.push(list.children.length);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const tab = await context.newPage();
    const answer = await tab.goto(`/search/?q=${encodeURIComponent('低保')}`);
    // In the HTML itself, before any script has run.
    expect(await answer!.text()).toContain('<li id="r1" data-key=');
    await tab.waitForFunction(() => performance.getEntriesByName('found').length > 0);
    // The island found the same pages and kept the Worker's rows (its own have no id), excerpts and all.
    expect(await tab.locator('#search-results li').count()).toBe(5);
    expect(await tab.locator('#search-results li[id^="r"]').count()).toBe(5);
    expect(await tab.locator('#search-results li#r1 mark').count()).toBeGreaterThan(0);
    expect((await resultPaths(tab))[0]).toBe('/entitlements/minimum-living-allowance/');
    // Nothing flashed: the count was said once, and the list never emptied once it had its rows.
    const seen = await tab.evaluate(() => (window as unknown as { seen: { said: string[]; rows: number[] } }).seen);
    expect(seen.said).toHaveLength(1);
    expect(seen.said[0]).toMatch(/^找到 \d+ 条与「低保」有关的内容$/);
    expect(seen.rows.slice(seen.rows.indexOf(5))).not.toContain(0);
    // With JavaScript "more" is the button, not the page's link.
    expect(await tab.locator('#search-more-link').count()).toBe(0);
    await tab.locator('#search-more').click();
    await expect.poll(() => tab.locator('#search-results li').count()).toBe(10);
    await context.close();
  });

  it('fetches Pagefind and its WebAssembly when the header box gets focus, and runs no script for it', async () => {
    const context = await desktop(browser);
    const tab = await context.newPage();
    const fetched: string[] = [];
    tab.on('request', (r) => fetched.push(`${r.resourceType()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`));
    await tab.goto('/entitlements/orphan-basic-living/');
    expect(fetched.filter((f) => f.includes('/pagefind/'))).toEqual([]);
    await tab.locator('#site-search').focus();
    await expect.poll(() => fetched.filter((f) => f.includes('/pagefind/')).length).toBe(2);
    const files = fetched.filter((f) => f.includes('/pagefind/')).map((f) => f.split(' ')[1]!);
    expect(files.sort()).toEqual(['/pagefind/pagefind.js', '/pagefind/wasm.unknown.pagefind']);
    expect(fetched.some((f) => f.startsWith('script'))).toBe(false);
    expect(await tab.locator('script:not([type="application/json"])').count()).toBe(0);
    await context.close();
  });

  it('has no WCAG 2.2 A/AA violation with the emergency card and the partial-match notice shown', async () => {
    const context = await phone(browser);
    const tab = await context.newPage();
    await tab.goto(`/search/?q=${encodeURIComponent('营养午餐 社区矫正 被打')}`);
    await settled(tab);
    expect(await tab.locator('#search-crisis').isVisible()).toBe(true);
    expect(await tab.locator('#search-partial').isVisible()).toBe(true);
    await expectAccessible(tab, 'search with the crisis card and the partial-match notice');
    await context.close();
  });
});
