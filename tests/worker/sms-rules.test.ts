/**
 * When a message goes, with a fixed clock: quiet hours (22:00–08:00 China time) hold anything
 * not urgent until morning, the daily cap holds a phone's extra messages until the next day,
 * retries back off, and a failure no retry can mend ends the row at once. Real D1 and the real
 * queue binding; the provider's endpoint is the fake gateway.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { decryptJson } from '#worker/lib/crypto.ts';
import { deliverOutboxRow, handleSmsBatch } from '#worker/services/sms/delivery.ts';
import type { StoredMessage } from '#worker/services/sms/outbox.ts';
import { quietHours, quietUntil } from '#worker/services/sms/schedule.ts';
import { gateway } from './support/sms-gateway.ts';
import { newPhone } from './support/api.ts';
import { application, outboxRow, outboxRowFor } from './support/sms.ts';

beforeEach(() => gateway.reset());

const at = (chinaTime: string) => Date.parse(`${chinaTime}+08:00`);
/** The deployed default: quiet hours 22:00–08:00 (the test settings switch them off). */
const withQuietHours = { ...env, SMS_QUIET_HOURS: undefined };

describe('quiet hours (22:00–08:00 China time)', () => {
  it('hold a message sent at 23:30 until 08:00, then it goes', async () => {
    const family = await application();
    const id = await outboxRowFor(family, 'applicationNeedsInfo');

    const batch = createMessageBatch('tonghu-sms', [{ id: 'night', timestamp: new Date(), attempts: 1, body: { id } }]);
    const ctx = createExecutionContext();
    await handleSmsBatch(withQuietHours, batch, at('2026-11-29T23:30:00'));
    // Acked: a fresh message for 08:00 takes its place, so the wait uses none of the retries.
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['night']);
    expect(await outboxRow(id)).toMatchObject({ state: 'queued', next_attempt_at: at('2026-11-30T08:00:00'), last_error: 'quiet_hours' });

    expect(await deliverOutboxRow(withQuietHours, id, at('2026-11-30T07:59:00'))).toEqual({ later: at('2026-11-30T08:00:00') });
    expect(gateway.requests).toEqual([]);

    expect(await deliverOutboxRow(withQuietHours, id, at('2026-11-30T08:00:00'))).toEqual({ done: true });
    expect(await outboxRow(id)).toMatchObject({ state: 'sent', sent_at: at('2026-11-30T08:00:00'), last_error: null });
    expect(gateway.sentFor(id)).toHaveLength(1);
  });

  it('let an urgent message through: a new access code goes at night, and is not kept readable once sent', async () => {
    const family = await application();
    const code = '7K3F-9M4P-Q8RT';
    const id = await outboxRowFor(family, 'accessCodeRecovery', { vars: { reference: family.reference, code } });

    expect(await deliverOutboxRow(withQuietHours, id, at('2026-11-29T23:30:00'))).toEqual({ done: true });
    expect(gateway.sentFor(id)[0]!.text).toContain(code);
    const row = await outboxRow(id);
    expect(row!.state).toBe('sent');
    const kept = await decryptJson<StoredMessage>(env.DATA_KEY, 'sms_outbox.message_enc', family.reference, row!.message_enc!);
    expect(kept.text).not.toContain(code);
    expect(kept.text).toContain('****');
    expect(kept.vars).toEqual({ reference: family.reference, code: '****' });
  });

  it('start and end on the minute, in China time whatever the server clock', () => {
    const quiet = quietHours({});
    expect(quietUntil(at('2026-11-29T21:59:59'), quiet)).toBeNull();
    expect(quietUntil(at('2026-11-29T22:00:00'), quiet)).toBe(at('2026-11-30T08:00:00'));
    expect(quietUntil(at('2026-11-30T00:30:00'), quiet)).toBe(at('2026-11-30T08:00:00'));
    expect(quietUntil(at('2026-11-30T08:00:00'), quiet)).toBeNull();
    // 00:30 in China is still the day before in UTC: the day is China's.
    expect(new Date(at('2026-11-30T00:30:00')).getUTCDate()).toBe(29);
    expect(quietUntil(at('2026-11-30T12:30:00'), quietHours({ SMS_QUIET_HOURS: '12:00-13:00' }))).toBe(at('2026-11-30T13:00:00'));
    expect(quietHours({ SMS_QUIET_HOURS: 'off' })).toBeNull();
    // Anything unreadable keeps the default: quiet is the safe side.
    expect(quietHours({ SMS_QUIET_HOURS: '25:00-08:00' })).toEqual(quiet);
  });
});

describe('the daily cap per phone', () => {
  const capTwo = { ...env, SMS_DAILY_CAP: '2' };

  it('holds a phone’s third message of the day until the next day; another phone is not held', async () => {
    const family = await application();
    const phone = newPhone();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await outboxRowFor(family, 'volunteerStep', { phone }));
    const other = await outboxRowFor(family, 'volunteerStep');
    const morning = at('2026-11-30T10:00:00');

    const outcomes = [];
    for (const id of [...ids, other]) outcomes.push(await deliverOutboxRow(capTwo, id, morning));
    expect(outcomes).toEqual([{ done: true }, { done: true }, { later: at('2026-12-01T00:00:00') }, { done: true }]);
    expect(gateway.sent.filter((m) => m.to === phone)).toHaveLength(2);
    expect(await outboxRow(ids[2]!)).toMatchObject({ state: 'queued', last_error: 'daily_cap', tries: 0 });

    // Yesterday's messages no longer count.
    expect(await deliverOutboxRow(capTwo, ids[2]!, at('2026-12-01T09:00:00'))).toEqual({ done: true });
    expect(gateway.sent.filter((m) => m.to === phone)).toHaveLength(3);
  });

  it('counts a message being sent right now, so two at once cannot both pass', async () => {
    const family = await application();
    const phone = newPhone();
    const [first, second] = [
      await outboxRowFor(family, 'volunteerStep', { phone }),
      await outboxRowFor(family, 'volunteerStep', { phone }),
    ];
    const now = at('2026-11-30T10:00:00');
    // The first is claimed by another delivery, mid-call.
    await env.DB.prepare('UPDATE sms_outbox SET claimed_at = ? WHERE id = ?').bind(now, first).run();
    expect(await deliverOutboxRow({ ...env, SMS_DAILY_CAP: '1' }, second!, now)).toEqual({ later: at('2026-12-01T00:00:00') });
    expect(gateway.requests).toEqual([]);
  });
});

describe('failures', () => {
  it('back off: each retry waits twice as long as the one before', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    gateway.failNext(1, 503);
    const now = at('2026-11-30T10:00:00');
    expect(await deliverOutboxRow({ ...env, SMS_RETRY_BASE_SECONDS: '60' }, id, now, 3)).toEqual({ retry: 240 });
    expect(await outboxRow(id)).toMatchObject({
      state: 'failed',
      tries: 1,
      last_error: 'http_503',
      next_attempt_at: now + 240_000,
      claimed_at: null,
    });
  });

  it('end the row at once when no retry can mend them (the platform refused the message)', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    gateway.failNext(1, 400);
    expect(await deliverOutboxRow(env, id, Date.now())).toEqual({ done: true });
    expect(await outboxRow(id)).toMatchObject({ state: 'dead', tries: 1, last_error: 'http_400' });
    expect(gateway.requests).toHaveLength(1);
  });
});

describe('with no provider configured', () => {
  it('nothing leaves the Worker: the message is kept in the outbox, marked as not delivered', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    const unconfigured = { ...env, SMS_PROVIDER: undefined, SMS_WEBHOOK_URL: undefined, SMS_WEBHOOK_SECRET: undefined };
    expect(await deliverOutboxRow(unconfigured, id, Date.now())).toEqual({ done: true });
    expect(await outboxRow(id)).toMatchObject({ state: 'sent', provider: 'outbox-only', provider_message_id: null });
    expect(gateway.requests).toEqual([]);
    expect(gateway.elsewhere).toEqual([]);
  });

  it('a provider chosen but missing its keys sends nothing either, and the row says why', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    expect(await deliverOutboxRow({ ...env, SMS_PROVIDER: 'tencent' }, id, Date.now())).toEqual({ done: true });
    expect(await outboxRow(id)).toMatchObject({ state: 'dead', provider: 'tencent', last_error: 'provider_not_configured' });
    expect(gateway.requests).toEqual([]);
    expect(gateway.elsewhere).toEqual([]);
  });
});
