/**
 * Every rule, keyed by the entitlement's slug (the file name in content/entitlements/).
 * A unit test fails if an entitlement has no rule or a rule no entitlement.
 */
import type { Rule } from '../engine.ts';
import { educationRules } from './education.ts';
import { employmentRules } from './employment.ts';
import { judicialRules } from './judicial.ts';
import { medicalRules } from './medical.ts';
import { mentalRules } from './mental.ts';
import { housingRules, rescueRules } from './rescue.ts';

export const RULES: Record<string, Rule> = {
  ...rescueRules,
  ...educationRules,
  ...judicialRules,
  ...employmentRules,
  ...medicalRules,
  ...mentalRules,
  ...housingRules,
};
