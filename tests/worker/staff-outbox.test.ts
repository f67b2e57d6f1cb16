/**
 * GET /api/staff/outbox and POST /api/staff/outbox/:id/resend: staff see which messages went
 * to a record, to a masked number; the county bureau only for its townships, the admin for
 * all, with the dead-letter list and a resend. Every read is in the audit log.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverOutboxRow } from '#worker/services/sms/delivery.ts';
import { expectError } from './support/api.ts';
import { gateway } from './support/sms-gateway.ts';
import { application, outboxRowFor, settled } from './support/sms.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

interface Item {
  id: number;
  reference: string;
  template: string;
  to: string | null;
  text: string | null;
  state: string;
  stateLabel: string;
  delivered: boolean;
  note: string | null;
  provider: string | null;
  tries: number;
  lastError: string | null;
}

beforeEach(() => gateway.reset());

let admin: string;
let county: string;
let family: Awaited<ReturnType<typeof application>>;
const rows = { sent: 0, dead: 0, held: 0, recovery: 0 };
const CODE = '7K3F-9M4P-Q8RT';

beforeAll(async () => {
  admin = await staffToken('admin', ['*']);
  county = await staffToken('county', ['dongshan']);
  family = await application('dongshan', '松林村');
  gateway.reset();
  rows.sent = await outboxRowFor(family, 'applicationSubmitted', { phone: '13812345678' });
  await deliverOutboxRow(env, rows.sent, Date.now());
  rows.dead = await outboxRowFor(family, 'applicationNeedsInfo', { phone: '13812345678' });
  gateway.failNext(1, 400);
  await deliverOutboxRow(env, rows.dead, Date.now());
  rows.held = await outboxRowFor(family, 'applicationDecided', { phone: '13812345678' });
  await deliverOutboxRow({ ...env, SMS_PROVIDER: 'outbox-only' }, rows.held, Date.now());
  rows.recovery = await outboxRowFor(family, 'accessCodeRecovery', {
    phone: '13812345678',
    vars: { reference: family.reference, code: CODE },
  });
});

const list = async (token: string, query: string) => {
  const res = await staffFetch(token, `/outbox${query}`);
  return { res, body: res.ok ? await res.clone().json<{ items: Item[] }>() : null };
};

describe('GET /api/staff/outbox', () => {
  it('shows the admin every message of a record, newest first, with the number masked', async () => {
    const { res, body } = await list(admin, `?reference=${family.reference}`);
    expect(res.status).toBe(200);
    const raw = JSON.stringify(body);
    expect(raw).not.toContain('13812345678');
    const byId = Object.fromEntries(body!.items.map((i) => [i.id, i]));
    expect(body!.items.map((i) => i.id)).toEqual([rows.recovery, rows.held, rows.dead, rows.sent]);
    for (const item of body!.items) expect(item).toMatchObject({ reference: family.reference, to: '138****5678' });
    expect(byId[rows.sent]).toMatchObject({
      state: 'sent',
      stateLabel: '已发送',
      delivered: true,
      provider: 'webhook',
      tries: 1,
      note: null,
    });
    expect(byId[rows.sent]!.text).toBe(
      `【示范县未成年人保护】您的申请${family.reference}已收到。请保存好编号和查询码，可到示范县未成年人保护门户查询办理进度。`,
    );
    expect(byId[rows.dead]).toMatchObject({ state: 'dead', stateLabel: '未能发出', delivered: false, lastError: 'http_400' });
    // outbox-only: handled, and plainly not sent.
    expect(byId[rows.held]).toMatchObject({ state: 'sent', delivered: false, provider: 'outbox-only' });
    expect(byId[rows.held]!.note).toMatch(/没有发出/);
    expect(byId[rows.recovery]).toMatchObject({ state: 'queued', stateLabel: '待发送', tries: 0 });
  });

  it('never shows a new access code, even in a message not yet sent', async () => {
    const { body } = await list(admin, `?reference=${family.reference}`);
    const recovery = body!.items.find((i) => i.id === rows.recovery)!;
    expect(recovery.text).toContain('****');
    expect(JSON.stringify(body)).not.toContain(CODE);
  });

  it('shows the county bureau the messages of a case in its townships, and audits the read', async () => {
    const { res, body } = await list(county, `?reference=${family.reference}`);
    expect(res.status).toBe(200);
    expect(body!.items).toHaveLength(4);
    const [entry] = (await auditRows("action = 'read-outbox' AND outcome = 'ok'")).slice(-1);
    expect(entry).toMatchObject({ record_kind: 'application', record_ref: family.reference, detail: '4 rows' });
  });

  it('answers the county bureau about a case outside its townships as if there were none (404, audited), and asks it for a reference', async () => {
    const other = await staffToken('county', ['xihe']);
    await expectError((await list(other, `?reference=${family.reference}`)).res, 404, 'not_found');
    expect(await auditRows(`action = 'read-outbox' AND outcome = 'denied' AND record_ref = '${family.reference}'`)).toHaveLength(1);
    const missing = await expectError((await list(county, '')).res, 400, 'invalid');
    expect(missing.error.fields.reference).toMatch(/请填写编号/);
  });

  it('refuses township and village accounts', async () => {
    for (const role of ['township', 'village'] as const) {
      const token = await staffToken(role, ['dongshan']);
      await expectError((await list(token, `?reference=${family.reference}`)).res, 403, 'forbidden');
    }
  });

  it('gives the admin the dead-letter list across records', async () => {
    const another = await application('xihe', '西河村');
    const dead = await outboxRowFor(another, 'applicationDecided');
    gateway.failNext(1, 400);
    await deliverOutboxRow(env, dead, Date.now());

    const { body } = await list(admin, '?state=dead');
    expect(body!.items.map((i) => i.id)).toEqual([dead, rows.dead]);
    await expectError((await list(admin, '?state=lost')).res, 400, 'invalid');
  });
});

describe('POST /api/staff/outbox/:id/resend', () => {
  it('lets the admin send a dead message again, once', async () => {
    const family2 = await application();
    const id = await outboxRowFor(family2, 'applicationAccepted');
    gateway.failNext(1, 400);
    await deliverOutboxRow(env, id, Date.now());

    const res = await staffFetch(admin, `/outbox/${id}/resend`, { method: 'POST' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json<Item>()).toMatchObject({ id, state: 'queued', lastError: null });
    await settled(id, 'sent');
    expect(gateway.sentFor(id)).toHaveLength(1);
    expect(await auditRows(`action = 'resend-sms' AND outcome = 'ok' AND record_ref = '${family2.reference}'`)).toHaveLength(1);

    // Sent now: nothing to resend.
    const again = await expectError(await staffFetch(admin, `/outbox/${id}/resend`, { method: 'POST' }), 409, 'not_allowed');
    expect(again.error.message).toContain('已发送');
  });

  it('is the admin’s alone, and answers 404 and 400 for a row that does not exist or a bad id', async () => {
    await expectError(await staffFetch(county, `/outbox/${rows.dead}/resend`, { method: 'POST' }), 403, 'forbidden');
    await expectError(await staffFetch(admin, '/outbox/999999/resend', { method: 'POST' }), 404, 'not_found');
    await expectError(await staffFetch(admin, '/outbox/abc/resend', { method: 'POST' }), 400, 'invalid');
  });
});
