/**
 * Frontmatter schemas of every content collection. Plain zod, so the build (through
 * src/content.config.ts), the unit tests and the eligibility rules share them.
 * Strict objects turn a typo in a field name into a build error that names the field.
 */
import { z } from 'zod';
import { DEPARTMENT_KEYS } from '../domain/departments.ts';
import { PROTECTION_AREA_KEYS } from '../domain/protection-areas.ts';
import { TARGET_GROUP_KEYS } from '../domain/target-groups.ts';
import { AMOUNT_KEYS } from '../config/county-schema.ts';
import { POLICY_SECTIONS } from '../domain/content-kinds.ts';
import { MATERIAL_KEYS, type MaterialLine } from '../domain/materials.ts';

const text = z.string().trim().min(1, '不能为空');
const list = (what: string) => z.array(text).min(1, `至少写一条${what}`);

const materialKey = z.enum(MATERIAL_KEYS, { error: `清单项请从 src/domain/materials.ts 中选择：${MATERIAL_KEYS.join('、')}` });

/**
 * One line of 申请材料: plain words (a note, nothing to photograph), or the guide's words with
 * the checklist item(s) they ask for (src/domain/materials.ts), which families attach online.
 */
const materialLine = z.preprocess(
  (line) => (typeof line === 'string' ? { text: line } : line),
  z
    .strictObject({
      /** The guide's own words, shown on the entitlement's page. */
      text: text.describe('办事指南原文'),
      /** The checklist item, or items when one line names several documents. */
      item: z
        .preprocess((item) => (typeof item === 'string' ? [item] : item), z.array(materialKey).min(1))
        .optional()
        .describe('清单项'),
      /** false: only some families need it, or it can follow later (有……的、有哪样带哪样). */
      required: z.boolean().optional().describe('必需（默认是）'),
    })
    .transform((m): MaterialLine => ({ text: m.text, items: m.item ?? [], required: m.item !== undefined && (m.required ?? true) })),
);

const base = {
  /** Page title: for an entitlement, the 事项名称. */
  title: text.describe('标题'),
  /** One plain sentence under the title, in listings and search results. */
  summary: text.max(120, '摘要请控制在 120 字以内').describe('摘要'),
  /** Position in listings; smaller comes first. */
  order: z.number().int().default(100).describe('排序'),
  /** Extra words people search with (俗称、简称), added to the search index. */
  keywords: z
    .array(z.union([text, z.number().transform(String)]))
    .default([])
    .describe('搜索关键词'),
};

export const policySchema = z.strictObject({
  ...base,
  /** Which part of the programme the page describes. */
  section: z.enum(POLICY_SECTIONS).describe('栏目'),
  /** For the seven area pages: which protection area. */
  area: z.enum(PROTECTION_AREA_KEYS).optional().describe('保护领域'),
  /** Where in the county's work plan this comes from. */
  basis: list('依据').describe('依据'),
});

/**
 * One concrete aid or service, in the 办事指南 structure of Chinese government service guides.
 * The eligibility rule for it lives in src/eligibility/rules/, keyed by the file name (slug).
 */
export const entitlementSchema = z.strictObject({
  ...base,
  /** The protection area it belongs to. */
  area: z.enum(PROTECTION_AREA_KEYS).describe('保护领域'),
  /** Who it is for (filter on /entitlements/). */
  groups: z.array(z.enum(TARGET_GROUP_KEYS)).min(1, '至少选一类服务对象').describe('服务对象类别'),
  /** 服务对象与受理条件: each a condition in plain words. */
  who: list('受理条件').describe('服务对象与受理条件'),
  /** 帮扶内容与标准. Amounts come from the county settings (amounts), never from the text. */
  benefits: list('帮扶内容').describe('帮扶内容与标准'),
  /** County amounts that apply, shown as figures or 「以本县公布标准为准」. */
  amounts: z.array(z.enum(AMOUNT_KEYS)).default([]).describe('标准金额'),
  /** 申请材料: words, or words with the checklist item they ask for ({text, item, required}). */
  materials: z.array(materialLine).min(1, '至少写一条申请材料').describe('申请材料'),
  /** 办理流程, one step per item. */
  steps: list('办理步骤').describe('办理流程'),
  /** 办理时限. */
  timeLimit: text.describe('办理时限'),
  /**
   * The 时限 in days, where the county has published one: the family is told to expect an
   * answer within it. Absent: the county's reviewDays decide (content/county.ts).
   */
  timeLimitDays: z.number().int().positive().optional().describe('办理时限（天数，本县公布后填写）'),
  /** 收费标准. */
  fee: text.default('免费').describe('收费标准'),
  /** 实施主体. */
  lead: z.enum(DEPARTMENT_KEYS).describe('实施主体'),
  /** 协办部门. */
  co: z.array(z.enum(DEPARTMENT_KEYS)).default([]).describe('协办部门'),
  /** 政策依据: the work-plan measure or the law article. */
  basis: list('政策依据').describe('政策依据'),
  /**
   * How a family gets it: `online` through /apply/, `report` through a report or a call
   * (rescue situations), `contact` by asking the named office or the village 儿童主任.
   */
  access: z.enum(['online', 'report', 'contact']).default('online').describe('办理方式'),
});

export const lawSchema = z.strictObject({
  ...base,
  /** Full name of the law or document. */
  lawName: text.describe('法律全称'),
  /** When it took effect, as written in the law. */
  effective: text.describe('施行日期'),
});

export const guideSchema = z.strictObject({
  ...base,
  /** Who the guide is written for. */
  audience: z.enum(['family', 'volunteer', 'public', 'all']).describe('读者'),
  /** Path the page is published at, when it is not /guides/<slug>/ (e.g. /privacy/). */
  path: z
    .string()
    .regex(/^\/[a-z0-9/-]*\/$/, '路径以 / 开头并以 / 结尾，例如 /privacy/')
    .optional()
    .describe('发布路径'),
});

export const hotlineSchema = z.strictObject({
  ...base,
  /** The number to dial, or a county setting (hotline, civilAffairsPhone) filled in from content/county.ts. */
  number: z
    .union([z.string().regex(/^\d{3,6}$/, '全国统一号码只写数字，例如 110'), z.enum(['county:hotline', 'county:civilAffairsPhone'])])
    .optional()
    .describe('号码（不是电话的渠道，如学校监测哨点，可以不写）'),
  /** Call it now when a child is in danger. */
  emergency: z.boolean().default(false).describe('紧急'),
  /** When it is answered, e.g. 24小时. */
  hours: text.describe('服务时间'),
});

export type PolicyData = z.output<typeof policySchema>;
export type EntitlementData = z.output<typeof entitlementSchema>;
export type LawData = z.output<typeof lawSchema>;
export type GuideData = z.output<typeof guideSchema>;
export type HotlineData = z.output<typeof hotlineSchema>;

export const COLLECTION_SCHEMAS = {
  policies: policySchema,
  entitlements: entitlementSchema,
  laws: lawSchema,
  guides: guideSchema,
  hotlines: hotlineSchema,
} as const;
export type CollectionName = keyof typeof COLLECTION_SCHEMAS;

/** 「content/entitlements/foo.mdx: who: 至少写一条受理条件」, one line per problem. */
export function describeIssues(file: string, error: z.ZodError): string {
  return error.issues.map((i) => `${file}: ${i.path.join('.') || '(frontmatter)'}: ${i.message}`).join('\n');
}
