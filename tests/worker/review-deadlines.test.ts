/**
 * The time limits of 认定审核 once a county has published them: each step and each measure of
 * the plan is due within the 时限 of the entitlement's 办事指南 (content) or the county's days
 * for the step (content/county.ts `reviewDays`), never a made-up date; the overview lists what
 * is overdue per step and per department.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { apply, caseOf, type Receipt } from './support/api.ts';
import { DAY, evaluate, intoReview, lookUp, sendInBatch, visit, type Plan } from './support/review.ts';
import { publish } from './support/settings.ts';
import { staffFetch, staffToken } from './support/staff.ts';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** When the family's application was stored (the 时限 runs from then). */
async function submittedAt(r: Receipt): Promise<number> {
  const row = await env.DB.prepare('SELECT created_at FROM applications WHERE reference = ?')
    .bind(r.reference)
    .first<{ created_at: number }>();
  return row!.created_at;
}

async function plan(token: string, file: string): Promise<Plan> {
  const res = await staffFetch(token, `/cases/${file}/plan`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<Plan>();
}

/** A date the Worker set as `days` after a moment between `before` and now. */
function daysOn(iso: string | null, before: number, days: number): void {
  expect(iso).not.toBeNull();
  const at = Date.parse(iso!);
  expect(at).toBeGreaterThanOrEqual(before + days * DAY);
  expect(at).toBeLessThanOrEqual(Date.now() + days * DAY);
}

describe('due dates from what the county published', () => {
  it('each step is due after the county’s days for it, but never after the 时限 the family was promised; a measure after its entitlement’s 时限', async () => {
    restore = publish({
      reviewDays: { screening: 5, filing: 10, assessing: 15, deciding: 40 },
      timeLimitDays: { 'nutrition-lunch': 30 },
    });
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    let before = Date.now();
    const { receipt, file } = await intoReview({ township, county }, '时限甲', {
      entitlements: ['nutrition-lunch', 'caring-mother-pairing'],
    });
    const asked = await submittedAt(receipt);
    // The family is told 30 days from the day it applied: the shortest published 时限.
    expect((await lookUp(receipt)).dueBy).toBe(new Date(asked + 30 * DAY).toISOString());
    // 建立档案: ten days from when the county took the child in.
    daysOn((await plan(township, file)).stepDue, before, 10);

    before = Date.now();
    await visit(township, file);
    daysOn((await plan(township, file)).stepDue, before, 15);

    before = Date.now();
    const given = new Date(Date.now() + 7 * DAY).toISOString();
    const p = await evaluate(township, file, [
      { entitlement: 'nutrition-lunch', department: 'education' },
      { entitlement: 'caring-mother-pairing', department: 'womensFederation' },
      { measure: '请学校老师每周家访一次', department: 'schools', dueBy: given },
    ]);
    // 审核认定 has 40 days, but the family was promised an answer within 30 days of applying.
    expect(p.stepDue).toBe(new Date(asked + 30 * DAY).toISOString());
    // 营养午餐补助 within its 时限 from the application; 代理妈妈 (no published 时限) by the end of 审核认定; a date given stays.
    expect(p.items[0]!.dueBy).toBe(new Date(asked + 30 * DAY).toISOString());
    daysOn(p.items[1]!.dueBy, before, 40);
    expect(p.items[2]!.dueBy).toBe(given);
  });

  it('without a published 时限, the county’s days alone; a step the county gave no days has no due date, and the family is promised none', async () => {
    restore = publish({ reviewDays: { screening: 5, filing: null, assessing: 15, deciding: 20 } });
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const r = await apply('dongshan', '上坪村', { name: '时限乙', birthDate: '2015-03-03' }, { entitlements: ['caring-mother-pairing'] });
    const file = await caseOf(r.reference);
    let before = Date.now();
    const id = await sendInBatch(township, file);
    daysOn((await plan(township, file)).stepDue, before, 5);
    await staffFetch(county, `/batches/${id}/screen`, { body: { items: [{ case: file, decision: 'accepted' }] } });
    expect((await plan(township, file)).stepDue).toBeNull();
    before = Date.now();
    await visit(township, file);
    daysOn((await plan(township, file)).stepDue, before, 15);
    // One step without days and no published 时限: the family is given whom to ask, not a date.
    expect((await lookUp(r)).dueBy).toBeNull();
  });

  it('with nothing published, no step and no measure has a date', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const { receipt, file } = await intoReview({ township, county }, '时限丙');
    expect((await plan(township, file)).stepDue).toBeNull();
    await visit(township, file);
    const p = await evaluate(township, file, [
      { entitlement: 'nutrition-lunch', department: 'education' },
      { entitlement: 'caring-mother-pairing', department: 'womensFederation' },
      { entitlement: 'compulsory-education-aid', department: 'education' },
    ]);
    expect([p.stepDue, ...p.items.map((i) => i.dueBy)]).toEqual([null, null, null, null]);
    expect((await lookUp(receipt)).dueBy).toBeNull();
  });
});

interface Overview {
  steps: { step: string; waiting: number; overdue: number; days: number | null }[];
  overdue: { reference: string; step: string }[];
  departments: { department: string; departmentName: string; open: number; overdue: number; done: number }[];
}

describe('the overview of the procedure', () => {
  it('counts the children waiting and overdue at each step, and the referrals open, overdue and done per department', async () => {
    restore = publish({ reviewDays: { screening: 5, filing: 10, assessing: 15, deciding: 20 } });
    // 清水镇 only: the other tests of this file work in 东山乡.
    const township = await staffToken('township', ['qingshui']);
    const county = await staffToken('county', ['qingshui']);
    const place = { township: 'qingshui', village: '河湾村' };

    // One child in 建立档案, on time; one whose 建立档案 is three days late.
    await intoReview({ township, county }, '概况甲', { ...place, entitlements: ['caring-mother-pairing'] });
    const late = await intoReview({ township, county }, '概况乙', { ...place, entitlements: ['caring-mother-pairing'] });
    await env.DB.prepare('UPDATE cases SET step_due = ? WHERE reference = ?')
      .bind(Date.now() - 3 * DAY, late.file)
      .run();

    // One child decided, with three referrals: one late, one answered done, one accepted and on time.
    const decided = await intoReview({ township, county }, '概况丙', { ...place, entitlements: ['nutrition-lunch'] });
    await visit(township, decided.file);
    const p = await evaluate(township, decided.file, [
      { entitlement: 'nutrition-lunch', department: 'education' },
      { measure: '联系学校做好控辍保学', department: 'education' },
      { measure: '安排爱心妈妈结对', department: 'womensFederation' },
    ]);
    const other = await staffToken('county', ['qingshui']);
    const ok = await staffFetch(other, `/cases/${decided.file}/decisions`, {
      body: { items: p.items.map((i) => ({ planItem: i.id, decision: 'approved' })) },
    });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const refer = async (planItem: number, department: string) => {
      const res = await staffFetch(township, `/cases/${decided.file}/referrals`, {
        body: { planItem, department, dueBy: new Date(Date.now() + 14 * DAY).toISOString(), request: '请落实' },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json<{ id: number }>()).id;
    };
    const lateReferral = await refer(p.items[0]!.id, 'education');
    const onTime = await refer(p.items[1]!.id, 'education');
    const done = await refer(p.items[2]!.id, 'womensFederation');
    await env.DB.prepare('UPDATE referrals SET due_by = ? WHERE id = ?')
      .bind(Date.now() - DAY, lateReferral)
      .run();
    const education = await staffToken('department', ['qingshui'], { department: 'education' });
    const women = await staffToken('department', ['qingshui'], { department: 'womensFederation' });
    expect((await staffFetch(education, `/referrals/${onTime}/response`, { body: { outcome: 'accepted' } })).status).toBe(200);
    expect((await staffFetch(women, `/referrals/${done}/response`, { body: { outcome: 'done', note: '已结对' } })).status).toBe(200);

    const overview = await (await staffFetch(township, '/review')).json<Overview>();
    expect(overview.steps).toEqual([
      { step: 'screening', waiting: 0, overdue: 0, days: 5 },
      { step: 'filing', waiting: 2, overdue: 1, days: 10 },
      { step: 'assessing', waiting: 0, overdue: 0, days: 15 },
      { step: 'deciding', waiting: 0, overdue: 0, days: 20 },
    ]);
    expect(overview.overdue.map((c) => [c.reference, c.step])).toEqual([[late.file, 'filing']]);
    const byDepartment = Object.fromEntries(overview.departments.map((d) => [d.departmentName, [d.open, d.overdue, d.done]]));
    expect(byDepartment).toEqual({ 县教育局: [2, 1, 0], 县妇女联合会: [0, 0, 1] });
    // The overdue list of referrals has the late one only.
    const overdue = await (await staffFetch(township, '/referrals?overdue=1')).json<{ items: { id: number; overdue: boolean }[] }>();
    expect(overdue.items.map((r) => [r.id, r.overdue])).toEqual([[lateReferral, true]]);
  });
});
