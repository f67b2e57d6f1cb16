/** 医疗保护 (篇一 三(五), 篇三 五(四), 篇七 医疗保护; 先天性残疾儿童参保 from 篇一 三(一)5). */
import { t } from '../../i18n/rules.ts';
import type { Rule } from '../engine.ts';
import { PLAN, childInDifficulty, disabled, hasSituation, livesInCounty, minor } from '../criteria.ts';

export const medicalRules: Record<string, Rule> = {
  'street-child-medical-treatment': {
    criteria: [minor, hasSituation('streetBegging', t('rule.streetChildMedicalTreatment.label.1'), PLAN.medical)],
    notAssessed: [t('rule.streetChildMedicalTreatment.notAssessed.1')],
    ask: t('rule.streetChildMedicalTreatment.ask'),
  },
  'medical-insurance-and-assistance': {
    criteria: [minor, { ...childInDifficulty, basis: PLAN.medical }],
    notAssessed: [t('rule.medicalInsuranceAndAssistance.notAssessed.1')],
    ask: t('rule.medicalInsuranceAndAssistance.ask'),
  },
  'congenital-disability-insurance': {
    criteria: [minor, disabled, livesInCounty],
    notAssessed: [t('rule.congenitalDisabilityInsurance.notAssessed.1')],
    ask: t('rule.congenitalDisabilityInsurance.ask'),
  },
};
