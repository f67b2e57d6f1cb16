/**
 * The four risk levels of 分级分类保护 (篇二 四(二)4: 蓝色随访关注、黄色每月走访、
 * 橙色一对一结对按周走访、红色立即干预). The visit cadence is defined here and nowhere
 * else: the policy page, the staff console and the overdue list all read it.
 */
// `action` names the county's bureau as {civilAffairs}: the page that shows it fills it from the
// county settings (县民政局, 区民政局 …).
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const RISK_LEVELS = {
  blue: {
    label: '蓝色',
    meaning: '日常随访、关注',
    action: '村（社区）儿童主任平时随访，关注孩子的生活和学习变化。',
    cadence: '至少每季度走访一次',
    intervalMs: 90 * DAY,
  },
  yellow: {
    label: '黄色',
    meaning: '每月走访',
    action: '每月上门走访一次，了解孩子的生活、健康状况。',
    cadence: '每月走访一次',
    intervalMs: 30 * DAY,
  },
  orange: {
    label: '橙色',
    meaning: '一对一结对帮扶，每周走访',
    action: '安排代理妈妈（爱心妈妈）或志愿者一对一结对帮扶，每周走访一次。',
    cadence: '每周走访一次',
    intervalMs: 7 * DAY,
  },
  red: {
    label: '红色',
    meaning: '立即干预，报县级处置',
    action: '立即实施心理干预、生活救助等保护措施，报{civilAffairs}处置，必要时由有关部门依法采取行政或司法手段。',
    cadence: '24 小时内上门',
    intervalMs: DAY,
  },
} as const;

export type RiskLevel = keyof typeof RISK_LEVELS;
export const RISK_LEVEL_KEYS = Object.keys(RISK_LEVELS) as [RiskLevel, ...RiskLevel[]];

/** When the next visit is due after a visit (or after the level was set) at `from`. */
export function nextVisitDue(level: RiskLevel, from: Date): Date {
  return new Date(from.getTime() + RISK_LEVELS[level].intervalMs);
}
