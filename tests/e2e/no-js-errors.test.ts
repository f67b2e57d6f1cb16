/**
 * Every public form posted without JavaScript with two mistakes: the same form comes back
 * (4xx), filled in with what was typed, the error summary at the top and each message at its
 * field; the person fixes the mistakes and the form goes through.
 */
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { t } from '#src/i18n/index.ts';
import { expectAccessible, phone, useBrowser, withoutSiteScripts } from './support/browser.ts';
import { choose, expectDone, fillApplication, fillVolunteerForm, receipt } from './support/journeys.ts';

const browser = useBrowser();
let context: BrowserContext;
let page: Page;
beforeEach(async () => {
  context = await phone(browser(), { javaScriptEnabled: false });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

/** Presses the submit button and answers the HTTP status of the page that comes back. */
async function submit(button: string): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState();
  return res.status();
}

const summary = () => page.locator('#error-summary, .error-summary:not([hidden])').first().textContent();
const messageAt = (field: string) => page.locator(`[data-field="${field}"] .error-message`).textContent();
const radio = (legend: string, option: string) =>
  page.locator('fieldset', { has: page.locator('legend', { hasText: legend }) }).getByLabel(option, { exact: true });

describe('without JavaScript, a form with two mistakes comes back filled in with both messages, and goes through once fixed', () => {
  it('/check/: an impossible birth date and an age that is not a number', async () => {
    await page.goto('/check/');
    await page.getByLabel('年', { exact: true }).fill('2015');
    await page.getByLabel('月', { exact: true }).fill('2');
    await page.getByLabel('日', { exact: true }).fill('30');
    await page.getByLabel('不记得出生日期？填写孩子现在几周岁').fill('ab');
    await choose(page, '孩子的户口在哪里', '本县户口');
    await choose(page, '家住在哪里', '农村');
    await page.getByLabel('所在乡镇（街道）和村（社区）').selectOption({ label: '东山乡 松林村' });
    expect(await submit('查看结果')).toBe(400);

    expect(new URL(page.url()).pathname).toBe('/api/eligibility');
    const text = await summary();
    expect(text).toContain(t('check.err.dateReal'));
    expect(text).toContain(t('check.err.age'));
    expect(await messageAt('child.birthDate')).toContain(t('check.err.dateReal'));
    expect(await page.getByLabel('日', { exact: true }).inputValue()).toBe('30');
    expect(await page.getByLabel('不记得出生日期？填写孩子现在几周岁').inputValue()).toBe('ab');
    expect(await radio('孩子的户口在哪里', '本县户口').isChecked()).toBe(true);
    expect(await page.getByLabel('所在乡镇（街道）和村（社区）').inputValue()).toBe('dongshan/松林村');
    expect(await page.locator('#results').isVisible()).toBe(false);

    await page.getByLabel('日', { exact: true }).fill('10');
    await page.getByLabel('不记得出生日期？填写孩子现在几周岁').fill('');
    expect(await submit('查看结果')).toBe(200);
    expect(await page.locator('#results').isVisible()).toBe(true);
  });

  it('/apply/: no name and a short phone number', async () => {
    await page.goto('/apply/');
    await fillApplication(page, { phone: '12345' });
    expect(await submit('提交申请')).toBe(400);

    const text = await summary();
    expect(text).toContain('请填写您的姓名');
    expect(text).toContain('手机号码应为 11 位');
    expect(await messageAt('applicant.phone')).toContain('手机号码应为 11 位');
    expect(await messageAt('applicant.name')).toContain('请填写您的姓名');
    expect(await page.getByLabel('您的手机号码').inputValue()).toBe('12345');
    expect(await radio('您和孩子是什么关系', '父亲').isChecked()).toBe(true);
    expect(await page.getByLabel('孩子的姓名').inputValue()).toBe('张小红');
    expect(await page.getByLabel('年', { exact: true }).inputValue()).toBe('2014');
    expect(await page.getByLabel('孩子住在哪个村（社区）').inputValue()).toMatch(/\/东街社区$/);
    expect(await page.getByLabel('详细住址').inputValue()).toBe('解放路 8 号');
    expect(await page.getByLabel('残疾儿童康复救助').isChecked()).toBe(true);
    expect(await page.getByLabel('我已阅读隐私说明，同意工作人员为办理申请使用以上信息').isChecked()).toBe(true);

    await page.getByLabel('您的姓名').fill('张建国');
    await page.getByLabel('您的手机号码').fill('13900139000');
    await submit('提交申请');
    await expectDone(page, 'application');
  });

  it('/volunteer/: a short phone number and an ID number whose check digit is wrong', async () => {
    await page.goto('/volunteer/');
    await signUp({ phone: '12345', idNumber: '110105194912310021' }, 400);

    const text = await summary();
    expect(text).toContain('手机号码应为 11 位');
    expect(text).toContain('校验码');
    expect(await messageAt('phone')).toContain('手机号码应为 11 位');
    expect(await messageAt('idNumber')).toContain('校验码');
    expect(await page.getByLabel('您的姓名').inputValue()).toBe('刘芳');
    expect(await page.getByLabel('您的手机号码').inputValue()).toBe('12345');
    expect(await page.getByLabel('您的身份证号码').inputValue()).toBe('110105194912310021');
    expect(await page.getByLabel('您可以在哪个村（社区）服务').inputValue()).toBe('dongshan/松林村');
    expect(await page.getByLabel('周六').isChecked()).toBe(true);
    expect(await radio('最多能同时结对几个孩子', '2 个').isChecked()).toBe(true);

    await page.getByLabel('您的手机号码').fill('13700137000');
    await page.getByLabel('您的身份证号码').fill('11010519491231002X');
    await submit('提交报名');
    await expectDone(page, 'volunteer');
  });

  it('/report/: nothing ticked under what was seen, and no description', async () => {
    await page.goto('/report/');
    await page.getByLabel('在哪个乡镇（街道）、村（社区）').selectOption({ label: '城关镇 东街社区' });
    await page.getByLabel('具体地点').fill('县汽车站门口');
    await choose(page, '孩子大概多大', '6 到 11 岁');
    await choose(page, '孩子现在有危险吗', '说不清');
    await choose(page, '您的身份', '都不是，我是普通居民');
    expect(await submit('提交报告')).toBe(400);

    const text = await summary();
    expect(text).toContain(t('report.err.categories'));
    expect(text).toContain(t('report.err.description'));
    expect(await messageAt('description')).toContain(t('report.err.description'));
    expect(await page.getByLabel('在哪个乡镇（街道）、村（社区）').inputValue()).toMatch(/\/东街社区$/);
    expect(await page.getByLabel('具体地点').inputValue()).toBe('县汽车站门口');
    expect(await radio('孩子大概多大', '6 到 11 岁').isChecked()).toBe(true);
    expect(await radio('孩子现在有危险吗', '说不清').isChecked()).toBe(true);

    await page.getByLabel('流浪乞讨').check();
    await page.getByLabel('请说说您看到的情况').fill('汽车站门口每天有个男孩乞讨，没人管。');
    await submit('提交报告');
    await expectDone(page, 'report');
  });

  it('/status/: no reference, and a code typed; then both boxes empty; then the right pair', async () => {
    await page.goto('/volunteer/');
    await signUp({ phone: '13700137001', idNumber: '11010519491231002X' }, 303);
    await page.waitForURL(/\/volunteer\/done\/$/);
    const { reference, code } = await receipt(page);

    await page.goto('/status/');
    const form = page.locator('#status-form');
    await form.getByLabel('查询码', { exact: true }).fill(code);
    expect(await submit('查询')).toBe(400);
    expect(await summary()).toContain('请填写编号');
    expect(await page.locator('#status-form [data-field="reference"] .error-message').textContent()).toContain('请填写编号');
    expect(await page.locator('#status-error').isVisible()).toBe(false);
    expect(await form.getByLabel('查询码', { exact: true }).inputValue()).toBe(code);

    await form.getByLabel('查询码', { exact: true }).fill('');
    expect(await submit('查询')).toBe(400);
    const both = await summary();
    expect(both).toContain('请填写编号');
    expect(both).toContain('请填写查询码');

    await form.getByLabel('编号', { exact: true }).fill(reference);
    await form.getByLabel('查询码', { exact: true }).fill(code);
    expect(await submit('查询')).toBe(200);
    expect(await page.locator('#status-result-label').textContent()).toBe('已报名');
  });
});

describe('the error states pass axe as someone without JavaScript sees them', () => {
  const cases: [string, string, (p: Page) => Promise<void>][] = [
    ['/check/', '查看结果', (p) => p.getByLabel('日', { exact: true }).fill('40')],
    ['/volunteer/', '提交报名', (p) => p.getByLabel('您的手机号码').fill('12345')],
    ['/report/', '提交报告', async () => {}],
    ['/status/', '查询', async () => {}],
  ];
  it.each(cases)('%s sent back with its errors', async (path, button, mistake) => {
    const noScripts = await withoutSiteScripts(browser());
    const p = await noScripts.newPage();
    await p.goto(path);
    await mistake(p);
    await p.getByRole('button', { name: button, exact: true }).click();
    await p.locator('.error-summary:not([hidden]) li').first().waitFor({ timeout: 15_000 });
    await expectAccessible(p, `${path} with errors, without JavaScript`);
    await noScripts.close();
  });
});

/** Fills in the volunteer form as 刘芳, with this phone and ID number, and posts it (expecting that status). */
async function signUp(o: { phone: string; idNumber: string }, status: number): Promise<void> {
  await fillVolunteerForm(page, o);
  expect(await submit('提交报名')).toBe(status);
}
