/**
 * A county's own 政务短信平台: the Worker POSTs each message as JSON, signed with HMAC-SHA-256
 * under SMS_WEBHOOK_SECRET so the platform can tell it came from the portal and was not
 * replayed (docs/sms.md describes the body and how to check the signature).
 */
import type { Env } from '../../env.ts';
import { hex, hmacSha256 } from '../../lib/crypto.ts';
import { httpFailure, postJson, type SmsProvider } from './provider.ts';

/** `sha256=` + hex HMAC of `<timestamp>.<body>`: the timestamp is signed too, so an old request cannot be replayed. */
export async function webhookSignature(secret: string, timestamp: string, body: string): Promise<string> {
  return `sha256=${hex(await hmacSha256(secret, `${timestamp}.${body}`))}`;
}

export function webhookProvider(env: Env): SmsProvider | null {
  const url = env.SMS_WEBHOOK_URL?.trim();
  const secret = env.SMS_WEBHOOK_SECRET;
  if (!url || !secret || !URL.canParse(url)) return null;
  return {
    name: 'webhook',
    async send(message, now) {
      const timestamp = String(Math.floor(now / 1000));
      const body = JSON.stringify({
        id: message.id,
        to: message.phone,
        template: message.template,
        params: message.vars,
        text: message.text,
        urgent: message.urgent,
      });
      const answer = await postJson(url, {
        headers: {
          'Content-Type': 'application/json',
          'X-Tonghu-Timestamp': timestamp,
          'X-Tonghu-Signature': await webhookSignature(secret, timestamp, body),
          // The same key on every try of this row: a platform that deduplicates sends it once.
          'Idempotency-Key': `tonghu-sms-${message.id}`,
        },
        body,
      });
      if ('failed' in answer) return answer.failed;
      if (answer.status < 200 || answer.status > 299) return httpFailure(answer.status);
      const id = (answer.body as { id?: unknown } | null)?.id;
      return { ok: true, messageId: typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 80) : null, delivered: true };
    },
  };
}
