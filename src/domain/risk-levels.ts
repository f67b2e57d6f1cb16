/**
 * The four risk levels of 分级分类保护, in the words of the seed (篇二 四(二)4). This is the
 * only place that says what each level means: the policy pages, the staff console and the
 * overdue list all read it, and a content test checks the words against the seed.
 *
 * 红色 leaves out the name of the city's own 专门学校 regulation, which is a placeholder in the
 * seed (《XX 市对有严重不良行为的未成年人送读专门学校接受专门教育工作暂行办法（试行）》); the
 * law page of 《预防未成年人犯罪法》 explains the procedure.
 */
import { t, type MessageKey } from '../i18n/index.ts';

export const RISK_LEVELS = {
  blue: {
    label: '蓝色',
    visit: 'county',
  },
  yellow: {
    label: '黄色',
    visit: 'month',
  },
  orange: {
    label: '橙色',
    visit: 'week',
  },
  red: {
    label: '红色',
    visit: 'county',
  },
} as const satisfies Record<string, { label: string; visit: 'month' | 'week' | 'county' }>;

export type RiskLevel = keyof typeof RISK_LEVELS;

const MEASURES = {
  blue: 'domain.risk.blue.measure',
  yellow: 'domain.risk.yellow.measure',
  orange: 'domain.risk.orange.measure',
  red: 'domain.risk.red.measure',
} as const satisfies Record<RiskLevel, MessageKey>;

/**
 * What the seed asks for at a level, in its words. Read when shown (not kept in RISK_LEVELS), so
 * a page script that only needs the levels' names does not load the dictionary.
 */
export function riskMeasure(level: RiskLevel): string {
  return t(MEASURES[level]);
}
export const RISK_LEVEL_KEYS = Object.keys(RISK_LEVELS) as [RiskLevel, ...RiskLevel[]];

/** The levels whose visit interval the seed does not give: 蓝 「平时」 and 红 「立即」. */
export type CountyCadenceLevel = { [K in RiskLevel]: (typeof RISK_LEVELS)[K]['visit'] extends 'county' ? K : never }[RiskLevel];
export const COUNTY_CADENCE_LEVELS = RISK_LEVEL_KEYS.filter((k) => RISK_LEVELS[k].visit === 'county') as CountyCadenceLevel[];

/** Days between visits for 蓝 and 红, from content/county.ts (riskVisitDays); null until the county sets it. */
export type RiskVisitDays = Record<CountyCadenceLevel, number | null>;

const DAY = 24 * 60 * 60 * 1000;
const CHINA = 8 * 60 * 60 * 1000;

/** The same day one calendar month later in China (31 January → 28 or 29 February). */
function oneMonthLater(from: Date): Date {
  const local = new Date(from.getTime() + CHINA);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return new Date(local.getTime() - CHINA);
}

/**
 * When the next visit is due after a visit (or after the level was set) at `from`:
 * 黄 a month later (「每月」), 橙 a week later (「按周」), 蓝 and 红 after the county's
 * interval. Null when the county has not set one, so the case never shows as overdue.
 */
export function nextVisitDue(level: RiskLevel, from: Date, countyDays: RiskVisitDays): Date | null {
  const visit = RISK_LEVELS[level].visit;
  if (visit === 'month') return oneMonthLater(from);
  if (visit === 'week') return new Date(from.getTime() + 7 * DAY);
  const days = countyDays[level as CountyCadenceLevel];
  return days == null ? null : new Date(from.getTime() + days * DAY);
}
