import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import application from '../fixtures/api/application.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { baseURL, expectAccessible, launch, phone, scrollsSideways } from './support/browser.ts';
import { lookUp, staffAdd } from './support/journeys.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function api<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${baseURL()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as T;
}

async function moveTo(page: Page, label: string, publicNote?: string): Promise<void> {
  const form = page.locator('form', { has: page.getByRole('heading', { name: '办理下一步' }) });
  await form.getByLabel('转到').selectOption({ label });
  if (publicNote) await form.getByLabel('给申请人看的说明（会显示在查询页）').fill(publicNote);
  await form.getByRole('button', { name: '保存' }).click();
  await page.getByRole('heading', { name: new RegExp(`：${label}$`) }).waitFor();
}

describe('the staff console', () => {
  it("a county account approves a family's case with a public note, sets it to 橙 and pairs an 爱心妈妈; the family sees 审核认定通过", async () => {
    // A family applies; an 爱心妈妈 has signed up.
    const family = await api<{ reference: string; accessCode: string }>('/api/applications', application, {
      'idempotency-key': crypto.randomUUID(),
    });
    const mother = await api<{ reference: string }>('/api/volunteers', volunteer, { 'idempotency-key': crypto.randomUUID() });
    const token = staffAdd('县民政局张科长', 'county', 'all');
    expect(token).toMatch(/^th_/);

    // Her screening, done by the township through the API beforehand.
    const township = staffAdd('东山乡审核员', 'township', '东山乡');
    const staffApi = (path: string, body: unknown) => api(`/api/staff${path}`, body, { authorization: `Bearer ${township}` });
    for (const to of ['reviewing', 'background_check']) await staffApi(`/volunteers/${mother.reference}/transitions`, { to });
    await staffApi(`/volunteers/${mother.reference}/background-check`, {
      result: 'clear',
      checkedAt: '2026-11-01',
      expiresAt: '2027-11-01',
    });
    for (const to of ['training', 'ready']) await staffApi(`/volunteers/${mother.reference}/transitions`, { to });

    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto('/staff/');
    await expectAccessible(page, 'staff sign-in');
    await page.getByLabel('工作人员令牌').fill('th_wrong-token-000000000000000000000');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#signin-form .error-summary:not([hidden])').waitFor();
    await page.getByLabel('工作人员令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '概况' }).waitFor();
    expect(await page.locator('#whoami').textContent()).toContain('县民政局张科长');
    await expectAccessible(page, 'staff dashboard');
    expect(await scrollsSideways(page)).toBe(false);

    await page.goto(`/staff/#/case/${family.reference}`);
    await page.getByRole('heading', { name: new RegExp(`个案 ${family.reference}`) }).waitFor();
    expect(await page.locator('main').textContent()).toContain(application.child.name);
    await expectAccessible(page, 'staff case');
    expect(await scrollsSideways(page)).toBe(false);
    await moveTo(page, '乡镇初审');
    await moveTo(page, '入户调查/建档');
    await moveTo(page, '调查评估');
    await moveTo(page, '审核认定通过', '已认定为帮扶对象，下月起享受营养午餐补助，并安排爱心妈妈结对。');

    const risk = page.locator('form', { has: page.getByRole('heading', { name: '设定风险等级' }) });
    await risk.getByLabel(/^橙色/).check();
    await risk.getByLabel('定级理由').fill('父母均在外务工，奶奶年迈，需要一对一结对');
    await risk.getByRole('button', { name: '保存' }).click();
    await page.getByText('风险等级已更新').waitFor();
    expect(await page.locator('dl').first().textContent()).toContain('橙色');

    await page.goto(`/staff/#/pairing/${family.reference}`);
    await page.getByRole('heading', { name: '新建结对' }).waitFor();
    await expectAccessible(page, 'staff pairing');
    const pair = page.locator('form', { has: page.getByRole('heading', { name: '新建结对' }) });
    await pair.getByLabel('志愿者或爱心妈妈').selectOption({ value: mother.reference });
    await pair.getByRole('button', { name: '确定结对' }).click();
    await page.locator('table', { hasText: mother.reference }).first().waitFor();
    await page.goto(`/staff/#/case/${family.reference}`);
    await page.getByText(`结对志愿者：${mother.reference}`).waitFor();

    await page.getByRole('button', { name: '退出' }).click();
    expect(await page.evaluate(() => sessionStorage.getItem('tonghu.staff.token'))).toBeNull();

    // The family looks it up.
    const family2 = await context.newPage();
    expect(await lookUp(family2, family.reference, family.accessCode)).toBe('审核认定通过');
    expect(await family2.locator('#status-result-timeline').textContent()).toContain('下月起享受营养午餐补助');
    expect(await family2.locator('main').textContent()).not.toContain('父母均在外务工，奶奶年迈');
    await context.close();
  });

  it('a village account sees only its township, and the views pass axe at 360 px', async () => {
    const token = staffAdd('松林村儿童主任', 'village', '东山乡');
    const payload = '<img src=x onerror="window.__pwned=1">孩子很好';
    const typed = await api<{ reference: string }>(
      '/api/applications',
      { ...application, circumstances: payload },
      { 'idempotency-key': crypto.randomUUID() },
    );
    const elsewhere = await api<{ reference: string }>(
      '/api/applications',
      { ...application, address: { ...application.address, township: 'chengguan', village: '东街社区' } },
      { 'idempotency-key': crypto.randomUUID() },
    );
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto('/staff/');
    await page.getByLabel('工作人员令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '概况' }).waitFor();
    for (const [hash, heading] of [
      ['#/applications', '个案'],
      ['#/overdue', '逾期走访的个案'],
      ['#/volunteers', '志愿者和爱心妈妈'],
      ['#/reports', '报告'],
      ['#/pairing', '结对'],
    ] as const) {
      await page.goto(`/staff/${hash}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await expectAccessible(page, `staff ${hash}`);
      expect(await scrollsSideways(page), hash).toBe(false);
    }
    await page.goto('/staff/#/applications');
    await page.getByRole('heading', { name: '个案', exact: true }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    const references = await page.locator('table tbody tr td:nth-child(1)').allTextContents();
    const towns = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(references).toContain(typed.reference);
    expect(references).not.toContain(elsewhere.reference);
    expect(towns.length).toBeGreaterThan(0);
    expect(towns.filter((t) => !t.startsWith('东山乡'))).toEqual([]);
    // What a family typed shows as text: the markup is not run.
    await page.goto(`/staff/#/case/${typed.reference}`);
    await page.getByText(payload).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    await context.close();
  });
});
