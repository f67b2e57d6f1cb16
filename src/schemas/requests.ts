/**
 * Request bodies of the public intake endpoints (zod), shared by the Worker and the tests.
 * Messages say what to do. Free text is kept as typed: it is stored encrypted and always
 * shown escaped, so a script or SQL payload stays inert text.
 */
import { z } from 'zod';
import catalog from '../generated/catalog.json' with { type: 'json' };
import county from '../../content/county.ts';
import { answersSchema, isoDate } from '../eligibility/answers-schema.ts';
import { PRIVACY_NOTICE_VERSION } from '../domain/privacy.ts';
import { idNumberProblem, mobileProblem, normalizeIdNumber, normalizeMobile } from '../domain/validators.ts';

/** Entitlements a family can apply for here (access: online in their content file). */
export const ONLINE_ENTITLEMENTS = catalog.filter((e) => e.access === 'online').map((e) => e.slug);

/** Text a person types: trimmed, without control characters (NUL, lone surrogates) that break storage or display. */
export function personText(what: string, max: number) {
  return z
    .string({ error: `请填写${what}` })
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), `${what}中有无法识别的字符，请删除后重新填写`)
    .refine((s) => s.isWellFormed(), `${what}中有无法识别的字符，请删除后重新填写`)
    .refine((s) => s.length <= max, `${what}请控制在 ${max} 个字以内`);
}

const requiredText = (what: string, max: number) => personText(what, max).refine((s) => s.length > 0, `请填写${what}`);

export const mobile = z
  .string({ error: '请填写手机号码' })
  .transform(normalizeMobile)
  .superRefine((v, ctx) => {
    const problem = mobileProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const idNumber = z
  .string({ error: '请填写身份证号码' })
  .transform(normalizeIdNumber)
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A township id and one of its villages, from the county settings. */
export function checkPlace(p: { township: string; village: string }, ctx: z.RefinementCtx, prefix: (string | number)[] = []): void {
  const t = county.townships.find((x) => x.id === p.township);
  if (!t) ctx.addIssue({ code: 'custom', path: [...prefix, 'township'], message: '请从列表中选择乡镇（街道）' });
  else if (!t.villages.includes(p.village)) ctx.addIssue({ code: 'custom', path: [...prefix, 'village'], message: `请从列表中选择${t.name}的村（社区）` });
}

const township = z.string({ error: '请选择乡镇（街道）' }).max(40);
const village = z.string({ error: '请选择村（社区）' }).max(40);

export const consent = z.strictObject({
  /** The version of the privacy notice shown to the person. */
  privacyNotice: z.literal(PRIVACY_NOTICE_VERSION, { error: '隐私说明已更新，请刷新页面，阅读新的隐私说明后再提交' }),
  agreed: z.literal(true, { error: '请阅读隐私说明，并勾选同意' }),
});

/** Honeypot: a field people never see; anything in it means a robot filled the form. */
export const honeypot = z.string().max(0, '提交未成功，请刷新页面后重试').optional();

export const RELATIONSHIPS = {
  father: '父亲',
  mother: '母亲',
  grandparent: '祖父母或外祖父母',
  relative: '其他亲属',
  guardian: '其他监护人',
  childrenDirector: '村（社区）儿童主任（代为申请）',
  self: '孩子本人',
} as const;

export const applicationRequest = z.strictObject({
  applicant: z.strictObject({
    name: requiredText('您的姓名', 30),
    relationship: z.enum(Object.keys(RELATIONSHIPS) as [keyof typeof RELATIONSHIPS], { error: '请选择您和孩子的关系' }),
    phone: mobile,
  }),
  child: z.strictObject({
    name: requiredText('孩子的姓名', 30),
    birthDate: isoDate,
    idNumber: idNumber.optional(),
  }),
  address: z
    .strictObject({ township, village, detail: requiredText('详细住址', 100) })
    .superRefine((p, ctx) => checkPlace(p, ctx)),
  entitlements: z
    .array(z.enum(ONLINE_ENTITLEMENTS as [string, ...string[]], { error: '请从列表中选择要申请的帮助' }), { error: '请选择要申请的帮助' })
    .min(1, '请至少选择一项要申请的帮助')
    .max(ONLINE_ENTITLEMENTS.length)
    .refine((list) => new Set(list).size === list.length, '同一项帮助只需选择一次'),
  circumstances: personText('孩子和家庭的情况', 2000).optional(),
  /** The checker's answers, used for pre-screening. */
  answers: answersSchema.optional(),
  consent,
  turnstileToken: z.string().max(4096).optional(),
  website: honeypot,
});

export type ApplicationRequest = z.output<typeof applicationRequest>;

export const statusRequest = z.strictObject({
  reference: z.string({ error: '请填写编号' }).max(40, '编号不对，请检查'),
  accessCode: z.string({ error: '请填写查询码' }).max(40, '查询码不对，请检查'),
});
