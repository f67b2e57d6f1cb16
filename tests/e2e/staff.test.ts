import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { checkView, expectAccessible, phone, useBrowser } from './support/browser.ts';
import { lookUp } from './support/journeys.ts';
import { apply, fileOf, post, signIn, staffAdd, staffPost } from './support/staff.ts';

const browser = useBrowser();

/** The township's part of 认定审核 through the API: the home visit of 建立档案, then the evaluation with one measure per entitlement asked for. */
async function visitAndEvaluate(token: string, file: string): Promise<void> {
  await staffPost(token, `/cases/${file}/visits`, {
    visitedAt: new Date(Date.now() - 86_400_000).toISOString(),
    findings: '已入户走访',
    with: '乡镇社工',
  });
  await staffPost(token, `/cases/${file}/evaluations`, {
    situation: '父母都在外务工，孩子跟奶奶生活。',
    means: '享受低保。',
    guardianship: '奶奶年迈，监护能力弱。',
    proposedLevel: 'orange',
    plan: application.entitlements.map((entitlement) => ({ entitlement, department: 'civilAffairs' })),
  });
}

describe('the staff console', () => {
  it("a county account screens the township's batch and approves each measure with a public note, sets the child to 橙 on the child's file and pairs an 爱心妈妈; the family sees 审核认定通过", async () => {
    // A family applies (a child of this test's own: other tests apply for the fixture's child, whose file they send to 认定审核); an 爱心妈妈 has signed up.
    const child = { name: '苗小禾', birthDate: '2016-06-06', idNumber: '110105201606060037' };
    const family = await apply({ child });
    const mother = await post<{ reference: string }>('/api/volunteers', volunteer, { 'idempotency-key': crypto.randomUUID() });
    const token = staffAdd('县民政局张科长', 'county', 'all');
    expect(token).toMatch(/^th_/);

    // Her screening, done by the township through the API beforehand.
    const township = staffAdd('东山乡审核员', 'township', '东山乡');
    const staffApi = (path: string, body: unknown) => staffPost(township, path, body);
    for (const to of ['reviewing', 'background_check']) await staffApi(`/volunteers/${mother.reference}/transitions`, { to });
    await staffApi(`/volunteers/${mother.reference}/background-check`, {
      result: 'clear',
      checkedAt: '2026-11-01',
      expiresAt: '2027-11-01',
    });
    for (const to of ['training', 'ready']) await staffApi(`/volunteers/${mother.reference}/transitions`, { to });

    const context = await phone(browser());
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
    await checkView(page, 'staff dashboard');

    // 认定审核 on the application's page.
    await page.goto(`/staff/#/applications/${family.reference}`);
    await page.getByRole('heading', { name: new RegExp(`申请 ${family.reference}`) }).waitFor();
    expect(await page.locator('#view').textContent()).toContain(child.name);
    // Labels in Chinese, never the slugs the API stores.
    expect(await page.locator('#view').textContent()).toContain('祖父母或外祖父母');
    expect(await page.locator('#view').textContent()).not.toMatch(/grandparent|nutrition-lunch|caring-mother-pairing/);
    await checkView(page, 'staff application');

    // 初步筛选: the township sends the child in a batch; the county screens it in the console.
    const caseRef = await fileOf(token, family.reference);
    const batch = await staffPost<{ id: number }>(township, '/batches', { cases: [caseRef] });
    await page.goto(`/staff/#/review/${batch.id}`);
    await page.getByRole('heading', { name: new RegExp(`^第 ${batch.id} 批`) }).waitFor();
    await checkView(page, 'staff batch');
    const screen = page.locator('form', { has: page.getByRole('heading', { name: '初步筛选' }) });
    await screen
      .getByRole('group', { name: new RegExp(caseRef) })
      .getByLabel('纳入建档')
      .check();
    await screen.getByRole('button', { name: '保存' }).click();
    await page.getByText('筛选结果已保存').waitFor();
    expect(await page.locator('table').textContent()).toContain('纳入建档');

    // 建立档案 and 调查评估 by the township; the county, a second person, decides each measure on the child's file.
    await visitAndEvaluate(township, caseRef);
    await page.getByRole('link', { name: caseRef }).click();
    await page.getByRole('heading', { name: `${child.name}的档案 ${caseRef}` }).waitFor();
    expect(page.url()).toContain(`#/cases/${caseRef}`);
    await page.getByText('所在步骤：审核认定').waitFor();
    await checkView(page, 'staff case file');
    const decide = page.locator('form', { has: page.getByRole('heading', { name: '逐项认定' }) });
    for (const title of ['营养午餐补助', '代理妈妈']) {
      const measure = decide.getByRole('group', { name: new RegExp(title) });
      await measure.getByLabel('认定', { exact: true }).check();
    }
    const lunch = decide.locator('.measure', { has: page.getByRole('group', { name: /营养午餐补助/ }) });
    await lunch.getByLabel('给申请人看的说明（选填，会显示在查询页）').fill('下月起享受营养午餐补助。');
    await decide.getByRole('button', { name: '保存' }).click();
    await page.getByText('认定已保存').waitFor();
    await page.getByText('所在步骤：已认定').waitFor();

    // Every channel and decision on the file's one timeline.
    const timeline = page.locator('ol.timeline');
    await expect.poll(() => timeline.textContent()).toContain(`申请 ${family.reference}：审核认定通过`);

    const risk = page.locator('form', { has: page.getByRole('heading', { name: '设定风险等级' }) });
    await risk.getByLabel(/^橙色/).check();
    await risk.getByLabel('定级理由').fill('父母均在外务工，奶奶年迈，需要一对一结对');
    await risk.getByRole('button', { name: '保存' }).click();
    await page.getByText('风险等级已更新').waitFor();
    expect(await page.locator('dl').first().textContent()).toContain('橙色');
    await expect.poll(() => timeline.textContent()).toContain('风险等级：橙色');

    await page.getByRole('link', { name: '去结对' }).click();
    await page.getByRole('heading', { name: '新建结对' }).waitFor();
    await checkView(page, 'staff pairing');
    const pair = page.locator('form', { has: page.getByRole('heading', { name: '新建结对' }) });
    expect(await pair.getByLabel('孩子的档案编号').inputValue()).toBe(caseRef);
    await pair.getByLabel('志愿者或爱心妈妈').selectOption({ value: mother.reference });
    await pair.getByRole('button', { name: '确定结对' }).click();
    await page.locator('table', { hasText: mother.reference }).first().waitFor();
    await page.goto(`/staff/#/cases/${caseRef}`);
    await page.getByText(`结对志愿者：${mother.reference}`).waitFor();
    expect(await timeline.textContent()).toContain(`开始结对：爱心妈妈（代理妈妈） ${mother.reference}`);
    // Her page says when she is free and what she offers in words, and lists the child.
    await page.getByRole('link', { name: mother.reference }).click();
    await page.getByRole('heading', { name: new RegExp(`志愿者 ${mother.reference}`) }).waitFor();
    expect(await page.locator('dl').first().textContent()).toContain('周六、周日 · 下午');
    expect(await page.locator('dl').first().textContent()).toContain('学业辅导、心理陪伴、聊天谈心');
    await page.getByRole('link', { name: caseRef }).waitFor();
    await checkView(page, 'staff volunteer');

    await page.getByRole('button', { name: '退出' }).click();
    expect(await page.evaluate(() => sessionStorage.getItem('tonghu.staff.token'))).toBeNull();

    // The family looks it up.
    const family2 = await context.newPage();
    expect(await lookUp(family2, family.reference, family.accessCode)).toBe('审核认定通过');
    expect(await family2.locator('#status-result-items').textContent()).toContain('下月起享受营养午餐补助');
    expect(await family2.locator('main').textContent()).not.toContain('父母均在外务工，奶奶年迈');
    await context.close();
  }, 240_000);

  it('a village account sees only its township, and every view passes axe at 360 px', async () => {
    const token = staffAdd('松林村儿童主任', 'village', '东山乡');
    const county = staffAdd('县民政局核对员', 'county', 'all');
    const payload = '<img src=x onerror="window.__pwned=1">孩子很好';
    const typed = await apply({ circumstances: payload, child: { name: '松林小童', birthDate: '2016-04-04' } });
    const elsewhere = await apply({
      child: { name: '城关小童', birthDate: '2016-04-04' },
      address: { ...application.address, township: 'chengguan', village: '东街社区' },
    });
    const typedFile = await fileOf(county, typed.reference);
    const elsewhereFile = await fileOf(county, elsewhere.reference);
    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, token);
    await page.getByRole('heading', { name: '概况' }).waitFor();
    for (const [hash, heading] of [
      ['#/dashboard', '概况'],
      ['#/cases', '儿童档案'],
      ['#/overdue', '逾期走访的孩子'],
      ['#/screening', '摸底排查'],
      ['#/applications', '申请'],
      ['#/volunteers', '志愿者和爱心妈妈'],
      ['#/reports', '报告'],
      ['#/pairing', '结对'],
    ] as const) {
      await page.goto(`/staff/${hash}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await checkView(page, `staff ${hash}`);
    }
    // Neither the applications nor the files show anything from another township.
    await page.goto('/staff/#/applications');
    await page.getByRole('heading', { name: '申请', exact: true }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    const references = await page.locator('table tbody tr td:nth-child(1)').allTextContents();
    const towns = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(references).toContain(typed.reference);
    expect(references).not.toContain(elsewhere.reference);
    expect(towns.length).toBeGreaterThan(0);
    expect(towns.filter((t) => !t.startsWith('东山乡'))).toEqual([]);
    await page.goto('/staff/#/cases?township=dongshan');
    await page.getByRole('link', { name: `松林小童 ${typedFile}` }).waitFor();
    await page.goto('/staff/#/cases');
    await page.locator('.case-list li').first().waitFor();
    const files = await page.locator('.case-list li').allTextContents();
    expect(files.join('\n')).not.toContain(elsewhereFile);
    expect(files.filter((f) => !f.includes('东山乡'))).toEqual([]);
    // A file elsewhere answers as if there were none.
    await page.goto(`/staff/#/cases/${elsewhereFile}`);
    await page.getByText('没有这个编号的档案。').waitFor();
    // A village account may not merge, close or pair: the forms are not offered.
    await page.goto(`/staff/#/cases/${typedFile}`);
    await page.getByRole('heading', { name: `松林小童的档案 ${typedFile}` }).waitFor();
    await checkView(page, 'staff case file (village)');
    await page.getByRole('heading', { name: '记录一次走访' }).waitFor();
    expect(await page.getByText('这个孩子还有另一个档案：合并').count()).toBe(0);
    expect(await page.getByRole('link', { name: '去结对' }).count()).toBe(0);
    // What a family typed shows as text: the markup is not run.
    await page.goto(`/staff/#/applications/${typed.reference}`);
    await page.getByText(payload).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    await checkView(page, 'staff application (village)');
    await context.close();
  }, 120_000);

  it('an administrator manages accounts and reads the audit log, and sees no child', async () => {
    const token = staffAdd('信息科管理员', 'admin', 'all');
    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, token);
    await page.getByRole('heading', { name: '工作人员账号' }).waitFor();
    expect(await page.getByRole('search', { name: '找孩子' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: '儿童档案' }).isVisible()).toBe(false);
    await checkView(page, 'staff accounts');
    const create = page.locator('form', { has: page.getByRole('heading', { name: '新建账号' }) });
    await create.getByLabel('姓名').fill('上坪村儿童主任');
    await create.getByLabel('角色').selectOption({ label: '村（社区）儿童主任' });
    await create.getByLabel('东山乡').check();
    await create.getByRole('button', { name: '新建账号' }).click();
    await page.getByText('账号已创建，令牌如下，只显示这一次。需要另一位管理员批准后才能使用。').waitFor();
    expect(await page.locator('code').textContent()).toMatch(/^th_/);
    // Its maker cannot approve it: the account waits for a second administrator.
    const row = page.getByRole('row', { name: /上坪村儿童主任/ });
    expect(await row.textContent()).toContain('等待另一位管理员批准');
    expect(await row.getByRole('button', { name: '批准' }).count()).toBe(0);
    const second = await phone(browser());
    const other = await second.newPage();
    await signIn(other, staffAdd('信息科另一位管理员', 'admin', 'all'));
    await other.getByRole('heading', { name: '工作人员账号' }).waitFor();
    await other
      .getByRole('row', { name: /上坪村儿童主任/ })
      .getByRole('button', { name: '批准' })
      .click();
    await other.getByText(/已批准账号 \d+。/).waitFor();
    expect(await other.getByRole('row', { name: /上坪村儿童主任/ }).textContent()).toContain('有效');
    await second.close();
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await checkView(page, 'staff audit log');
    await context.close();
  }, 120_000);
});
