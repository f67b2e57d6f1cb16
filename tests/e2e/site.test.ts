import { describe, expect, it } from 'vitest';
import { builtPages } from '../support/pages.ts';
import { desktop, expectAccessible, phone, scrollsSideways, useBrowser } from './support/browser.ts';

const browser = useBrowser();

describe('the public site', () => {
  it('shows the emergency numbers on the home page without scrolling on a phone', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    await page.goto('/');
    for (const number of ['110', '120']) {
      const link = page.locator(`a[href="tel:${number}"]`).first();
      await expect.poll(() => link.isVisible()).toBe(true);
      const box = (await link.boundingBox())!;
      expect(box.y + box.height, `tel:${number} is above the fold`).toBeLessThanOrEqual(740);
    }
    // The three tasks are on the home page.
    for (const task of ['查看可申请的帮助', '报名志愿者和爱心妈妈', '求助与报告']) {
      await expect.poll(() => page.getByRole('link', { name: task }).count()).toBeGreaterThan(0);
    }
    await context.close();
  });

  it('loads no JavaScript on content pages', async () => {
    const context = await desktop(browser());
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    for (const path of [
      '/',
      '/entitlements/',
      '/entitlements/orphan-basic-living/',
      '/policies/risk-levels/',
      '/laws/',
      '/guides/safety/',
    ]) {
      await page.goto(path);
      expect(await page.locator('script:not([type="application/json"])').count(), path).toBe(0);
    }
    expect(scripts).toEqual([]);
    // /hotlines/ carries only the quick-exit script (a keyboard shortcut needs it).
    await page.goto('/hotlines/');
    expect(scripts).toHaveLength(1);
    await context.close();
  });

  it.each([
    ['home', '/'],
    ['an entitlement page', '/entitlements/orphan-basic-living/'],
    ['the hotlines', '/hotlines/'],
    ['search results', '/search/?q=孤儿'],
  ])('has no WCAG 2.2 A/AA violation on %s', async (what, path) => {
    const context = await phone(browser());
    const page = await context.newPage();
    await page.goto(path);
    if (path.startsWith('/search/')) await page.locator('#search-results li').first().waitFor();
    await expectAccessible(page, what);
    await context.close();
  });

  it('does not scroll sideways at 360 px on any page', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    const wide: string[] = [];
    for (const path of builtPages()) {
      await page.goto(path);
      if (await scrollsSideways(page)) wide.push(path);
    }
    expect(wide).toEqual([]);
    await context.close();
  });
});
