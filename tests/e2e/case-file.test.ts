/**
 * The child's file in the console (issue 11): a village 儿童主任 screens five children on a
 * phone, a county officer finds a grandmother by her phone number and opens her grandchild's
 * file from a link, and a reported child is identified, merged and un-merged. axe and the
 * 360 px check on every view.
 */
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import { idCheckDigit } from '#src/domain/validators.ts';
import { checkView, phone, scrollsSideways, useBrowser } from './support/browser.ts';
import { apply, fileOf, post, signIn, staffAdd, staffGet, staffPost } from './support/staff.ts';

const browser = useBrowser();

const choose = (scope: Locator, legend: string, option: string) =>
  scope
    .locator('fieldset', { has: scope.page().locator('legend', { hasText: legend }) })
    .getByLabel(option, { exact: true })
    .check();

describe('摸底排查 in the console', () => {
  it('the county opens a round; a village account screens five children on a 360 px phone (one new, four on file); the progress shows them; the county closes the round', async () => {
    const county = staffAdd('县民政局排查负责人', 'county', 'all');
    const director = staffAdd('石桥村儿童主任', 'village', '清水镇');
    // Four children on file in 石桥村 before the round, each from a family's application.
    const onFile = ['石小一', '石小二', '石小三', '石小四'];
    for (const [i, name] of onFile.entries()) {
      await apply({
        child: { name, birthDate: `201${i + 2}-03-0${i + 1}` },
        address: { ...application.address, township: 'qingshui', village: '石桥村' },
      });
    }

    // The county opens the round in the console.
    const office = await phone(browser());
    const countyPage = await office.newPage();
    await signIn(countyPage, county, '/staff/#/screening');
    await countyPage.getByRole('heading', { name: '摸底排查', exact: true }).waitFor();
    await checkView(countyPage, 'staff screening (county)');
    const openForm = countyPage.locator('form', { has: countyPage.getByRole('heading', { name: '开始新一轮摸底排查' }) });
    await openForm.getByLabel('年份').fill('2027');
    await choose(openForm, '月份', '7 月');
    await openForm.getByRole('button', { name: '开始这一轮' }).click();
    await countyPage.getByRole('heading', { name: '2027-07 摸底排查的进度' }).waitFor();
    const roundId = /#\/screening\/(\d+)/.exec(countyPage.url())![1]!;

    // The 儿童主任 on a phone: from the screening page to the village's roster.
    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, director);
    await page.getByRole('link', { name: '摸底排查', exact: true }).click();
    await page.getByRole('heading', { name: '摸底排查', exact: true }).waitFor();
    await checkView(page, 'staff screening (village)');
    await page.getByRole('link', { name: '石桥村' }).click();
    await page.getByRole('heading', { name: '石桥村摸底排查名单（2027-07）' }).waitFor();
    await checkView(page, 'staff roster');
    const blocks = page.locator('section.roster-child[data-case]');
    expect(await blocks.locator(':scope > h3').allTextContents()).toEqual(onFile.map((n, i) => `${n} 201${i + 2}-03-0${i + 1}`));
    await page.getByText('已登记 0 人，名单上共 4 人').waitFor();

    const screen = async (name: string, level: string, groups: string[], reason: string) => {
      const block = blocks.filter({ has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) });
      await choose(block, '排查结果', '已排查');
      await block.locator('summary', { hasText: '保护对象' }).click();
      for (const g of groups) await choose(block, '保护对象类别', g);
      await choose(block, '建议风险等级', level);
      await block.getByLabel('建议这个等级的理由').fill(reason);
      await block.getByRole('button', { name: '保存' }).click();
      await block.getByText(`已登记：已排查，建议${level}`).waitFor();
    };
    await screen('石小一', '黄色', ['留守儿童'], '父母在外务工，跟爷爷生活');
    // Saved without leaving the page; the next child to do has the focus.
    expect(page.url()).toContain(`#/screening/${roundId}/qingshui/`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('石小二');
    await screen('石小二', '橙色', ['留守儿童', '低保和低保边缘家庭儿童'], '低保家庭，奶奶卧病');
    const third = blocks.filter({ has: page.getByRole('heading', { name: /^石小三/ }) });
    await choose(third, '排查结果', '未找到');
    expect(await third.getByLabel('建议这个等级的理由').isVisible()).toBe(false);
    await third.getByRole('button', { name: '保存' }).click();
    await third.getByText('已登记：未找到').waitFor();
    await screen('石小四', '蓝色', ['残疾儿童'], '持残疾证，家里照顾得好');

    // A child found during the round: filed at once.
    const add = page.locator('section', { has: page.getByRole('heading', { name: '登记新发现的孩子' }) });
    await add.getByLabel('孩子姓名').fill('石小新');
    await add.getByLabel('出生日期').fill('2019-09-09');
    await choose(add, '保护对象类别', '事实无人抚养儿童');
    await choose(add, '建议风险等级', '红色');
    await add.getByLabel('建议这个等级的理由').fill('父亲服刑，母亲离家，无人照看');
    await add.getByRole('button', { name: '登记这个孩子' }).click();
    await page.getByText(/^已为石小新建档（C-[0-9A-Z]{8}）并登记$/).waitFor();
    await page.getByText('已登记 5 人，名单上共 5 人').waitFor();
    await checkView(page, 'staff roster, filled in');
    expect(await scrollsSideways(page)).toBe(false);

    // The round's progress shows the five, and 石桥村's row says what was done.
    await page.getByRole('link', { name: '返回清水镇的进度' }).click();
    await page.getByRole('heading', { name: '2027-07 摸底排查的进度' }).waitFor();
    await checkView(page, 'staff round progress (village)');
    const row = page.locator('tr', { has: page.getByRole('link', { name: '石桥村', exact: true }) });
    expect(await row.locator('td').allTextContents()).toEqual(['石桥村', '5', '4', '4', '5']);
    await context.close();

    // The county sees the same figures, then closes the round.
    await countyPage.reload();
    await countyPage.getByRole('heading', { name: '2027-07 摸底排查的进度' }).waitFor();
    const countyRow = countyPage.locator('tr', { has: countyPage.getByRole('link', { name: '石桥村', exact: true }) });
    expect(await countyRow.locator('td').allTextContents()).toEqual(['石桥村', '5', '4', '4', '5']);
    await checkView(countyPage, 'staff round progress (county)');
    await countyPage.getByRole('button', { name: '结束这一轮摸底排查' }).click();
    await countyPage.getByText('2027-07 摸底排查已结束').waitFor();
    await countyPage.getByText('已结束', { exact: true }).waitFor();
    // The dashboard counts from the round: its figures and what they mean.
    await countyPage.goto('/staff/#/dashboard');
    await countyPage.getByText('排查分类率按 2027-07 摸底排查计算。').waitFor();
    await countyPage.getByText('本轮摸底排查中已排查并建议风险等级的孩子 ÷ 本轮各村名单上的孩子').waitFor();
    await countyPage.locator('svg.indicator-chart').waitFor();
    await checkView(countyPage, 'staff dashboard with a round');
    await office.close();
  }, 180_000);
});

describe('finding a child', () => {
  it("a county account finds the grandmother 王秀兰 by her phone number and opens her grandchild's file from a link #/cases/C-…", async () => {
    const county = staffAdd('县民政局接线员', 'county', 'all');
    const phoneNumber = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const family = await apply({
      applicant: { ...application.applicant, phone: phoneNumber },
      child: { name: '王小花', birthDate: '2015-08-08' },
    });
    const caseRef = await fileOf(county, family.reference);
    // 橙色, visited weekly; the last visit long ago: the child is on the overdue list.
    await staffPost(county, `/cases/${caseRef}/risk`, { level: 'orange', reason: '奶奶年老多病' });
    await staffPost(county, `/cases/${caseRef}/visits`, { visitedAt: '2026-01-05T10:00:00+08:00', findings: '家里没有大人' });

    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, county);
    const search = page.getByRole('search', { name: '找孩子' });
    // Too short: said at once, next to the box.
    await search.getByLabel('找孩子').fill('王');
    await search.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('link', { name: '请至少输入两个字，或完整的电话、身份证号、编号' }).waitFor();
    await checkView(page, 'staff search, too short');
    // Nobody: the page says so.
    await search.getByLabel('找孩子').fill('查无此人');
    await search.getByRole('button', { name: '搜索' }).click();
    await page.getByText(/没有找到与「查无此人」相符的孩子/).waitFor();
    // She phones; the number is typed the way she says it.
    const spoken = `${phoneNumber.slice(0, 3)} ${phoneNumber.slice(3, 7)} ${phoneNumber.slice(7)}`;
    await search.getByLabel('找孩子').fill(spoken);
    await search.getByRole('button', { name: '搜索' }).click();
    const result = page.getByRole('link', { name: `王小花 ${caseRef}` });
    await result.waitFor();
    expect(await page.locator('.case-list li').count()).toBe(1);
    await checkView(page, 'staff search results');
    // What was typed stays out of the address and the history.
    expect(page.url()).not.toContain(phoneNumber.slice(3, 7));
    expect(page.url().endsWith('#/search')).toBe(true);
    await result.click();
    await page.getByRole('heading', { name: `王小花的档案 ${caseRef}` }).waitFor();
    const link = page.url();
    expect(link).toContain(`/staff/#/cases/${caseRef}`);
    expect(await page.locator('dl').first().textContent()).toContain(`王秀兰 · 祖父母或外祖父母 ${phoneNumber}`);
    // Labels in Chinese, never the slugs the data is stored under (grandparent, nutrition-lunch, leftBehind …).
    const text = (await page.locator('#view').textContent())!;
    expect(text).toContain('营养午餐补助');
    expect(text).not.toMatch(/grandparent|nutrition-lunch|caring-mother|leftBehind|orange|[a-z]+-[a-z]+-/);
    await checkView(page, 'staff case file');

    // The list of files and the overdue visits, from the menu.
    await page.getByRole('link', { name: '儿童档案', exact: true }).click();
    await page.getByRole('heading', { name: '儿童档案', exact: true }).waitFor();
    await page.getByRole('link', { name: `王小花 ${caseRef}` }).waitFor();
    await checkView(page, 'staff case list');
    await page.getByRole('link', { name: '逾期走访', exact: true }).click();
    await page.getByRole('heading', { name: '逾期走访的孩子' }).waitFor();
    await page.getByRole('link', { name: `王小花 ${caseRef}` }).waitFor();
    await checkView(page, 'staff overdue visits');
    await context.close();

    // A colleague opens the link she was sent: after signing in, the file itself.
    const colleague = await phone(browser());
    const second = await colleague.newPage();
    await signIn(second, staffAdd('县民政局同事', 'county', 'all'), link.slice(link.indexOf('/staff/')));
    await second.getByRole('heading', { name: `王小花的档案 ${caseRef}` }).waitFor();
    expect(await second.locator('#view').textContent()).toContain(`申请 ${family.reference}`);
    await colleague.close();
  }, 120_000);
});

describe('a reported child', () => {
  it('is filed from the report as 待核实, identified after the visit, then merged into the file the child already had and un-merged', async () => {
    const township = staffAdd('城关镇审核员', 'township', '城关镇');
    const county = staffAdd('县民政局合并核对', 'county', 'all');
    const { reference: reportRef } = await post<{ reference: string }>('/api/reports', report, { 'idempotency-key': crypto.randomUUID() });
    const earlier = await apply({
      child: { name: '赵小东', birthDate: '2014-06-01' },
      address: { ...application.address, township: 'chengguan', village: '东街社区' },
    });
    const keptRef = await fileOf(county, earlier.reference);

    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, township, `/staff/#/reports/${reportRef}`);
    await page.getByRole('heading', { name: new RegExp(`报告 ${reportRef}`) }).waitFor();
    // Labels, never slugs.
    expect(await page.locator('dl').first().textContent()).toContain('流浪乞讨');
    expect(await page.locator('dl').first().textContent()).not.toMatch(/streetBegging|unsure/);
    await checkView(page, 'staff report');
    const triage = page.locator('form', { has: page.getByRole('heading', { name: '分派' }) });
    await triage.getByLabel(/根据这份报告新建档案/).check();
    await triage.getByRole('button', { name: '分派' }).click();
    await page.getByText('已分派').first().waitFor();
    const fileLink = page.locator('dl').first().getByRole('link', { name: /^C-/ });
    const newRef = (await fileLink.textContent())!;
    await fileLink.click();
    await page.getByRole('heading', { name: `档案 ${newRef}（还不知道孩子是谁）` }).waitFor();
    expect(await page.locator('#view').textContent()).toContain('状态：待核实');
    await checkView(page, 'staff unverified file');

    // After the visit: who the child is.
    const details = page.locator('form', { has: page.getByRole('heading', { name: '说明这个孩子是谁' }) });
    await details.getByLabel('孩子姓名').fill('赵晓东');
    await details.getByLabel('出生日期').fill('2014-06-01');
    await details.getByLabel('村（社区）').selectOption('东街社区');
    await details.locator('fieldset', { hasText: '家人或联系人 1' }).getByLabel('姓名').fill('赵大山');
    await details.locator('fieldset', { hasText: '家人或联系人 1' }).getByLabel('和孩子的关系').selectOption({ label: '父亲' });
    await details.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: `赵晓东的档案 ${newRef}` }).waitFor();
    await page.getByText('状态：在档').waitFor();

    // The same child already had a file: merge this one into it, then undo.
    await page.locator('summary', { hasText: '这个孩子还有另一个档案：合并' }).click();
    const merge = page.locator('details', { hasText: '这个孩子还有另一个档案：合并' });
    await merge.getByLabel('要保留的档案编号').fill(keptRef);
    await merge.getByLabel('合并的理由').fill('同一个孩子，报告里的名字写成了晓');
    await merge.getByRole('button', { name: '合并档案' }).click();
    await page.getByRole('heading', { name: `赵小东的档案 ${keptRef}` }).waitFor();
    await page.getByText(`档案 ${newRef} 已合并到 ${keptRef}`).waitFor();
    expect(await page.locator('dl').first().textContent()).toContain(newRef);
    expect(await page.locator('#view').textContent()).toContain(`报告 ${reportRef}`);
    await checkView(page, 'staff merged file');

    await page.locator('summary', { hasText: `撤销合并 ${newRef}` }).click();
    const unmerge = page.locator('details', { hasText: `撤销合并 ${newRef}` });
    await unmerge.getByLabel('撤销合并的理由').fill('核实后不是同一个孩子');
    await unmerge.getByRole('button', { name: '撤销合并' }).click();
    await page.getByText(`已撤销合并，${newRef} 又是一个单独的档案`).waitFor();
    expect(await page.locator('dl').first().textContent()).not.toContain(newRef);
    const separate = await staffGet<{ statusLabel: string }>(county, `/cases/${newRef}`);
    expect(separate.statusLabel).toBe('在档');
    await context.close();
  }, 120_000);
});

describe('two files of one child', () => {
  it('a township files a child already on file in another township: the county sees each file name the other as possibly the same child, and can list only such files', async () => {
    const county = staffAdd('县民政局核对重复档案', 'county', 'all');
    const xihe = staffAdd('西河乡工作人员', 'township', '西河乡');
    const first17 = `110105${'20130415'}${String(100 + Math.floor(Math.random() * 900))}`;
    const child = { name: '欧阳小楠', birthDate: '2013-04-15', idNumber: first17 + idCheckDigit(first17) };
    const earlier = await apply({ child, address: { ...application.address, township: 'chengguan', village: '南关村' } });
    const there = await fileOf(county, earlier.reference);
    // 西河乡 cannot see 城关镇's file, so it files the child again.
    const { reference: here } = await staffPost<{ reference: string }>(xihe, '/cases', { child, township: 'xihe', village: '柳树村' });
    expect(here).not.toBe(there);

    const context = await phone(browser());
    const page = await context.newPage();
    await signIn(page, county, `/staff/#/cases/${there}`);
    await page.getByRole('heading', { name: `欧阳小楠的档案 ${there}` }).waitFor();
    await page.getByText('这些档案可能是同一个孩子').waitFor();
    await checkView(page, 'staff case file with a possible duplicate');
    await page.getByRole('link', { name: here, exact: true }).click();
    await page.getByRole('heading', { name: `欧阳小楠的档案 ${here}` }).waitFor();
    await page.getByRole('link', { name: there, exact: true }).waitFor();

    // The list, only the files that may be the same child as another.
    await page.getByRole('link', { name: '儿童档案', exact: true }).click();
    await page.getByRole('heading', { name: '儿童档案', exact: true }).waitFor();
    await page.getByLabel('可能重复的档案').selectOption({ label: '只看可能是同一个孩子的档案' });
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/duplicates=1/);
    await page.getByRole('link', { name: `欧阳小楠 ${here}` }).waitFor();
    await page.getByRole('link', { name: `欧阳小楠 ${there}` }).waitFor();
    await checkView(page, 'staff case list, possible duplicates');
    await context.close();
  }, 120_000);
});
