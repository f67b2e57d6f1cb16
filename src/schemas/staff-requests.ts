/** Request bodies of the staff API (/api/staff/*). Messages say what to do. */
import { z } from 'zod';
import { isRealDate } from '../eligibility/age.ts';
import { keysOf } from '../eligibility/answers-schema.ts';
import { ACCOUNT_DAYS } from '../domain/staff-accounts.ts';
import { RISK_LEVEL_KEYS, RISK_LEVELS } from '../domain/risk-levels.ts';
import { SMS_STATES } from '../domain/sms.ts';
import { STAFF_ROLES } from '../domain/staff-roles.ts';
import { isReference, normalizeReference } from '../domain/reference-code.ts';
import { BACKGROUND_CHECK_RESULTS } from '../domain/volunteer-status.ts';
import { MATERIAL_KEYS } from '../domain/materials.ts';
import { t } from '../i18n/index.ts';
import { TARGET_GROUP_KEYS } from '../domain/target-groups.ts';
import { DEPARTMENT_KEYS } from '../domain/departments.ts';
import { DECISIONS, REFERRAL_OUTCOMES } from '../domain/review.ts';
import { RELATIONSHIPS } from '../domain/relationships.ts';
import { birthDate } from '../eligibility/answers-schema.ts';
import { townshipId } from './places.ts';
import { characters, idNumber, mobile, optional, personText, requiredText } from './requests.ts';

const note = (what: string) => optional(personText(what, 2000));

/**
 * An ISO date-time (2026-11-29T10:00:00+08:00 or …Z), returned as epoch milliseconds. The date
 * must exist: Date.parse would take 2026-02-30 for 2 March.
 */
export const instant = z
  .string({ error: '请填写时间' })
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(s) &&
      isRealDate(s.slice(0, 10)) &&
      !Number.isNaN(Date.parse(s)),
    '时间格式不对，例如 2026-11-29T10:00',
  )
  .transform((s) => Date.parse(s));

export const referenceParam = z.string().transform(normalizeReference).refine(isReference, '编号格式不对');

/** Path parameters: a record's reference (A-…, V-…, R-…), or a numeric id. */
export const referencePath = z.object({ reference: referenceParam });
export const idPath = z.object({ id: z.coerce.number({ error: '编号格式不对' }).int('编号格式不对').positive('编号格式不对') });

export const transitionRequest = z.strictObject({
  to: z.string({ error: '请选择要转到的状态' }).min(1).max(40),
  /** Shown to the applicant on /status/. */
  publicNote: note('给申请人看的说明'),
  /** Staff only; never shown to the applicant. */
  internalNote: note('内部备注'),
  /** Required for 不予认定 and 需补充材料; shown to the applicant. */
  reason: note('原因'),
});

/** An application's move; to 需补充材料 it may name the checklist items asked for (src/domain/materials.ts). */
export const applicationTransitionRequest = transitionRequest.extend({
  items: z
    .array(z.enum(MATERIAL_KEYS, { error: t('files.err.itemKey', { keys: MATERIAL_KEYS.join('、') }) }))
    .max(MATERIAL_KEYS.length)
    .optional(),
});

export const riskRequest = z.strictObject({
  level: z.enum(RISK_LEVEL_KEYS, { error: `请选择风险等级：${RISK_LEVEL_KEYS.map((k) => `${k}（${RISK_LEVELS[k].label}）`).join('、')}` }),
  reason: requiredText('定级的理由', 2000),
});

export const visitRequest = z.strictObject({
  /** Who else went (a social worker, a township officer …): 建立档案 needs to know. */
  with: optional(personText('同去的人', 200)),
  visitedAt: instant,
  findings: requiredText('走访情况', 2000),
});

/** 预约上门走访: the day staff will go (China time); the family is told that day and nothing else. */
export const visitBookingRequest = z.strictObject({
  date: z
    .string({ error: '请填写上门日期' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, '请填写上门日期，例如 2026-12-05')
    .refine(isRealDate, '这一天不存在，请核对日期'),
});

export const backgroundCheckRequest = z.strictObject({
  result: z.enum(keysOf(BACKGROUND_CHECK_RESULTS), { error: '请选择审查结果' }),
  checkedAt: instant,
  expiresAt: instant,
});

export const pairingRequest = z.strictObject({
  volunteer: referenceParam,
  /** The child: the file (C-…), or one of its applications (A-…). */
  case: referenceParam.optional(),
  application: referenceParam.optional(),
  /** Needed when the volunteer serves another township. */
  overrideReason: note('跨乡镇结对的理由'),
});

export const endPairingRequest = z.strictObject({ reason: requiredText('结束结对的原因', 2000) });

export const contactRequest = z.strictObject({ at: instant, note: requiredText('联系情况', 2000) });

export const triageRequest = z.strictObject({
  township: townshipId,
  /** Link to the child's file (C-…, or an application's A-…) … */
  case: referenceParam.optional(),
  application: referenceParam.optional(),
  /** … or open a new one from the report. */
  newCase: z.boolean().default(false),
  internalNote: note('内部备注'),
});

export const accountRequest = z.strictObject({
  name: requiredText('姓名', 30),
  role: z.enum(STAFF_ROLES, { error: '请选择角色' }),
  townships: z.array(z.string().max(40)).min(1, '请至少选择一个乡镇（街道）'),
  /** A 儿童主任's villages, within those townships; absent for the whole townships. */
  villages: z.array(z.string().max(40)).max(50).optional(),
  /** A department account's department. */
  department: z.enum(DEPARTMENT_KEYS, { error: '请选择部门' }).optional(),
  /** How long the token is valid, in days. */
  days: z.number().int().min(ACCOUNT_DAYS.min).max(ACCOUNT_DAYS.max).default(ACCOUNT_DAYS.default),
  /** A mobile number for sign-in codes by SMS (the second factor); absent: passkeys only. */
  phone: optional(mobile),
});

// --- Signing in (worker/services/staff-sign-in.ts) --------------------------------------------

/** Asked by a script that sends the session as a bearer: the session comes in the answer too. */
const bearer = z.boolean().optional();
const ticket = z.string({ error: '请重新登录' }).regex(/^st_[A-Za-z0-9_-]{40,60}$/, '登录已过期，请重新输入令牌');

export const signInRequest = z.strictObject({
  token: z.string({ error: '请填写工作人员令牌' }).trim().min(1, '请填写工作人员令牌').max(120, '令牌格式不对，请检查后重新填写'),
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
export const codeSignInRequest = z.strictObject({
  ticket,
  code: z
    .string({ error: '请填写短信验证码' })
    .trim()
    .regex(/^\d{6}$/, '请填写短信里的 6 位数字验证码'),
  bearer,
});
export const enrolRequest = z.strictObject({
  ticket,
  credential: webauthnAnswer,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '请填写短信里的 6 位数字验证码')
    .optional(),
  bearer,
});
export const passkeyRequest = z.strictObject({ ticket, credential: webauthnAnswer });

// --- Query strings of the lists -----------------------------------------------------------

/** A yes/no filter in a query string: ?overdue=1 or ?overdue=true; absent means no. */
const flag = z
  .enum(['1', 'true'], { error: '请写 1 或 true，或者不写' })
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
export const casePath = z.object({ caseRef: referenceParam.refine((r) => r.startsWith('C-'), '请填写以 C- 开头的档案编号') });

/** What is known of a child; only a name is needed to open a file. */
export const childRequest = z.strictObject({
  name: requiredText('孩子的姓名', 30),
  birthDate: optional(birthDate),
  idNumber: optional(idNumber),
});

export const personRequest = z.strictObject({
  name: optional(personText('姓名', 30)),
  phone: optional(mobile),
  relationship: z.enum(keysOf(RELATIONSHIPS), { error: '请选择和孩子的关系' }).optional(),
});

const targetGroups = z.array(z.enum(TARGET_GROUP_KEYS, { error: '请从列表中选择保护对象类别' })).max(TARGET_GROUP_KEYS.length);
const level = z.enum(RISK_LEVEL_KEYS, { error: '请选择风险等级' });

/** Staff open a file directly. */
export const newCaseRequest = z.strictObject({
  child: childRequest,
  township: townshipId,
  village: z.string({ error: '请选择村（社区）' }).max(40),
  people: z.array(personRequest).max(5).optional(),
  address: optional(personText('住址', 100)),
  targetGroups: targetGroups.optional(),
});

/** Who the child turned out to be (a file opened from a report), or corrections. */
export const caseDetailsRequest = z.strictObject({
  child: childRequest,
  village: z.string({ error: '请选择村（社区）' }).max(40).optional(),
  people: z.array(personRequest).max(5).optional(),
  address: optional(personText('住址', 100)),
});

export const caseMoveRequest = z.strictObject({
  to: z.string({ error: '请选择要转到的状态' }).min(1).max(40),
  reason: note('原因'),
});

export const mergeRequest = z.strictObject({
  /** The file that is kept. */
  into: referenceParam.refine((r) => r.startsWith('C-'), '请填写要保留的档案编号（C- 开头）'),
  reason: requiredText('合并的理由', 500),
});
export const unmergeRequest = z.strictObject({ reason: requiredText('撤销合并的理由', 500) });

export const caseSearchQuery = z.object({
  q: z
    .string()
    .refine((s) => characters(s) <= 60, '搜索的内容太长了')
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
  year: z.number({ error: '请填写年份' }).int().min(2020).max(2100),
  month: z.number({ error: '请填写月份' }).int().min(1).max(12),
});
export const roundPath = z.object({ id: z.coerce.number({ error: '编号格式不对' }).int('编号格式不对').positive('编号格式不对') });

export const SCREENING_RESULTS = ['screened', 'notFound'] as const;

export const screeningRecordRequest = z
  .strictObject({
    /** A child on file … */
    caseRef: referenceParam.refine((r) => r.startsWith('C-'), '请填写以 C- 开头的档案编号').optional(),
    /** … or one newly found. */
    child: childRequest.optional(),
    people: z.array(personRequest).max(5).optional(),
    township: townshipId.optional(),
    village: z.string({ error: '请选择村（社区）' }).max(40),
    result: z.enum(SCREENING_RESULTS, { error: '请选择排查结果：已排查或未找到' }),
    targetGroups: targetGroups.default([]),
    proposedLevel: level.optional(),
    reason: note('定级的理由'),
    notes: note('备注'),
  })
  .superRefine((r, ctx) => {
    if (!r.caseRef === !r.child) ctx.addIssue({ code: 'custom', path: ['child'], message: '请选择名单上的孩子，或填写新发现的孩子' });
    if (r.result === 'screened' && !r.proposedLevel)
      ctx.addIssue({ code: 'custom', path: ['proposedLevel'], message: '已排查的孩子请建议一个风险等级' });
    if (r.proposedLevel && !r.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请写明建议这个等级的理由' });
  });

export const rosterQuery = z.object({ township: townshipId.optional(), village: z.string().max(40) });
/** The SMS outbox: one record's messages, or (admin) every message in a state, newest first. */
export const outboxQuery = z.object({
  reference: referenceParam.optional(),
  state: z.enum(SMS_STATES, { error: `请选择状态：${SMS_STATES.join('、')}` }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// --- 认定审核: batches, evaluations, decisions, referrals ------------------------------------------

const department = z.enum(DEPARTMENT_KEYS, { error: '请选择负责的部门' });
const caseRef = referenceParam.refine((r) => r.startsWith('C-'), '请填写以 C- 开头的档案编号');

export const batchRequest = z.strictObject({
  cases: z.array(caseRef, { error: '请选择要上报的孩子' }).min(1, '请至少选择一个孩子').max(200, '一批最多上报 200 个孩子'),
});
export const candidatesQuery = z.object({ township: z.string({ error: '请选择乡镇（街道）' }).max(40) });

export const screenBatchRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        case: caseRef,
        decision: z.enum(['accepted', 'declined'], { error: '请选择纳入建档或不纳入' }),
        reason: note('原因'),
      }),
    )
    .min(1, '请至少筛选一个孩子'),
});

export const evaluationRequest = z.strictObject({
  situation: requiredText('孩子的情况', 4000),
  means: requiredText('家庭经济状况', 4000),
  guardianship: requiredText('监护情况', 4000),
  proposedLevel: level,
  plan: z
    .array(
      z.strictObject({
        entitlement: z.string().max(80).optional(),
        measure: optional(personText('具体措施', 500)),
        department,
        dueBy: instant.optional(),
      }),
      { error: '请写上救助帮扶预案' },
    )
    .min(1, '救助帮扶预案至少要有一项措施')
    .max(40),
});

export const decisionsRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        planItem: z.number({ error: '请选择预案中的一项' }).int().positive(),
        decision: z.enum(DECISIONS, { error: '请选择认定、不予认定或需补充材料' }),
        reason: note('原因'),
        publicNote: note('给申请人看的说明'),
        /** With needs_info: the checklist items the family is asked to upload. */
        materials: z
          .array(z.enum(MATERIAL_KEYS, { error: t('files.err.itemKey', { keys: MATERIAL_KEYS.join('、') }) }))
          .max(MATERIAL_KEYS.length)
          .optional(),
      }),
    )
    .min(1, '请至少认定一项'),
});

export const referralRequest = z.strictObject({
  planItem: z.number({ error: '请选择要转介的措施' }).int().positive(),
  department,
  dueBy: instant,
  request: requiredText('需要部门做什么', 2000),
});

export const referralResponseRequest = z.strictObject({
  outcome: z.enum(REFERRAL_OUTCOMES, { error: '请选择已接收、已办结或无法办理' }),
  note: note('办理情况'),
});

export const referralListQuery = z.object({ overdue: flag, status: z.enum(['sent', ...REFERRAL_OUTCOMES]).optional() });

export const opinionRequest = z.strictObject({ opinion: requiredText('意见', 2000) });
