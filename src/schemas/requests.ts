/**
 * Request bodies of the public intake endpoints (zod), shared by the Worker and the tests.
 * Messages say what to do. Free text is kept as typed: it is stored encrypted and always
 * shown escaped, so a script or SQL payload stays inert text.
 */
import { z } from 'zod';
import catalog from '../generated/catalog.json' with { type: 'json' };
import county from '#content/county.ts';
import { answersSchema, birthDate, keysOf } from '../eligibility/answers-schema.ts';
import { PRIVACY_NOTICE_VERSION } from '../domain/privacy.ts';
import { RELATIONSHIPS } from '../domain/relationships.ts';
import { idNumberProblem, mobileProblem, normalizeIdNumber, normalizeMobile } from '../domain/validators.ts';
import { DAYTIMES, VOLUNTEER_CAPACITY_MAX, VOLUNTEER_ROLES, VOLUNTEER_SKILLS, WEEKDAYS } from '../domain/volunteer-status.ts';
import { AGE_BANDS, DANGER, REPORT_CATEGORIES, REPORTER_ROLES } from '../domain/report-status.ts';
import { t } from '../i18n/index.ts';
import { TOWNSHIP_MESSAGE } from './places.ts';

/** Entitlements a family can apply for here (access: online in their content file). */
export const ONLINE_ENTITLEMENTS = catalog.filter((e) => e.access === 'online').map((e) => e.slug);

/**
 * How many characters a person sees: code points, not UTF-16 units, so a name in rare
 * characters (𠀀, outside the Basic Multilingual Plane) is not counted twice.
 */
export const characters = (s: string) => [...s].length;

/** Text a person types: trimmed, without control characters (NUL, lone surrogates) that break storage or display. */
export function personText(what: string, max: number) {
  return z
    .string({ error: t('err.text.required', { what }) })
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), t('err.text.unreadable', { what }))
    .refine((s) => s.isWellFormed(), t('err.text.unreadable', { what }))
    .refine((s) => characters(s) <= max, t('err.text.tooLong', { what, max }));
}

export const requiredText = (what: string, max: number) =>
  personText(what, max).refine((s) => s.length > 0, t('err.text.required', { what }));

const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * An optional answer: left empty (or only spaces) it counts as not given, whatever checks the
 * answer has (a blank phone number is no phone number, not a wrong one).
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankIsAbsent, schema.optional()).optional();
}

/**
 * A number a person types (a mobile, an ID number): put into its usual form, then checked by the
 * same validator the page scripts use (domain/validators.ts), whose message is the error.
 */
function checkedNumber(required: string, normalize: (s: string) => string, problem: (s: string) => string | null) {
  return z
    .string({ error: required })
    .transform(normalize)
    .superRefine((v, ctx) => {
      const message = problem(v);
      if (message) ctx.addIssue({ code: 'custom', message });
    });
}

export const mobile = checkedNumber(t('err.mobile.required'), normalizeMobile, mobileProblem);
export const idNumber = checkedNumber(t('err.idNumber.required'), normalizeIdNumber, idNumberProblem);

/** A township id and, when given, one of its villages, from the county settings. */
export function checkPlace(p: { township: string; village?: string }, ctx: z.RefinementCtx): void {
  const town = county.townships.find((x) => x.id === p.township);
  if (!town) ctx.addIssue({ code: 'custom', path: ['township'], message: TOWNSHIP_MESSAGE });
  else if (p.village !== undefined && !town.villages.includes(p.village))
    ctx.addIssue({ code: 'custom', path: ['village'], message: t('err.place.village', { town: town.name }) });
}

const township = z.string({ error: t('err.place.townshipRequired') }).max(40);
const village = z.string({ error: t('err.place.villageRequired') }).max(40);

/** Whether the person wants a text message at each step (POST … notify: {sms: true|false}). */
export const notify = z.strictObject({ sms: z.boolean({ error: t('err.notify.sms') }) }, { error: t('err.notify.shape') });

export const consent = z.strictObject({
  /** The version of the privacy notice shown to the person. */
  privacyNotice: z.literal(PRIVACY_NOTICE_VERSION, { error: t('err.privacy.updated') }),
  agreed: z.literal(true, { error: t('apply.err.consent') }),
});

/**
 * The anti-robot fields every public intake takes: the Turnstile token (a JSON field; a plain
 * form's cf-turnstile-response is read into it) and the honeypot, a field people never see,
 * where anything means a robot filled the form. The shared intake (worker/services/intake.ts)
 * verifies the token and leaves both out of what it stores and hashes.
 */
export const botFields = {
  turnstileToken: z.string().max(4096).optional(),
  website: z.string().max(0, t('err.bot.honeypot')).optional(),
};

export type BotFields = { [K in keyof typeof botFields]?: z.output<(typeof botFields)[K]> };

/** A request without its anti-robot fields: what is stored and what a replay must match. */
export function withoutBotFields<T extends BotFields>(body: T): Omit<T, keyof BotFields> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !(k in botFields))) as Omit<T, keyof BotFields>;
}

export const applicationRequest = z.strictObject({
  applicant: z.strictObject({
    name: requiredText(t('apply.q.name'), 30),
    relationship: z.enum(keysOf(RELATIONSHIPS), { error: t('apply.err.relationship') }),
    phone: mobile,
  }),
  child: z.strictObject({
    name: requiredText(t('apply.q.childName'), 30),
    birthDate,
    idNumber: optional(idNumber),
  }),
  address: z.strictObject({ township, village, detail: requiredText(t('apply.q.detail'), 100) }).superRefine(checkPlace),
  entitlements: z
    .array(z.enum(ONLINE_ENTITLEMENTS as [string, ...string[]], { error: t('err.entitlements.fromList') }), {
      error: t('err.entitlements.required'),
    })
    .min(1, t('apply.err.entitlements'))
    .max(ONLINE_ENTITLEMENTS.length)
    .refine((list) => new Set(list).size === list.length, t('err.entitlements.twice')),
  circumstances: optional(personText(t('err.what.circumstances'), 2000)),
  /** The checker's answers, used for pre-screening. */
  answers: answersSchema.optional(),
  /** A phone is required, so messages are on unless the family says no. */
  notify: notify.optional(),
  consent,
  ...botFields,
});

export type ApplicationRequest = z.output<typeof applicationRequest>;

// An empty box says what to fill in (「请填写编号」), not that the code is wrong.
const statusReference = z
  .string({ error: t('status.err.reference') })
  .trim()
  .min(1, t('status.err.reference'))
  .max(40, t('err.status.referenceFormat'));
const statusCode = z
  .string({ error: t('status.err.code') })
  .trim()
  .min(1, t('status.err.code'))
  .max(40, t('err.status.codeFormat'));

export const statusRequest = z.strictObject({ reference: statusReference, accessCode: statusCode });

/** POST /api/status/notify: switches the text messages of a submission off (or back on). */
export const statusNotifyRequest = z.strictObject({
  reference: statusReference,
  accessCode: statusCode,
  sms: z.boolean({ error: t('err.notify.sms') }),
});

/** POST /api/status/recover: a new access code, sent to the phone given at submission. */
export const statusRecoverRequest = z.strictObject({
  reference: statusReference,
  phone: mobile,
});

/**
 * The text fields of an upload (POST /api/applications/:reference/files, multipart); the files
 * come as `file`, one or more. The form without JavaScript sends its idempotency key as a field.
 */
export const fileUploadFields = z.strictObject({
  accessCode: statusRequest.shape.accessCode,
  item: z.string({ error: t('files.err.item') }).max(40, t('files.err.item')),
  idempotencyKey: z.string().max(128).optional(),
});

/** Volunteer and 爱心妈妈 sign-up (POST /api/volunteers). */
export const volunteerRequest = z.strictObject({
  role: z.enum(keysOf(VOLUNTEER_ROLES), { error: t('volunteer.err.role') }),
  name: requiredText(t('apply.q.name'), 30),
  phone: mobile,
  idNumber,
  serve: z.strictObject({ township, village }).superRefine(checkPlace),
  availability: z.strictObject({
    days: z.array(z.enum(keysOf(WEEKDAYS), { error: t('err.choice.fromList') })).min(1, t('volunteer.err.days')),
    times: z.array(z.enum(keysOf(DAYTIMES), { error: t('err.choice.fromList') })).min(1, t('volunteer.err.times')),
  }),
  skills: z.array(z.enum(keysOf(VOLUNTEER_SKILLS), { error: t('err.choice.fromList') })).max(10),
  capacity: z
    .number({ error: t('volunteer.err.capacity') })
    .int(t('err.number.integer'))
    .min(1, t('err.volunteer.capacityMin'))
    .max(VOLUNTEER_CAPACITY_MAX, t('err.volunteer.capacityMax', { max: VOLUNTEER_CAPACITY_MAX })),
  experience: optional(personText(t('err.what.experience'), 1000)),
  /** 从业限制/入职查询: the law requires it for people in close contact with children. */
  backgroundCheckConsent: z.literal(true, { error: t('volunteer.err.background') }),
  /** Off unless the volunteer asks for messages. */
  notify: notify.optional(),
  consent,
  ...botFields,
});
export type VolunteerRequest = z.output<typeof volunteerRequest>;

/** A report of a child at risk (POST /api/reports). The reporter may stay anonymous. */
export const reportRequest = z
  .strictObject({
    categories: z
      .array(z.enum(keysOf(REPORT_CATEGORIES), { error: t('err.choice.fromList') }), { error: t('report.err.categories') })
      .min(1, t('report.err.categories')),
    description: requiredText(t('err.what.seen'), 2000),
    where: z
      .strictObject({
        township,
        /** Absent when the reporter does not know the village. */
        village: optional(village),
        place: requiredText(t('report.q.place'), 200),
      })
      .superRefine(checkPlace),
    ageBand: z.enum(keysOf(AGE_BANDS), { error: t('report.err.ageBand') }),
    inDanger: z.enum(keysOf(DANGER), { error: t('report.err.inDanger') }),
    reporter: z.strictObject({
      role: z.enum(keysOf(REPORTER_ROLES), { error: t('report.err.role') }),
      /** Optional: an anonymous report gives neither. */
      name: optional(personText(t('err.what.reporterName'), 30)),
      phone: optional(mobile),
      /** Wants a reference and an access code to follow the report. */
      followUp: z.boolean({ error: t('err.report.followUp') }).default(false),
    }),
    /** Off unless the reporter left a phone, asked to follow up, and asks for messages. */
    notify: notify.optional(),
    privacyNotice: z.literal(PRIVACY_NOTICE_VERSION, { error: t('err.privacy.updatedReport') }),
    ...botFields,
  })
  .superRefine((r, ctx) => {
    if (r.notify?.sms && !(r.reporter.phone && r.reporter.followUp))
      ctx.addIssue({ code: 'custom', path: ['notify', 'sms'], message: t('report.err.smsNeedsPhone') });
  });
export type ReportRequest = z.output<typeof reportRequest>;
