/**
 * The rules engine: pure functions, no framework. A rule is a list of criteria; each
 * criterion looks at the answers and says met / notMet / unknown (not answered) / assess
 * (answered, but only an assessment can tell). The decision follows from the criteria:
 *   any notMet → ineligible 暂不符合; all met → eligible 可以申请; otherwise → maybe 可能符合.
 */
import type { Answers } from './answers.ts';
import { ageOn } from './age.ts';
import { t } from '../i18n/browser.ts';

export type CriterionStatus = 'met' | 'notMet' | 'unknown' | 'assess';
export type Decision = 'eligible' | 'maybe' | 'ineligible';

export const DECISION_LABELS: Record<Decision, string> = {
  eligible: t('engine.decision.eligible'),
  maybe: t('engine.decision.maybe'),
  ineligible: t('engine.decision.ineligible'),
};

export const STATUS_LABELS: Record<CriterionStatus, string> = {
  met: t('engine.status.met'),
  notMet: t('engine.status.notMet'),
  unknown: t('engine.status.unknown'),
  assess: t('engine.status.assess'),
};

/**
 * County settings the rules read (content/county.ts). The caller passes them in, so the rules
 * stay pure and the browser needs no settings file; null means the county has not set it.
 */
export interface RuleSettings {
  /** 孤儿成年后住房保障: how many months before 18 a child may ask in advance. */
  comingOfAgeMonths: number | null;
}
export const UNSET_RULE_SETTINGS: RuleSettings = { comingOfAgeMonths: null };

/** What a rule sees: the answers plus the child's age on the caller's `today`. */
export interface Facts {
  answers: Answers;
  /** Whole years, from the birth date (preferred) or the age given; undefined if neither. */
  age: number | undefined;
  today: string;
  settings: RuleSettings;
}

/** A status with its own explanation, when the usual sentence would not say enough. */
export interface Verdict {
  status: CriterionStatus;
  reason: string;
}

export interface Criterion {
  /** The requirement in plain words, e.g. 「家庭享受低保或属于低保边缘家庭」. */
  label: string;
  /** Where it comes from: the work-plan measure or the law article. */
  basis: string;
  test: (facts: Facts) => CriterionStatus | Verdict;
}

export interface Rule {
  criteria: Criterion[];
  /** What the questions cannot assess (income checks, certificates …), always listed. */
  notAssessed: string[];
  /** Whom to ask. */
  ask: string;
}

export interface CriterionResult {
  label: string;
  status: CriterionStatus;
  statusLabel: string;
  reason: string;
  basis: string;
}

export interface EntitlementResult {
  slug: string;
  decision: Decision;
  decisionLabel: string;
  criteria: CriterionResult[];
  notAssessed: string[];
  ask: string;
}

export interface EligibilityResult {
  today: string;
  age: number | null;
  results: EntitlementResult[];
  summary: Record<Decision, string[]>;
  /** Everything the questions could not assess, across the eligible and maybe results. */
  notAssessed: string[];
}

const REASONS: Record<CriterionStatus, (label: string) => string> = {
  met: (label) => t('engine.reason.met', { label }),
  notMet: (label) => t('engine.reason.notMet', { label }),
  unknown: (label) => t('engine.reason.unknown', { label }),
  assess: (label) => t('engine.reason.assess', { label }),
};

export function factsFrom(answers: Answers, today: string, settings: RuleSettings = UNSET_RULE_SETTINGS): Facts {
  const child = answers.child ?? {};
  const age = child.birthDate ? ageOn(child.birthDate, today) : child.age;
  return { answers, age, today, settings };
}

export function decide(statuses: CriterionStatus[]): Decision {
  if (statuses.includes('notMet')) return 'ineligible';
  if (statuses.every((s) => s === 'met')) return 'eligible';
  return 'maybe';
}

export function evaluateRule(slug: string, rule: Rule, facts: Facts): EntitlementResult {
  const criteria = rule.criteria.map((c) => {
    const verdict = c.test(facts);
    const status = typeof verdict === 'string' ? verdict : verdict.status;
    const reason = typeof verdict === 'string' ? REASONS[status](c.label) : verdict.reason;
    return { label: c.label, status, statusLabel: STATUS_LABELS[status], reason, basis: c.basis };
  });
  const decision = decide(criteria.map((c) => c.status));
  return { slug, decision, decisionLabel: DECISION_LABELS[decision], criteria, notAssessed: rule.notAssessed, ask: rule.ask };
}

/** Evaluates every rule for one household. `today` is YYYY-MM-DD, passed in by the caller. */
export function evaluate(
  rules: Record<string, Rule>,
  answers: Answers,
  today: string,
  settings: RuleSettings = UNSET_RULE_SETTINGS,
): EligibilityResult {
  const facts = factsFrom(answers, today, settings);
  const results = Object.entries(rules).map(([slug, rule]) => evaluateRule(slug, rule, facts));
  const summary: Record<Decision, string[]> = { eligible: [], maybe: [], ineligible: [] };
  for (const r of results) summary[r.decision].push(r.slug);
  const notAssessed = [...new Set(results.filter((r) => r.decision !== 'ineligible').flatMap((r) => r.notAssessed))];
  return { today, age: facts.age ?? null, results, summary, notAssessed };
}

// --- Building blocks for rules -------------------------------------------------------------

/** met if true, notMet if false, unknown if undefined. */
export function tri(value: boolean | undefined): CriterionStatus {
  return value === undefined ? 'unknown' : value ? 'met' : 'notMet';
}

/** met if any is met; notMet if all are notMet; else assess if any needs assessing; else unknown. */
export function anyOf(...statuses: CriterionStatus[]): CriterionStatus {
  if (statuses.includes('met')) return 'met';
  if (statuses.every((s) => s === 'notMet')) return 'notMet';
  return statuses.includes('assess') ? 'assess' : 'unknown';
}

/** notMet if any is notMet; met if all are met; else assess if any needs assessing; else unknown. */
export function allOf(...statuses: CriterionStatus[]): CriterionStatus {
  if (statuses.includes('notMet')) return 'notMet';
  if (statuses.every((s) => s === 'met')) return 'met';
  return statuses.includes('assess') ? 'assess' : 'unknown';
}

export function not(status: CriterionStatus): CriterionStatus {
  return status === 'met' ? 'notMet' : status === 'notMet' ? 'met' : status;
}
