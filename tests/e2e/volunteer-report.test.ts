import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { NEUTRAL_SITE } from '#src/forms/quick-exit.ts';
import { isReferenceOf, isShownAccessCode } from '../support/reference-codes.ts';
import { expectAccessible, phone, useBrowser, withoutSiteScripts } from './support/browser.ts';
import { choose, expectDone, fillVolunteerForm, lookUp, receipt, stubNeutralSite } from './support/journeys.ts';

const browser = useBrowser();

async function fillReport(page: Page): Promise<void> {
  await page.getByLabel('流浪乞讨').check();
  await page.getByLabel('请说说您看到的情况').fill('汽车站门口每天有个男孩乞讨，没人管。');
  await page.getByLabel('在哪个乡镇（街道）、村（社区）').selectOption({ label: '城关镇 东街社区' });
  await page.getByLabel('具体地点').fill('县汽车站门口');
  await choose(page, '孩子大概多大', '6 到 11 岁');
  await choose(page, '孩子现在有危险吗', '说不清');
  await choose(page, '您的身份', '都不是，我是普通居民');
}

describe('volunteer sign-up', () => {
  it('explains the role and the screening first, then a 爱心妈妈 signs up and sees 已报名 on /status/', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    await page.goto('/volunteer/');
    const intro = await page.locator('main').textContent();
    for (const text of ['爱心妈妈（代理妈妈）做什么', '长期固定', '背景审查', '培训', '待结对']) expect(intro).toContain(text);
    await expectAccessible(page, '/volunteer/');
    await page.getByRole('button', { name: '提交报名' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.locator('#error-summary').textContent()).toContain('背景审查');
    await expectAccessible(page, '/volunteer/ with errors');

    await fillVolunteerForm(page);
    await page.getByLabel('您的身份证号码').fill('110105194912310021');
    await page.getByRole('button', { name: '提交报名' }).click();
    expect(await page.locator('#error-summary').textContent()).toContain('校验码');
    await page.getByLabel('您的身份证号码').fill('11010519491231002X');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.waitForURL(/\/volunteer\/done\/$/);
    const { reference, code } = await receipt(page);
    expect(isReferenceOf('volunteer', reference), reference).toBe(true);
    expect(isShownAccessCode(code), code).toBe(true);
    await expectAccessible(page, '/volunteer/done/');

    expect(await lookUp(page, reference, code)).toBe('已报名');
    await context.close();
  });

  it('submits with JavaScript turned off', async () => {
    const context = await phone(browser(), { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/volunteer/');
    await fillVolunteerForm(page);
    await page.getByRole('button', { name: '提交报名' }).click();
    await expectDone(page, 'volunteer');
    await context.close();
  });
});

describe('reporting a child at risk', () => {
  it('shows the emergency numbers first; a resident files an anonymous report and gets a reference without a code', async () => {
    const context = await phone(browser());
    const page = await context.newPage();
    await page.goto('/report/');
    const first = page.locator('main a[href="tel:110"]').first();
    expect((await first.boundingBox())!.y).toBeLessThan(740);
    await expectAccessible(page, '/report/');
    await page.getByRole('button', { name: '提交报告' }).click();
    expect(await page.locator('#error-summary').textContent()).toContain('请选择您看到的情况');
    await expectAccessible(page, '/report/ with errors');
    await fillReport(page);
    // Saying the child is in danger shows the numbers again, and the report is still accepted.
    await choose(page, '孩子现在有危险吗', '是，孩子现在有危险');
    expect(await page.getByText('请马上拨打 110（急救打 120）').isVisible()).toBe(true);
    await page.getByRole('button', { name: '提交报告' }).click();
    await expectDone(page, 'report');
    expect(await page.locator('#receipt-code-block').isVisible()).toBe(false);
    // No code was given, so nothing asks for one: keep the reference, and no 查看办理进度 button.
    expect(await page.locator('#receipt-keep-code').isVisible()).toBe(false);
    expect(await page.locator('#receipt-keep-reference').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: '查看办理进度' }).count()).toBe(0);
    expect(await page.locator('#receipt-duty').isVisible()).toBe(false);
    await expectAccessible(page, '/report/done/');
    await context.close();
  });

  it('a teacher’s named report, posted without JavaScript, gets a code and a dated receipt with her role, nothing about the child', async () => {
    const context = await phone(browser(), { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/report/');
    await fillReport(page);
    await page.getByLabel('我想查看处理进度（提交后会得到编号和查询码）').check();
    // A teacher, under her name: a dated receipt that says she reported, nothing about the child.
    await choose(page, '您的身份', '老师、学校工作人员');
    await page.getByLabel('您的称呼').fill('陈老师');
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.waitForURL(/\/report\/done\/$/);
    const code = (await page.locator('#receipt-code').textContent())!;
    expect(isShownAccessCode(code), code).toBe(true);
    const duty = page.locator('#receipt-duty');
    expect(await duty.isVisible()).toBe(true);
    expect(await page.locator('#receipt-duty-at').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(await page.locator('#receipt-duty-role').textContent()).toBe('老师、学校工作人员');
    expect(await page.locator('#receipt-duty-reference').textContent()).toBe(await page.locator('#receipt-reference').textContent());
    expect(await duty.textContent()).not.toContain('汽车站');
    await context.close();
  });

  it('the forms pass axe as someone without JavaScript sees them', async () => {
    const context = await withoutSiteScripts(browser());
    const page = await context.newPage();
    for (const path of ['/volunteer/', '/report/']) {
      await page.goto(path);
      await expectAccessible(page, `${path} without JavaScript`);
    }
    await context.close();
  });
});

describe('quick exit', () => {
  async function neutral(): Promise<BrowserContext> {
    const context = await phone(browser());
    await stubNeutralSite(context);
    return context;
  }

  it('the button on /report/ leaves and takes the page out of the history', async () => {
    const context = await neutral();
    const page = await context.newPage();
    await page.goto('/');
    await page.goto('/report/');
    await page.getByRole('link', { name: '快速离开' }).click();
    await page.waitForURL(NEUTRAL_SITE);
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  });

  it('pressing Shift three times on /hotlines/ leaves too', async () => {
    const context = await neutral();
    const page = await context.newPage();
    await page.goto('/hotlines/');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForURL(NEUTRAL_SITE);
    await context.close();
  });
});
