/**
 * Each step issue 13 lists, made through the real staff routes on real D1: it writes exactly one
 * outbox row per person told, pointing at the step's own event on that person's timeline (the
 * event and the message are written in one batch, so the row names the event the batch
 * inserted). Decisions per measure, the county taking a child in, a home visit booked, a
 * pairing started and ended (family and volunteer), a report closed for a named reporter who
 * asked to follow up; and what each person then reads on /status/.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { todayInChina } from '#src/eligibility/age.ts';
import application from '../fixtures/api/application.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { caseOf, expectError, key, newPhone, postJson, reportToFollowUp, type Receipt } from './support/api.ts';
import { DAY, evaluate, lookUp, takeIn, visit, type Plan } from './support/review.ts';
import { staffFetch, staffToken } from './support/staff.ts';

interface Told {
  id: number;
  template: string;
  status_event_id: number | null;
  event_kind: string | null;
  event_record: number | null;
  from_status: string | null;
  to_status: string | null;
  record_id: number;
  kind: string;
}

/** Every message written for `reference`, each with the event it points at. */
async function messagesOf(reference: string): Promise<Told[]> {
  const { results } = await env.DB.prepare(
    `SELECT o.id, o.template, o.status_event_id, o.record_id, o.kind, e.kind AS event_kind, e.record_id AS event_record,
            e.from_status, e.to_status
     FROM sms_outbox o LEFT JOIN status_events e ON e.id = o.status_event_id WHERE o.reference = ? ORDER BY o.id`,
  )
    .bind(reference)
    .all<Told>();
  return results;
}

/** The one message `template` of `reference`, tied to an event of that very record; returns the event's statuses. */
async function oneMessage(reference: string, template: string): Promise<{ from: string | null; to: string | null; text: string }> {
  const rows = (await messagesOf(reference)).filter((r) => r.template === template);
  expect(
    rows.map((r) => r.template),
    `${reference}: ${template}`,
  ).toEqual([template]);
  const [row] = rows;
  expect(row!.status_event_id, 'the message points at its event').not.toBeNull();
  expect([row!.event_kind, row!.event_record], 'the event is of the record the message is about').toEqual([row!.kind, row!.record_id]);
  const { text } = await smsText(reference, row!.id);
  return { from: row!.from_status, to: row!.to_status, text };
}

/** What the person reads, as staff see it in the outbox (the number masked). */
async function smsText(reference: string, id: number): Promise<{ text: string }> {
  const admin = await staffToken('admin', ['*']);
  const { items } = await (await staffFetch(admin, `/outbox?reference=${reference}`)).json<{ items: { id: number; text: string }[] }>();
  const item = items.find((i) => i.id === id);
  expect(item, `outbox row ${id}`).toBeDefined();
  return item!;
}

let children = 0;
/** A family that said yes to messages, asking for `entitlements`, from a phone of its own. */
async function family(entitlements: string[]): Promise<Receipt> {
  const res = await postJson(
    '/api/applications',
    {
      ...application,
      applicant: { ...application.applicant, phone: newPhone() },
      child: { name: `通知甲${++children}`, birthDate: '2015-06-06' },
      entitlements,
    },
    { 'idempotency-key': key() },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json<Receipt>();
}

/** On to 审核认定: the home visit, then the evaluation with one measure per entitlement. */
async function evaluated(file: string, township: string, entitlements: string[]): Promise<Plan['items']> {
  await visit(township, file);
  return (
    await evaluate(
      township,
      file,
      entitlements.map((entitlement) => ({ entitlement, department: 'education' })),
    )
  ).items;
}

describe('each step that tells the family sends one message, tied to its event', () => {
  it('the county takes the child in: one 「进入入户调查」 message, on the move to 入户调查/建档', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const r = await family(['nutrition-lunch']);
    await takeIn({ township, county }, r.reference);
    const told = await oneMessage(r.reference, 'applicationAccepted');
    expect([told.from, told.to]).toEqual(['screening', 'investigating']);
    expect(told.text).toContain('已进入入户调查，工作人员会与您约定上门时间');
  });

  it.each([
    { outcome: 'approved', label: '审核认定通过', decisions: ['approved'] },
    { outcome: 'rejected', label: '不予认定', decisions: ['rejected'] },
    { outcome: 'partly_approved', label: '部分认定通过', decisions: ['approved', 'rejected'] },
  ])(
    'the county decides each measure → $outcome: one 「已有办理结果」 message, on the move to $outcome',
    async ({ outcome, label, decisions }) => {
      const township = await staffToken('township', ['dongshan']);
      const county = await staffToken('county', ['*']);
      const second = await staffToken('county', ['*'], { name: '第二位认定人' });
      const wants = ['nutrition-lunch', 'compulsory-education-aid'].slice(0, decisions.length);
      const r = await family(wants);
      const { file } = await takeIn({ township, county }, r.reference);
      const items = await evaluated(file, township, wants);
      const decided = await staffFetch(second, `/cases/${file}/decisions`, {
        body: {
          items: items.map((i, n) => ({
            planItem: i.id,
            decision: decisions[n],
            ...(decisions[n] === 'rejected' ? { reason: '本学期已享受同类资助' } : {}),
          })),
        },
      });
      expect(decided.status, await decided.clone().text()).toBe(200);
      const told = await oneMessage(r.reference, 'applicationDecided');
      expect([told.from, told.to]).toEqual(['assessing', outcome]);
      // The message says there is a result, never which.
      expect(told.text).toContain('已有办理结果');
      expect(told.text).not.toMatch(/认定|通过|资助/);
      expect((await lookUp(r)).statusLabel).toBe(label);
    },
  );

  it('a decision that asks for more without naming material items sends the plain 「需要补充材料」', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const second = await staffToken('county', ['*'], { name: '第三位认定人' });
    const r = await family(['nutrition-lunch']);
    const { file } = await takeIn({ township, county }, r.reference);
    const [item] = await evaluated(file, township, ['nutrition-lunch']);
    const res = await staffFetch(second, `/cases/${file}/decisions`, {
      body: { items: [{ planItem: item!.id, decision: 'needs_info', reason: '请说明孩子本学期在哪所学校就读' }] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const told = await oneMessage(r.reference, 'applicationNeedsInfo');
    expect([told.from, told.to]).toEqual(['assessing', 'needs_info']);
    expect(told.text).not.toContain('学校');
  });
});

describe('a home visit booked (预约上门走访)', () => {
  const inDays = (n: number) => todayInChina(new Date(Date.now() + n * DAY));
  const chinese = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

  it('tells the family the day, and nothing else: one message, on a note of the application that /status/ shows', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const r = await family(['nutrition-lunch']);
    const { file } = await takeIn({ township, county }, r.reference);
    const date = inDays(3);
    const res = await staffFetch(township, `/cases/${file}/visit-bookings`, { body: { date } });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toEqual({ case: file, date, applications: [r.reference] });

    const told = await oneMessage(r.reference, 'visitBooked');
    // A note: the application stays where it is.
    expect([told.from, told.to]).toEqual(['investigating', 'investigating']);
    expect(told.text).toContain(`工作人员将于${chinese(date)}上门走访`);
    expect(told.text).not.toContain('通知甲');
    const seen = await lookUp(r);
    expect(seen.statusLabel).toBe('入户调查/建档');
    expect(seen.timeline.at(-1)).toMatchObject({ label: '办理进展', note: `工作人员将于${chinese(date)}上门走访。` });
    // The child's file shows it on the timeline too.
    const detail = await (await staffFetch(county, `/cases/${file}`)).json<{ timeline: { what: string; detail: string | null }[] }>();
    expect(detail.timeline).toContainEqual(
      expect.objectContaining({ what: `申请 ${r.reference}：办理进展`, detail: `工作人员将于${chinese(date)}上门走访。` }),
    );
  });

  it('refuses a day in the past, and a child with no open application to tell, each writing nothing', async () => {
    const township = await staffToken('township', ['dongshan']);
    const r = await family(['nutrition-lunch']);
    const file = await caseOf(r.reference);
    const before = (await messagesOf(r.reference)).length;
    const past = await expectError(
      await staffFetch(township, `/cases/${file}/visit-bookings`, { body: { date: inDays(-2) } }),
      400,
      'invalid',
    );
    expect(past.error.fields.date).toBe('上门日期不能早于今天');
    await expectError(await staffFetch(township, `/cases/${file}/visit-bookings`, { body: { date: '2026-02-30' } }), 400, 'invalid');
    expect((await postJson('/api/status/withdraw', { reference: r.reference, accessCode: r.accessCode })).status).toBe(200);
    await expectError(await staffFetch(township, `/cases/${file}/visit-bookings`, { body: { date: inDays(1) } }), 409, 'no_application');
    expect((await messagesOf(r.reference)).length).toBe(before);
  });
});

/** A volunteer who said yes to messages, through review, background check and training: ready to pair. */
async function readyVolunteer(token: string): Promise<Receipt> {
  const res = await postJson(
    '/api/volunteers',
    { ...volunteer, phone: newPhone(), capacity: 2, notify: { sms: true } },
    { 'idempotency-key': key() },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  const v = await res.json<Receipt>();
  const to = async (s: string) =>
    expect((await staffFetch(token, `/volunteers/${v.reference}/transitions`, { body: { to: s } })).status).toBe(200);
  await to('reviewing');
  await to('background_check');
  const check = await staffFetch(token, `/volunteers/${v.reference}/background-check`, {
    body: {
      result: 'clear',
      checkedAt: new Date(Date.now() - DAY).toISOString(),
      expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
    },
  });
  expect(check.status).toBe(200);
  await to('training');
  await to('ready');
  return v;
}

describe('a pairing started and ended (一对一结对)', () => {
  it('tells the family and the volunteer once each when it starts and once each when it ends, each on a note of their own record', async () => {
    const township = await staffToken('township', ['dongshan']);
    const mother = await readyVolunteer(township);
    const first = await family(['caring-mother-pairing']);
    const second = await family(['caring-mother-pairing']);

    const started = await staffFetch(township, '/pairings', { body: { volunteer: mother.reference, application: first.reference } });
    expect(started.status, await started.clone().text()).toBe(201);
    const { id } = await started.json<{ id: number }>();
    const family1 = await oneMessage(first.reference, 'pairingStartedFamily');
    expect([family1.from, family1.to]).toEqual(['submitted', 'submitted']);
    const volunteer1 = await oneMessage(mother.reference, 'pairingStartedVolunteer');
    expect([volunteer1.from, volunteer1.to]).toEqual(['paired', 'paired']);
    expect(volunteer1.text).not.toContain('通知甲');
    expect((await lookUp(first)).timeline.at(-1)).toMatchObject({
      label: '办理进展',
      note: '已为孩子安排一对一结对帮扶，工作人员会与您联系。',
    });
    expect((await lookUp(mother)).timeline.at(-1)).toMatchObject({ label: '办理进展', note: '已为您安排一对一结对，工作人员会与您联系。' });

    // A second child for the same 爱心妈妈 (already 已结对: no status change) still tells her once more.
    expect((await staffFetch(township, '/pairings', { body: { volunteer: mother.reference, application: second.reference } })).status).toBe(
      201,
    );
    await oneMessage(second.reference, 'pairingStartedFamily');
    expect((await messagesOf(mother.reference)).filter((m) => m.template === 'pairingStartedVolunteer')).toHaveLength(2);

    expect((await staffFetch(township, `/pairings/${id}/end`, { body: { reason: '孩子父母回乡照顾' } })).status).toBe(200);
    const ended = await oneMessage(first.reference, 'pairingEndedFamily');
    expect([ended.from, ended.to]).toEqual(['submitted', 'submitted']);
    await oneMessage(mother.reference, 'pairingEndedVolunteer');
    // The reason stays with staff.
    expect(JSON.stringify(await lookUp(first))).not.toContain('回乡');
    // Ending it again tells no one twice.
    await expectError(await staffFetch(township, `/pairings/${id}/end`, { body: { reason: '再结束一次' } }), 409, 'not_allowed');
    await oneMessage(first.reference, 'pairingEndedFamily');
  });

  it('shows each message on the volunteer’s staff timeline, at the step that sent it', async () => {
    const township = await staffToken('township', ['dongshan']);
    const mother = await readyVolunteer(township);
    const child = await family(['caring-mother-pairing']);
    expect((await staffFetch(township, '/pairings', { body: { volunteer: mother.reference, application: child.reference } })).status).toBe(
      201,
    );
    const { timeline } = await (
      await staffFetch(township, `/volunteers/${mother.reference}`)
    ).json<{
      timeline: { label: string; publicNote: string | null; messages: { template: string }[] }[];
    }>();
    expect(timeline.map((t) => [t.label, t.messages.map((m) => m.template)])).toEqual([
      ['已报名', []],
      ['资格审核', ['volunteerStep']],
      ['背景审查', ['volunteerStep']],
      ['培训', ['volunteerStep']],
      ['待结对', ['volunteerStep']],
      ['已结对', []],
      ['办理进展', ['pairingStartedVolunteer']],
    ]);
  });
});

describe('a report closed, for a named reporter who asked to follow up', () => {
  it('tells the reporter once that it is closed, on the move to 已处理, and never what was found', async () => {
    const { reference } = await reportToFollowUp();
    const county = await staffToken('county', ['*']);
    expect((await staffFetch(county, `/reports/${reference}/triage`, { body: { township: 'chengguan', newCase: true } })).status).toBe(200);
    const verified = await staffFetch(county, `/reports/${reference}/transitions`, {
      body: { to: 'verified', internalNote: '孩子跟爷爷生活，已联系学校' },
    });
    expect(verified.status).toBe(200);
    expect((await staffFetch(county, `/reports/${reference}/transitions`, { body: { to: 'closed' } })).status).toBe(200);
    const told = await oneMessage(reference, 'reportClosed');
    expect([told.from, told.to]).toEqual(['verified', 'closed']);
    expect(told.text).not.toMatch(/爷爷|学校/);
    expect((await messagesOf(reference)).map((m) => m.template)).toEqual(['reportReceived', 'reportClosed']);
  });
});
