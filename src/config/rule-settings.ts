/** The county settings the eligibility rules read: one object for the browser's checker, the Worker's and the pre-screening. */
import county from '#content/county.ts';
import type { RuleSettings } from '../eligibility/engine.ts';

export const RULE_SETTINGS: RuleSettings = { comingOfAgeMonths: county.comingOfAgeMonths };
