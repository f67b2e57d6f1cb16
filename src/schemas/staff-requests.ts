/** Request bodies of the staff API (/api/staff/*). Messages say what to do. */
import { z } from 'zod';
import { RISK_LEVEL_KEYS } from '../domain/risk-levels.ts';
import { STAFF_ROLES } from '../domain/staff-roles.ts';
import { isReference, normalizeReference } from '../domain/reference-code.ts';
import { personText } from './requests.ts';

const note = (what: string) => personText(what, 2000).optional();
const needed = (what: string, max = 2000) => personText(what, max).refine((s) => s.length > 0, `请填写${what}`);

/** An ISO date-time (2026-11-29T10:00:00+08:00 or …Z), returned as epoch milliseconds. */
export const instant = z
  .string({ error: '请填写时间' })
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), '时间格式不对，例如 2026-11-29T10:00')
  .transform((s) => Date.parse(s));

export const referenceParam = z
  .string()
  .transform(normalizeReference)
  .refine(isReference, '编号格式不对');

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
  level: z.enum(RISK_LEVEL_KEYS, { error: '请选择风险等级：blue、yellow、orange 或 red' }),
  reason: needed('定级的理由'),
});

export const visitRequest = z.strictObject({
  visitedAt: instant,
  findings: needed('走访情况'),
});

export const backgroundCheckRequest = z.strictObject({
  result: z.enum(['clear', 'notClear'], { error: '请选择审查结果' }),
  checkedAt: instant,
  expiresAt: instant,
});

export const pairingRequest = z.strictObject({
  volunteer: referenceParam,
  application: referenceParam,
  /** Needed when the volunteer serves another township. */
  overrideReason: note('跨乡镇结对的理由'),
});

export const endPairingRequest = z.strictObject({ reason: needed('结束结对的原因') });

export const contactRequest = z.strictObject({ at: instant, note: needed('联系情况') });

export const triageRequest = z.strictObject({
  township: z.string({ error: '请选择负责的乡镇（街道）' }).max(40),
  /** Link to an existing case … */
  application: referenceParam.optional(),
  /** … or open a new one from the report. */
  newCase: z.boolean().default(false),
  internalNote: note('内部备注'),
});

export const accountRequest = z.strictObject({
  name: needed('姓名', 30),
  role: z.enum(STAFF_ROLES, { error: '请选择角色' }),
  townships: z.array(z.string().max(40)).min(1, '请至少选择一个乡镇（街道）'),
  days: z.number().int().min(1).max(366).default(90),
});
