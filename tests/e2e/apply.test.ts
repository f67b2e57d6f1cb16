import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, phone, useBrowser, withoutSiteScripts } from './support/browser.ts';
import { NEUTRAL_SITE } from '#src/forms/quick-exit.ts';
import { isReferenceOf, isShownAccessCode } from '../support/reference-codes.ts';
import { checkAsGrandmother, fillApplication, lookUp, receipt, stubNeutralSite } from './support/journeys.ts';

const browser = useBrowser();

const field = (page: Page, legend: string) => page.locator('fieldset', { has: page.locator('legend', { hasText: legend }) });
const title = (page: Page) => page.locator('section[data-step]:not([hidden]) h2').textContent();

describe('applying online', () => {
  it('a grandmother goes from the checker to the application, gets a reference and a code, and sees 已提交 on /status/', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    await checkAsGrandmother(page);
    await page.getByRole('button', { name: '继续在线申请所选帮助' }).click();
    await page.waitForURL(/\/apply\/$/);
    expect(await page.locator('input[name="idempotencyKey"]').inputValue()).toMatch(/^F[A-Za-z0-9_-]{44}$/);
    expect(await title(page)).toBe('关于您（申请人）');
    expect(await page.getByRole('link', { name: '快速离开' }).isVisible()).toBe(true);
    await expectAccessible(page, 'apply: applicant');

    // An empty step shows the error summary and moves focus to it.
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.locator('#error-summary').textContent()).toContain('请填写您的姓名');
    await expectAccessible(page, 'apply: error summary');

    await page.getByLabel('您的姓名').fill('王秀兰');
    await field(page, '您和孩子是什么关系').getByLabel('祖父母或外祖父母').check();
    await page.getByLabel('您的手机号码').fill('13800138000');
    await page.getByRole('button', { name: '继续' }).click();
    expect(await title(page)).toBe('关于孩子');
    // The birth date came over from the checker.
    expect(await page.getByLabel('年', { exact: true }).inputValue()).toBe('2017');
    await page.getByLabel('孩子的姓名').fill('李小明');
    // So did the township and village: not asked again.
    expect(await page.getByLabel('孩子住在哪个村（社区）').inputValue()).toBe('dongshan/松林村');
    await page.getByLabel('详细住址').fill('三组 12 号');
    await expectAccessible(page, 'apply: child');
    await page.getByRole('button', { name: '继续' }).click();
    expect(await title(page)).toBe('孩子和家庭的情况');
    expect(await field(page, '孩子父亲现在的情况').getByLabel('在外地打工').isChecked()).toBe(true);
    await expectAccessible(page, 'apply: circumstances');
    await page.getByRole('button', { name: '继续' }).click();
    expect(await title(page)).toBe('申请哪些帮助');
    expect(await page.getByLabel('营养午餐补助').isChecked()).toBe(true);
    await expectAccessible(page, 'apply: entitlements');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('我已阅读隐私说明，同意工作人员为办理申请使用以上信息').check();
    await expectAccessible(page, 'apply: consent');
    await page.getByRole('button', { name: '继续' }).click();
    expect(await title(page)).toBe('核对您填写的内容');
    const review = await page.locator('#review-list').textContent();
    for (const text of ['王秀兰', '13800138000', '李小明', '东山乡 松林村', '营养午餐补助']) expect(review).toContain(text);
    await expectAccessible(page, 'apply: check your answers');

    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/apply\/done\/$/);
    const { reference, code } = await receipt(page);
    expect(isReferenceOf('application', reference), reference).toBe(true);
    expect(isShownAccessCode(code), code).toBe(true);
    expect(page.url()).not.toContain(reference);
    await expectAccessible(page, 'apply: confirmation');
    expect(await page.evaluate(() => [sessionStorage.getItem('tonghu.apply.draft'), sessionStorage.getItem('tonghu.check')])).toEqual([
      null,
      null,
    ]);

    // Shown once: a reload no longer shows the code.
    await page.reload();
    expect(await page.locator('#receipt').isVisible()).toBe(false);
    expect(await page.locator('#receipt-missing').isVisible()).toBe(true);

    expect(await lookUp(page, reference, code)).toBe('已提交');
    await expectAccessible(page, 'status: result');
    await context.close();
  });

  it('submits with JavaScript turned off, and the status lookup works without it too', async () => {
    const context = await phone(browser(), { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/apply/');
    // Every step shows at once.
    expect(await page.locator('section[data-step]:visible').count()).toBe(5);
    await fillApplication(page, { name: '张建国', phone: '13900139000' });
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/apply\/done\/$/);
    const { reference, code } = await receipt(page);
    expect(isReferenceOf('application', reference), reference).toBe(true);

    expect(await lookUp(page, reference, code)).toBe('已提交');
    await context.close();
  });

  it('the form, the error page and the status answer pass axe as someone without JavaScript sees them', async () => {
    const context = await withoutSiteScripts(browser());
    const page = await context.newPage();
    await page.goto('/apply/');
    expect(await page.locator('section[data-step]:visible').count()).toBe(5);
    await expectAccessible(page, 'apply without JavaScript');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.locator('#error-summary li').first().waitFor();
    await expectAccessible(page, 'form errors without JavaScript');
    expect(await lookUp(page, 'A-AAAAAAAA', 'AAAA-AAAA-AAAA')).toBe('');
    expect(await page.locator('#status-error-message').textContent()).toContain('编号或查询码不对');
    await expectAccessible(page, 'status error without JavaScript');
    await context.close();
  });

  it('without JavaScript, a form with mistakes comes back filled in, with a list of what to fix', async () => {
    const context = await phone(browser(), { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/apply/');
    await page.getByLabel('您的手机号码').fill('12345');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.locator('#error-summary li').first().waitFor();
    const text = await page.locator('#error-summary').textContent();
    expect(text).toContain('请填写您的姓名');
    expect(text).toContain('手机号码应为 11 位');
    // The same form, with what was typed still there and the message at the field.
    expect(await page.getByLabel('您的手机号码').inputValue()).toBe('12345');
    expect(await page.locator('[data-field="applicant.phone"] .error-message').textContent()).toContain('手机号码应为 11 位');
    await context.close();
  });

  it('the quick exit leaves for a neutral site and takes the form out of the history', async () => {
    const context = await phone(browser());
    await stubNeutralSite(context);
    const page = await context.newPage();
    await page.goto('/');
    await page.goto('/apply/');
    await page.getByLabel('您的姓名').fill('王秀兰');
    await page.getByRole('link', { name: '快速离开' }).click();
    await page.waitForURL(NEUTRAL_SITE);
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  });
});
