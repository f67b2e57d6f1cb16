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
import { t } from '../i18n/index.ts';

const text = z.string().trim().min(1, t('content.err.empty'));
const list = (what: string) => z.array(text).min(1, t('content.err.list', { what }));

const materialKey = z.enum(MATERIAL_KEYS, { error: t('content.err.materialKey', { keys: MATERIAL_KEYS.join('、') }) });

/**
 * One line of 申请材料: plain words (a note, nothing to photograph), or the guide's words with
 * the checklist item(s) they ask for (src/domain/materials.ts), which families attach online.
 */
const materialLine = z.preprocess(
  (line) => (typeof line === 'string' ? { text: line } : line),
  z
    .strictObject({
      /** The guide's own words, shown on the entitlement's page. */
      text: text.describe(t('content.field.guideText')),
      /** The checklist item, or items when one line names several documents. */
      item: z
        .preprocess((item) => (typeof item === 'string' ? [item] : item), z.array(materialKey).min(1))
        .optional()
        .describe(t('content.field.item')),
      /** false: only some families need it, or it can follow later (有……的、有哪样带哪样). */
      required: z.boolean().optional().describe(t('content.field.required')),
    })
    .transform((m): MaterialLine => ({ text: m.text, items: m.item ?? [], required: m.item !== undefined && (m.required ?? true) })),
);

const base = {
  /** Page title: for an entitlement, the 事项名称. */
  title: text.describe(t('content.field.title')),
  /** One plain sentence under the title, in listings and search results. */
  summary: text.max(120, t('content.err.summary')).describe(t('content.field.summary')),
  /** Position in listings; smaller comes first. */
  order: z.number().int().default(100).describe(t('content.field.order')),
  /** Extra words people search with (俗称、简称), added to the search index. */
  keywords: z
    .array(z.union([text, z.number().transform(String)]))
    .default([])
    .describe(t('content.field.keywords')),
};

export const policySchema = z.strictObject({
  ...base,
  /** Which part of the programme the page describes. */
  section: z.enum(POLICY_SECTIONS).describe(t('content.field.section')),
  /** For the seven area pages: which protection area. */
  area: z.enum(PROTECTION_AREA_KEYS).optional().describe(t('search.filter.area')),
  /** Where in the county's work plan this comes from. */
  basis: list(t('policies.basis')).describe(t('policies.basis')),
});

/**
 * One concrete aid or service, in the 办事指南 structure of Chinese government service guides.
 * The eligibility rule for it lives in src/eligibility/rules/, keyed by the file name (slug).
 */
export const entitlementSchema = z.strictObject({
  ...base,
  /** The protection area it belongs to. */
  area: z.enum(PROTECTION_AREA_KEYS).describe(t('search.filter.area')),
  /** Who it is for (filter on /entitlements/). */
  groups: z.array(z.enum(TARGET_GROUP_KEYS)).min(1, t('content.err.groups')).describe(t('content.field.groups')),
  /** 服务对象与受理条件: each a condition in plain words. */
  who: list(t('content.field.conditions')).describe(t('field.who')),
  /** 帮扶内容与标准. Amounts come from the county settings (amounts), never from the text. */
  benefits: list(t('content.field.benefit')).describe(t('field.benefits')),
  /** County amounts that apply, shown as figures or 「以本县公布标准为准」. */
  amounts: z.array(z.enum(AMOUNT_KEYS)).default([]).describe(t('content.field.amounts')),
  /** 申请材料: words, or words with the checklist item they ask for ({text, item, required}). */
  materials: z.array(materialLine).min(1, t('content.err.materials')).describe(t('field.materials')),
  /** 办理流程, one step per item. */
  steps: list(t('content.field.step')).describe(t('field.steps')),
  /** 办理时限. */
  timeLimit: text.describe(t('field.timeLimit')),
  /**
   * The 时限 in days, where the county has published one: the family is told to expect an
   * answer within it. Absent: the county's reviewDays decide (content/county.ts).
   */
  timeLimitDays: z.number().int().positive().optional().describe(t('content.field.timeLimitDays')),
  /** 收费标准. */
  fee: text.default(t('content.fee.free')).describe(t('field.fee')),
  /** 实施主体. */
  lead: z.enum(DEPARTMENT_KEYS).describe(t('field.lead')),
  /** 协办部门. */
  co: z.array(z.enum(DEPARTMENT_KEYS)).default([]).describe(t('field.co')),
  /** 政策依据: the work-plan measure or the law article. */
  basis: list(t('field.basis')).describe(t('field.basis')),
  /**
   * How a family gets it: `online` through /apply/, `report` through a report or a call
   * (rescue situations), `contact` by asking the named office or the village 儿童主任.
   */
  access: z.enum(['online', 'report', 'contact']).default('online').describe(t('content.field.access')),
});

export const lawSchema = z.strictObject({
  ...base,
  /** Full name of the law or document. */
  lawName: text.describe(t('content.field.lawName')),
  /** When it took effect, as written in the law. */
  effective: text.describe(t('laws.effective')),
});

export const guideSchema = z.strictObject({
  ...base,
  /** Who the guide is written for. */
  audience: z.enum(['family', 'volunteer', 'public', 'all']).describe(t('content.field.audience')),
  /** Path the page is published at, when it is not /guides/<slug>/ (e.g. /privacy/). */
  path: z
    .string()
    .regex(/^\/[a-z0-9/-]*\/$/, t('content.err.path'))
    .optional()
    .describe(t('content.field.path')),
});

export const hotlineSchema = z.strictObject({
  ...base,
  /** The number to dial, or a county setting (hotline, civilAffairsPhone) filled in from content/county.ts. */
  number: z
    .union([z.string().regex(/^\d{3,6}$/, t('content.err.number')), z.enum(['county:hotline', 'county:civilAffairsPhone'])])
    .optional()
    .describe(t('content.field.number')),
  /** Call it now when a child is in danger. */
  emergency: z.boolean().default(false).describe(t('hotlines.emergency')),
  /** When it is answered, e.g. 24小时. */
  hours: text.describe(t('hotlines.hours')),
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
