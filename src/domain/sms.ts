/**
 * The text messages (短信) the portal sends, and the states of one in the outbox. Pure data,
 * shared by the Worker (rendering, the providers' template variables), the docs generator
 * (`npm run sms:templates`) and the tests.
 *
 * A message says only who sent it (the signature), the public reference and a neutral
 * sentence: never a child's name, a decision about abuse or a risk level, because whoever
 * holds the phone reads it (《未成年人保护法》第四条、第一百零三条: 保护隐私和个人信息). What changed
 * is shown on the status page, behind the access code. Two say a little more, because the family
 * has to act on it: the material items asked for (by names that reveal nothing,
 * materialsForSms in src/domain/materials.ts) and the day of a home visit.
 */
import county from '#content/county.ts';
import { t, type MessageKey } from '../i18n/index.ts';

export interface SmsTemplateSpec {
  /** The sentence, in src/i18n/zh-CN.json; {portal} is the portal's name, the rest are variables. */
  message: MessageKey;
  /** The variables, in the order they appear (Tencent numbers them {1}, {2} … in this order). */
  vars: readonly string[];
  /** Sent during quiet hours too: the person is waiting for it right now. */
  urgent: boolean;
  /** The variable that is a secret (a new access code): masked for staff, and at rest once sent. */
  secret?: string;
  /** When it is sent: the 「使用场景」 of the provider's template application (docs/sms.md). */
  scene: string;
}

export const SMS_TEMPLATES = {
  applicationSubmitted: {
    message: 'sms.applicationSubmitted',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.applicationSubmitted.scene'),
  },
  applicationNeedsInfo: {
    message: 'sms.applicationNeedsInfo',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.applicationNeedsInfo.scene'),
  },
  applicationNeedsMaterials: {
    message: 'sms.applicationNeedsMaterials',
    vars: ['reference', 'items'],
    urgent: false,
    scene: t('domain.sms.applicationNeedsMaterials.scene'),
  },
  applicationDecided: {
    message: 'sms.applicationDecided',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.applicationDecided.scene'),
  },
  applicationAccepted: {
    message: 'sms.applicationAccepted',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.applicationAccepted.scene'),
  },
  visitBooked: {
    message: 'sms.visitBooked',
    vars: ['reference', 'date'],
    urgent: false,
    scene: t('domain.sms.visitBooked.scene'),
  },
  pairingStartedFamily: {
    message: 'sms.pairingStarted.family',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.pairingStartedFamily.scene'),
  },
  pairingEndedFamily: {
    message: 'sms.pairingEnded.family',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.pairingEndedFamily.scene'),
  },
  pairingStartedVolunteer: {
    message: 'sms.pairingStarted.volunteer',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.pairingStartedVolunteer.scene'),
  },
  pairingEndedVolunteer: {
    message: 'sms.pairingEnded.volunteer',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.pairingEndedVolunteer.scene'),
  },
  volunteerStep: {
    message: 'sms.volunteerStep',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.volunteerStep.scene'),
  },
  reportReceived: {
    message: 'sms.reportReceived',
    vars: ['reference'],
    urgent: false,
    scene: t('domain.sms.reportReceived.scene'),
  },
  reportClosed: { message: 'sms.reportClosed', vars: ['reference'], urgent: false, scene: t('domain.sms.reportClosed.scene') },
  staffSignIn: {
    message: 'sms.staffSignIn',
    vars: ['code', 'minutes'],
    urgent: true,
    secret: 'code',
    scene: t('domain.sms.staffSignIn.scene'),
  },
  accessCodeRecovery: {
    message: 'sms.accessCodeRecovery',
    vars: ['reference', 'code'],
    urgent: true,
    secret: 'code',
    scene: t('domain.sms.accessCodeRecovery.scene'),
  },
} as const satisfies Record<string, SmsTemplateSpec>;

export type SmsTemplate = keyof typeof SMS_TEMPLATES;
export const SMS_TEMPLATE_KEYS = Object.keys(SMS_TEMPLATES) as SmsTemplate[];

export function isSmsTemplate(value: string): value is SmsTemplate {
  return Object.hasOwn(SMS_TEMPLATES, value);
}

export function templateSpec(template: SmsTemplate): SmsTemplateSpec {
  return SMS_TEMPLATES[template];
}

/**
 * States of an outbox row. `sent` also covers the outbox-only mode, where nothing leaves the
 * Worker: the row then says provider `outbox-only` and counts as not delivered.
 */
export const SMS_STATES = ['queued', 'sent', 'failed', 'dead'] as const;
export type SmsState = (typeof SMS_STATES)[number];

/** The signature (签名) a provider puts in front of the text; the county's portal until one is approved. */
export function smsSignature(signName: string | undefined): string {
  return signName?.trim() || county.portalName;
}

/** The text as the person reads it, signature first: 【示范县未成年人保护】您的申请 A-… */
export function renderSms(template: SmsTemplate, vars: Record<string, string>, signName?: string): string {
  return `【${smsSignature(signName)}】${t(templateSpec(template).message, { ...vars, portal: county.portalName })}`;
}

/** A message with its secret (a new access code) hidden: what staff see, and what is kept once it has gone. */
export function withoutSecret(
  template: SmsTemplate,
  message: { text: string; vars: Record<string, string> },
): { text: string; vars: Record<string, string> } {
  const { secret } = templateSpec(template);
  const value = secret ? message.vars[secret] : undefined;
  if (!secret || !value) return message;
  return { text: message.text.replaceAll(value, '****'), vars: { ...message.vars, [secret]: '****' } };
}

/** The template body in a provider's variable syntax, for its template approval (docs/sms.md). */
export function providerTemplate(template: SmsTemplate, syntax: 'tencent' | 'aliyun'): string {
  const spec = templateSpec(template);
  const vars: Record<string, string> = { portal: county.portalName };
  spec.vars.forEach((name, i) => (vars[name] = syntax === 'tencent' ? `{${i + 1}}` : `\${${name}}`));
  return t(spec.message, vars);
}

/** 13812345678 → 138****5678: enough for staff to tell numbers apart, not to call one. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}
