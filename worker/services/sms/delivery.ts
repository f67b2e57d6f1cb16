/**
 * The SMS queue's consumer: sends each outbox row once. A queue delivers at least once, so a
 * row is claimed with a guarded update before the provider is called: a second copy of the
 * message finds it claimed (and waits) or sent (and is acked without sending). Transient
 * failures retry with backoff; after the last try the queue moves the message to the
 * dead-letter queue, whose consumer marks the row dead. Quiet hours and the daily cap delay a
 * message, never drop it.
 */
import { isSmsTemplate, templateSpec, withoutSecret } from '#src/domain/sms.ts';
import type { Env, SmsJob } from '../../env.ts';
import { decryptJson, encryptJson } from '../../lib/crypto.ts';
import { CLAIM_LEASE_MS, type StoredMessage } from './outbox.ts';
import type { SendResult } from './provider.ts';
import { smsProvider } from './providers.ts';
import { chinaDayStart, dailyCap, nextChinaDay, quietHours, quietUntil, retryDelaySeconds } from './schedule.ts';

/** wrangler.toml [[queues.consumers]] dead_letter_queue of the SMS queue. */
export const SMS_DEAD_LETTER_QUEUE = 'tonghu-sms-dlq';

/** A queue delay is at most 12 hours; a row due later is looked at again then. */
const MAX_DELAY_SECONDS = 12 * 3600;
/** A message may come a little before its row's time (clocks differ); that is not early. */
const EARLY_MS = 30_000;

export type Outcome =
  /** Done with this message: sent, dead, or nothing to do. */
  | { done: true }
  /** Try again after this many seconds (counts as one of the queue's retries). */
  | { retry: number }
  /** Not yet: a fresh message for this time (quiet hours, daily cap). */
  | { later: number };

interface OutboxRow {
  reference: string;
  template: string;
  phoneEnc: string | null;
  phoneIndex: string | null;
  messageEnc: string | null;
  urgent: number;
  state: string;
  claimedAt: number | null;
  nextAttemptAt: number | null;
}

const DONE: Outcome = { done: true };

function load(env: Env, id: number) {
  return env.DB.prepare(
    `SELECT reference, template, phone_enc AS phoneEnc, phone_index AS phoneIndex, message_enc AS messageEnc, urgent,
            state, claimed_at AS claimedAt, next_attempt_at AS nextAttemptAt
     FROM sms_outbox WHERE id = ?`,
  )
    .bind(id)
    .first<OutboxRow>();
}

/** Waiting rows only: never one that is sent, dead or being sent. */
const WAITING = `state IN ('queued', 'failed') AND claimed_at IS NULL`;

/** Ends a row as dead: a waiting one, or the one claimed at `claimedAt`. */
function end(env: Env, id: number, code: string, claimedAt: number | null = null) {
  const claim = claimedAt === null ? `AND ${WAITING}` : 'AND claimed_at = ?';
  return env.DB.prepare(
    `UPDATE sms_outbox SET state = 'dead', claimed_at = NULL, next_attempt_at = NULL, last_error = ? WHERE id = ? ${claim}`,
  )
    .bind(code, id, ...(claimedAt === null ? [] : [claimedAt]))
    .run();
}

/** Holds a waiting row until `until`, saying why (quiet_hours, daily_cap). */
function hold(env: Env, id: number, until: number, why: string) {
  return env.DB.prepare(`UPDATE sms_outbox SET state = 'queued', next_attempt_at = ?, last_error = ? WHERE id = ? AND ${WAITING}`)
    .bind(until, why, id)
    .run();
}

/**
 * One delivery of one outbox row at `now`; `attempts` is the queue's count for this message.
 * Returns what to do with the message.
 */
export async function deliverOutboxRow(env: Env, id: number, now: number, attempts = 1): Promise<Outcome> {
  const row = await load(env, id);
  if (!row || row.state === 'sent' || row.state === 'dead') return DONE;
  if (row.claimedAt !== null) {
    // Another delivery is calling the provider; if it died mid-call, nobody knows whether the
    // message went, and sending it again could mean two: an admin decides (resend).
    if (row.claimedAt > now - CLAIM_LEASE_MS) return { retry: CLAIM_LEASE_MS / 1000 };
    await end(env, id, 'outcome_unknown', row.claimedAt);
    return DONE;
  }
  if (row.nextAttemptAt !== null && row.nextAttemptAt > now + EARLY_MS) return { later: row.nextAttemptAt };
  if (!row.phoneEnc || !row.phoneIndex || !row.messageEnc || !isSmsTemplate(row.template)) {
    // Retention has deleted the phone and text (the case is long over), or the template is gone.
    await end(env, id, 'nothing_to_send');
    return DONE;
  }
  if (!row.urgent) {
    const until = quietUntil(now, quietHours(env));
    if (until !== null) {
      await hold(env, id, until, 'quiet_hours');
      return { later: until };
    }
  }
  const phone = await decryptJson<string>(env.DATA_KEY, 'sms_outbox.phone_enc', row.reference, row.phoneEnc);
  const message = await decryptJson<StoredMessage>(env.DATA_KEY, 'sms_outbox.message_enc', row.reference, row.messageEnc);

  // The claim, in one statement with the cap: messages sent to this phone today (China time)
  // and those being sent right now count, so two deliveries at once cannot both pass.
  const claim = await env.DB.prepare(
    `UPDATE sms_outbox SET claimed_at = ?, tries = tries + 1
     WHERE id = ? AND ${WAITING}
       AND (SELECT count(*) FROM sms_outbox o WHERE o.phone_index = ? AND o.id != ?
            AND ((o.state = 'sent' AND o.sent_at >= ?) OR o.claimed_at IS NOT NULL)) < ?`,
  )
    .bind(now, id, row.phoneIndex, id, chinaDayStart(now), dailyCap(env))
    .run();
  if (claim.meta.changes !== 1) {
    const again = await load(env, id);
    if (!again || again.state === 'sent' || again.state === 'dead') return DONE;
    if (again.claimedAt !== null) return { retry: CLAIM_LEASE_MS / 1000 };
    const until = nextChinaDay(now);
    await hold(env, id, until, 'daily_cap');
    return { later: until };
  }

  const provider = smsProvider(env);
  let result: SendResult;
  try {
    result = await provider.send({ id, phone, template: row.template, vars: message.vars, text: message.text, urgent: !!row.urgent }, now);
  } catch {
    // A provider's own bug, before or while calling out: release the claim and try again.
    result = { ok: false, code: 'provider_error', retry: true };
  }

  if (result.ok) {
    // A secret (a new access code) is not kept readable once it has gone.
    const kept = templateSpec(row.template).secret
      ? await encryptJson(
          env.DATA_KEY,
          'sms_outbox.message_enc',
          row.reference,
          withoutSecret(row.template, message) satisfies StoredMessage,
        )
      : row.messageEnc;
    await env.DB.prepare(
      `UPDATE sms_outbox SET state = 'sent', sent_at = ?, provider = ?, provider_message_id = ?, message_enc = ?,
         claimed_at = NULL, next_attempt_at = NULL, last_error = NULL
       WHERE id = ? AND claimed_at = ?`,
    )
      .bind(now, provider.name, result.messageId, kept, id, now)
      .run();
    return DONE;
  }
  // A failure a retry cannot mend (a rejected template, a wrong number, no settings) needs a person.
  const delay = result.retry ? retryDelaySeconds(env, attempts) : 0;
  await env.DB.prepare(
    `UPDATE sms_outbox SET state = ?, provider = ?, last_error = ?, next_attempt_at = ?, claimed_at = NULL
     WHERE id = ? AND claimed_at = ?`,
  )
    .bind(result.retry ? 'failed' : 'dead', provider.name, result.code, result.retry ? now + delay * 1000 : null, id, now)
    .run();
  return result.retry ? { retry: delay } : DONE;
}

/** The dead-letter queue's consumer: the last try has failed, the row is dead (unless it went meanwhile). */
export async function markDead(env: Env, id: number): Promise<void> {
  await env.DB.prepare(
    `UPDATE sms_outbox SET state = 'dead', next_attempt_at = NULL, last_error = coalesce(last_error, 'retries_exhausted')
     WHERE id = ? AND ${WAITING}`,
  )
    .bind(id)
    .run();
}

const jobId = (body: unknown) => {
  const id = (body as Partial<SmsJob> | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : null;
};

/** The Worker's queue() handler for the SMS queue and its dead-letter queue. */
export async function handleSmsBatch(env: Env, batch: MessageBatch<unknown>, now: number): Promise<void> {
  // The rows of a batch are independent (the claim holds each one, and the daily cap, under
  // concurrency), so they go out together rather than one provider call after another.
  await Promise.all(batch.messages.map((msg) => handleSmsMessage(env, batch.queue, msg, now)));
}

async function handleSmsMessage(env: Env, queue: string, msg: Message<unknown>, now: number): Promise<void> {
  const id = jobId(msg.body);
  if (id === null) {
    msg.ack();
    return;
  }
  try {
    if (queue === SMS_DEAD_LETTER_QUEUE) {
      await markDead(env, id);
      msg.ack();
      return;
    }
    const outcome = await deliverOutboxRow(env, id, now, msg.attempts);
    if ('retry' in outcome) msg.retry({ delaySeconds: outcome.retry });
    else if ('later' in outcome) {
      const seconds = Math.ceil((outcome.later - now) / 1000);
      await env.SMS_QUEUE.send({ id }, { delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, seconds)) });
      msg.ack();
    } else msg.ack();
  } catch (error) {
    // D1 or the queue failed: the queue tries again. The log line has the kind only.
    console.error(`sms: delivering outbox row failed (${error instanceof Error ? error.name : 'Error'})`);
    msg.retry({ delaySeconds: retryDelaySeconds(env, msg.attempts) });
  }
}
