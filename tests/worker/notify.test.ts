/**
 * Telling people what happens, through the public and staff APIs on real D1 and the local
 * queue: the choice each form asks for, one message per step that sends one, the choice shown
 * and switched off on /status/, the staff timeline's delivery state, and 「忘记查询码」 — the
 * same 202 whether or not the phone matches, and only a match changes the code. The provider's
 * endpoint (support/sms-gateway.ts) is the only thing faked.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import worker from '#worker/index.ts';
import { ownCaller } from '../support/callers.ts';
import { apply, caseOf, expectError, key, newPhone, postJson, reportToFollowUp, type Receipt } from './support/api.ts';
import { gateway } from './support/sms-gateway.ts';
import { sendInBatch } from './support/review.ts';
import { staffFetch, staffToken } from './support/staff.ts';

beforeEach(() => gateway.reset());

interface Row {
  id: number;
  template: string;
  state: string;
}

const rowsOf = async (reference: string) =>
  (await env.DB.prepare('SELECT id, template, state FROM sms_outbox WHERE reference = ? ORDER BY id').bind(reference).all<Row>()).results;

/** Waits until every message of `reference` has gone, and returns them. */
async function delivered(reference: string, n: number): Promise<Row[]> {
  return vi.waitUntil(
    async () => {
      const rows = await rowsOf(reference);
      return rows.length === n && rows.every((r) => r.state === 'sent') ? rows : undefined;
    },
    { timeout: 15_000, interval: 20 },
  );
}

let children = 0;
/** An application for a child of its own, from a family with a phone of its own (the daily cap of one test does not touch another). */
async function family(extra: Record<string, unknown> = {}) {
  const phone = newPhone();
  const child = { name: `周小雨${++children}`, birthDate: '2016-03-03' };
  const res = await postJson(
    '/api/applications',
    { ...application, applicant: { ...application.applicant, phone }, child, ...extra },
    { 'idempotency-key': key() },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return { ...(await res.json<Receipt>()), phone };
}

/** The township sends the child to the county (初步筛选), and the county asks for more material (需补充材料), naming `items` if given. */
async function askForMore(county: string, reference: string, reason: string, items?: string[]): Promise<void> {
  const township = await staffToken('township', ['dongshan']);
  await sendInBatch(township, await caseOf(reference));
  const res = await staffFetch(county, `/applications/${reference}/transitions`, { body: { to: 'needs_info', reason, items } });
  expect(res.status, await res.clone().text()).toBe(200);
}

const lookup = (r: { reference: string; accessCode: string }) =>
  postJson('/api/status', { reference: r.reference, accessCode: r.accessCode });

/** POST /api/status/recover through worker.fetch, waiting for the work done after the answer. */
async function recover(body: unknown, form = false): Promise<Response> {
  const request = new Request('http://portal.test/api/status/recover', {
    method: 'POST',
    headers: form
      ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://portal.test', ...ownCaller() }
      : { 'content-type': 'application/json', ...ownCaller() },
    body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('the choice of text messages', () => {
  it('an application sends one by default: 「已收到」 at submission, then one for 需补充材料 naming the items, each delivered once', async () => {
    const f = await family();
    await delivered(f.reference, 1);
    const county = await staffToken('county', ['*']);
    await askForMore(county, f.reference, '请补充户口簿复印件和父亲的死亡证明', ['childIdentity', 'parentDeath']);
    const rows = await delivered(f.reference, 2);
    expect(rows.map((r) => r.template)).toEqual(['applicationSubmitted', 'applicationNeedsMaterials']);
    const sent = gateway.sent.filter((m) => m.to === f.phone);
    expect(sent.map((m) => m.template)).toEqual(['applicationSubmitted', 'applicationNeedsMaterials']);
    // What to bring, by the items' names: the family has to act on it.
    expect(sent[1]!.text).toContain(f.reference);
    expect(sent[1]!.text).toContain('需要补充：孩子户口簿或身份证、相关证明材料。');
    // Nothing sensitive: not the child, not the reason staff wrote, not what a document would tell (a parent's death).
    for (const secret of ['周小雨', '死亡', '复印件', '父亲', application.child.name]) expect(sent[1]!.text).not.toContain(secret);

    // The staff timeline says which messages went out and how far they got.
    const timeline = (
      await (
        await staffFetch(county, `/applications/${f.reference}`)
      ).json<{
        timeline: { status: string; messages: { template: string; state: string; stateLabel: string }[] }[];
      }>()
    ).timeline;
    expect(timeline.map((e) => [e.status, e.messages.map((m) => `${m.template}:${m.stateLabel}`)])).toEqual([
      ['submitted', ['applicationSubmitted:已发送']],
      ['screening', []],
      ['needs_info', ['applicationNeedsMaterials:已发送']],
    ]);
  });

  it('a family that says no gets none, and the status page says so', async () => {
    const f = await family({ notify: { sms: false } });
    const county = await staffToken('county', ['*']);
    await askForMore(county, f.reference, '请补充在读证明');
    expect(await rowsOf(f.reference)).toEqual([]);
    expect((await (await lookup(f)).json<{ notify: unknown }>()).notify).toEqual({ sms: false, canChange: true });
  });

  it('a volunteer hears only when they asked: each step of the screening after a yes, nothing after no answer', async () => {
    const county = await staffToken('county', ['*']);
    const signUp = async (extra: Record<string, unknown>) => {
      const res = await postJson('/api/volunteers', { ...volunteer, phone: newPhone(), ...extra }, { 'idempotency-key': key() });
      expect(res.status, await res.clone().text()).toBe(201);
      return res.json<Receipt>();
    };
    const yes = await signUp({ notify: { sms: true } });
    const silent = await signUp({});
    for (const v of [yes, silent])
      for (const to of ['reviewing', 'background_check'])
        expect((await staffFetch(county, `/volunteers/${v.reference}/transitions`, { body: { to } })).status).toBe(200);
    expect((await delivered(yes.reference, 2)).map((r) => r.template)).toEqual(['volunteerStep', 'volunteerStep']);
    expect(await rowsOf(silent.reference)).toEqual([]);
  });

  it('a named reporter who asks to follow up hears that the report arrived; an anonymous one cannot ask', async () => {
    const { reference } = await reportToFollowUp();
    expect((await delivered(reference, 1)).map((r) => r.template)).toEqual(['reportReceived']);

    const anonymous = await postJson('/api/reports', { ...report, notify: { sms: true } }, { 'idempotency-key': key() });
    const body = await expectError(anonymous, 400, 'invalid');
    expect(Object.keys(body.error.fields)).toContain('notify.sms');
  });
});

describe('POST /api/status/notify', () => {
  it('switches messages off with the reference and code, and the next step sends none', async () => {
    const f = await family();
    await delivered(f.reference, 1);
    expect((await (await lookup(f)).json<{ notify: unknown }>()).notify).toEqual({ sms: true, canChange: true });

    const off = await postJson('/api/status/notify', { reference: f.reference, accessCode: f.accessCode, sms: false });
    expect(off.status).toBe(200);
    expect((await off.json<{ notify: unknown }>()).notify).toEqual({ sms: false, canChange: true });
    const county = await staffToken('county', ['*']);
    await askForMore(county, f.reference, '请补充在读证明');
    expect((await rowsOf(f.reference)).map((r) => r.template)).toEqual(['applicationSubmitted']);
  });

  it('refuses a wrong code with the same 404 as a lookup, and changes nothing', async () => {
    const f = await family();
    await expectError(
      await postJson('/api/status/notify', { reference: f.reference, accessCode: '7K3F-9M4P-Q8RT', sms: false }),
      404,
      'not_found',
    );
    expect((await (await lookup(f)).json<{ notify: unknown }>()).notify).toEqual({ sms: true, canChange: true });
  });

  it('cannot switch messages on where no phone was given', async () => {
    const res = await postJson('/api/reports', { ...report, reporter: { role: 'none', followUp: true } }, { 'idempotency-key': key() });
    const r = await res.json<Receipt>();
    expect((await (await lookup(r)).json<{ notify: unknown }>()).notify).toEqual({ sms: false, canChange: false });
    await expectError(
      await postJson('/api/status/notify', { reference: r.reference, accessCode: r.accessCode, sms: true }),
      409,
      'no_phone',
    );
  });
});

describe('POST /api/status/recover (忘记查询码)', () => {
  it('answers a wrong phone and the right one the same 202; only the right one sends a new code, and the old code stops working', async () => {
    const f = await family();
    await delivered(f.reference, 1);

    const wrong = await recover({ reference: f.reference, phone: newPhone() });
    const right = await recover({ reference: f.reference, phone: f.phone });
    const unknown = await recover({ reference: 'A-7K3F9M4P', phone: f.phone });
    expect(wrong.status).toBe(202);
    expect(right.status).toBe(202);
    expect(unknown.status).toBe(202);
    const bodies = await Promise.all([wrong.text(), right.text(), unknown.text()]);
    expect(new Set(bodies).size).toBe(1);

    const rows = await delivered(f.reference, 2);
    expect(rows.map((r) => r.template)).toEqual(['applicationSubmitted', 'accessCodeRecovery']);
    const message = gateway.sent.find((m) => m.template === 'accessCodeRecovery')!;
    expect(message.to).toBe(f.phone);
    const code = /新查询码是([0-9A-Z-]+)，/.exec(message.text)![1]!;
    expect(code).not.toBe(f.accessCode);

    await expectError(await lookup(f), 404, 'not_found');
    const now = await lookup({ reference: f.reference, accessCode: code });
    expect(now.status).toBe(200);
    // The code is not kept readable once it has gone: staff see it masked.
    const admin = await staffToken('admin', ['*']);
    const items = (await (await staffFetch(admin, `/outbox?reference=${f.reference}`)).json<{ items: { text: string }[] }>()).items;
    expect(items.map((i) => i.text).join('')).not.toContain(code);
  });

  it('leaves the code as it was after a wrong phone', async () => {
    const f = await family({ notify: { sms: false } });
    expect((await recover({ reference: f.reference, phone: newPhone() })).status).toBe(202);
    expect(await rowsOf(f.reference)).toEqual([]);
    expect((await lookup(f)).status).toBe(200);
  });

  it('sends the code even when step messages are off: the person asked for it now', async () => {
    const f = await family({ notify: { sms: false } });
    expect((await recover({ reference: f.reference, phone: f.phone })).status).toBe(202);
    expect((await delivered(f.reference, 1)).map((r) => r.template)).toEqual(['accessCodeRecovery']);
  });

  it('does not hand out the first code again when the submission is replayed after a recovery', async () => {
    const phone = newPhone();
    const idempotencyKey = key();
    const body = { ...application, applicant: { ...application.applicant, phone } };
    const first = await (await postJson('/api/applications', body, { 'idempotency-key': idempotencyKey })).json<Receipt>();
    await recover({ reference: first.reference, phone });
    const again = await postJson('/api/applications', body, { 'idempotency-key': idempotencyKey });
    expect(again.status).toBe(201);
    expect(await again.json<Receipt>()).toMatchObject({ reference: first.reference, accessCode: null });
  });

  it('is limited per reference whether or not the phone matches, with Retry-After', async () => {
    const f = await apply();
    for (let i = 0; i < 3; i++) expect((await recover({ reference: f.reference, phone: newPhone() })).status).toBe(202);
    const limited = await recover({ reference: f.reference, phone: newPhone() });
    await expectError(limited, 429, 'too_many_requests');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('is limited per phone across references', async () => {
    const phone = newPhone();
    for (let i = 0; i < 3; i++) expect((await recover({ reference: (await apply()).reference, phone })).status).toBe(202);
    await expectError(await recover({ reference: (await apply()).reference, phone }), 429, 'too_many_requests');
  });

  it('refuses a malformed phone with 400 on the field, and sends nothing', async () => {
    const f = await apply();
    const body = await expectError(await recover({ reference: f.reference, phone: '12345' }), 400, 'invalid');
    expect(Object.keys(body.error.fields)).toEqual(['phone']);
  });

  it('works as a plain form: the same page says the code is on its way, and a mistake comes back filled in', async () => {
    const f = await family({ notify: { sms: false } });
    const done = await recover({ reference: f.reference, phone: f.phone }, true);
    expect(done.status).toBe(202);
    expect(done.headers.get('content-type')).toContain('text/html');
    const page = await done.text();
    expect(page.includes('这个手机几分钟内会收到新的查询码'), 'the page says the code is on its way').toBe(true);
    expect((await delivered(f.reference, 1)).map((r) => r.template)).toEqual(['accessCodeRecovery']);

    const mistake = await recover({ reference: f.reference, phone: '1380013' }, true);
    expect(mistake.status).toBe(400);
    const html = await mistake.text();
    expect(html.includes('value="1380013"'), 'the phone is filled in again').toBe(true);
    expect(/<div class="error-summary"[^>]*role="alert"(?![^>]*hidden)/.test(html), 'the error summary shows').toBe(true);
  });
});
