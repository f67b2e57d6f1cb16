/**
 * 认定审核, the procedure of 篇五 三(三): 初步筛选 (townships gather what villages found, the
 * county screens in batches) → 建立档案 (a home visit, and the file) → 调查评估 (the child,
 * the family's means and guardianship; a 评估报告 and a 救助帮扶预案 of measures) → 审核认定
 * (the county, with the member departments, decides each measure). Help is then delivered
 * 「民政牵头、部门联动」 through 转介 to the departments.
 */
export const REVIEW_STEPS = ['screening', 'filing', 'assessing', 'deciding'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

/** Where a child's file is in the procedure; null when it is not in one. `decided` once every measure has an answer. */
export type CaseStep = ReviewStep | 'decided';

export type ReviewDays = Record<ReviewStep, number | null>;

export const DECISIONS = ['approved', 'rejected', 'needs_info'] as const;
export type Decision = (typeof DECISIONS)[number];

export const REFERRAL_OUTCOMES = ['accepted', 'done', 'declined'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
export type ReferralStatus = 'sent' | ReferralOutcome;

const DAY = 24 * 60 * 60 * 1000;

/** When a step entered at `from` is due, from the county's days for it; null while the county has set none. */
export function stepDue(step: ReviewStep, from: number, days: ReviewDays): number | null {
  const d = days[step];
  return d == null ? null : from + d * DAY;
}

/**
 * By when the family can expect an answer to an application submitted at `from`: within the
 * shortest 时限 published for what it asks for, and otherwise within the four steps' days
 * together. Null when neither is known — the family is then told whom to ask, never a date
 * that was made up.
 */
export function answerDue(from: number, entitlementDays: readonly (number | null)[], days: ReviewDays): number | null {
  const published = entitlementDays.filter((d): d is number => d !== null);
  if (published.length) return from + Math.min(...published) * DAY;
  const steps = REVIEW_STEPS.map((s) => days[s]);
  if (steps.some((d) => d == null)) return null;
  return from + (steps as number[]).reduce((a, b) => a + b, 0) * DAY;
}
