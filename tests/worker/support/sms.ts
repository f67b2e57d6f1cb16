/** Outbox rows for the SMS tests: written the way a status change writes them, read straight from D1. */
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';
import type { SmsTemplate } from '#src/domain/sms.ts';
import { outboxStatements, type OutboxMessage } from '#worker/services/sms/outbox.ts';
import { apply, newPhone } from './api.ts';

export interface OutboxRow {
  id: number;
  state: string;
  tries: number;
  last_error: string | null;
  next_attempt_at: number | null;
  claimed_at: number | null;
  provider: string | null;
  provider_message_id: string | null;
  sent_at: number | null;
  status_event_id: number | null;
  record_id: number;
  phone_enc: string | null;
  message_enc: string | null;
}

export const outboxRow = (id: number) => env.DB.prepare('SELECT * FROM sms_outbox WHERE id = ?').bind(id).first<OutboxRow>();

/** Waits until the row reaches `state` through the real queue, and returns it. */
export async function settled(id: number, state: string, timeout = 15_000): Promise<OutboxRow> {
  return vi.waitUntil(
    async () => {
      const row = await outboxRow(id);
      return row?.state === state ? row : undefined;
    },
    { timeout, interval: 20 },
  );
}

/** A family's application that asked for no SMS, so only the test's own messages are in the outbox; and its row id. */
export async function application(township = 'dongshan', village = '松林村') {
  const receipt = await apply(township, village, undefined, { notify: { sms: false } });
  const row = await env.DB.prepare('SELECT id FROM applications WHERE reference = ?').bind(receipt.reference).first<{ id: number }>();
  return { ...receipt, id: row!.id };
}

/** Writes one outbox row on its own (no status event), without queueing it; returns its id. */
export async function outboxRowFor(
  record: { id: number; reference: string },
  template: SmsTemplate = 'applicationDecided',
  options: { phone?: string; urgent?: boolean; vars?: Record<string, string> } = {},
): Promise<number> {
  const message: OutboxMessage = {
    kind: 'application',
    recordId: record.id,
    reference: record.reference,
    template,
    vars: options.vars ?? { reference: record.reference },
    phone: options.phone ?? newPhone(),
    urgent: options.urgent,
  };
  const [statement] = await outboxStatements(env, env.DB, [message]);
  const { results } = await statement!.all<{ outbox_id: number }>();
  return results[0]!.outbox_id;
}
