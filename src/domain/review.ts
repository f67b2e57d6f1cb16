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

/** The end of a published 时限 counted from `from`: the shortest of those given; null when none is published. */
export function publishedDue(from: number, entitlementDays: readonly (number | null)[]): number | null {
  const published = entitlementDays.filter((d): d is number => d !== null);
  return published.length ? from + Math.min(...published) * DAY : null;
}

/**
 * By when the family can expect an answer to an application submitted at `from`: within the
 * shortest 时限 published for what it asks for, and otherwise within the four steps' days
 * together. Null when neither is known — the family is then told whom to ask, never a date
 * that was made up.
 */
export function answerDue(from: number, entitlementDays: readonly (number | null)[], days: ReviewDays): number | null {
  const published = publishedDue(from, entitlementDays);
  if (published !== null) return published;
  const steps = REVIEW_STEPS.map((s) => days[s]);
  if (steps.some((d) => d == null)) return null;
  return from + (steps as number[]).reduce((a, b) => a + b, 0) * DAY;
}

/**
 * When a step entered at `from` is due, for a child whose family was promised an answer by
 * `promised` (a published 时限, publishedDue): by then at the latest, and earlier where the
 * county's days for the step end first. Null when neither is known.
 */
export function stepDueBy(step: ReviewStep, from: number, days: ReviewDays, promised: number | null): number | null {
  const own = stepDue(step, from, days);
  if (own === null) return promised;
  return promised === null ? own : Math.min(own, promised);
}

/**
 * A measure's due date when the evaluation gives none: within its entitlement's published 时限
 * from when the family asked for it (or from `now`, for a measure nobody asked for); else by the
 * end of the county's days for 审核认定; null when neither is set.
 */
export function measureDue(o: { askedAt: number | null; now: number; published: number | null; days: ReviewDays }): number | null {
  if (o.published !== null) return (o.askedAt ?? o.now) + o.published * DAY;
  return stepDue('deciding', o.now, o.days);
}

/**
 * Measures whose department needs the child's ID number to deliver them: a 户口 to register
 * (公安), an insurance to enrol in (医保, 残联). A department answering any other referral
 * never sees it. Every key is an entitlement of content/entitlements/ (a unit test checks).
 */
export const ID_NUMBER_MEASURES: readonly string[] = [
  'household-registration',
  'congenital-disability-insurance',
  'medical-insurance-and-assistance',
];
