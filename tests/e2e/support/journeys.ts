/** Steps of the user journeys that several browser tests share. */
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { IntakeKind } from '#src/domain/reference-code.ts';
import { NEUTRAL_SITE } from '#src/forms/quick-exit.ts';
import { isReferenceOf } from '../../support/reference-codes.ts';

export const choose = (page: Page, legend: string, option: string) =>
  page
    .locator('fieldset', { has: page.locator('legend', { hasText: legend }) })
    .getByLabel(option, { exact: true })
    .check();

/**
 * A grandmother answers the checker for her left-behind grandson: born 2017-05-10, 本县户口,
 * in primary school, both parents working away, a 低保 family in 东山乡 松林村, in the countryside.
 * `onStep` runs on every step (the axe check).
 */
export async function checkAsGrandmother(page: Page, onStep: (step: string) => Promise<void> = async () => {}): Promise<void> {
  const next = () => page.locator('#next').click();
  await page.goto('/check/');
  await onStep('child');
  await page.getByLabel('年', { exact: true }).fill('2017');
  await page.getByLabel('月', { exact: true }).fill('5');
  await page.getByLabel('日', { exact: true }).fill('10');
  await choose(page, '孩子的户口在哪里', '本县户口');
  await choose(page, '现在主要由谁照顾孩子', '爷爷奶奶、外公外婆或其他亲属');
  await next();
  await onStep('school');
  await choose(page, '孩子现在的上学情况', '小学');
  await next();
  await choose(page, '孩子有残疾吗', '没有');
  await choose(page, '孩子患有重大疾病吗', '没有');
  await onStep('health');
  await next();
  await choose(page, '孩子父亲现在的情况', '在外地打工');
  await choose(page, '孩子母亲现在的情况', '在外地打工');
  await onStep('parents');
  await next();
  await choose(page, '家里享受哪种救助', '享受低保（最低生活保障）');
  await choose(page, '家住在哪里', '农村');
  await page.getByLabel('所在乡镇（街道）和村（社区）').selectOption({ label: '东山乡 松林村' });
  await onStep('household');
  await next();
  await page.getByLabel('以上都没有').check();
  await onStep('situations');
  await next();
  await page.locator('#results').waitFor();
}

/**
 * A father, 张建国, fills in /apply/ for his daughter 张小红 (born 2014-03-08, 城关镇 东街社区,
 * 解放路 8 号) and 残疾儿童康复救助, with this phone number and, where given, his name.
 */
export async function fillApplication(page: Page, o: { name?: string; phone: string }): Promise<void> {
  if (o.name !== undefined) await page.getByLabel('您的姓名').fill(o.name);
  await choose(page, '您和孩子是什么关系', '父亲');
  await page.getByLabel('您的手机号码').fill(o.phone);
  await page.getByLabel('孩子的姓名').fill('张小红');
  await page.getByLabel('年', { exact: true }).fill('2014');
  await page.getByLabel('月', { exact: true }).fill('3');
  await page.getByLabel('日', { exact: true }).fill('8');
  await page.getByLabel('孩子住在哪个村（社区）').selectOption({ label: '城关镇 东街社区' });
  await page.getByLabel('详细住址').fill('解放路 8 号');
  await page.getByLabel('残疾儿童康复救助').check();
  await page.getByLabel('我已阅读隐私说明，同意工作人员为办理申请使用以上信息').check();
}

/**
 * 刘芳 fills in /volunteer/ to be a 爱心妈妈 in 东山乡 松林村 on Saturday afternoons, for
 * 学业辅导 and at most two children, with this phone and ID number.
 */
export async function fillVolunteerForm(
  page: Page,
  o: { phone: string; idNumber: string } = { phone: '13700137000', idNumber: '11010519491231002X' },
): Promise<void> {
  await choose(page, '您想报名', '爱心妈妈（代理妈妈）');
  await page.getByLabel('您的姓名').fill('刘芳');
  await page.getByLabel('您的手机号码').fill(o.phone);
  await page.getByLabel('您的身份证号码').fill(o.idNumber);
  await page.getByLabel('您可以在哪个村（社区）服务').selectOption({ label: '东山乡 松林村' });
  await page.getByLabel('周六').check();
  await page.getByLabel('下午').check();
  await page.getByLabel('学业辅导').check();
  await choose(page, '最多能同时结对几个孩子', '2 个');
  await page.getByLabel('我同意按法律规定接受背景审查（查询是否有不宜接触未成年人的违法犯罪记录）').check();
  await page.getByLabel('我已阅读隐私说明，同意工作人员为审核和结对使用以上信息').check();
}

/** The reference and the access code a done page (/apply/done/, /volunteer/done/, …) shows. */
export async function receipt(page: Page): Promise<{ reference: string; code: string }> {
  return {
    reference: (await page.locator('#receipt-reference').textContent())!,
    code: (await page.locator('#receipt-code').textContent())!,
  };
}

const FORM_PATH: Record<IntakeKind, string> = { application: '/apply/', volunteer: '/volunteer/', report: '/report/' };

/** After the form is sent: its done page comes up and shows a reference of that kind, which this answers. */
export async function expectDone(page: Page, kind: IntakeKind): Promise<string> {
  await page.waitForURL(new RegExp(`${FORM_PATH[kind]}done/$`));
  const reference = (await page.locator('#receipt-reference').textContent())!;
  expect(isReferenceOf(kind, reference), reference).toBe(true);
  return reference;
}

/** Looks a reference up on /status/, with or without JavaScript, and answers the status shown (empty on an error). */
export async function lookUp(page: Page, reference: string, code: string): Promise<string> {
  await page.goto('/status/');
  // The lookup form, not the 「忘记查询码」 one below it, which also asks for the 编号.
  const form = page.locator('#status-form');
  await form.getByLabel('编号', { exact: true }).fill(reference);
  await form.getByLabel('查询码', { exact: true }).fill(code);
  await form.getByRole('button', { name: '查询' }).click();
  await page.locator('#status-result:not([hidden]), #status-error:not([hidden])').first().waitFor();
  return (await page.locator('#status-result-label').textContent()) ?? '';
}

/** The neutral site the quick exit leaves for, answered by a stand-in page: the tests do not go out to the internet. */
export async function stubNeutralSite(context: BrowserContext): Promise<void> {
  await context.route(`${NEUTRAL_SITE}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>天气</title>天气' }),
  );
}
