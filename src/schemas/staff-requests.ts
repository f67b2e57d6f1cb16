/** Request bodies of the staff API (/api/staff/*). Messages say what to do. */
import { z } from 'zod';
import { isRealDate } from '../eligibility/age.ts';
import { keysOf } from '../eligibility/answers-schema.ts';
import { ACCOUNT_DAYS } from '../domain/staff-accounts.ts';
import { RISK_LEVEL_KEYS, RISK_LEVELS } from '../domain/risk-levels.ts';
import { SMS_STATES } from '../domain/sms.ts';
import { STAFF_ROLES } from '../domain/staff-roles.ts';
import { SIGN_IN_CODE_PATTERN } from '../domain/staff-sign-in.ts';
import { isReference, normalizeReference } from '../domain/reference-code.ts';
import { BACKGROUND_CHECK_RESULTS } from '../domain/volunteer-status.ts';
import { MATERIAL_KEYS } from '../domain/materials.ts';
import { t } from '../i18n/index.ts';
import { TARGET_GROUP_KEYS } from '../domain/target-groups.ts';
import { DEPARTMENT_KEYS } from '../domain/departments.ts';
import { DECISIONS, REFERRAL_OUTCOMES } from '../domain/review.ts';
import { RELATIONSHIPS } from '../domain/relationships.ts';
import { NOTE_MAX } from '../domain/text-limits.ts';
import { birthDate } from '../eligibility/answers-schema.ts';
import { townshipId } from './places.ts';
import { characters, idNumber, mobile, optional, personText, requiredText } from './requests.ts';

const note = (what: string) => optional(personText(what, NOTE_MAX));
/** The status a record is moved to (checked against its status model by the Worker). */
const moveTo = z
  .string({ error: t('err.staff.moveTo') })
  .min(1)
  .max(40);

/**
 * An ISO date-time (2026-11-29T10:00:00+08:00 or …Z), returned as epoch milliseconds. The date
 * must exist: Date.parse would take 2026-02-30 for 2 March.
 */
export const instant = z
  .string({ error: t('err.staff.timeRequired') })
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(s) &&
      isRealDate(s.slice(0, 10)) &&
      !Number.isNaN(Date.parse(s)),
    t('err.staff.timeFormat'),
  )
  .transform((s) => Date.parse(s));

export const referenceParam = z.string().transform(normalizeReference).refine(isReference, t('err.staff.idFormat'));

/** Path parameters: a record's reference (A-…, V-…, R-…), or a numeric id. */
export const referencePath = z.object({ reference: referenceParam });
export const idPath = z.object({
  id: z.coerce
    .number({ error: t('err.staff.idFormat') })
    .int(t('err.staff.idFormat'))
    .positive(t('err.staff.idFormat')),
});

export const transitionRequest = z.strictObject({
  to: moveTo,
  /** Shown to the applicant on /status/. */
  publicNote: note(t('err.what.publicNote')),
  /** Staff only; never shown to the applicant. */
  internalNote: note(t('err.what.internalNote')),
  /** Required for 不予认定 and 需补充材料; shown to the applicant. */
  reason: note(t('staff.move.reason')),
});

/** An application's move; to 需补充材料 it may name the checklist items asked for (src/domain/materials.ts). */
export const applicationTransitionRequest = transitionRequest.extend({
  items: z
    .array(z.enum(MATERIAL_KEYS, { error: t('files.err.itemKey', { keys: MATERIAL_KEYS.join('、') }) }))
    .max(MATERIAL_KEYS.length)
    .optional(),
});

export const riskRequest = z.strictObject({
  level: z.enum(RISK_LEVEL_KEYS, {
    error: t('err.staff.riskLevelOf', { levels: RISK_LEVEL_KEYS.map((k) => `${k}（${RISK_LEVELS[k].label}）`).join('、') }),
  }),
  reason: requiredText(t('err.what.riskReason'), NOTE_MAX),
});

export const visitRequest = z.strictObject({
  /** Who else went (a social worker, a township officer …): 建立档案 needs to know. */
  with: optional(personText(t('staff.visit.with'), 200)),
  visitedAt: instant,
  findings: requiredText(t('staff.visit.findings'), NOTE_MAX),
});

/** 预约上门走访: the day staff will go (China time); the family is told that day and nothing else. */
export const visitBookingRequest = z.strictObject({
  date: z
    .string({ error: t('err.staff.bookingDate') })
    .regex(/^\d{4}-\d{2}-\d{2}$/, t('err.staff.bookingDateFormat'))
    .refine(isRealDate, t('err.staff.noSuchDay')),
});

export const backgroundCheckRequest = z.strictObject({
  result: z.enum(keysOf(BACKGROUND_CHECK_RESULTS), { error: t('err.staff.backgroundResult') }),
  checkedAt: instant,
  expiresAt: instant,
});

export const pairingRequest = z.strictObject({
  volunteer: referenceParam,
  /** The child: the file (C-…), or one of its applications (A-…). */
  case: referenceParam.optional(),
  application: referenceParam.optional(),
  /** Needed when the volunteer serves another township. */
  overrideReason: note(t('err.what.overrideReason')),
});

export const endPairingRequest = z.strictObject({ reason: requiredText(t('err.what.endReason'), NOTE_MAX) });

export const contactRequest = z.strictObject({ at: instant, note: requiredText(t('staff.pairing.contactNote'), NOTE_MAX) });

export const triageRequest = z.strictObject({
  township: townshipId,
  /** Link to the child's file (C-…, or an application's A-…) … */
  case: referenceParam.optional(),
  application: referenceParam.optional(),
  /** … or open a new one from the report. */
  newCase: z.boolean().default(false),
  internalNote: note(t('err.what.internalNote')),
});

export const accountRequest = z.strictObject({
  name: requiredText(t('staff.person.name'), 30),
  role: z.enum(STAFF_ROLES, { error: t('err.staff.role') }),
  townships: z.array(z.string().max(40)).min(1, t('err.staff.townships')),
  /** A 儿童主任's villages, within those townships; absent for the whole townships. */
  villages: z.array(z.string().max(40)).max(50).optional(),
  /** A department account's department. */
  department: z.enum(DEPARTMENT_KEYS, { error: t('err.staff.department') }).optional(),
  /** How long the token is valid, in days. */
  days: z.number().int().min(ACCOUNT_DAYS.min).max(ACCOUNT_DAYS.max).default(ACCOUNT_DAYS.default),
  /** A mobile number for sign-in codes by SMS (the second factor); absent: passkeys only. */
  phone: optional(mobile),
});

// --- Signing in (worker/services/staff-sign-in.ts) --------------------------------------------

/** Asked by a script that sends the session as a bearer: the session comes in the answer too. */
const bearer = z.boolean().optional();
const ticket = z.string({ error: t('err.staff.ticketMissing') }).regex(/^st_[A-Za-z0-9_-]{40,60}$/, t('err.staff.ticketFormat'));

export const signInRequest = z.strictObject({
  token: z
    .string({ error: t('err.staff.token') })
    .trim()
    .min(1, t('err.staff.token'))
    .max(120, t('err.staff.tokenFormat')),
  bearer,
});

/** What a browser's WebAuthn call gives (@simplewebauthn/browser), checked for shape; the signature is checked by the Worker. */
const webauthnAnswer = z.looseObject({
  id: z.string().max(1400),
  rawId: z.string().max(1400),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().max(4000) }),
  clientExtensionResults: z.looseObject({}).default({}),
});

export const ticketRequest = z.strictObject({ ticket });
export const passkeySignInRequest = z.strictObject({ ticket, credential: webauthnAnswer, bearer });
const signInCode = z
  .string({ error: t('err.staff.code') })
  .trim()
  .regex(SIGN_IN_CODE_PATTERN, t('err.staff.codeFormat'));
export const codeSignInRequest = z.strictObject({ ticket, code: signInCode, bearer });
export const enrolRequest = z.strictObject({ ticket, credential: webauthnAnswer, code: signInCode.optional(), bearer });
export const passkeyRequest = z.strictObject({ ticket, credential: webauthnAnswer });

// --- Query strings of the lists -----------------------------------------------------------

/** A yes/no filter in a query string: ?overdue=1 or ?overdue=true; absent means no. */
const flag = z
  .enum(['1', 'true'], { error: t('err.staff.flag') })
  .optional()
  .transform((v) => v !== undefined);

const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const status = z.string().max(40).optional();
const township = townshipId.optional();

export const caseListQuery = page.extend({ status, township, risk: z.enum(RISK_LEVEL_KEYS).optional(), overdue: flag });
export const volunteerListQuery = page.extend({ status, township });
export const reportListQuery = page.extend({ status });
export const pairingListQuery = z.object({ alert: flag });
export const auditQuery = z.object({
  /** The id to page back from. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// --- The child's file and 摸底排查 ----------------------------------------------------------

/** A case's reference in the path. */
export const casePath = z.object({ caseRef: referenceParam.refine((r) => r.startsWith('C-'), t('err.staff.caseRef')) });

/** What is known of a child; only a name is needed to open a file. */
export const childRequest = z.strictObject({
  name: requiredText(t('apply.q.childName'), 30),
  birthDate: optional(birthDate),
  idNumber: optional(idNumber),
});

export const personRequest = z.strictObject({
  name: optional(personText(t('staff.person.name'), 30)),
  phone: optional(mobile),
  relationship: z.enum(keysOf(RELATIONSHIPS), { error: t('err.staff.relationship') }).optional(),
});

const targetGroups = z.array(z.enum(TARGET_GROUP_KEYS, { error: t('err.staff.targetGroup') })).max(TARGET_GROUP_KEYS.length);
const level = z.enum(RISK_LEVEL_KEYS, { error: t('err.staff.riskLevel') });

/** Staff open a file directly. */
export const newCaseRequest = z.strictObject({
  child: childRequest,
  township: townshipId,
  village: z.string({ error: t('err.place.villageRequired') }).max(40),
  people: z.array(personRequest).max(5).optional(),
  address: optional(personText(t('staff.address'), 100)),
  targetGroups: targetGroups.optional(),
});

/** Who the child turned out to be (a file opened from a report), or corrections. */
export const caseDetailsRequest = z.strictObject({
  child: childRequest,
  village: z
    .string({ error: t('err.place.villageRequired') })
    .max(40)
    .optional(),
  people: z.array(personRequest).max(5).optional(),
  address: optional(personText(t('staff.address'), 100)),
});

export const caseMoveRequest = z.strictObject({
  to: moveTo,
  reason: note(t('staff.move.reason')),
});

export const mergeRequest = z.strictObject({
  /** The file that is kept. */
  into: referenceParam.refine((r) => r.startsWith('C-'), t('err.staff.mergeInto')),
  reason: requiredText(t('staff.merge.reason'), 500),
});
export const unmergeRequest = z.strictObject({ reason: requiredText(t('staff.unmerge.reason'), 500) });

export const caseSearchQuery = z.object({
  q: z
    .string()
    .refine((s) => characters(s) <= 60, t('err.staff.searchTooLong'))
    .optional(),
  township: townshipId.optional(),
  village: z.string().max(40).optional(),
  status: z.string().max(40).optional(),
  risk: z.enum(RISK_LEVEL_KEYS).optional(),
  overdue: flag,
  /** Only files that may be the same child as another file in scope (to check and merge). */
  duplicates: flag,
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const exportQuery = z.object({ personal: flag });

export const roundRequest = z.strictObject({
  year: z
    .number({ error: t('err.staff.year') })
    .int()
    .min(2020)
    .max(2100),
  month: z
    .number({ error: t('err.staff.month') })
    .int()
    .min(1)
    .max(12),
});
export const roundPath = z.object({
  id: z.coerce
    .number({ error: t('err.staff.idFormat') })
    .int(t('err.staff.idFormat'))
    .positive(t('err.staff.idFormat')),
});

export const SCREENING_RESULTS = ['screened', 'notFound'] as const;

export const screeningRecordRequest = z
  .strictObject({
    /** A child on file … */
    caseRef: referenceParam.refine((r) => r.startsWith('C-'), t('err.staff.caseRef')).optional(),
    /** … or one newly found. */
    child: childRequest.optional(),
    people: z.array(personRequest).max(5).optional(),
    township: townshipId.optional(),
    village: z.string({ error: t('err.place.villageRequired') }).max(40),
    result: z.enum(SCREENING_RESULTS, { error: t('err.staff.screeningResult') }),
    targetGroups: targetGroups.default([]),
    proposedLevel: level.optional(),
    reason: note(t('err.what.riskReason')),
    notes: note(t('err.what.notes')),
  })
  .superRefine((r, ctx) => {
    if (!r.caseRef === !r.child) ctx.addIssue({ code: 'custom', path: ['child'], message: t('err.staff.screeningChild') });
    if (r.result === 'screened' && !r.proposedLevel)
      ctx.addIssue({ code: 'custom', path: ['proposedLevel'], message: t('err.staff.screeningLevel') });
    if (r.proposedLevel && !r.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: t('err.staff.screeningReason') });
  });

export const rosterQuery = z.object({ township: townshipId.optional(), village: z.string().max(40) });
/** The SMS outbox: one record's messages, or (admin) every message in a state, newest first. */
export const outboxQuery = z.object({
  reference: referenceParam.optional(),
  state: z.enum(SMS_STATES, { error: t('err.staff.smsState', { states: SMS_STATES.join('、') }) }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// --- 认定审核: batches, evaluations, decisions, referrals ------------------------------------------

const department = z.enum(DEPARTMENT_KEYS, { error: t('err.staff.responsibleDepartment') });
const caseRef = referenceParam.refine((r) => r.startsWith('C-'), t('err.staff.caseRef'));

export const batchRequest = z.strictObject({
  cases: z
    .array(caseRef, { error: t('err.staff.batchCases') })
    .min(1, t('err.staff.batchMin'))
    .max(200, t('err.staff.batchMax')),
});
export const candidatesQuery = z.object({ township: z.string({ error: t('err.place.townshipRequired') }).max(40) });

export const screenBatchRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        case: caseRef,
        decision: z.enum(['accepted', 'declined'], { error: t('err.staff.screenDecision') }),
        reason: note(t('staff.move.reason')),
      }),
    )
    .min(1, t('err.staff.screenMin')),
});

export const evaluationRequest = z.strictObject({
  situation: requiredText(t('staff.plan.situation'), 4000),
  means: requiredText(t('staff.plan.means'), 4000),
  guardianship: requiredText(t('staff.plan.guardianship'), 4000),
  proposedLevel: level,
  plan: z
    .array(
      z.strictObject({
        entitlement: z.string().max(80).optional(),
        measure: optional(personText(t('staff.plan.measure.text'), 500)),
        department,
        dueBy: instant.optional(),
      }),
      { error: t('err.staff.plan') },
    )
    .min(1, t('err.staff.planMin'))
    .max(40),
});

export const decisionsRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        planItem: z
          .number({ error: t('err.staff.planItem') })
          .int()
          .positive(),
        decision: z.enum(DECISIONS, { error: t('err.staff.decision') }),
        reason: note(t('staff.move.reason')),
        publicNote: note(t('err.what.publicNote')),
        /** With needs_info: the checklist items the family is asked to upload. */
        materials: z
          .array(z.enum(MATERIAL_KEYS, { error: t('files.err.itemKey', { keys: MATERIAL_KEYS.join('、') }) }))
          .max(MATERIAL_KEYS.length)
          .optional(),
      }),
    )
    .min(1, t('err.staff.decisionsMin')),
});

export const referralRequest = z.strictObject({
  planItem: z
    .number({ error: t('err.staff.referralItem') })
    .int()
    .positive(),
  department,
  dueBy: instant,
  request: requiredText(t('staff.plan.refer.request'), NOTE_MAX),
});

export const referralResponseRequest = z.strictObject({
  outcome: z.enum(REFERRAL_OUTCOMES, { error: t('err.staff.referralOutcome') }),
  note: note(t('staff.referrals.response')),
});

export const referralListQuery = z.object({ overdue: flag, status: z.enum(['sent', ...REFERRAL_OUTCOMES]).optional() });

export const opinionRequest = z.strictObject({ opinion: requiredText(t('err.what.opinion'), NOTE_MAX) });
