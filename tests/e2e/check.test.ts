import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { expectAccessible, phone, scrollsSideways, useBrowser, withoutSiteScripts } from './support/browser.ts';
import { checkAsGrandmother, choose as chooseOn } from './support/journeys.ts';
import county from '#content/county.ts';
import { deptName } from '#src/config/county-schema.ts';
import catalog from '#src/generated/catalog.json' with { type: 'json' };

const browser = useBrowser();
let context: BrowserContext;
let page: Page;

async function fresh(): Promise<void> {
  await context?.close();
  context = await phone(browser());
  page = await context.newPage();
  await page.goto('/check/');
}

const choose = (legend: string, option: string) => chooseOn(page, legend, option);

async function next(): Promise<void> {
  await page.locator('#next').click();
}

async function stepTitle(): Promise<string> {
  return (await page.locator('section[data-step]:not([hidden]) h2').textContent())!.trim();
}

const resultTitles = (group: string) => page.locator(`#results-groups .result-group.${group} .result h4`).allTextContents();

describe('「我能申请哪些帮助」 checker', () => {
  it('a grandmother raising a left-behind child in a 低保 family finds 代理妈妈 pairing and 营养午餐补助, and goes on to apply', async () => {
    await fresh();
    expect(await page.locator('#progress').textContent()).toBe('第 1 步，共 6 步');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('关于孩子');
    const seen: string[] = [];
    await checkAsGrandmother(page, async (step) => {
      seen.push(step);
      if (step === 'health') expect(await page.getByText('残疾证上的残疾等级').isVisible()).toBe(false); // asked only for a disability
      if (step === 'situations') expect(await page.locator('#next').textContent()).toBe('查看结果');
      await expectAccessible(page, `checker step ${step}`);
    });
    expect(seen).toEqual(['child', 'school', 'health', 'parents', 'household', 'situations']);
    await page.locator('#results').waitFor();
    const eligible = await resultTitles('eligible');
    expect(eligible).toEqual(expect.arrayContaining([expect.stringContaining('代理妈妈'), '营养午餐补助']));
    expect(await resultTitles('ineligible')).toEqual(expect.arrayContaining(['孤儿基本生活保障']));
    // Each result says who handles it, by the county's name for the department, and what to bring.
    const lunch = catalog.find((e) => e.slug === 'nutrition-lunch')!;
    const lunchResult = await page
      .locator('#results-groups .result', { has: page.getByRole('heading', { name: lunch.title }) })
      .textContent();
    expect(lunchResult).toContain(deptName(county, 'education'));
    for (const line of lunch.materials) expect(lunchResult).toContain(line);
    expect(await page.getByText('结果只是参考，不是审批决定').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '打印或保存结果' }).isVisible()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'checker results');
    // Looking at the results stores nothing: the answers stay in the page until she applies.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    const shown = await page
      .locator('#results-groups .result-group.eligible .result h4 a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname.split('/')[2]));

    await page.getByRole('button', { name: '继续在线申请所选帮助' }).click();
    await page.waitForURL(/\/apply\/$/);
    const handOver = await page.evaluate(() => JSON.parse(sessionStorage.getItem('tonghu.check')!));
    expect(handOver.entitlements).toEqual(expect.arrayContaining(['caring-mother-pairing', 'nutrition-lunch']));
    expect(handOver.answers.father).toBe('workingAway');
    expect(page.url()).not.toContain('workingAway'); // answers never travel in the address

    // The browser and POST /api/eligibility agree on the same answers.
    const api = await page.evaluate(async (a) => {
      const res = await fetch('/api/eligibility', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: a }),
      });
      return (await res.json()).summary.eligible as string[];
    }, handOver.answers);
    expect(shown.sort()).toEqual([...api].sort());
  }, 180_000); // axe on each of six steps: slow on a shared machine

  it('an orphan in a welfare institution sees 孤儿基本生活保障, without being asked about a household', async () => {
    await fresh();
    await page.getByLabel('不记得出生日期？填写孩子现在几周岁').fill('9');
    await choose('现在主要由谁照顾孩子', '儿童福利机构');
    await next();
    await choose('孩子现在的上学情况', '小学');
    await next();
    await next(); // health: skipped questions stay unanswered
    await choose('孩子父亲现在的情况', '已去世（或被法院宣告死亡）');
    await choose('孩子母亲现在的情况', '已去世（或被法院宣告死亡）');
    await next();
    expect(await stepTitle()).toBe('孩子遇到的困难');
    expect(await page.locator('#progress').textContent()).toBe('第 5 步，共 5 步');
    await next();
    await page.locator('#results').waitFor();
    expect(await resultTitles('eligible')).toContain('孤儿基本生活保障');
  });

  it('shows an error summary for an impossible date, moves focus to it, and links to the field', async () => {
    await fresh();
    await page.getByLabel('年', { exact: true }).fill('2015');
    await page.getByLabel('月', { exact: true }).fill('2');
    await page.getByLabel('日', { exact: true }).fill('30');
    await next();
    const summary = page.locator('#error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await summary.textContent()).toContain('这个日期不存在');
    expect(await stepTitle()).toBe('关于孩子');
    await expectAccessible(page, 'checker error summary');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('child-birthDate');
  });

  it('goes back to change an answer', async () => {
    await fresh();
    await page.getByLabel('不记得出生日期？填写孩子现在几周岁').fill('2');
    await next();
    expect(await stepTitle()).toBe('孩子的身体情况'); // no school question for a 2-year-old
    await page.getByRole('button', { name: '上一步' }).click();
    expect(await stepTitle()).toBe('关于孩子');
    expect(await page.getByLabel('不记得出生日期？填写孩子现在几周岁').inputValue()).toBe('2');
  });

  it('works without JavaScript: every question on one page, the results from the Worker, the choices posted to /apply/', async () => {
    await context?.close();
    context = await phone(browser(), { javaScriptEnabled: false });
    page = await context.newPage();
    await page.goto('/check/');
    expect(await page.locator('section[data-step]:visible').count()).toBe(6);
    await page.getByLabel('年', { exact: true }).fill('2017');
    await page.getByLabel('月', { exact: true }).fill('5');
    await page.getByLabel('日', { exact: true }).fill('10');
    await choose('孩子的户口在哪里', '本县户口');
    await choose('现在主要由谁照顾孩子', '爷爷奶奶、外公外婆或其他亲属');
    await choose('孩子现在的上学情况', '小学');
    await choose('孩子父亲现在的情况', '在外地打工');
    await choose('孩子母亲现在的情况', '在外地打工');
    await choose('家里享受哪种救助', '享受低保（最低生活保障）');
    await choose('家住在哪里', '农村');
    await page.getByLabel('所在乡镇（街道）和村（社区）').selectOption({ label: '西河乡 柳树村' });
    await page.getByLabel('以上都没有').check();
    await page.getByRole('button', { name: '查看结果' }).click();
    await page.locator('#results').waitFor();
    expect(await resultTitles('eligible')).toEqual(expect.arrayContaining([expect.stringContaining('代理妈妈'), '营养午餐补助']));
    expect(await page.locator('#checker').isVisible()).toBe(false);
    // Only what works without a script: no print button, and 「修改回答」 is a link back to the questions.
    expect(await page.locator('#print').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: '修改回答' }).getAttribute('href')).toBe('/check/');
    await page.getByRole('button', { name: '继续在线申请所选帮助' }).click();
    await page.waitForURL(/\/apply\/$/);
    // The chosen entitlements came in the body: nothing about the child is left in the address.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByLabel('营养午餐补助').isChecked()).toBe(true);
    expect(await page.getByLabel('代理妈妈（爱心妈妈）一对一结对').isChecked()).toBe(true);
    expect(await page.getByLabel('残疾儿童康复救助').isChecked()).toBe(false);
    // The birth date and the township and village came over too: /apply/ does not ask again.
    expect(await page.getByLabel('年', { exact: true }).inputValue()).toBe('2017');
    expect(await page.getByLabel('孩子住在哪个村（社区）').inputValue()).toBe('xihe/柳树村');
  });

  it('the long form and its results pass axe as someone without JavaScript sees them', async () => {
    const noScripts = await withoutSiteScripts(browser());
    const p = await noScripts.newPage();
    await p.goto('/check/');
    await expectAccessible(p, 'checker without JavaScript');
    await p.getByRole('button', { name: '查看结果' }).click();
    await p.locator('#results').waitFor();
    await expectAccessible(p, 'checker results from the Worker');
    await noScripts.close();
  });
});
