/**
 * What a text-message provider is (providers.ts chooses one), and what the HTTP ones share:
 * a JSON POST with a timeout, and how its failures are classed.
 */
import type { SmsTemplate } from '#src/domain/sms.ts';
import type { Env } from '../../env.ts';

export interface SmsMessage {
  /** The outbox row: the webhook's idempotency key, the providers' own reference field. */
  id: number;
  /** 11 digits, mainland mobile. */
  phone: string;
  template: SmsTemplate;
  /** The template's variables, in SMS_TEMPLATES order. */
  vars: Record<string, string>;
  /** The rendered text, signature first. */
  text: string;
  urgent: boolean;
}

export type SendResult =
  /** `delivered` is false for outbox-only: handled, but nothing left the Worker. */
  | { ok: true; messageId: string | null; delivered: boolean }
  /** `code` is stored and shown to admins: a provider's error code, never its message (it can quote the number). */
  | { ok: false; code: string; retry: boolean };

export interface SmsProvider {
  name: string;
  send(message: SmsMessage, now: number): Promise<SendResult>;
}

/** The provider's template id for a template (SMS_TEMPLATE_IDS), or null when none is configured. */
export function templateIds(env: Env): Record<string, string> | null {
  try {
    const ids: unknown = JSON.parse(env.SMS_TEMPLATE_IDS ?? '');
    if (!ids || typeof ids !== 'object' || Array.isArray(ids)) return null;
    return Object.fromEntries(Object.entries(ids).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  } catch {
    return null;
  }
}

/** The template's variables as the provider wants them: values in SMS_TEMPLATES order. */
export function orderedValues(message: SmsMessage, names: readonly string[]): string[] {
  return names.map((name) => message.vars[name] ?? '');
}

/** A code fit to store: letters, digits and . _ : - only, at most 80 characters. */
export function errorCode(prefix: string, code: unknown): string {
  return `${prefix}${String(code ?? 'unknown')}`.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, 80);
}

/** How long a provider gets to answer; past it the outcome is unknown (the message may have gone). */
const TIMEOUT_MS = 10_000;

export type Posted = { status: number; body: unknown } | { failed: SendResult };

/**
 * POSTs and reads a JSON answer. A connection that fails is worth a retry; a timeout is not,
 * since the provider may have sent the message already and a repeat would be a second SMS
 * (Aliyun's SendSms page: 「不支持幂等的能力」; Tencent's SendSms takes no idempotency key), so the
 * row ends dead for an admin to check and resend.
 */
export async function postJson(url: string, init: RequestInit): Promise<Posted> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { failed: timedOut ? { ok: false, code: 'timeout', retry: false } : { ok: false, code: 'network', retry: true } };
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body };
}

/** An HTTP status without a provider answer: 408, 429 and 5xx are worth a retry, the rest is not. */
export function httpFailure(status: number): SendResult {
  return { ok: false, code: `http_${status}`, retry: status === 408 || status === 429 || status >= 500 };
}
