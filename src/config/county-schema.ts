import { z } from 'zod';
import { DEPARTMENT_KEYS, departmentName, type DepartmentKey } from '../domain/departments.ts';
import { COUNTY_CADENCE_LEVELS, RISK_LEVELS, type CountyCadenceLevel, type RiskLevel } from '../domain/risk-levels.ts';
import { t } from '../i18n/index.ts';

/**
 * Amounts the seed leaves blank (「不低于1**元」, 「按**元确定」) or never states.
 * A deployer fills them in from the county's published standards; until then every page
 * says 「以本县公布标准为准」 instead of a number. `unit` is given only where the seed names
 * the period (篇三 五(一)4: 孤儿「月基本生活最低养育标准」, and 事实无人抚养儿童 纳入同一保障);
 * for the others the county writes the unit with the figure, so no page states a period
 * (按月、按学年) that the county has not published.
 */
export const AMOUNTS = {
  orphanInstitutionMonthly: { label: t('county.amount.orphanInstitutionMonthly'), unit: t('county.unit.perChildMonth') },
  orphanScatteredMonthly: { label: t('county.amount.orphanScatteredMonthly'), unit: t('county.unit.perChildMonth') },
  unsupportedChildMonthly: { label: t('county.amount.unsupportedChildMonthly'), unit: t('county.unit.perChildMonth') },
  disabledNurserySubsidy: { label: t('county.amount.disabledNurserySubsidy') },
  disabledRehabSubsidy: { label: t('county.amount.disabledRehabSubsidy') },
  preschoolAid: { label: t('county.amount.preschoolAid') },
  nutritionLunch: { label: t('county.amount.nutritionLunch') },
  examYearAid: { label: t('county.amount.examYearAid') },
  highSchoolAid: { label: t('county.amount.highSchoolAid') },
} as const satisfies Record<string, { label: string; unit?: string }>;
export type AmountKey = keyof typeof AMOUNTS;
export const AMOUNT_KEYS = Object.keys(AMOUNTS) as [AmountKey, ...AmountKey[]];

/** The unit the seed gives for an amount (元/人·月), or undefined when the county must write it. */
export function amountUnit(key: AmountKey): string | undefined {
  return (AMOUNTS[key] as { unit?: string }).unit;
}

/** Phone numbers: digits with optional area code and extension, so typos fail the build. */
const phone = z.string().regex(/^\d{3,4}(-\d{5,8}(-\d{1,6})?)?$/, t('county.err.phone'));

const township = z.strictObject({
  /** Stable ASCII id used in forms and the database; never change it once cases exist. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, t('county.err.townshipId')),
  /** Display name, e.g. 城关镇. */
  name: z.string().min(2),
  /** The villages (村) and communities (社区) of this township. */
  villages: z.array(z.string().min(2)).min(1),
  /** The township office's phone for families (the status page gives it); null until published. */
  phone: phone.nullable().default(null),
});

export const countySchema = z
  .strictObject({
    /** Full name shown in titles, e.g. 示范县 or 某某区. */
    name: z.string().min(2).describe(t('county.field.name')),
    /** 县, 区 or 市: the prefix of department names (县民政局, 区民政局). */
    level: z.enum([t('county.level.county'), t('county.level.district'), t('county.level.city')]),
    /** The county's child-protection hotline (未成年人保护热线). Null until published. */
    hotline: phone.nullable(),
    /** The civil-affairs bureau's service number. Null until published. */
    civilAffairsPhone: phone.nullable(),
    /** 领导小组办公室 at the civil-affairs bureau (篇一 四、篇五 五). */
    leadOffice: z.strictObject({
      address: z.string().nullable(),
      hours: z.string().default(t('county.hours.default')),
    }),
    /** Phone numbers of other departments, by department key; missing ones fall back to the hotline. */
    departmentPhones: z.partialRecord(z.enum(DEPARTMENT_KEYS), phone).default({}),
    /** 乡镇 (街道) with their 村 (社区). */
    townships: z.array(township).min(1),
    /**
     * Amounts in 元; null shows 「以本县公布标准为准」. Where AMOUNTS has no unit, write the unit
     * with the figure: { value: 200, unit: '元/人·学年' }.
     */
    amounts: z
      .partialRecord(
        z.enum(AMOUNT_KEYS),
        z.union([z.number().positive(), z.strictObject({ value: z.number().positive(), unit: z.string().min(1) })]).nullable(),
      )
      .default({}),
    /**
     * Days between home visits for 蓝色 and 红色 cases: the seed says only 「平时进行随访、关注」
     * and 「立即实施…」 (篇二 四(二)4). Null until the county decides; such cases never show as
     * overdue, and the console says the interval is unset.
     */
    riskVisitDays: z
      .strictObject({
        blue: z.number().int().positive().nullable(),
        red: z.number().int().positive().nullable(),
      })
      .default({ blue: null, red: null }),
    /**
     * 孤儿成年后住房保障 (篇三 五(六)): how many months before 18 an orphan may ask in advance.
     * The seed names no time; while null, a minor orphan is told to ask, never told no.
     */
    comingOfAgeMonths: z.number().int().min(1).max(24).nullable().default(null),
    /**
     * Days each step of 认定审核 may take (篇五 三(三): 初步筛选、建立档案、调查评估、审核认定).
     * The seed gives none: null until the county decides. A step with days gets a due date and
     * an overdue list; when all four are set, the family is told by when to expect an answer.
     */
    reviewDays: z
      .strictObject({
        screening: z.number().int().positive().nullable(),
        filing: z.number().int().positive().nullable(),
        assessing: z.number().int().positive().nullable(),
        deciding: z.number().int().positive().nullable(),
      })
      .default({ screening: null, filing: null, assessing: null, deciding: null }),
    /** Months of the twice-yearly 摸底排查 (篇五 三(一): 每年2月、7月). */
    screeningMonths: z.array(z.number().int().min(1).max(12)).length(2).default([2, 7]),
    /**
     * How long personal data is kept once a case ends (days), as the privacy notice says.
     * After that the nightly job deletes names, contacts and free text and keeps only counts.
     */
    retentionDays: z
      .strictObject({
        /**
         * Applications that were rejected or withdrawn, volunteers who withdrew, were rejected or
         * were paused (with no child paired), and closed child files (docs/privacy.md).
         */
        closedApplications: z.number().int().min(30).default(365),
        /** Reports of a child at risk, after they are closed. */
        closedReports: z.number().int().min(30).default(365),
      })
      .default({ closedApplications: 365, closedReports: 365 }),
    /**
     * Whether a 村（社区）儿童主任 signs in to the console with a second factor (a passkey or a code
     * by SMS) as every other account does. A county whose village workers cannot use either may
     * set false: their accounts then sign in with the personal token alone (docs/staff.md).
     */
    villageSecondFactor: z.boolean().default(true),
    /**
     * Cloudflare Turnstile site key (public). When set, the forms show the challenge and the
     * Worker, given TURNSTILE_SECRET, refuses submissions without a valid token.
     */
    turnstileSiteKey: z.string().min(1).nullable().default(null),
    /** Public address of the portal, used in links that leave the site (print-outs). */
    siteUrl: z.url().default('http://127.0.0.1:8787'),
  })
  .superRefine((county, ctx) => {
    for (const key of AMOUNT_KEYS) {
      const value = county.amounts[key];
      if (typeof value === 'number' && !amountUnit(key))
        ctx.addIssue({
          code: 'custom',
          path: ['amounts', key],
          message: t('county.err.amountUnit', { label: AMOUNTS[key].label, value }),
        });
    }
    const ids = new Set<string>();
    for (const [i, town] of county.townships.entries()) {
      if (ids.has(town.id))
        ctx.addIssue({ code: 'custom', path: ['townships', i, 'id'], message: t('county.err.townshipTwice', { id: town.id }) });
      ids.add(town.id);
    }
  });

export type CountyInput = z.input<typeof countySchema>;
export type County = z.output<typeof countySchema> & {
  /** 「示范县未成年人保护」: the portal's name. */
  portalName: string;
  /** 「示范县未成年人社会保护工作领导小组办公室」. */
  leadOfficeName: string;
};

/** Validates the settings file; a mistake fails the build with the field's path. */
export function defineCounty(input: CountyInput): County {
  const parsed = countySchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || t('county.err.root')}: ${i.message}`);
    throw new Error(t('county.err.invalid', { lines: lines.join('\n') }));
  }
  const county = parsed.data;
  return {
    ...county,
    portalName: t('county.portalName', { county: county.name }),
    leadOfficeName: t('county.leadOfficeName', { county: county.name }),
  };
}

export const AMOUNT_PENDING = t('county.amount.pending');

export function amountText(county: County, key: AmountKey): string {
  const value = county.amounts[key];
  if (value == null) return AMOUNT_PENDING;
  return typeof value === 'number' ? `${value} ${amountUnit(key)}` : `${value.value} ${value.unit}`;
}

/** How often a level is visited, as the risk table and the console say it: 一个月, 一周, or the county's days. */
export function visitIntervalText(county: County, level: RiskLevel): string {
  const visit = RISK_LEVELS[level].visit;
  if (visit === 'month') return t('risk.interval.month');
  if (visit === 'week') return t('risk.interval.week');
  const days = county.riskVisitDays[level as CountyCadenceLevel];
  return days == null ? t('risk.interval.unset') : t('risk.interval.days', { days });
}

/** The number to call about a department's service: its own line, else the county hotline. */
export function departmentPhone(county: County, key: DepartmentKey): string | null {
  return county.departmentPhones[key] ?? (key === 'civilAffairs' ? county.civilAffairsPhone : null) ?? county.hotline;
}

export function deptName(county: County, key: DepartmentKey): string {
  return departmentName(key, county.level);
}

export function findTownship(county: County, id: string) {
  return county.townships.find((t) => t.id === id);
}

/** Settings a deployer has not filled in yet; the build prints them as a reminder. */
export function unsetSettings(county: County): string[] {
  const unset: string[] = [];
  if (!county.hotline) unset.push(t('county.unset.hotline'));
  if (!county.civilAffairsPhone) unset.push(t('county.unset.civilAffairsPhone'));
  if (!county.leadOffice.address) unset.push(t('county.unset.leadOfficeAddress'));
  for (const key of AMOUNT_KEYS) if (county.amounts[key] == null) unset.push(`amounts.${key}（${AMOUNTS[key].label}）`);
  if (county.comingOfAgeMonths == null) unset.push(t('county.unset.comingOfAgeMonths'));
  for (const level of COUNTY_CADENCE_LEVELS)
    if (county.riskVisitDays[level] == null) unset.push(t('county.unset.riskVisitDays', { level, label: RISK_LEVELS[level].label }));
  return unset;
}
