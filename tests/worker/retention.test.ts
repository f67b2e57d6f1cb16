/**
 * Retention: once a record is over for good and the county's period has passed, its personal
 * data goes — for every kind the status models mark purgeable — and nothing else does.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import volunteerFixture from '../fixtures/api/volunteer.json' with { type: 'json' };
import reportFixture from '../fixtures/api/report.json' with { type: 'json' };
import { applicationRequest, withoutBotFields } from '#src/schemas/requests.ts';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { sha256 } from '#worker/lib/crypto.ts';
import { runRetention } from '#worker/services/retention.ts';
import { apply, caseOf, key, newPhone, postJson, type Receipt } from './support/api.ts';
import { outboxRowFor } from './support/sms.ts';
import { staffFetch, staffToken } from './support/staff.ts';

const DAY = 86_400_000;
const LONG_AGO = Date.now() - (county.retentionDays.closedApplications + 30) * DAY;

interface Row {
  id: number;
  personal_enc: string | null;
  request_hash: string | null;
  purged_at: number | null;
}
const row = (table: string, reference: string) =>
  env.DB.prepare(
    `SELECT id, personal_enc, ${table === 'cases' ? 'NULL AS request_hash' : 'request_hash'}, purged_at FROM ${table} WHERE reference = ?`,
  )
    .bind(reference)
    .first<Row>();
/** A row written straight to D1: as an older Worker, a migration or a step no route takes left it. */
const write = (sql: string, values: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...values)
    .run();
const age = (table: string, reference: string, status?: string) =>
  env.DB.prepare(`UPDATE ${table} SET updated_at = ?${status ? ', status = ?' : ''} WHERE reference = ?`)
    .bind(...(status ? [LONG_AGO, status, reference] : [LONG_AGO, reference]))
    .run();

async function signUp(): Promise<string> {
  const res = await postJson('/api/volunteers', { ...volunteerFixture, phone: newPhone() }, { 'idempotency-key': key() });
  expect(res.status).toBe(201);
  return (await res.json<Receipt>()).reference;
}

/** A pairing with a reason for choosing across townships, an end reason and a contact note. */
async function pairing(caseId: number, volunteerId: number): Promise<number> {
  const { meta } = await write(
    'INSERT INTO pairings (volunteer_id, case_id, started_at, ended_at, end_reason_enc, override_reason_enc, staff_id) VALUES (?, ?, ?, ?, ?, ?, 1)',
    [volunteerId, caseId, LONG_AGO, LONG_AGO, 'v1.end.reason', 'v1.override.reason'],
  );
  await write('INSERT INTO pairing_contacts (pairing_id, at, note_enc, staff_id) VALUES (?, ?, ?, 1)', [
    meta.last_row_id,
    LONG_AGO,
    'v1.contact.note',
  ]);
  return meta.last_row_id;
}
const pairingNotes = async (id: number) => ({
  ...(await env.DB.prepare('SELECT end_reason_enc, override_reason_enc FROM pairings WHERE id = ?').bind(id).first()),
  contacts: (await env.DB.prepare('SELECT note_enc FROM pairing_contacts WHERE pairing_id = ?').bind(id).all()).results.map(
    (r) => r.note_enc,
  ),
});

describe('retention', () => {
  it("deletes a rejected volunteer's name, phone, ID number and background-check outcome once the period has passed", async () => {
    const token = await staffToken('township', ['dongshan']);
    const rejected = await signUp();
    const checked = new Date(Date.now() - DAY);
    const check = await staffFetch(token, `/volunteers/${rejected}/background-check`, {
      body: { result: 'notClear', checkedAt: checked.toISOString(), expiresAt: new Date(checked.getTime() + 365 * DAY).toISOString() },
    });
    expect(check.status).toBe(200);
    const res = await staffFetch(token, `/volunteers/${rejected}/transitions`, {
      body: { to: 'rejected', reason: '面谈后认为不适合单独照看孩子' },
    });
    expect(res.status).toBe(200);
    await age('volunteers', rejected);
    expect((await row('volunteers', rejected))!.personal_enc).not.toBeNull();

    await runRetention(env, Date.now());

    expect(await row('volunteers', rejected)).toMatchObject({ personal_enc: null, request_hash: null, purged_at: expect.any(Number) });
    const outcome = await env.DB.prepare(
      'SELECT background_check_result, background_checked_at, background_check_expires FROM volunteers WHERE reference = ?',
    )
      .bind(rejected)
      .first();
    expect(outcome).toEqual({ background_check_result: null, background_checked_at: null, background_check_expires: null });
    const reason = await env.DB.prepare(
      "SELECT public_note_enc, internal_note_enc FROM status_events WHERE kind = 'volunteer' AND to_status = 'rejected' AND record_id = (SELECT id FROM volunteers WHERE reference = ?)",
    )
      .bind(rejected)
      .first();
    expect(reason).toEqual({ public_note_enc: null, internal_note_enc: null });
  });

  it('keeps an approved case, however old, and a volunteer still serving', async () => {
    const approved = (await apply()).reference;
    await age('applications', approved, 'approved');
    const serving = await signUp();
    await age('volunteers', serving, 'ready');

    await runRetention(env, Date.now());

    expect(await row('applications', approved)).toMatchObject({
      personal_enc: expect.any(String),
      request_hash: expect.any(String),
      purged_at: null,
    });
    expect(await row('volunteers', serving)).toMatchObject({ personal_enc: expect.any(String), purged_at: null });
  });

  it("clears a pairing's reasons and contact notes when either side is purged, and only then", async () => {
    // The child's side is the child's file: closed for longer than the county keeps it.
    const withdrawnCase = { reference: await caseOf((await apply()).reference) };
    await age('cases', withdrawnCase.reference, 'closed');
    const approvedCase = await caseOf((await apply()).reference);
    const leftVolunteer = await signUp();
    await age('volunteers', leftVolunteer, 'withdrawn');
    const servingVolunteer = await signUp();
    await age('volunteers', servingVolunteer, 'ready');
    const id = async (table: string, reference: string) => (await row(table, reference))!.id;

    const caseGone = await pairing(await id('cases', withdrawnCase.reference), await id('volunteers', servingVolunteer));
    const volunteerGone = await pairing(await id('cases', approvedCase), await id('volunteers', leftVolunteer));
    const bothKept = await pairing(await id('cases', approvedCase), await id('volunteers', servingVolunteer));

    await runRetention(env, Date.now());

    const cleared = { end_reason_enc: null, override_reason_enc: null, contacts: [null] };
    expect(await pairingNotes(caseGone)).toEqual(cleared);
    expect(await pairingNotes(volunteerGone)).toEqual(cleared);
    expect(await pairingNotes(bothKept)).toEqual({
      end_reason_enc: 'v1.end.reason',
      override_reason_enc: 'v1.override.reason',
      contacts: ['v1.contact.note'],
    });
  });
});

describe('retention of text messages', () => {
  it("deletes the number and text of a purged case's messages, and keeps those of a case still open", async () => {
    const withdrawn = await apply();
    await postJson('/api/status/withdraw', withdrawn);
    await age('applications', withdrawn.reference);
    const open = await apply();
    const sms = async (r: Receipt) =>
      outboxRowFor({ id: (await row('applications', r.reference))!.id, reference: r.reference }, 'applicationSubmitted');
    const [gone, kept] = [await sms(withdrawn), await sms(open)];

    await runRetention(env, Date.now());

    const fields = 'SELECT phone_enc, phone_index, message_enc, state FROM sms_outbox WHERE id = ?';
    expect(await env.DB.prepare(fields).bind(gone).first()).toEqual({
      phone_enc: null,
      phone_index: null,
      message_enc: null,
      state: 'queued',
    });
    const still = await env.DB.prepare(fields).bind(kept).first<Record<string, string | null>>();
    expect(still!.phone_enc).toEqual(expect.any(String));
    expect(still!.message_enc).toEqual(expect.any(String));
  });
});

describe('the hash kept to recognise a replayed submission', () => {
  it('is keyed: a copy of the database cannot be checked against a known family', async () => {
    const k = key();
    const res = await postJson('/api/applications', application, { 'idempotency-key': k });
    const { reference } = await res.json<Receipt>();
    const stored = (await row('applications', reference))!.request_hash;
    // What someone holding a copy would compute from a family's details.
    const guess = await sha256(JSON.stringify(withoutBotFields(applicationRequest.parse(application))));
    expect(stored).toEqual(expect.any(String));
    expect(stored).not.toBe(guess);
    // The replay is still recognised.
    expect(await (await postJson('/api/applications', application, { 'idempotency-key': k })).json<Receipt>()).toMatchObject({ reference });
  });
});

describe('retention, complete', () => {
  it('withdraws and purges a volunteer paused for longer than the period, unless a child is still paired with them', async () => {
    const paused = await signUp();
    const pausedPaired = await signUp();
    for (const ref of [paused, pausedPaired]) await age('volunteers', ref, 'inactive');
    const file = await caseOf((await apply()).reference);
    const { meta } = await write('INSERT INTO pairings (volunteer_id, case_id, started_at, staff_id) VALUES (?, ?, ?, 1)', [
      (await row('volunteers', pausedPaired))!.id,
      (await row('cases', file))!.id,
      LONG_AGO,
    ]);
    expect(meta.changes).toBe(1);

    await runRetention(env, Date.now());

    expect(await row('volunteers', paused)).toMatchObject({ personal_enc: null, purged_at: expect.any(Number) });
    const v = await env.DB.prepare('SELECT status FROM volunteers WHERE reference = ?').bind(paused).first();
    expect(v).toEqual({ status: 'withdrawn' });
    const event = await env.DB.prepare(
      "SELECT from_status, to_status, actor_kind FROM status_events WHERE kind = 'volunteer' AND record_id = ? ORDER BY id DESC LIMIT 1",
    )
      .bind((await row('volunteers', paused))!.id)
      .first();
    expect(event).toEqual({ from_status: 'inactive', to_status: 'withdrawn', actor_kind: 'system' });
    expect(await row('volunteers', pausedPaired)).toMatchObject({ personal_enc: expect.any(String), purged_at: null });
  });

  it('a closed file takes its applications, approved ones included, and the files merged into it', async () => {
    const kept = await apply();
    const file = await caseOf(kept.reference);
    const merged = await caseOf((await apply()).reference);
    await write("UPDATE applications SET status = 'approved' WHERE reference = ?", [kept.reference]);
    await write("UPDATE cases SET status = 'merged', merged_into = (SELECT id FROM cases WHERE reference = ?) WHERE reference = ?", [
      file,
      merged,
    ]);
    await age('cases', file, 'closed');

    await runRetention(env, Date.now());

    expect(await row('applications', kept.reference)).toMatchObject({
      personal_enc: null,
      request_hash: null,
      purged_at: expect.any(Number),
    });
    for (const ref of [file, merged]) expect(await row('cases', ref)).toMatchObject({ personal_enc: null, purged_at: expect.any(Number) });
    const indexes = await env.DB.prepare(
      'SELECT count(*) AS n FROM case_index WHERE case_id IN (SELECT id FROM cases WHERE reference IN (?, ?))',
    )
      .bind(file, merged)
      .first<{ n: number }>();
    expect(indexes!.n).toBe(0);
  });

  it("a closed file takes its 认定审核 with it: the batch's reason, the evaluation, the plan's words, opinions and referrals", async () => {
    const kept = await apply();
    const file = await caseOf(kept.reference);
    const { id: caseId } = (await env.DB.prepare('SELECT id FROM cases WHERE reference = ?').bind(file).first<{ id: number }>())!;
    const sealed = 'v1.sealed.text';
    await write("INSERT INTO batches (township, submitted_by, submitted_at) VALUES ('dongshan', 1, ?)", [LONG_AGO]);
    await write(
      "INSERT INTO batch_items (batch_id, case_id, decision, reason_enc) VALUES ((SELECT max(id) FROM batches), ?, 'accepted', ?)",
      [caseId, sealed],
    );
    await write(
      "INSERT INTO evaluations (case_id, staff_id, at, situation_enc, means_enc, guardianship_enc, proposed_level) VALUES (?, 1, ?, ?, ?, ?, 'yellow')",
      [caseId, LONG_AGO, sealed, sealed, sealed],
    );
    await write(
      "INSERT INTO plan_items (evaluation_id, case_id, measure_enc, department, decision, reason_enc, public_note_enc) VALUES ((SELECT max(id) FROM evaluations), ?, ?, 'education', 'rejected', ?, ?)",
      [caseId, sealed, sealed, sealed],
    );
    await write(
      "INSERT INTO opinions (plan_item_id, department, staff_id, opinion_enc, at) VALUES ((SELECT max(id) FROM plan_items), 'education', 1, ?, ?)",
      [sealed, LONG_AGO],
    );
    await write(
      "INSERT INTO referrals (case_id, plan_item_id, department, township, due_by, request_enc, status, response_enc, created_by, created_at) VALUES (?, (SELECT max(id) FROM plan_items), 'education', 'dongshan', ?, ?, 'done', ?, 1, ?)",
      [caseId, LONG_AGO, sealed, sealed, LONG_AGO],
    );
    const words = async () =>
      (await env.DB.prepare(
        `SELECT (SELECT reason_enc FROM batch_items WHERE case_id = ?1) AS batch,
             (SELECT situation_enc || means_enc || guardianship_enc FROM evaluations WHERE case_id = ?1) AS evaluation,
             (SELECT coalesce(measure_enc, '') || coalesce(reason_enc, '') || coalesce(public_note_enc, '') FROM plan_items WHERE case_id = ?1) AS plan,
             (SELECT opinion_enc FROM opinions WHERE plan_item_id IN (SELECT id FROM plan_items WHERE case_id = ?1)) AS opinion,
             (SELECT coalesce(request_enc, '') || coalesce(response_enc, '') FROM referrals WHERE case_id = ?1) AS referral`,
      )
        .bind(caseId)
        .first<Record<string, string | null>>())!;

    // While the file is open, nothing goes.
    await runRetention(env, Date.now());
    expect(Object.values(await words()).every((w) => w?.includes(sealed))).toBe(true);

    await age('cases', file, 'closed');
    await runRetention(env, Date.now());
    expect(await words()).toEqual({ batch: null, evaluation: null, plan: '', opinion: null, referral: '' });
    // The rows stay for the counts: a decision and a referral's state are not personal.
    expect(await env.DB.prepare('SELECT decision FROM plan_items WHERE case_id = ?').bind(caseId).first()).toEqual({
      decision: 'rejected',
    });
    expect(await env.DB.prepare('SELECT status FROM referrals WHERE case_id = ?').bind(caseId).first()).toEqual({ status: 'done' });
  });

  it("a closed report takes with it the copy a triage made of it in a child's file before files existed", async () => {
    const res = await postJson('/api/reports', { ...reportFixture, where: { ...reportFixture.where } }, { 'idempotency-key': key() });
    const { reference } = await res.json<Receipt>();
    // As migration 0005 left a report triaged before: an application holding its text, and a file opened from it.
    const fileRef = `C-${reference.slice(2)}`;
    const appRef = `A-${reference.slice(2)}`;
    await write(
      "INSERT INTO cases (reference, status, township, village, origin, personal_enc) VALUES (?, 'unverified', 'chengguan', NULL, 'report', 'v1.old.place')",
      [fileRef],
    );
    await write(
      `INSERT INTO applications (reference, status, township, village, idempotency_key, request_hash, consent_version, consent_at, personal_enc, entitlements, case_id)
       VALUES (?, 'screening', 'chengguan', '（待核实）', ?, ?, 'staff', 0, 'v1.old.description', '[]', (SELECT id FROM cases WHERE reference = ?))`,
      [appRef, `report:${reference}`, `report:${reference}`, fileRef],
    );
    await write('INSERT INTO case_index (case_id, kind, value, township) VALUES ((SELECT id FROM cases WHERE reference = ?), ?, ?, ?)', [
      fileRef,
      'name',
      'x',
      'chengguan',
    ]);
    await write('UPDATE reports SET case_id = (SELECT id FROM cases WHERE reference = ?) WHERE reference = ?', [fileRef, reference]);
    await age('reports', reference, 'closed');

    await runRetention(env, Date.now());

    expect(await row('reports', reference)).toMatchObject({ personal_enc: null, purged_at: expect.any(Number) });
    expect(await row('applications', appRef)).toMatchObject({ personal_enc: null, request_hash: null, purged_at: expect.any(Number) });
    expect(await row('cases', fileRef)).toMatchObject({ personal_enc: null, purged_at: expect.any(Number) });
  });
});
