/** 就业扶持 for adults in the families of children in difficulty (篇一 三(四), 篇三 五(五), 篇七 就业扶持). */
import { t } from '../../i18n/rules.ts';
import { tri, type Criterion, type CriterionStatus, type Facts, type Rule } from '../engine.ts';
import { PLAN, childInDifficulty } from '../criteria.ts';

const ASK_HR = t('rule.ask.humanResources');
const family: Criterion = { ...childInDifficulty, label: t('rule.employment.family'), basis: PLAN.employment };

/** Someone out of work; someone who already works may still want training or to start a business: that is for the office to weigh. */
const unemployedOrAssess = (f: Facts): CriterionStatus => {
  const s = tri(f.answers.household?.unemployedAdult);
  return s === 'notMet' ? 'assess' : s;
};

export const employmentRules: Record<string, Rule> = {
  'vocational-training': {
    criteria: [
      family,
      {
        label: t('rule.vocationalTraining.label.1'),
        basis: PLAN.employment,
        test: unemployedOrAssess,
      },
    ],
    notAssessed: [t('rule.vocationalTraining.notAssessed.1')],
    ask: ASK_HR,
  },
  'employment-assistance': {
    criteria: [
      family,
      {
        label: t('rule.employmentAssistance.label.1'),
        basis: PLAN.employment,
        test: (f) => tri(f.answers.household?.unemployedAdult),
      },
    ],
    notAssessed: [t('rule.employmentAssistance.notAssessed.1')],
    ask: ASK_HR,
  },
  'entrepreneurship-support': {
    criteria: [
      family,
      {
        label: t('rule.entrepreneurshipSupport.label.1'),
        basis: PLAN.employment,
        test: unemployedOrAssess,
      },
    ],
    notAssessed: [t('rule.entrepreneurshipSupport.notAssessed.1')],
    ask: t('rule.entrepreneurshipSupport.ask', { hr: ASK_HR }),
  },
};
