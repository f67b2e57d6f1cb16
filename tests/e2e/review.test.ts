/**
 * 认定审核 in the console, as the people who do it: a township officer sends the child in a
 * batch, records the home visit and the evaluation with its 救助帮扶预案; a county officer (a
 * second person) decides each measure on a phone and refers 控辍保学 to the 教育局; the 教育局
 * answers from its inbox; the family reads each measure's outcome on /status/, with and without
 * JavaScript.
 */
import { describe, expect, it, inject } from 'vitest';
import { addStaffAccount } from '../support/server.ts';
import { checkView, phone, useBrowser, withoutSiteScripts } from './support/browser.ts';
import { dayInChina } from './support/dates.ts';
import { lookUp } from './support/journeys.ts';
import { apply, fileOf, signIn, staffAdd, staffPost } from './support/staff.ts';

const browser = useBrowser();

/** A member department's account, by the documented command (`--role department --department <key>`); its token. */
function departmentAdd(name: string, department: string, township: string): string {
  return addStaffAccount(inject('persistDir'), { name, role: 'department', department, township });
}

describe('认定审核 in the console', () => {
  it('a township evaluates, a second person at the county decides each measure at 360 px and refers 控辍保学, the 教育局 answers, and the family sees each outcome with and without JavaScript', async () => {
    const child = { name: '审核小芳', birthDate: '2013-03-03' };
    const family = await apply({ child, entitlements: ['nutrition-lunch', 'caring-mother-pairing'] });
    const township = staffAdd('东山乡认定专干', 'township', '东山乡');
    const county = staffAdd('县民政局审核科', 'county', 'all');
    const education = departmentAdd('县教育局控辍专干', 'education', '东山乡');
    const caseRef = await fileOf(county, family.reference);

    // 初步筛选: the township picks the child among its candidates and sends the batch.
    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, township, '/staff/#/review');
    await page.getByRole('heading', { name: '认定审核', exact: true }).waitFor();
    await checkView(page, 'staff review (township)');
    const send = page.locator('form', { has: page.getByRole('button', { name: '上报' }) });
    await send.getByLabel(new RegExp(`${child.name} ${caseRef}`)).check();
    await send.getByRole('button', { name: '上报' }).click();
    await page.getByText(/已上报第 \d+ 批/).waitFor();
    const batch = Number(/#\/review\/(\d+)/.exec(page.url())![1]);
    // The county screens it (the console's screening form is covered by the staff test).
    await staffPost(county, `/batches/${batch}/screen`, { items: [{ case: caseRef, decision: 'accepted' }] });

    // 建立档案: the home visit, then 调查评估 with the plan.
    await page.goto(`/staff/#/cases/${caseRef}`);
    await page.getByText('所在步骤：建立档案').waitFor();
    const visit = page.locator('form', { has: page.getByRole('heading', { name: '记录一次走访' }) });
    await visit.getByLabel('同去的人').fill('村儿童主任');
    await visit.getByLabel('走访情况').fill('奶奶腿脚不便，孩子常常不去上学');
    await visit.getByRole('button', { name: '保存' }).click();
    await page.getByText('所在步骤：调查评估').waitFor();
    const evaluate = page.locator('form', { has: page.getByRole('heading', { name: '调查评估和救助帮扶预案' }) });
    await evaluate.getByLabel('孩子的情况').fill('父母在外务工，孩子跟奶奶生活，常常缺课。');
    await evaluate.getByLabel('家庭经济状况').fill('享受低保，没有其他收入。');
    await evaluate.getByLabel('监护情况').fill('奶奶年迈，监护能力弱。');
    await evaluate.getByLabel(/^橙色/).check();
    await evaluate
      .getByRole('group', { name: /营养午餐补助/ })
      .getByLabel('负责的部门')
      .selectOption({ label: '县教育局' });
    await evaluate
      .getByRole('group', { name: /代理妈妈/ })
      .getByLabel('负责的部门')
      .selectOption({ label: '县妇女联合会' });
    const free = evaluate.getByRole('group', { name: '其他措施（选填）' });
    await free.getByLabel('具体措施').fill('控辍保学：劝返复学并跟踪到校');
    await free.getByLabel('负责的部门').selectOption({ label: '县教育局' });
    await checkView(page, 'staff evaluation form');
    await evaluate.getByRole('button', { name: '提交评估' }).click();
    await page.getByText(/评估已提交/).waitFor();
    await page.getByText('所在步骤：审核认定').waitFor();
    // The township can neither decide nor see a decision form.
    expect(await page.getByRole('heading', { name: '逐项认定' }).count()).toBe(0);
    await context.close();

    // Before the decision, the 教育局 gives its opinion on the measures that concern it.
    const opinionContext = await phone(browser());
    const opinionPage = await opinionContext.newPage();
    await signIn(opinionPage, education);
    await opinionPage.getByRole('heading', { name: '需要本单位意见的措施' }).waitFor();
    const wanted = opinionPage.locator('section[aria-labelledby="opinions-title"] li', { hasText: '营养午餐补助' });
    await wanted.getByLabel('本单位的意见').fill('学校食堂可以安排，同意。');
    await wanted.getByRole('button', { name: '提交意见' }).click();
    await opinionPage.getByText('意见已提交。').waitFor();
    await checkView(opinionPage, 'staff opinions (department)');
    await opinionContext.close();

    // 审核认定 by a second person, on a phone.
    const countyContext = await phone(browser());
    const desk = await countyContext.newPage();
    await signIn(desk, county, `/staff/#/cases/${caseRef}`);
    await desk.getByText('所在步骤：审核认定').waitFor();
    await checkView(desk, 'staff decision form');
    expect(await desk.locator('#view').textContent(), 'the department’s opinion is there at the decision').toContain(
      '学校食堂可以安排，同意。',
    );
    const decide = desk.locator('form', { has: desk.getByRole('heading', { name: '逐项认定' }) });
    const lunch = decide.locator('.measure', { has: desk.getByRole('group', { name: /营养午餐补助/ }) });
    await lunch.getByLabel('认定', { exact: true }).check();
    await lunch.getByLabel(/给申请人看的说明/).fill('下月起在学校领取营养午餐');
    const mother = decide.locator('.measure', { has: desk.getByRole('group', { name: /代理妈妈/ }) });
    await mother.getByLabel('不予认定', { exact: true }).check();
    // A refusal without a reason is sent back, at its field.
    await decide.getByRole('button', { name: '保存' }).click();
    await mother.getByText('不予认定的，请写明原因，原因会告诉申请人').waitFor();
    await mother.getByLabel(/^原因/).fill('已有亲属照料，暂不安排结对');
    const school = decide.locator('.measure', { has: desk.getByRole('group', { name: /控辍保学/ }) });
    await school.getByLabel('认定', { exact: true }).check();
    await decide.getByRole('button', { name: '保存' }).click();
    await desk.getByText('认定已保存').waitFor();
    await desk.getByText('所在步骤：已认定').waitFor();
    const items = desk.locator('ol.plan-items');
    expect(await items.textContent()).toContain('不予认定（已有亲属照料，暂不安排结对）');

    // 转介: 控辍保学 to the 教育局.
    const refer = desk.locator('form', { has: desk.getByRole('heading', { name: '转介给部门' }) });
    await refer.getByLabel('要转介的措施').selectOption({ label: '控辍保学：劝返复学并跟踪到校' });
    await refer.getByLabel('负责的部门').selectOption({ label: '县教育局' });
    await refer.getByLabel('请部门在这一天前答复').fill(dayInChina(14));
    await refer.getByLabel('需要部门做什么').fill('请学校联系家长，劝返复学，每周报告到校情况。');
    await refer.getByRole('button', { name: '转介' }).click();
    await desk.getByText('已转介', { exact: true }).first().waitFor();
    await expect.poll(() => items.textContent()).toContain('转介：县教育局 已转介');
    await checkView(desk, 'staff plan decided');

    // The 教育局 sees the referral, and only what it needs.
    const deptContext = await phone(browser());
    const inbox = await deptContext.newPage();
    await signIn(inbox, education);
    await inbox.getByRole('heading', { name: '转介', exact: true }).waitFor();
    const referral = inbox.locator('ul.referrals > li', { hasText: '控辍保学' });
    await referral.waitFor();
    expect(await referral.textContent()).toContain(child.name);
    expect(await inbox.locator('#view').textContent()).not.toContain(caseRef);
    expect(await inbox.locator('#view').textContent()).not.toContain('奶奶腿脚不便');
    await checkView(inbox, 'staff referrals (department)');
    await referral.getByLabel('已办结', { exact: true }).check();
    await referral.getByRole('button', { name: '答复' }).click();
    await referral.getByRole('link', { name: '请写明办了什么' }).waitFor();
    await referral.getByLabel(/^办理情况/).fill('孩子已于本周返校，班主任每周家访。');
    await referral.getByRole('button', { name: '答复' }).click();
    await inbox.getByText('答复已保存：已办结').waitFor();
    await deptContext.close();

    // The county sees the answer on the file, and in the procedure's progress.
    await desk.reload();
    await expect.poll(() => desk.locator('ol.plan-items').textContent()).toContain('县教育局 已办结');
    await desk.goto('/staff/#/review');
    const departments = desk.getByRole('table', { name: '各成员单位的转介' });
    await departments.waitFor();
    expect(await departments.getByRole('row', { name: /县教育局/ }).textContent()).toMatch(/县教育局\s*0\s*0\s*1\s*0/);
    await checkView(desk, 'staff review progress');
    await countyContext.close();

    // The family: each measure's outcome, the county's note and the refusal's reason; never an internal note.
    for (const js of [true, false]) {
      const familyContext = js ? await phone(browser()) : await withoutSiteScripts(browser());
      const look = await familyContext.newPage();
      expect(await lookUp(look, family.reference, family.accessCode)).toBe('部分认定通过');
      const measures = (await look.locator('#status-result-items').textContent()) ?? '';
      expect(measures).toContain('营养午餐补助：已认定。说明：下月起在学校领取营养午餐');
      expect(measures).toMatch(/代理妈妈[^：]*：不予认定（已有亲属照料，暂不安排结对）/);
      expect(await look.locator('#status-result-appeal').isVisible()).toBe(true);
      const text = (await look.locator('main').textContent()) ?? '';
      for (const internal of ['奶奶腿脚不便', '监护能力弱', '劝返复学']) expect(text).not.toContain(internal);
      await checkView(look, `status with measures (${js ? 'JavaScript' : 'no JavaScript'})`);
      await familyContext.close();
    }
  }, 360_000);
});
