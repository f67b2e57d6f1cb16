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
import { optional, personText, requiredText } from './requests.ts';

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

export const transitionRequest = z.strictObject({
  to: z.string({ error: '请选择要转到的状态' }).min(1).max(40),
  /** Shown to the applicant on /status/. */
  publicNote: note('给申请人看的说明'),
  /** Staff only; never shown to the applicant. */
  internalNote: note('内部备注'),
  /** Required for 不予认定 and 需补充材料; shown to the applicant. */
  reason: note('原因'),
});

export const riskRequest = z.strictObject({
  level: z.enum(RISK_LEVEL_KEYS, { error: `请选择风险等级：${RISK_LEVEL_KEYS.map((k) => `${k}（${RISK_LEVELS[k].label}）`).join('、')}` }),
  reason: requiredText('定级的理由', 2000),
});

export const visitRequest = z.strictObject({
  visitedAt: instant,
  findings: requiredText('走访情况', 2000),
});

export const backgroundCheckRequest = z.strictObject({
  result: z.enum(keysOf(BACKGROUND_CHECK_RESULTS), { error: '请选择审查结果' }),
  checkedAt: instant,
  expiresAt: instant,
});

export const pairingRequest = z.strictObject({
  volunteer: referenceParam,
  application: referenceParam,
  /** Needed when the volunteer serves another township. */
  overrideReason: note('跨乡镇结对的理由'),
});

export const endPairingRequest = z.strictObject({ reason: requiredText('结束结对的原因', 2000) });

export const contactRequest = z.strictObject({ at: instant, note: requiredText('联系情况', 2000) });

export const triageRequest = z.strictObject({
  township: z.string({ error: '请选择负责的乡镇（街道）' }).max(40),
  /** Link to an existing case … */
  application: referenceParam.optional(),
  /** … or open a new one from the report. */
  newCase: z.boolean().default(false),
  internalNote: note('内部备注'),
});

export const accountRequest = z.strictObject({
  name: requiredText('姓名', 30),
  role: z.enum(STAFF_ROLES, { error: '请选择角色' }),
  townships: z.array(z.string().max(40)).min(1, '请至少选择一个乡镇（街道）'),
  /** How long the token is valid, in days. */
  days: z.number().int().min(ACCOUNT_DAYS.min).max(ACCOUNT_DAYS.max).default(ACCOUNT_DAYS.default),
});

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
const township = z.string().max(40).optional();

export const caseListQuery = page.extend({ status, township, risk: z.enum(RISK_LEVEL_KEYS).optional(), overdue: flag });
export const volunteerListQuery = page.extend({ status, township });
export const reportListQuery = page.extend({ status });
export const pairingListQuery = z.object({ alert: flag });
export const auditQuery = z.object({
  /** The id to page back from. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** The SMS outbox: one record's messages, or (admin) every message in a state, newest first. */
export const outboxQuery = z.object({
  reference: referenceParam.optional(),
  state: z.enum(SMS_STATES, { error: `请选择状态：${SMS_STATES.join('、')}` }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
