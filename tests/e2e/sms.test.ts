/**
 * Text messages as a family meets them, in real Chromium against `wrangler dev` with the local
 * queue: the server of this file sends through the webhook provider to a 政务短信平台 on
 * loopback (support/sms-platform.ts), the one outside service, so what reaches the phone is
 * exactly what the Worker sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addStaffAccount, staffSession, startServer, type DevServer } from '../support/server.ts';
import { startSmsPlatform, type SmsPlatform } from '../support/sms-platform.ts';
import { expectAccessible, launch, scrollsSideways } from './support/browser.ts';
import { receipt } from './support/journeys.ts';
import { dayInChina } from './support/dates.ts';
import { signIn } from './support/staff.ts';

let browser: Browser;
let server: DevServer;
let platform: SmsPlatform;
beforeAll(async () => {
  platform = await startSmsPlatform();
  [browser, server] = await Promise.all([launch(), startServer({ vars: platform.vars })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await platform?.close();
});

const PHONE = '13812340000';

/**
 * A phone on this file's server. Without the site's scripts, the page runs none of its own
 * JavaScript while axe (injected by the test) still can: how it works for someone without it.
 */
async function phoneContext(siteScripts = true): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  if (!siteScripts) await context.route(/\/_astro\/.*\.js$/, (route) => route.abort());
  return context;
}

/** `npm run staff:add` against this file's server; the token is its last line. */
function staffAdd(name: string, role: string, township: string): string {
  return addStaffAccount(server.persistDir, { name, role, township });
}

async function staffApi<T>(token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/staff${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${await staffSession(server.url, token)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as T;
}

const step = (page: Page) => page.locator('section[data-step]:not([hidden]) h2').textContent();

/** The grandmother applies on her phone, keeping the SMS choice as it is (要). */
async function applyAsGrandmother(page: Page): Promise<{ reference: string; code: string }> {
  await page.goto('/apply/?e=nutrition-lunch');
  await page.getByLabel('您的姓名').fill('王秀兰');
  await page
    .locator('fieldset', { has: page.locator('legend', { hasText: '您和孩子是什么关系' }) })
    .getByLabel('祖父母或外祖父母')
    .check();
  await page.getByLabel('您的手机号码').fill(PHONE);
  expect(await page.getByLabel('要，发短信提醒我').isChecked(), 'messages are on unless she says no').toBe(true);
  await expectAccessible(page, 'apply: applicant, with the SMS choice');
  await page.getByRole('button', { name: '继续' }).click();
  expect(await step(page)).toBe('关于孩子');
  await page.getByLabel('孩子的姓名').fill('李小明');
  await page.getByLabel('年', { exact: true }).fill('2017');
  await page.getByLabel('月', { exact: true }).fill('5');
  await page.getByLabel('日', { exact: true }).fill('10');
  await page.getByLabel('孩子住在哪个村（社区）').selectOption({ label: '东山乡 松林村' });
  await page.getByLabel('详细住址').fill('三组 12 号');
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByRole('button', { name: '继续' }).click(); // 孩子和家庭的情况: nothing she must answer
  expect(await page.getByLabel('营养午餐补助').isChecked()).toBe(true);
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('我已阅读隐私说明，同意工作人员为办理申请使用以上信息').check();
  await page.getByRole('button', { name: '继续' }).click();
  expect(await page.locator('#review-list').textContent()).toContain('要，发短信提醒我');
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/apply\/done\/$/);
  return receipt(page);
}

/** /status/: the answer's label, or the error's message. */
async function lookUp(page: Page, reference: string, code: string): Promise<string> {
  await page.goto('/status/');
  await page.locator('#status-form').getByLabel('编号', { exact: true }).fill(reference);
  await page.getByLabel('查询码', { exact: true }).fill(code);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.locator('#status-result:not([hidden]), #status-error:not([hidden])').first().waitFor();
  return (await page.locator('#status-result:not([hidden]) #status-result-label, #status-error:not([hidden]) p').first().textContent())!;
}

describe('text messages and getting back in', () => {
  it(
    'the grandmother applies, the county asks for more material and books the visit: she gets each SMS, the console shows them; she recovers her code with JavaScript off',
    { timeout: 150_000 },
    async () => {
      const context = await phoneContext();
      const page = await context.newPage();
      const { reference, code } = await applyAsGrandmother(page);

      // 「已收到」 reaches her phone: the reference and where to look, never the child.
      const submitted = await platform.next(PHONE, 'applicationSubmitted');
      expect(submitted.text).toContain(reference);
      expect(submitted.text).not.toContain('李小明');

      // The township sends the child on (初步筛选), and the county asks for the household register.
      const township = staffAdd('东山乡审核员', 'township', '东山乡');
      const county = staffAdd('县民政局张科长', 'county', 'all');
      const admin = staffAdd('县信息中心管理员', 'admin', 'all');
      const file = await staffApi<{ caseReference: string | null }>(township, `/applications/${reference}`);
      await staffApi(township, '/batches', { cases: [file.caseReference] });
      await staffApi(county, `/applications/${reference}/transitions`, { to: 'needs_info', reason: '请补充户口簿复印件' });
      const needsInfo = await platform.next(PHONE, 'applicationNeedsInfo');
      expect(needsInfo.text).toContain(reference);
      expect(needsInfo.text, 'what is missing is shown behind the code, not in the SMS').not.toContain('户口簿');

      // The outbox shows the administrator what she was sent, to a masked number.
      const outbox = await staffApi<{ items: { to: string; template: string; text: string; state: string }[] }>(
        admin,
        `/outbox?reference=${reference}`,
      );
      expect(outbox.items.map((i) => [i.template, i.state, i.to])).toEqual([
        ['applicationNeedsInfo', 'sent', '138****0000'],
        ['applicationSubmitted', 'sent', '138****0000'],
      ]);
      expect(outbox.items[0]!.text).toBe(needsInfo.text);
      await context.close();

      // In the console, the county's bureau sees that message: on the outbox screen, to a masked
      // number, in the words she got; and on the application's timeline, with how far it got.
      const desk = await phoneContext();
      const office = await desk.newPage();
      await signIn(office, county, `/staff/#/outbox?reference=${reference}`);
      expect(await office.getByRole('link', { name: '短信', exact: true }).isVisible(), 'the county has the outbox in its menu').toBe(true);
      await office.getByRole('heading', { name: `发给 ${reference} 的短信` }).waitFor();
      const listed = office.locator('ol.outbox > li');
      expect(await listed.count()).toBe(2);
      const shown = (await listed.first().textContent())!;
      expect(shown).toContain('138****0000');
      expect(shown).toContain(needsInfo.text);
      expect(shown).toContain('已发送');
      expect(shown).not.toContain(PHONE);
      await expectAccessible(office, 'staff: the outbox of one application');
      await office.goto(`/staff/#/applications/${reference}`);
      await office.getByText('「需补充材料」短信已发送').waitFor();
      await expectAccessible(office, 'staff: application timeline with its text messages');

      // The bureau books the home visit on the child's file: she is told the day, and nothing else.
      const tomorrow = dayInChina(1);
      const [, month, dayOfMonth] = tomorrow.split('-').map(Number);
      await office.goto(`/staff/#/cases/${file.caseReference}`);
      const booking = office.locator('form', { has: office.getByRole('heading', { name: '预约上门走访' }) });
      await booking.getByLabel('上门日期').fill(tomorrow);
      await booking.getByRole('button', { name: '登记并告诉家庭' }).click();
      await office.getByText('已告诉 1 份申请的家庭').waitFor();
      const visit = await platform.next(PHONE, 'visitBooked');
      expect(visit.text).toContain(`工作人员将于${month}月${dayOfMonth}日上门走访`);
      expect(visit.text).toContain(reference);
      expect(visit.text).not.toContain('李小明');
      await desk.close();

      // Later, on another phone without JavaScript, she has lost the code: 「忘记查询码」.
      const plain = await phoneContext(false);
      const status = await plain.newPage();
      await status.goto('/status/');
      await status.getByText('忘记查询码', { exact: true }).click();
      const recover = status.locator('#recover-form');
      await recover.getByLabel('编号', { exact: true }).fill(reference);
      await recover.getByLabel('提交时留的手机号码').fill('1381234');
      await recover.getByRole('button', { name: '发送新的查询码' }).click();
      // A mistake comes back filled in, the section open, with the error named.
      expect(await status.locator('#recover').getAttribute('open')).not.toBeNull();
      expect(await recover.getByLabel('提交时留的手机号码').inputValue()).toBe('1381234');
      expect(await recover.locator('.error-summary').isVisible()).toBe(true);
      await expectAccessible(status, 'status: recovery form with an error, no JavaScript');
      await recover.getByLabel('提交时留的手机号码').fill(PHONE);
      await recover.getByRole('button', { name: '发送新的查询码' }).click();
      await status.locator('#recover-done:not([hidden])').waitFor();
      expect(await status.locator('#recover-done').textContent()).toContain('几分钟内会收到新的查询码');
      expect(await scrollsSideways(status)).toBe(false);
      await expectAccessible(status, 'status: recovery sent, no JavaScript');

      const recovery = await platform.next(PHONE, 'accessCodeRecovery');
      const fresh = /新查询码是([0-9A-Z-]+)，/.exec(recovery.text)![1]!;
      expect(fresh).not.toBe(code);
      expect(await lookUp(status, reference, code)).toContain('编号或查询码不对');
      expect(await lookUp(status, reference, fresh)).toBe('需补充材料');
      expect(await status.locator('#status-result-notify').textContent()).toContain('会给您留的手机发短信提醒');

      // She switches the messages off, still without JavaScript.
      await status.getByRole('button', { name: '不再接收短信提醒' }).click();
      await status.locator('#status-result:not([hidden])').waitFor();
      expect(await status.locator('#status-result-notify').textContent()).toContain('您选择了不接收短信提醒');
      expect(await status.getByRole('button', { name: '重新接收短信提醒' }).isVisible()).toBe(true);
      await plain.close();
    },
  );

  it('with JavaScript, the recovery answers in place, the same whatever the phone', async () => {
    const context = await phoneContext();
    const page = await context.newPage();
    await page.goto('/status/');
    await page.getByText('忘记查询码', { exact: true }).click();
    const recover = page.locator('#recover-form');
    await recover.getByLabel('编号', { exact: true }).fill('A-7K3F9M4P');
    await recover.getByLabel('提交时留的手机号码').fill('13900000001');
    await recover.getByRole('button', { name: '发送新的查询码' }).click();
    await page.locator('#recover-done:not([hidden])').waitFor();
    expect(page.url()).toMatch(/\/status\/$/);
    await expectAccessible(page, 'status: recovery sent, with JavaScript');
    expect(platform.received.filter((m) => m.to === '13900000001')).toEqual([]);
    await context.close();
  });
});
