/** 救助保护 and 住房保障 (篇一 三(一), 篇三 五(一)(六), 篇五 三, 篇七 五 救助保护). */
import { t } from '../../i18n/rules.ts';
import { addMonths, birthdayAt } from '../age.ts';
import { allOf, anyOf, not, tri, type CriterionStatus, type Facts, type Rule, type Verdict } from '../engine.ts';
import {
  ASK_VILLAGE,
  PLAN,
  assistanceIs,
  careIs,
  childInDifficulty,
  disabled,
  guardianshipLacking,
  hukouLocal,
  hukouLocalStatus,
  livesInCounty,
  minor,
  orphan,
  orphanStatus,
  hasSituation,
  situation,
  unsupported,
  unsupportedStatus,
} from '../criteria.ts';

const ASK_CIVIL = t('rule.ask.civil', { village: ASK_VILLAGE });

/** 婴幼儿: under 3, as the 3岁以下婴幼儿照护服务 of 国办发〔2019〕15号 counts them. */
const INFANT_UNDER = 3;

/**
 * 孤儿成年后 (篇三 五(六)), or about to be: within the county's months before 18 a child may ask
 * in advance (comingOfAgeMonths). Until the county sets them, a minor is never told no.
 */
function comingOfAge(f: Facts): CriterionStatus | Verdict {
  if (f.age === undefined) return 'unknown';
  if (f.age >= 18) return 'met';
  const months = f.settings.comingOfAgeMonths;
  if (months === null) return { status: 'assess', reason: t('rule.orphanAdultHousing.reason.unset') };
  const birthDate = f.answers.child?.birthDate;
  // With only whole years, a child of `age` has more than (17 - age) × 12 months to go.
  const within = birthDate ? f.today >= addMonths(birthdayAt(birthDate, 18), -months) : months > (17 - f.age) * 12;
  return within ? { status: 'assess', reason: t('rule.orphanAdultHousing.reason.soon') } : 'notMet';
}

export const rescueRules: Record<string, Rule> = {
  'orphan-basic-living': {
    criteria: [
      minor,
      orphan,
      {
        label: t('rule.orphanBasicLiving.label.1'),
        basis: PLAN.rescue,
        test: (f) => anyOf(careIs(f, ['institution']), hukouLocalStatus(f)),
      },
    ],
    notAssessed: [t('rule.orphanBasicLiving.notAssessed.1')],
    ask: ASK_CIVIL,
  },
  'unsupported-child-living': {
    criteria: [minor, unsupported, hukouLocal],
    notAssessed: [t('rule.unsupportedChildLiving.notAssessed.1')],
    ask: ASK_CIVIL,
  },
  'abandoned-infant-care': {
    criteria: [
      minor,
      {
        // 弃婴 and the 婴幼儿 whose parents cannot be found (篇一 三(一)1、3, 篇三 五(一)3), not
        // every child without a guardian: older children go to 流浪儿童救助 and 临时照料.
        label: t('rule.abandonedInfantCare.label.1'),
        basis: PLAN.rescue,
        test: (f) => {
          const { father, mother } = f.answers;
          const bothMissing =
            father === undefined || mother === undefined ? 'unknown' : father === 'missing' && mother === 'missing' ? 'met' : 'notMet';
          const infant: CriterionStatus = f.age === undefined ? 'unknown' : f.age < INFANT_UNDER ? 'met' : 'notMet';
          const noParents = anyOf(careIs(f, ['nobody']), tri(situation(f, 'trafficked')), bothMissing);
          return anyOf(tri(situation(f, 'abandoned')), allOf(infant, noParents));
        },
      },
    ],
    notAssessed: [t('rule.abandonedInfantCare.notAssessed.1')],
    ask: t('rule.abandonedInfantCare.ask'),
  },
  'minimum-living-allowance': {
    criteria: [
      minor,
      childInDifficulty,
      { ...hukouLocal, basis: t('rule.minimumLivingAllowance.basis.1', { plan: PLAN.rescue }) },
      {
        label: t('rule.minimumLivingAllowance.label.1'),
        basis: PLAN.rescue,
        test: (f) => not(assistanceIs(f, ['minimumLivingAllowance', 'extremePoverty'])),
      },
    ],
    notAssessed: [t('rule.minimumLivingAllowance.notAssessed.1')],
    ask: ASK_CIVIL,
  },
  'temporary-assistance': {
    criteria: [
      minor,
      {
        label: t('rule.temporaryAssistance.label.1'),
        basis: PLAN.rescue,
        test: (f) => tri(f.answers.household?.suddenHardship),
      },
      {
        label: t('rule.temporaryAssistance.label.2'),
        basis: PLAN.rescue,
        test: (f) => not(assistanceIs(f, ['minimumLivingAllowance'])),
      },
    ],
    notAssessed: [t('rule.temporaryAssistance.notAssessed.1')],
    ask: ASK_CIVIL,
  },
  'disabled-child-rehabilitation': {
    criteria: [minor, disabled, livesInCounty],
    notAssessed: [t('rule.disabledChildRehabilitation.notAssessed.1'), t('rule.disabledChildRehabilitation.notAssessed.2')],
    ask: t('rule.disabledChildRehabilitation.ask', { village: ASK_VILLAGE }),
  },
  'street-child-rescue': {
    criteria: [
      minor,
      {
        label: t('rule.streetChildRescue.label.1'),
        basis: PLAN.rescue,
        test: (f) => anyOf(tri(situation(f, 'streetBegging')), tri(situation(f, 'trafficked'))),
      },
    ],
    notAssessed: [t('rule.streetChildRescue.notAssessed.1')],
    ask: t('rule.streetChildRescue.ask'),
  },
  'return-home-and-school': {
    criteria: [minor, hasSituation('streetBegging', t('rule.returnHomeAndSchool.label.1'), PLAN.rescue)],
    notAssessed: [t('rule.returnHomeAndSchool.notAssessed.1')],
    ask: t('rule.returnHomeAndSchool.ask', { village: ASK_VILLAGE }),
  },
  'temporary-care-placement': {
    criteria: [
      minor,
      {
        label: t('rule.temporaryCarePlacement.label.1'),
        basis: t('rule.temporaryCarePlacement.basis.1', { plan: PLAN.rescue }),
        test: (f) => anyOf(careIs(f, ['nobody']), tri(situation(f, 'abuse')), tri(situation(f, 'abandoned'))),
      },
    ],
    notAssessed: [t('rule.temporaryCarePlacement.notAssessed.1')],
    ask: ASK_CIVIL,
  },
  'guardianship-support': {
    criteria: [minor, guardianshipLacking],
    notAssessed: [t('rule.guardianshipSupport.notAssessed.1')],
    ask: ASK_VILLAGE,
  },
  'community-station-services': {
    criteria: [minor],
    notAssessed: [],
    ask: ASK_VILLAGE,
  },
};

export const housingRules: Record<string, Rule> = {
  'orphan-property-protection': {
    criteria: [
      minor,
      {
        label: t('rule.orphanPropertyProtection.label.1'),
        basis: PLAN.housing,
        test: (f) => anyOf(orphanStatus(f), unsupportedStatus(f)),
      },
    ],
    notAssessed: [t('rule.orphanPropertyProtection.notAssessed.1')],
    ask: t('rule.orphanPropertyProtection.ask', { village: ASK_VILLAGE }),
  },
  'orphan-adult-housing': {
    criteria: [
      { label: t('rule.orphanAdultHousing.label.1'), basis: PLAN.housing, test: comingOfAge },
      { ...orphan, label: t('rule.orphanAdultHousing.label.2') },
    ],
    notAssessed: [t('rule.orphanAdultHousing.notAssessed.1')],
    ask: t('rule.orphanAdultHousing.ask'),
  },
};
