import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import type { IntakeKind } from '#src/domain/reference-code.ts';
import { decryptJson } from '#worker/lib/crypto.ts';
import { NAMED_REPORTER, PERSONAL } from '../support/personal-data.ts';
import { isReferenceOf, isShownAccessCode } from '../support/reference-codes.ts';
import { count, expectError, key, newPhone, postForm, postJson } from './support/api.ts';
import { reportForm, volunteerForm } from './support/forms.ts';

interface Receipt {
  reference: string;
  accessCode?: string | null;
  status: string;
}

const signUp = (body: unknown, k = key()) => postJson('/api/volunteers', body, { 'idempotency-key': k });
const fileReport = (body: unknown, k = key()) => postJson('/api/reports', body, { 'idempotency-key': k });
const lookup = (reference: string, accessCode: string) => postJson('/api/status', { reference, accessCode });

/**
 * A 201 with a receipt as the person sees it (a reference of this kind, a code in groups of
 * four), then what POST /api/status answers with that code: the raw text and its fields.
 */
async function receivedAndLookedUp(res: Response, kind: IntakeKind) {
  expect(res.status).toBe(201);
  const receipt = await res.json<Receipt>();
  expect(isReferenceOf(kind, receipt.reference)).toBe(true);
  expect(isShownAccessCode(receipt.accessCode!)).toBe(true);
  const text = await (await lookup(receipt.reference, receipt.accessCode!)).text();
  return { receipt, text, status: JSON.parse(text) as Record<string, unknown> };
}

describe('volunteer and 爱心妈妈 sign-up', () => {
  it('signs up, gets a V- reference and code, and sees 已报名 through POST /api/status', async () => {
    const { receipt, text, status } = await receivedAndLookedUp(await signUp(volunteer), 'volunteer');
    expect(receipt.status).toBe('submitted');
    expect(status).toMatchObject({ kind: 'volunteer', status: 'submitted', statusLabel: '已报名' });
    expect(String(status.nextStep)).toContain('审核');
    // Name, phone, ID number and experience stay out of the answer.
    for (const secret of PERSONAL.volunteer) expect(text).not.toContain(secret);
  });

  it('an ID number with a wrong check digit gets 400 with the field named, and nothing stored', async () => {
    const before = await count('volunteers');
    const body = await expectError(await signUp({ ...volunteer, idNumber: '110105194912310021' }), 400, 'invalid');
    expect(body.error.fields.idNumber).toContain('校验码');
    expect(await count('volunteers')).toBe(before);
  });

  it('refuses without the consent to the background check the law requires', async () => {
    const body = await expectError(await signUp({ ...volunteer, backgroundCheckConsent: false }), 400, 'invalid');
    expect(body.error.fields.backgroundCheckConsent).toContain('背景审查');
  });

  it.each([
    [{ capacity: 9 }, 'capacity'],
    [{ capacity: 0 }, 'capacity'],
    [{ phone: '110' }, 'phone'],
    [{ role: 'superhero' }, 'role'],
    [{ availability: { days: [], times: ['afternoon'] } }, 'availability.days'],
    [{ serve: { township: 'dongshan', village: '东街社区' } }, 'serve.village'],
  ])('refuses %j naming %s', async (change, field) => {
    const before = await count('volunteers');
    const body = await expectError(await signUp({ ...volunteer, ...change }), 400, 'invalid');
    expect(Object.keys(body.error.fields)).toContain(field);
    expect(await count('volunteers')).toBe(before);
  });

  it('replays an idempotency key without storing twice', async () => {
    const before = await count('volunteers');
    const k = key();
    const a = await (await signUp(volunteer, k)).json();
    const b = await (await signUp(volunteer, k)).json();
    expect(b).toEqual(a);
    expect(await count('volunteers')).toBe(before + 1);
  });

  it('20 sign-ups at once get 20 distinct references', async () => {
    // Each from a phone of its own: sign-ups are limited per phone.
    const receipts = await Promise.all(
      Array.from({ length: 20 }, () => signUp({ ...volunteer, phone: newPhone() }).then((r) => r.json<Receipt>())),
    );
    expect(new Set(receipts.map((r) => r.reference)).size).toBe(20);
  });

  it('stores the name, phone and ID number encrypted', async () => {
    const r = await (await signUp(volunteer)).json<Receipt>();
    const row = await env.DB.prepare('SELECT * FROM volunteers WHERE reference = ?').bind(r.reference).first<Record<string, unknown>>();
    const raw = JSON.stringify(row);
    for (const secret of [volunteer.name, volunteer.phone, volunteer.idNumber, volunteer.experience]) expect(raw).not.toContain(secret);
    expect(row).toMatchObject({ role: 'caringMother', capacity: 2, township: 'dongshan', status: 'submitted' });
  });

  it('the volunteer can withdraw (已退出)', async () => {
    const r = await (await signUp(volunteer)).json<Receipt>();
    const res = await postJson('/api/status/withdraw', { reference: r.reference, accessCode: r.accessCode });
    expect((await res.json<{ statusLabel: string }>()).statusLabel).toBe('已退出');
  });

  it('works as a plain form post', async () => {
    const before = await count('volunteers');
    // The fixture's answers, with a skill ticked and the experience box left empty.
    const res = await postForm('/api/volunteers', [...volunteerForm(), ['skills', 'artsSports'], ['experience', '']]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/volunteer/done/');
    expect(await count('volunteers')).toBe(before + 1);
  });
});

describe('the report of a child at risk', () => {
  it('files a report and, asked to, gets an R- reference and code; the lookup shows only the status', async () => {
    const { text, status } = await receivedAndLookedUp(await fileReport(report), 'report');
    expect(status).toMatchObject({ kind: 'report', status: 'received', statusLabel: '已接收', canWithdraw: false });
    for (const secret of [...PERSONAL.report, '汽车站', '乞讨', 'streetBegging', 'chengguan', '男孩']) expect(text).not.toContain(secret);
  });

  it('an anonymous report without follow-up gets no code and stores no contact', async () => {
    const anonymous = { ...report, reporter: { role: 'none', followUp: false } };
    const res = await fileReport(anonymous);
    expect(res.status).toBe(201);
    const r = await res.json<Receipt>();
    expect(r.accessCode).toBeNull();
    const row = await env.DB.prepare('SELECT * FROM reports WHERE reference = ?').bind(r.reference).first<Record<string, unknown>>();
    expect(row!.access_hash).toBeNull();
    const personal = await decryptJson<{ contact: unknown }>(env.DATA_KEY, 'reports.personal_enc', r.reference, String(row!.personal_enc));
    expect(personal.contact).toBeNull();
  });

  it('a named report keeps the contact encrypted, and its status answer shows neither the contact nor what was reported', async () => {
    const named = { ...report, reporter: NAMED_REPORTER };
    const r = await (await fileReport(named)).json<Receipt>();
    const row = await env.DB.prepare('SELECT * FROM reports WHERE reference = ?').bind(r.reference).first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(NAMED_REPORTER.phone);
    expect(JSON.stringify(row)).not.toContain(NAMED_REPORTER.name);
    expect(row).toMatchObject({ reporter_role: 'teacher', in_danger: 'unsure', age_band: 'primary' });
    const status = await lookup(r.reference, r.accessCode!);
    expect(status.status).toBe(200);
    const text = await status.text();
    for (const secret of PERSONAL.report) expect(text).not.toContain(secret);
  });

  it('a named report by a teacher gets a dated receipt (when, in what role), the same on a replay; an anonymous one does not', async () => {
    const k = key();
    const before = Date.now();
    const r = await (
      await fileReport({ ...report, reporter: NAMED_REPORTER }, k)
    ).json<Receipt & { dutyReport?: { receivedAt: string; role: string } }>();
    expect(r.dutyReport?.role).toBe('teacher');
    const at = Date.parse(r.dutyReport!.receivedAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(r.dutyReport)).not.toContain(NAMED_REPORTER.name);
    expect((await (await fileReport({ ...report, reporter: NAMED_REPORTER }, k)).json<typeof r>()).dutyReport).toEqual(r.dutyReport);
    const anonymous = await (await fileReport({ ...report, reporter: { role: 'teacher', followUp: false } })).json<typeof r>();
    expect(anonymous.dutyReport).toBeUndefined();
    const resident = await (await fileReport({ ...report, reporter: { role: 'none', name: '王女士', followUp: false } })).json<typeof r>();
    expect(resident.dutyReport).toBeUndefined();
  });

  it('the receipt page of a named teacher’s report, posted without JavaScript, shows the date and time in China and the role', async () => {
    const form = reportForm().map(([k, v]): [string, string] => (k === 'reporter.role' ? [k, 'teacher'] : [k, v]));
    const res = await postForm('/api/reports', [...form, ['reporter.name', '陈老师']]);
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await exports.default.fetch('http://portal.test/report/done/', { headers: { cookie } });
    const html = await page.text();
    expect(html).toMatch(/id="receipt-duty-at">\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}</);
    expect(html).toContain('老师、学校工作人员');
    expect(html).not.toContain('陈老师');
    expect(html).not.toContain('隔壁家');
  });

  it('accepts a report whose reporter does not know the village', async () => {
    const res = await fileReport({ ...report, where: { township: 'xihe', place: '河边的砖厂' } });
    expect(res.status).toBe(201);
  });

  it('refuses bad input with the right 4xx and stores nothing', async () => {
    const before = await count('reports');
    await expectError(await fileReport({ ...report, categories: [] }), 400, 'invalid');
    await expectError(await fileReport({ ...report, description: '' }), 400, 'invalid');
    await expectError(await fileReport({ ...report, where: { township: 'nowhere', place: 'x' } }), 400, 'invalid');
    await expectError(await fileReport({ ...report, ageBand: 'ancient' }), 400, 'invalid');
    await expectError(await fileReport({ ...report, reporter: { role: 'none', phone: '123' } }), 400, 'invalid');
    await expectError(await fileReport('{"categories"'), 400, 'malformed_json');
    await expectError(await postJson('/api/reports', report), 400, 'idempotency_key_required');
    expect(await count('reports')).toBe(before);
  });

  it('replays and handles 20 at once', async () => {
    const k = key();
    const a = await (await fileReport(report, k)).json();
    expect(await (await fileReport(report, k)).json()).toEqual(a);
    const receipts = await Promise.all(Array.from({ length: 20 }, () => fileReport(report).then((r) => r.json<Receipt>())));
    expect(new Set(receipts.map((r) => r.reference)).size).toBe(20);
  });

  it('works as a plain form post, anonymously', async () => {
    const res = await postForm('/api/reports', [
      ['idempotencyKey', key()],
      ['categories', 'abuse'],
      ['description', '隔壁家经常打孩子，孩子哭得很厉害。'],
      ['where.area', 'qingshui/河湾村'],
      ['where.place', '村口第三家'],
      ['ageBand', 'primary'],
      ['inDanger', 'no'],
      ['reporter.role', 'none'],
      ['reporter.name', ''],
      ['reporter.phone', ''],
      ['privacyNotice', '2026-12-02'],
      ['website', ''],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/report/done/');
  });
});
