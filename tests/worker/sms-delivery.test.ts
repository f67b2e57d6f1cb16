/**
 * The SMS outbox end to end, on real D1 and the local queue: a status change and its message
 * are written together, the queue's consumer sends each message once whatever the retries and
 * redeliveries, a message that cannot go ends dead, and a lost queue message is found by the
 * sweep. Only the provider's endpoint is fake (support/sms-gateway.ts).
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '#worker/index.ts';
import { moveStatements } from '#worker/services/records.ts';
import { sql } from 'drizzle-orm';
import { newReference } from '#src/domain/reference-code.ts';
import { database } from '#worker/db/client.ts';
import { applications, statusEvents } from '#worker/db/schema.ts';
import { outboxIds, outboxStatements, queueIds, queueOutbox } from '#worker/services/sms/outbox.ts';
import { key, newPhone } from './support/api.ts';
import { runCron } from './support/cron.ts';
import { gateway } from './support/sms-gateway.ts';
import { application, outboxRow, outboxRowFor, settled } from './support/sms.ts';

beforeEach(() => gateway.reset());

/** A staff move of an application with the family's message in the same batch, as the records module will write it. */
async function moveWithMessage(record: { id: number; reference: string }, from: string, to: string, phone: string) {
  const sms = await outboxStatements(
    env,
    env.DB,
    [
      {
        kind: 'application',
        recordId: record.id,
        reference: record.reference,
        template: 'applicationDecided',
        vars: { reference: record.reference },
        phone,
      },
    ],
    { onlyIfChanged: true, linkEvent: true },
  );
  return env.DB.batch([...moveStatements(env.DB, 'application', { id: record.id, from, to, actorKind: 'staff', actorId: 1 }), ...sms]);
}

const eventsOf = (id: number) =>
  env.DB.prepare("SELECT id, to_status FROM status_events WHERE kind = 'application' AND record_id = ? ORDER BY id")
    .bind(id)
    .all<{ id: number; to_status: string }>();

describe('the SMS outbox, through the queue', () => {
  it('writes the message in the batch of its status event, and the family gets exactly one SMS', async () => {
    const family = await application();
    const phone = newPhone();
    const results = await moveWithMessage(family, 'submitted', 'screening', phone);
    const [id] = await queueOutbox(env, results);

    const row = await settled(id!, 'sent');
    const { results: events } = await eventsOf(family.id);
    expect(events.at(-1)!.to_status).toBe('screening');
    expect(row.status_event_id).toBe(events.at(-1)!.id);
    expect(row).toMatchObject({ tries: 1, provider: 'webhook', provider_message_id: 'gw-1', record_id: family.id });
    const sent = gateway.sentFor(id!);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: phone, template: 'applicationDecided', params: { reference: family.reference }, signed: true });
    expect(sent[0]!.text).toBe(`【示范县未成年人保护】您的申请${family.reference}已有办理结果，请到示范县未成年人保护门户查询。`);
  });

  it('writes no message when the status change loses a race (no message without its event)', async () => {
    const family = await application();
    await moveWithMessage(family, 'submitted', 'screening', newPhone());
    // Someone else already moved it: the guarded update changes nothing, so neither event nor message is written.
    const late = await moveWithMessage(family, 'submitted', 'screening', newPhone());
    expect(outboxIds(late)).toEqual([]);
    const { results: events } = await eventsOf(family.id);
    expect(events.map((e) => e.to_status)).toEqual(['submitted', 'screening']);
    const n = await env.DB.prepare('SELECT count(*) AS n FROM sms_outbox WHERE record_id = ?').bind(family.id).first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it('writes the messages of one event together: the family and the volunteer of a pairing', async () => {
    const family = await application();
    const volunteer = { id: 1, reference: 'V-7K3F9M4P' };
    const sms = await outboxStatements(
      env,
      env.DB,
      [
        {
          kind: 'application',
          reference: family.reference,
          template: 'pairingStartedFamily',
          vars: { reference: family.reference },
          phone: newPhone(),
        },
        {
          kind: 'volunteer',
          recordId: volunteer.id,
          reference: volunteer.reference,
          template: 'pairingStartedVolunteer',
          vars: { reference: volunteer.reference },
          phone: newPhone(),
        },
      ],
      { onlyIfChanged: true, linkEvent: true },
    );
    const results = await env.DB.batch([
      ...moveStatements(env.DB, 'application', {
        id: family.id,
        from: 'submitted',
        to: 'screening',
        actorKind: 'staff',
        actorId: 1,
      }),
      ...sms,
    ]);
    const ids = outboxIds(results);
    expect(ids).toHaveLength(2);
    const rows = await Promise.all(ids.map(outboxRow));
    const { results: events } = await eventsOf(family.id);
    // Found by reference, and both point at the one event.
    expect(rows.map((r) => r!.record_id)).toEqual([family.id, volunteer.id]);
    expect(rows.map((r) => r!.status_event_id)).toEqual([events.at(-1)!.id, events.at(-1)!.id]);
    await queueIds(env, ids);
    for (const id of ids) await settled(id, 'sent');
    expect(gateway.sent.map((m) => m.template).sort()).toEqual(['pairingStartedFamily', 'pairingStartedVolunteer']);
  });

  it('writes a submission’s message in the batch that inserts the record and its first event', async () => {
    // submitIntake's two drizzle inserts, as D1 statements, then the message found by reference.
    const db = database(env.DB);
    const reference = newReference('application');
    const d1 = (q: { toSQL(): { sql: string; params: unknown[] } }) => env.DB.prepare(q.toSQL().sql).bind(...q.toSQL().params);
    const sms = await outboxStatements(
      env,
      env.DB,
      [{ kind: 'application', reference, template: 'applicationSubmitted', vars: { reference }, phone: newPhone() }],
      { onlyIfChanged: true, linkEvent: true },
    );
    const results = await env.DB.batch([
      d1(
        db.insert(applications).values({
          reference,
          status: 'submitted',
          township: 'dongshan',
          village: '松林村',
          idempotencyKey: key(),
          consentVersion: 'test',
          consentAt: Date.now(),
          entitlements: '[]',
        }),
      ),
      d1(
        db.insert(statusEvents).values({
          kind: 'application',
          recordId: sql`(SELECT id FROM applications WHERE reference = ${reference})`,
          toStatus: 'submitted',
          actorKind: 'applicant',
        }),
      ),
      ...sms,
    ]);
    const [id] = outboxIds(results);
    const record = await env.DB.prepare('SELECT id FROM applications WHERE reference = ?').bind(reference).first<{ id: number }>();
    const { results: events } = await eventsOf(record!.id);
    expect(await outboxRow(id!)).toMatchObject({ record_id: record!.id, status_event_id: events[0]!.id });
    await queueIds(env, [id!]);
    await settled(id!, 'sent');
    expect(gateway.sentFor(id!)).toHaveLength(1);
  });

  it('sends one SMS when the provider fails twice and then succeeds', async () => {
    const family = await application();
    gateway.failNext(2);
    const [id] = await queueIds(env, [await outboxRowFor(family)]);

    const row = await settled(id!, 'sent');
    expect(row.tries).toBe(3);
    expect(row.last_error).toBeNull();
    expect(gateway.requests.filter((m) => m.id === id)).toHaveLength(3);
    expect(gateway.sentFor(id!)).toHaveLength(1);
    // The same idempotency key on every try, for a platform that deduplicates.
    expect(new Set(gateway.requests.map((m) => m.idempotencyKey))).toEqual(new Set([`tonghu-sms-${id}`]));
  });

  it('ends dead, through the dead-letter queue, when the provider always fails', { timeout: 20_000 }, async () => {
    const family = await application();
    gateway.failAlways(503);
    const [id] = await queueIds(env, [await outboxRowFor(family)]);

    const row = await settled(id!, 'dead');
    // max_retries = 5 in wrangler.toml: the first try and five more.
    expect(row.tries).toBe(6);
    expect(row.last_error).toBe('http_503');
    expect(gateway.sentFor(id!)).toEqual([]);
  });

  it('acks a redelivered message of a row already sent, without sending it again', async () => {
    const family = await application();
    const [id] = await queueIds(env, [await outboxRowFor(family)]);
    await settled(id!, 'sent');

    const batch = createMessageBatch('tonghu-sms', [{ id: 'again', timestamp: new Date(), attempts: 2, body: { id } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['again']);
    expect(gateway.sentFor(id!)).toHaveLength(1);
  });

  it('sends once when two copies of a message are delivered at the same moment', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    const copies = ['copy-1', 'copy-2'].map((copy) =>
      createMessageBatch('tonghu-sms', [{ id: copy, timestamp: new Date(), attempts: 1, body: { id } }]),
    );
    const ctxs = copies.map(() => createExecutionContext());
    await Promise.all(copies.map((batch, i) => worker.queue(batch, env, ctxs[i]!)));
    const results = await Promise.all(copies.map((batch, i) => getQueueResult(batch, ctxs[i]!)));

    expect(gateway.sentFor(id)).toHaveLength(1);
    expect((await outboxRow(id))!.state).toBe('sent');
    // One copy sent it; the other found it claimed (and waits) or already sent (and is acked).
    for (const r of results) expect(r.explicitAcks.length + r.retryMessages.length).toBe(1);
  });
});

describe('the sweep (cron)', () => {
  it('queues a message whose queue send was lost after the batch committed', async () => {
    const family = await application();
    // Committed 11 minutes ago and never queued: the Worker died in between.
    const id = await outboxRowFor(family);
    await env.DB.prepare('UPDATE sms_outbox SET created_at = ? WHERE id = ?')
      .bind(Date.now() - 11 * 60_000, id)
      .run();

    await runCron('*/5 * * * *');

    await settled(id, 'sent');
    expect(gateway.sentFor(id)).toHaveLength(1);
  });

  it('marks dead, without sending, a message whose delivery died while calling the provider', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    await env.DB.prepare('UPDATE sms_outbox SET claimed_at = ?, tries = 1 WHERE id = ?')
      .bind(Date.now() - 3 * 60_000, id)
      .run();

    await runCron('*/5 * * * *');

    expect(await outboxRow(id)).toMatchObject({ state: 'dead', last_error: 'outcome_unknown', claimed_at: null });
    expect(gateway.requests).toEqual([]);
  });

  it('leaves alone a message that is waiting for its time', async () => {
    const family = await application();
    const id = await outboxRowFor(family);
    const later = Date.now() + 3_600_000;
    await env.DB.prepare("UPDATE sms_outbox SET next_attempt_at = ?, last_error = 'quiet_hours' WHERE id = ?").bind(later, id).run();

    await runCron('*/5 * * * *');

    expect(await outboxRow(id)).toMatchObject({ state: 'queued', next_attempt_at: later });
    expect(gateway.requests).toEqual([]);
  });
});
