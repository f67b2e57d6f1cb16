/**
 * 大字 (适老化), as an older carer uses it: pressed once on one page, the text stays large on
 * every page after it — a content page and a form page — until pressed again, with and without
 * JavaScript. The choice is a cookie the Worker reads (worker/lib/text-size.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { phone, rootFontSize, useBrowser } from './support/browser.ts';

const browser = useBrowser();

const button = (page: Page) => page.locator('form.text-size button');

/** Presses the header's button and waits for the page to say the new state (after the round trip, without the script). */
async function press(page: Page): Promise<void> {
  const was = await button(page).getAttribute('aria-pressed');
  await button(page).click();
  await page.locator(`form.text-size button[aria-pressed="${was === 'true' ? 'false' : 'true'}"]`).waitFor();
  await page.waitForLoadState('load');
}

describe.each([
  ['without JavaScript', false],
  ['with JavaScript', true],
])('大字 %s', (_, javaScriptEnabled) => {
  it('stays on across a content page and a form page, and goes off again', async () => {
    const context = await phone(browser(), { javaScriptEnabled });
    const page = await context.newPage();
    await page.goto('/entitlements/orphan-basic-living/');
    const standard = await rootFontSize(page);
    expect(await button(page).getAttribute('aria-pressed')).toBe('false');

    // A content page loads no script: the press is the form's round trip, either way.
    await press(page);
    expect(page.url()).toMatch(/\/entitlements\/orphan-basic-living\/$/);
    expect(await rootFontSize(page)).toBeGreaterThanOrEqual(standard * 1.2);
    expect(await button(page).getAttribute('aria-pressed')).toBe('true');

    for (const path of ['/laws/', '/volunteer/']) {
      await page.goto(path);
      expect(await rootFontSize(page), path).toBeGreaterThanOrEqual(standard * 1.2);
      expect(await button(page).getAttribute('aria-pressed'), path).toBe('true');
    }

    // On the form page, pressed again: standard text, and (with the script) what was typed stays.
    const name = page.locator('#volunteer-form input[type="text"]').first();
    if (javaScriptEnabled) await name.fill('王秀兰');
    await press(page);
    expect(await rootFontSize(page)).toBe(standard);
    expect(await button(page).getAttribute('aria-pressed')).toBe('false');
    if (javaScriptEnabled) expect(await name.inputValue()).toBe('王秀兰');

    await page.goto('/guides/safety/');
    expect(await rootFontSize(page)).toBe(standard);
    await context.close();
  });
});

describe('the 大字 button', () => {
  it('is at least 44×44 px and says whether it is on', async () => {
    const context = await phone(browser(), { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    const box = (await button(page).boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await page.getByRole('button', { name: '大字', pressed: false }).click();
    await page.getByRole('button', { name: '大字', pressed: true }).waitFor();
    await context.close();
  });

  it('with JavaScript, turns on at once on a form page and is still on after the next page', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    await page.goto('/report/');
    const standard = await rootFontSize(page);
    await press(page);
    expect(await rootFontSize(page)).toBeGreaterThanOrEqual(standard * 1.2);
    await page.goto('/hotlines/');
    expect(await rootFontSize(page)).toBeGreaterThanOrEqual(standard * 1.2);
    await context.close();
  });
});
