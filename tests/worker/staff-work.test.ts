import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import volunteerFixture from '../fixtures/api/volunteer.json' with { type: 'json' };
import reportFixture from '../fixtures/api/report.json' with { type: 'json' };
import { database } from '#worker/db/client.ts';
import type { StaffMember } from '#worker/env.ts';
import { listCaseFiles, recordCaseVisit, setCaseRisk } from '#worker/services/staff/cases.ts';
import { listPairings, logContact } from '#worker/services/staff/volunteers.ts';
import { apply, caseOf, expectError, key, newPhone, postJson, type Receipt } from './support/api.ts';
import { runCron } from './support/cron.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-29T02:00:00Z');

/** A volunteer who has just signed up (已报名), as the public form leaves them. */
async function signedUpVolunteer(body: Record<string, unknown> = {}): Promise<string> {
  const res = await postJson('/api/volunteers', { ...volunteerFixture, phone: newPhone(), ...body }, { 'idempotency-key': key() });
  return (await res.json<Receipt>()).reference;
}

/** Pairs a volunteer with the child of an application, as the console's pairing form does. */
const pair = (token: string, volunteer: string, application: string, overrideReason?: string) =>
  staffFetch(token, '/pairings', { body: { volunteer, application, ...(overrideReason ? { overrideReason } : {}) } });

/** A volunteer who has been reviewed, checked and trained: ready to pair. */
async function readyVolunteer(
  token: string,
  options: { capacity?: number; township?: string; village?: string; checkExpires?: number } = {},
): Promise<string> {
  const reference = await signedUpVolunteer({
    capacity: options.capacity ?? 1,
    serve: { township: options.township ?? 'dongshan', village: options.village ?? '松林村' },
  });
  const to = (s: string) => staffFetch(token, `/volunteers/${reference}/transitions`, { body: { to: s } });
  expect((await to('reviewing')).status).toBe(200);
  expect((await to('background_check')).status).toBe(200);
  const check = await staffFetch(token, `/volunteers/${reference}/background-check`, {
    body: {
      result: 'clear',
      checkedAt: new Date(Date.now() - DAY).toISOString(),
      expiresAt: new Date(options.checkExpires ?? Date.now() + 365 * DAY).toISOString(),
    },
  });
  expect(check.status).toBe(200);
  expect((await to('training')).status).toBe(200);
  expect((await to('ready')).status).toBe(200);
  return reference;
}

const member = (role: StaffMember['role'], townships: string[]): StaffMember => ({ id: 1, name: 'tester', role, townships });

describe('risk levels and the visit schedule (fixed clock)', () => {
  it('黄 is due a month later and 橙 a week later; 蓝 and 红 have no due date while the county has not set their interval', async () => {
    const db = database(env.DB);
    const m = member('township', ['dongshan']);
    // 10:00 on 29 November in China; a month later is 29 December, 30 days on.
    const expected = { blue: null, yellow: NOW + 30 * DAY, orange: NOW + 7 * DAY, red: null } as const;
    for (const [level, due] of Object.entries(expected)) {
      const r = await apply();
      const result = await setCaseRisk({ env, db, member: m, now: NOW }, await caseOf(r.reference), {
        level: level as keyof typeof expected,
        reason: '测试定级',
      });
      expect(result.nextVisitDue === null ? null : Date.parse(result.nextVisitDue), level).toBe(due);
      expect(result.escalated).toBe(level === 'red');
    }
    const unset = await caseOf((await apply()).reference);
    await setCaseRisk({ env, db, member: m, now: NOW }, unset, { level: 'blue', reason: '平时关注' });
    const listed = await listCaseFiles({ env, db, member: m, now: NOW + 400 * DAY }, { overdue: true, limit: 50, offset: 0 });
    expect(listed.items.map((c) => c.reference)).not.toContain(unset);
  });

  it('a visit moves the due date on, and the overdue list shows exactly the cases past due', async () => {
    const db = database(env.DB);
    const m = member('township', ['qingshui']);
    const weekly = { reference: await caseOf((await apply('qingshui', '清水村')).reference) };
    const monthly = { reference: await caseOf((await apply('qingshui', '河湾村')).reference) };
    await setCaseRisk({ env, db, member: m, now: NOW }, weekly.reference, { level: 'orange', reason: '父母都在外地，奶奶年老多病' });
    await setCaseRisk({ env, db, member: m, now: NOW }, monthly.reference, { level: 'yellow', reason: '需要每月关注' });
    const overdueAt = async (t: number) =>
      (await listCaseFiles({ env, db, member: m, now: t }, { overdue: true, limit: 50, offset: 0 })).items.map((c) => c.reference);

    expect(await overdueAt(NOW + 6 * DAY)).toEqual([]);
    expect(await overdueAt(NOW + 8 * DAY)).toEqual([weekly.reference]);
    // Visited on day 8: the next weekly visit is due on day 15.
    const visit = await recordCaseVisit({ env, db, member: m, now: NOW + 8 * DAY }, weekly.reference, {
      visitedAt: NOW + 8 * DAY,
      findings: '孩子状态良好，作业完成了',
    });
    expect(Date.parse(visit.nextVisitDue!)).toBe(NOW + 15 * DAY);
    expect(await overdueAt(NOW + 9 * DAY)).toEqual([]);
    expect(await overdueAt(NOW + 31 * DAY)).toEqual([weekly.reference, monthly.reference]);
  });

  it('a visit in the future is refused', async () => {
    const r = await apply();
    const token = await staffToken('village', ['dongshan']);
    const res = await staffFetch(token, `/cases/${await caseOf(r.reference)}/visits`, {
      body: { visitedAt: new Date(Date.now() + 3 * DAY).toISOString(), findings: '还没去' },
    });
    const body = await expectError(res, 400, 'invalid');
    expect(body.error.fields.visitedAt).toContain('不能晚于现在');
  });
});

describe('one-to-one pairing', () => {
  it('pairs a ready 爱心妈妈 with a child; the volunteer becomes 已结对 and the child cannot get a second one', async () => {
    const token = await staffToken('county', ['*']);
    const child = await apply();
    const mother = await readyVolunteer(token);
    const res = await pair(token, mother, child.reference);
    expect(res.status).toBe(201);
    const detail = await (await staffFetch(token, `/volunteers/${mother}`)).json<{ status: string }>();
    expect(detail.status).toBe('paired');
    const another = await readyVolunteer(token);
    await expectError(await pair(token, another, child.reference), 409, 'child_already_paired');
  });

  it("respects the volunteer's capacity", async () => {
    const token = await staffToken('county', ['*']);
    const mother = await readyVolunteer(token, { capacity: 2 });
    for (let i = 0; i < 2; i++) expect((await pair(token, mother, (await apply()).reference)).status).toBe(201);
    await expectError(await pair(token, mother, (await apply()).reference), 409, 'capacity_reached');
  });

  it('refuses a volunteer whose background check has expired, or who is not yet through screening', async () => {
    const token = await staffToken('county', ['*']);
    const expired = await readyVolunteer(token);
    await env.DB.prepare('UPDATE volunteers SET background_check_expires = ? WHERE reference = ?')
      .bind(Date.now() - DAY, expired)
      .run();
    await expectError(await pair(token, expired, (await apply()).reference), 409, 'background_check_expired');
    const fresh = await signedUpVolunteer();
    await expectError(await pair(token, fresh, (await apply()).reference), 409, 'volunteer_not_ready');
  });

  it('pairs across townships only with a reason', async () => {
    const token = await staffToken('county', ['*']);
    const mother = await readyVolunteer(token, { township: 'xihe', village: '西河村' });
    const child = await apply('dongshan', '松林村');
    const refused = await expectError(await pair(token, mother, child.reference), 409, 'different_township');
    expect(refused.error.fields.overrideReason).toBeDefined();
    expect((await pair(token, mother, child.reference, '孩子在西河乡上学，离志愿者家近')).status).toBe(201);
  });

  it('training needs a clear background check first', async () => {
    const token = await staffToken('county', ['*']);
    const reference = await signedUpVolunteer();
    await staffFetch(token, `/volunteers/${reference}/transitions`, { body: { to: 'reviewing' } });
    await staffFetch(token, `/volunteers/${reference}/transitions`, { body: { to: 'background_check' } });
    await expectError(
      await staffFetch(token, `/volunteers/${reference}/transitions`, { body: { to: 'training' } }),
      409,
      'background_check_required',
    );
  });

  it('ending a pairing frees the volunteer; a contact log and the 30-day alert list', async () => {
    const token = await staffToken('county', ['*']);
    const mother = await readyVolunteer(token);
    const child = await apply();
    const { id } = await (await pair(token, mother, child.reference)).json<{ id: number }>();
    const db = database(env.DB);
    const m = member('county', ['*']);
    const now = Date.now();
    const alerted = async (t: number) => (await listPairings({ env, db, member: m, now: t }, true)).map((p) => p.id);
    expect(await alerted(now + 29 * DAY)).not.toContain(id);
    expect(await alerted(now + 31 * DAY)).toContain(id);
    await logContact({ env, db, member: m, now: now + 20 * DAY }, id, { at: now + 20 * DAY, note: '周末去家里辅导数学' });
    expect(await alerted(now + 31 * DAY)).not.toContain(id);
    expect(await alerted(now + 51 * DAY)).toContain(id);
    await expectError(await staffFetch(token, `/pairings/${id}/end`, { body: {} }), 400, 'invalid');
    expect((await staffFetch(token, `/pairings/${id}/end`, { body: { reason: '孩子父母回乡照顾' } })).status).toBe(200);
    expect((await (await staffFetch(token, `/volunteers/${mother}`)).json<{ status: string }>()).status).toBe('ready');
  });

  it('a village account cannot end a pairing in its own township: ending one is for township and county (audited)', async () => {
    const county = await staffToken('county', ['*']);
    const village = await staffToken('village', ['dongshan']);
    const mother = await readyVolunteer(county);
    const child = await apply();
    const { id } = await (
      await pair(county, mother, child.reference)
    ).json<{
      id: number;
    }>();
    await expectError(await staffFetch(village, `/pairings/${id}/end`, { body: { reason: '想结束' } }), 403, 'forbidden');
    expect(await auditRows(`action = 'end-pairing' AND outcome = 'denied'`)).toHaveLength(1);
    expect((await (await staffFetch(county, `/volunteers/${mother}`)).json<{ status: string }>()).status).toBe('paired');
  });
});

describe('reports: triage, verification and closing', () => {
  it('triage assigns a township and opens a new case from the report; then 已核实 and 已处理; the reporter sees only the status', async () => {
    const { reference, accessCode } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    const county = await staffToken('county', ['*']);
    const village = await staffToken('village', ['chengguan']);
    const triaged = await staffFetch(county, `/reports/${reference}/triage`, {
      body: { township: 'chengguan', newCase: true, internalNote: '请城关镇尽快核实' },
    });
    expect(triaged.status).toBe(200);
    const { linkedCase } = await triaged.json<{ linkedCase: string }>();
    expect(linkedCase).toMatch(/^C-/);
    const report = await (
      await staffFetch(village, `/reports/${reference}`)
    ).json<{ personal: { description: string }; linkedCase: string }>();
    expect(report.personal.description).toBe(reportFixture.description);
    expect(report.linkedCase).toBe(linkedCase);
    expect(
      (
        await staffFetch(village, `/reports/${reference}/transitions`, {
          body: { to: 'verified', internalNote: '上门核实：孩子父母离异，跟爷爷生活' },
        })
      ).status,
    ).toBe(200);
    await expectError(await staffFetch(village, `/reports/${reference}/transitions`, { body: { to: 'closed' } }), 403, 'forbidden');
    expect((await staffFetch(county, `/reports/${reference}/transitions`, { body: { to: 'closed' } })).status).toBe(200);
    const status = await (await postJson('/api/status', { reference, accessCode })).text();
    expect(JSON.parse(status)).toMatchObject({ statusLabel: '已处理' });
    expect(status).not.toContain('爷爷');
    // The new file is 待核实, with nothing made up: no name until someone has seen the child; the report is on it.
    const detail = await (
      await staffFetch(county, `/cases/${linkedCase}`)
    ).json<{ status: string; statusLabel: string; child: { name?: string }; reports: { reference: string }[] }>();
    expect(detail.statusLabel).toBe('待核实');
    expect(detail.child.name).toBeUndefined();
    expect(detail.reports.map((r) => r.reference)).toEqual([reference]);
  });

  it('a township cannot triage a report to a township outside its scope', async () => {
    const { reference } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    const chengguan = await staffToken('township', ['chengguan']);
    await expectError(await staffFetch(chengguan, `/reports/${reference}/triage`, { body: { township: 'xihe' } }), 403, 'forbidden');
  });
});

describe('the dashboard', () => {
  it('counts by status, risk level and township, with the three indicators', async () => {
    const token = await staffToken('township', ['xihe']);
    const a = await apply('xihe', '柳树村');
    await apply('xihe', '新庄村');
    await staffFetch(token, `/cases/${await caseOf(a.reference)}/risk`, { body: { level: 'orange', reason: '留守' } });
    const d = await (
      await staffFetch(token, '/dashboard')
    ).json<{
      cases: { byTownship: { township: string; count: number }[]; byRisk: { level: string; count: number }[] };
      indicators: Record<string, { rate: number | null; part: number; whole: number }>;
    }>();
    expect(d.cases.byTownship).toEqual([{ township: 'xihe', name: '西河乡', count: expect.any(Number) }]);
    expect(d.cases.byRisk.find((r) => r.level === 'orange')!.count).toBeGreaterThanOrEqual(1);
    // No screening round yet: nothing is on a roster, so the rate is not known rather than 0%.
    expect(d.indicators.classification!.whole).toBe(0);
    expect(d.indicators.classification!.rate).toBeNull();
    expect(d.indicators.intervention!.whole).toBe(1);
    expect(d.indicators.intervention!.part).toBe(0);
  });
});

describe('retention (the nightly job)', () => {
  it('deletes the personal data of old rejected or withdrawn cases and closed reports, and keeps the rows for the counts', async () => {
    const old = await apply('chengguan', '南关村');
    const recent = await apply('chengguan', '北关村');
    const open = await apply('chengguan', '南关村');
    for (const r of [old, recent]) await postJson('/api/status/withdraw', r);
    const longAgo = Date.now() - 400 * DAY;
    await env.DB.prepare('UPDATE applications SET updated_at = ? WHERE reference IN (?, ?)')
      .bind(longAgo, old.reference, open.reference)
      .run();
    const { reference: closedReport } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    await env.DB.prepare("UPDATE reports SET status = 'closed', updated_at = ? WHERE reference = ?").bind(longAgo, closedReport).run();
    const before = await env.DB.prepare('SELECT count(*) AS n FROM applications').first<{ n: number }>();

    await runCron('0 19 * * *');

    const row = (ref: string, table = 'applications') =>
      env.DB.prepare(`SELECT personal_enc, purged_at FROM ${table} WHERE reference = ?`)
        .bind(ref)
        .first<{ personal_enc: string | null; purged_at: number | null }>();
    expect(await row(old.reference)).toMatchObject({ personal_enc: null, purged_at: expect.any(Number) });
    expect((await row(recent.reference))!.personal_enc).not.toBeNull();
    expect((await row(open.reference))!.personal_enc).not.toBeNull();
    expect(await row(closedReport, 'reports')).toMatchObject({ personal_enc: null });
    const notes = await env.DB.prepare(
      "SELECT public_note_enc FROM status_events WHERE kind = 'application' AND record_id = (SELECT id FROM applications WHERE reference = ?) AND to_status = 'withdrawn'",
    )
      .bind(old.reference)
      .first();
    expect(notes).toEqual({ public_note_enc: null });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM applications').first<{ n: number }>()).toEqual(before);
  });
});
