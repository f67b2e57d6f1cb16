/**
 * 认定审核 as the seed lays it down (篇五 三(三)): a township's batch, the county's screening,
 * the home visit, the evaluation with its 救助帮扶预案, a decision per measure by a second
 * person, and 转介 to the department that delivers it — with the family told each measure's
 * outcome, and never an internal note.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ownCaller } from '../support/callers.ts';
import { jpegBytes } from '../support/test-files.ts';
import { apply, caseOf, expectError } from './support/api.ts';
import { DAY, evaluate, evaluation, intoReview, lookUp, sendInBatch, THREE, visit, type Plan } from './support/review.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

/** A child of 东山乡 at 审核认定: visited and evaluated with THREE by the township; a county account to decide, and the plan's items. */
async function atDecision(name: string) {
  const township = await staffToken('township', ['dongshan']);
  const county = await staffToken('county', ['*']);
  const { receipt, file } = await intoReview({ township, county }, name);
  await visit(township, file);
  const plan = await evaluate(township, file, THREE);
  return { county, receipt, file, items: plan.items.map((i) => i.id) };
}

describe('the whole procedure for one child', () => {
  it('batch → visit → evaluation with a three-measure plan → two approved and one refused by a second account; the family sees each', async () => {
    const township = await staffToken('township', ['dongshan'], { name: '东山乡审核员' });
    const county = await staffToken('county', ['*'], { name: '县民政局科长' });
    const { receipt, file } = await intoReview({ township, county }, '审核甲');

    // Before the visit: no evaluation, and no decision.
    await expectError(await staffFetch(township, `/cases/${file}/evaluations`, { body: evaluation(THREE) }), 409, 'no_visit');
    await expectError(
      await staffFetch(county, `/cases/${file}/decisions`, { body: { items: [{ planItem: 1, decision: 'approved' }] } }),
      409,
      'no_visit',
    );
    let status = await lookUp(receipt);
    expect(status.statusLabel).toBe('入户调查/建档');

    const visit = await staffFetch(township, `/cases/${file}/visits`, {
      body: { visitedAt: new Date(Date.now() - DAY).toISOString(), findings: '奶奶耳背，家里没有书桌', with: '乡镇社工李红' },
    });
    expect(visit.status).toBe(201);
    status = await lookUp(receipt);
    expect(status.statusLabel).toBe('调查评估');

    // Every measure asked for must be on the plan.
    const short = await expectError(
      await staffFetch(township, `/cases/${file}/evaluations`, { body: evaluation(THREE.slice(0, 2)) }),
      400,
      'invalid',
    );
    expect(short.error.fields.plan).toContain('义务教育');
    const plan = await evaluate(township, file, THREE);
    expect(plan.items.map((i) => i.title)).toEqual([
      '营养午餐补助',
      expect.stringContaining('代理妈妈'),
      expect.stringContaining('义务教育'),
    ]);

    // The township officer who sent the batch and wrote the evaluation cannot decide; neither can a county account that did.
    await expectError(
      await staffFetch(township, `/cases/${file}/decisions`, { body: { items: [{ planItem: plan.items[0]!.id, decision: 'approved' }] } }),
      403,
      'forbidden',
    );
    const [lunch, mother, school] = plan.items;
    const decided = await staffFetch(county, `/cases/${file}/decisions`, {
      body: {
        items: [
          { planItem: lunch!.id, decision: 'approved', publicNote: '下月起发放' },
          { planItem: mother!.id, decision: 'approved' },
          { planItem: school!.id, decision: 'rejected', reason: '孩子已享受本学期的资助', publicNote: '下学期可以重新申请' },
        ],
      },
    });
    expect(decided.status, await decided.clone().text()).toBe(200);
    expect((await decided.json<Plan>()).step).toBe('decided');

    status = await lookUp(receipt);
    expect(status.statusLabel).toBe('部分认定通过');
    // Each measure with its outcome, the reason of a refusal, and the note the county wrote for the family.
    expect(status.items.map((i) => [i.entitlement, i.outcome, i.reason ?? null, i.publicNote ?? null])).toEqual([
      ['nutrition-lunch', 'approved', null, '下月起发放'],
      ['caring-mother-pairing', 'approved', null, null],
      ['compulsory-education-aid', 'rejected', '孩子已享受本学期的资助', '下学期可以重新申请'],
    ]);
    expect(status.appeal).toContain('行政复议');
    // The county has set no time limits: no date is made up, and the office that handles it is named.
    expect(status.dueBy).toBeNull();
    expect(status.contact.office).toContain('东山乡');
    const text = JSON.stringify(status);
    for (const internal of ['耳背', '书桌', '年迈', '成绩下滑', '社工李红']) expect(text).not.toContain(internal);
    expect(status.timeline.map((t) => t.label)).toEqual(['已提交', '乡镇初审', '入户调查/建档', '调查评估', '部分认定通过']);
  });

  it('the same account cannot review and decide: a county officer who sent the batch is refused (409 same_reviewer), audited', async () => {
    const county = await staffToken('county', ['*'], { name: '一人包办' });
    const other = await staffToken('county', ['*'], { name: '第二位' });
    const { file } = await intoReview({ township: county, county: other }, '审核乙');
    await visit(other, file);
    const plan = await evaluate(other, file, THREE);
    expect(plan.canDecide).toBe(false);
    for (const token of [county, other]) {
      await expectError(
        await staffFetch(token, `/cases/${file}/decisions`, { body: { items: [{ planItem: plan.items[0]!.id, decision: 'approved' }] } }),
        409,
        'same_reviewer',
      );
    }
    expect((await auditRows(`action = 'decide' AND outcome = 'refused' AND detail = 'same_reviewer'`)).length).toBe(2);
    const third = await staffToken('county', ['*'], { name: '第三位' });
    expect((await staffFetch(third, `/cases/${file}/plan`)).status).toBe(200);
    expect((await (await staffFetch(third, `/cases/${file}/plan`)).json<Plan>()).canDecide).toBe(true);
  });

  it('a refusal and a request for more need a reason; 需补充材料 shows the family what is missing, and a later decision closes it', async () => {
    const { county, receipt, file, items } = await atDecision('审核丙');
    const [a, b, c] = items;
    const noReason = await expectError(
      await staffFetch(county, `/cases/${file}/decisions`, { body: { items: [{ planItem: c, decision: 'rejected' }] } }),
      400,
      'invalid',
    );
    expect(noReason.error.fields['items.0.reason']).toBeDefined();
    await staffFetch(county, `/cases/${file}/decisions`, {
      body: {
        items: [
          { planItem: a, decision: 'approved' },
          { planItem: b, decision: 'approved' },
          { planItem: c, decision: 'needs_info', reason: '请补充学校开具的在读证明' },
        ],
      },
    });
    let status = await lookUp(receipt);
    expect(status.statusLabel).toBe('需补充材料');
    expect(status.items.find((i) => i.entitlement === 'compulsory-education-aid')).toMatchObject({
      outcome: 'needs_info',
      reason: '请补充学校开具的在读证明',
    });
    expect(status.timeline.at(-1)!.note).toContain('在读证明');
    await staffFetch(county, `/cases/${file}/decisions`, { body: { items: [{ planItem: c, decision: 'approved' }] } });
    status = await lookUp(receipt);
    expect(status.statusLabel).toBe('审核认定通过');
    expect(status.appeal).toBeNull();
  });

  it('需补充材料 naming checklist items: the family uploads them on /status/, the application comes back to 调查评估, and the county decides', async () => {
    const { county, receipt, file, items } = await atDecision('补材料');
    const [a, b, c] = items;
    // Items belong with 需补充材料 only.
    const misplaced = await expectError(
      await staffFetch(county, `/cases/${file}/decisions`, {
        body: { items: [{ planItem: a, decision: 'approved', materials: ['enrolmentProof'] }] },
      }),
      400,
      'invalid',
    );
    expect(misplaced.error.fields['items.0.materials']).toBeDefined();
    const asked = await staffFetch(county, `/cases/${file}/decisions`, {
      body: {
        items: [
          { planItem: a, decision: 'approved' },
          { planItem: b, decision: 'approved' },
          { planItem: c, decision: 'needs_info', reason: '请补充学校开具的在读证明', materials: ['enrolmentProof'] },
        ],
      },
    });
    expect(asked.status, await asked.clone().text()).toBe(200);
    expect((await asked.json<Plan>()).items[2]).toMatchObject({ decision: 'needs_info', waitingForFamily: true });
    let status = await lookUp(receipt);
    expect(status.statusLabel).toBe('需补充材料');
    expect(status.materials.find((m) => m.item === 'enrolmentProof')).toMatchObject({ requested: true, received: 0 });

    // The family photographs the 在读证明 on /status/: the application goes back to the county by itself.
    const form = new FormData();
    form.set('accessCode', receipt.accessCode);
    form.set('item', 'enrolmentProof');
    form.append('file', new File([jpegBytes(3000, 12)], '在读证明.jpg', { type: 'image/jpeg' }));
    const uploaded = await exports.default.fetch(`http://portal.test/api/applications/${receipt.reference}/files`, {
      method: 'POST',
      headers: ownCaller(),
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    status = await lookUp(receipt);
    expect(status.statusLabel).toBe('调查评估');
    expect(status.materials.find((m) => m.item === 'enrolmentProof')).toMatchObject({ requested: false, received: 1 });
    // The measure waits for the county again, and the console says the family has brought it.
    expect(status.items.find((i) => i.entitlement === 'compulsory-education-aid')!.outcome).toBe('pending');
    const back = await (await staffFetch(county, `/cases/${file}/plan`)).json<Plan>();
    expect(back.items[2]).toMatchObject({ decision: 'needs_info', waitingForFamily: false });

    const decided = await staffFetch(county, `/cases/${file}/decisions`, { body: { items: [{ planItem: c, decision: 'approved' }] } });
    expect(decided.status, await decided.clone().text()).toBe(200);
    status = await lookUp(receipt);
    expect(status.statusLabel).toBe('审核认定通过');
    expect(status.timeline.map((t) => t.label)).toEqual([
      '已提交',
      '乡镇初审',
      '入户调查/建档',
      '调查评估',
      '需补充材料',
      '调查评估',
      '审核认定通过',
    ]);
  });

  it('a child the county does not take in: the applications are not taken further, with the reason', async () => {
    const township = await staffToken('township', ['xihe']);
    const county = await staffToken('county', ['*']);
    const r = await apply('xihe', '西河村', { name: '不纳入', birthDate: '2012-02-02' });
    const file = await caseOf(r.reference);
    const id = await sendInBatch(township, file);
    await expectError(
      await staffFetch(county, `/batches/${id}/screen`, { body: { items: [{ case: file, decision: 'declined' }] } }),
      400,
      'invalid',
    );
    await staffFetch(county, `/batches/${id}/screen`, {
      body: { items: [{ case: file, decision: 'declined', reason: '孩子已随父母迁往外地' }] },
    });
    const status = await lookUp(r);
    expect(status.statusLabel).toBe('不予认定');
    expect(status.timeline.at(-1)!.note).toBe('原因：孩子已随父母迁往外地');
  });
});

describe('转介: referrals to the departments that deliver', () => {
  it('a department account sees its referral and nothing else, answers it, and the child’s file shows it', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const { file } = await intoReview({ township, county }, '转介甲');
    await visit(township, file);
    const plan = await evaluate(township, file, [...THREE, { measure: '联系学校做好控辍保学', department: 'education' }]);
    const custom = plan.items.at(-1)!;
    // A member department gives its opinion before the decision.
    const education = await staffToken('department', ['dongshan'], { department: 'education', name: '县教育局' });
    const wanted = await (
      await staffFetch(education, '/plan-items/opinions')
    ).json<{ items: { id: number; childName: string | null }[] }>();
    expect(wanted.items.map((i) => i.id)).toContain(custom.id);
    // Which child, by name, and never the file's reference (a department cannot open the file).
    expect(wanted.items.find((i) => i.id === custom.id)!.childName).toBe('转介甲');
    expect(JSON.stringify(wanted)).not.toContain(file);
    expect(JSON.stringify(wanted)).not.toMatch(/"C-/);
    expect((await staffFetch(education, `/plan-items/${custom.id}/opinions`, { body: { opinion: '同意，由学校落实' } })).status).toBe(201);
    await staffFetch(county, `/cases/${file}/decisions`, {
      body: { items: plan.items.map((i) => ({ planItem: i.id, decision: 'approved' })) },
    });

    await expectError(
      await staffFetch(township, `/cases/${file}/referrals`, {
        body: { planItem: custom.id, department: 'education', dueBy: new Date(Date.now() - DAY).toISOString(), request: 'x' },
      }),
      400,
      'invalid',
    );
    const referred = await staffFetch(township, `/cases/${file}/referrals`, {
      body: {
        planItem: custom.id,
        department: 'education',
        dueBy: new Date(Date.now() + 14 * DAY).toISOString(),
        request: '请学校两周内家访，劝返复学',
      },
    });
    expect(referred.status, await referred.clone().text()).toBe(201);
    const { id } = await referred.json<{ id: number }>();

    const seen = await (
      await staffFetch(education, '/referrals')
    ).json<{ items: { id: number; case: string | null; child: { name: string; idNumber?: string } }[] }>();
    expect(seen.items.map((r) => r.id)).toEqual([id]);
    expect(seen.items[0]!.child.name).toBe('转介甲');
    // The least it needs: no file reference, no ID number for this measure, no screening answers.
    expect(seen.items[0]!.case).toBeNull();
    expect(seen.items[0]!.child.idNumber).toBeUndefined();
    expect(JSON.stringify(seen)).not.toMatch(/奶奶耳背|screening/);
    // It cannot read the file, nor another department's referrals.
    await expectError(await staffFetch(education, `/cases/${file}`), 403, 'forbidden');
    const police = await staffToken('department', ['dongshan'], { department: 'publicSecurity' });
    expect((await (await staffFetch(police, '/referrals')).json<{ items: unknown[] }>()).items).toEqual([]);
    await expectError(await staffFetch(police, `/referrals/${id}/response`, { body: { outcome: 'accepted' } }), 404, 'not_found');

    expect((await staffFetch(education, `/referrals/${id}/response`, { body: { outcome: 'accepted' } })).status).toBe(200);
    await expectError(await staffFetch(education, `/referrals/${id}/response`, { body: { outcome: 'done' } }), 400, 'invalid');
    expect(
      (await staffFetch(education, `/referrals/${id}/response`, { body: { outcome: 'done', note: '已家访，孩子下周一返校' } })).status,
    ).toBe(200);

    const after = await (await staffFetch(township, `/cases/${file}/plan`)).json<Plan>();
    expect(after.items.at(-1)!.referrals).toEqual([expect.objectContaining({ id, status: 'done' })]);
    const timeline = await (await staffFetch(township, `/cases/${file}`)).json<{ timeline: { what: string; detail: string | null }[] }>();
    expect(timeline.timeline.map((t) => t.what)).toEqual(
      expect.arrayContaining([expect.stringContaining('转介'), expect.stringContaining('调查评估'), expect.stringContaining('审核认定')]),
    );
    expect((await auditRows(`action = 'answer-referral' AND outcome = 'ok'`)).length).toBe(2);
  });

  it('a department sees the child’s ID number only for a measure that needs it (户口登记, 医疗保险和救助), never for 控辍保学', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const ID = '110105201705100014';
    const { file } = await intoReview({ township, county }, '身份证号', { idNumber: ID });
    await visit(township, file);
    const plan = await evaluate(township, file, [
      ...THREE,
      { entitlement: 'household-registration', department: 'publicSecurity' },
      { entitlement: 'medical-insurance-and-assistance', department: 'health' },
      { entitlement: 'dropout-return', department: 'education' },
    ]);
    await staffFetch(county, `/cases/${file}/decisions`, {
      body: { items: plan.items.map((i) => ({ planItem: i.id, decision: 'approved' })) },
    });
    const refer = async (entitlement: string, department: string) => {
      const item = plan.items.find((i) => i.entitlement === entitlement)!;
      const res = await staffFetch(township, `/cases/${file}/referrals`, {
        body: { planItem: item.id, department, dueBy: new Date(Date.now() + 10 * DAY).toISOString(), request: '请落实' },
      });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    await refer('household-registration', 'publicSecurity');
    await refer('medical-insurance-and-assistance', 'health');
    await refer('dropout-return', 'education');
    type Seen = { items: { measure: string; child: { name: string; idNumber?: string | null } }[] };
    const police = await staffToken('department', ['dongshan'], { department: 'publicSecurity' });
    const education = await staffToken('department', ['dongshan'], { department: 'education' });
    const health = await staffToken('department', ['dongshan'], { department: 'health' });
    const seenBy = async (token: string) =>
      (await (await staffFetch(token, '/referrals')).json<Seen>()).items.filter((r) => r.child.name === '身份证号');
    expect((await seenBy(police)).map((r) => [r.measure, r.child.idNumber])).toEqual([[expect.stringContaining('户口'), ID]]);
    expect((await seenBy(health)).map((r) => [r.measure, r.child.idNumber])).toEqual([[expect.stringContaining('医疗'), ID]]);
    const bySchool = await seenBy(education);
    expect(bySchool.map((r) => [r.measure, r.child.idNumber])).toEqual([[expect.stringContaining('辍学'), undefined]]);
    expect(JSON.stringify(await (await staffFetch(education, '/referrals')).json())).not.toContain(ID);
  });
});
