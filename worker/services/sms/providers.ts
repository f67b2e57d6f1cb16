/**
 * Who sends the text messages: Tencent Cloud SMS, Alibaba Cloud SMS, a county's own
 * 政务短信平台 (webhook), or nobody (outbox-only, the default: the message stays in the outbox
 * for staff to read). Chosen by SMS_PROVIDER; a provider missing any of its settings sends
 * nothing either (docs/deploy.md).
 */
import type { Env } from '../../env.ts';
import { aliyunProvider } from './aliyun.ts';
import type { SmsProvider } from './provider.ts';
import { tencentProvider } from './tencent.ts';
import { webhookProvider } from './webhook.ts';

const outboxOnly: SmsProvider = {
  name: 'outbox-only',
  send: async () => ({ ok: true, messageId: null, delivered: false }),
};

/** A provider asked for but not (fully) configured: nothing is sent, the row ends dead for an admin to see. */
const notConfigured = (name: string): SmsProvider => ({
  name,
  send: async () => ({ ok: false, code: 'provider_not_configured', retry: false }),
});

export function smsProvider(env: Env): SmsProvider {
  const name = env.SMS_PROVIDER?.trim() || 'outbox-only';
  switch (name) {
    case 'outbox-only':
      return outboxOnly;
    case 'tencent':
      return tencentProvider(env) ?? notConfigured(name);
    case 'aliyun':
      return aliyunProvider(env) ?? notConfigured(name);
    case 'webhook':
      return webhookProvider(env) ?? notConfigured(name);
    default:
      return notConfigured(name);
  }
}
