/** 司法保护 (篇一 三(三), 篇三 五(三), 篇七 五 司法保护, 篇四 区司法行政部门). */
import { t } from '../../i18n/rules.ts';
import type { Situation } from '../answers.ts';
import { anyOf, tri, type Facts, type Rule } from '../engine.ts';
import { PLAN, assistanceIs, careIs, hasSituation, minor, situation } from '../criteria.ts';

const offending = hasSituation('offending', t('rule.judicial.offending'), PLAN.judicial);

/** Harmed by others (未成年被害人): a victim of crime, abused, abandoned or trafficked; crime-victim support and legal aid both start here. */
const HARMED: Situation[] = ['crimeVictim', 'abuse', 'abandoned', 'trafficked'];
const harmed = (f: Facts) => anyOf(...HARMED.map((k) => tri(situation(f, k))));

export const judicialRules: Record<string, Rule> = {
  'household-registration': {
    criteria: [
      minor,
      {
        label: t('rule.householdRegistration.label.1'),
        basis: PLAN.judicial,
        test: (f) => {
          const h = f.answers.child?.hukou;
          return h === undefined ? 'unknown' : h === 'none' ? 'met' : 'notMet';
        },
      },
      {
        label: t('rule.householdRegistration.label.2'),
        basis: PLAN.judicial,
        test: (f) => anyOf(tri(situation(f, 'trafficked')), careIs(f, ['institution', 'fosterFamily']), tri(situation(f, 'streetBegging'))),
      },
    ],
    notAssessed: [t('rule.householdRegistration.notAssessed.1')],
    ask: t('rule.householdRegistration.ask'),
  },
  'crime-victim-support': {
    criteria: [
      minor,
      {
        label: t('rule.crimeVictimSupport.label.1'),
        basis: t('rule.crimeVictimSupport.basis.1', { plan: PLAN.judicial }),
        test: harmed,
      },
    ],
    notAssessed: [t('rule.crimeVictimSupport.notAssessed.1')],
    ask: t('rule.crimeVictimSupport.ask'),
  },
  'legal-aid': {
    criteria: [
      minor,
      {
        label: t('rule.legalAid.label.1'),
        basis: t('rule.legalAid.basis.1', { plan: PLAN.judicial }),
        test: (f) =>
          anyOf(harmed(f), tri(situation(f, 'offending')), assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty'])),
      },
    ],
    notAssessed: [t('rule.legalAid.notAssessed.1')],
    ask: t('rule.legalAid.ask'),
  },
  'juvenile-justice-protection': {
    criteria: [minor, offending],
    notAssessed: [t('rule.juvenileJusticeProtection.notAssessed.1')],
    ask: t('rule.juvenileJusticeProtection.ask'),
  },
  'community-correction-support': {
    criteria: [minor, offending],
    notAssessed: [t('rule.communityCorrectionSupport.notAssessed.1')],
    ask: t('rule.communityCorrectionSupport.ask'),
  },
};
