/** 教育保护 (篇一 三(二), 篇三 五(二), 篇七 五 教育帮扶, 篇六 「爱心与我同在」, 专门教育 per 篇二 四(二)4). */
import { t } from '../../i18n/rules.ts';
import { anyOf, tri, type CriterionStatus, type Facts, type Rule } from '../engine.ts';
import {
  ASK_VILLAGE,
  COMPULSORY_AGES,
  CRIME_PREVENTION_LAW,
  PLAN,
  assistanceIs,
  atSchoolStage,
  compulsoryAge,
  disabled,
  hasSituation,
  livesInCounty,
  leftBehindStatus,
  lowIncomeFamily,
  minor,
  orphanStatus,
  singleParentStatus,
  stageStatus,
  unsupportedStatus,
} from '../criteria.ts';

const ASK_SCHOOL = t('rule.ask.school', { village: ASK_VILLAGE });
const disabledCriterion = { ...disabled, basis: PLAN.education };
const orphanOrUnsupported = (f: Facts): CriterionStatus => anyOf(orphanStatus(f), unsupportedStatus(f));
const migrantStatus = (f: Facts): CriterionStatus => {
  const h = f.answers.child?.hukou;
  return h === undefined ? 'unknown' : h === 'elsewhere' ? 'met' : 'notMet';
};

/** Out of school (or never enrolled) at an age when the child should be at school: 失学、辍学. */
function outOfSchoolStatus(f: Facts): CriterionStatus {
  const stage = f.answers.child?.schoolStage;
  const age = f.age;
  if (stage === 'outOfSchool') return 'met';
  if (stage === 'notYet') {
    if (age === undefined) return 'unknown';
    if (age < COMPULSORY_AGES[0]) return 'notMet';
    return age <= COMPULSORY_AGES[1] ? 'met' : 'assess';
  }
  // Still in 幼儿园 at 7, the latest start 义务教育法第十一条 allows.
  if (stage === 'kindergarten') return age !== undefined && age >= 7 ? 'assess' : 'notMet';
  if (stage !== undefined) return 'notMet';
  return age !== undefined && age < COMPULSORY_AGES[0] ? 'notMet' : 'unknown';
}

export const educationRules: Record<string, Rule> = {
  'orphan-schooling': {
    criteria: [minor, { label: t('rule.orphanSchooling.label.1'), basis: PLAN.education, test: orphanOrUnsupported }, compulsoryAge],
    notAssessed: [t('rule.orphanSchooling.notAssessed.1')],
    ask: ASK_SCHOOL,
  },
  'disabled-child-education': {
    criteria: [minor, disabledCriterion, compulsoryAge],
    notAssessed: [t('rule.disabledChildEducation.notAssessed.1')],
    ask: ASK_SCHOOL,
  },
  'disabled-child-nursery-subsidy': {
    criteria: [
      disabledCriterion,
      atSchoolStage(['kindergarten'], t('rule.disabledChildNurserySubsidy.label.1'), PLAN.education),
      {
        label: t('rule.disabledChildNurserySubsidy.label.2'),
        basis: PLAN.education,
        test: (f) => anyOf(assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']), orphanOrUnsupported(f)),
      },
      livesInCounty,
    ],
    notAssessed: [t('rule.disabledChildNurserySubsidy.notAssessed.1')],
    ask: ASK_SCHOOL,
  },
  'preschool-aid': {
    criteria: [
      atSchoolStage(['kindergarten'], t('rule.preschoolAid.label.1'), PLAN.education),
      {
        label: t('rule.preschoolAid.label.2'),
        basis: PLAN.education,
        // 篇三 funds every 家庭经济困难 preschooler; families outside 低保 need the county's own assessment.
        test: (f) => {
          const status = assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']);
          return status === 'notMet' ? 'assess' : status;
        },
      },
    ],
    notAssessed: [t('rule.preschoolAid.notAssessed.1')],
    ask: ASK_SCHOOL,
  },
  'compulsory-education-aid': {
    criteria: [
      // A child of this age out of school is to be brought back (控辍保学) and then gets the aid.
      { ...compulsoryAge, basis: `${PLAN.education}；${compulsoryAge.basis}` },
      {
        label: t('rule.compulsoryEducationAid.label.1'),
        basis: PLAN.education,
        test: (f) => anyOf(assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty']), orphanOrUnsupported(f)),
      },
    ],
    notAssessed: [],
    ask: ASK_SCHOOL,
  },
  'high-school-and-exam-aid': {
    criteria: [
      {
        label: t('rule.highSchoolAndExamAid.label.1'),
        basis: PLAN.education,
        test: (f) => {
          const status = stageStatus(f, ['juniorSecondary', 'seniorSecondary']);
          // 初中 counts only in the year of the 中考.
          return status === 'met' && f.answers.child?.schoolStage === 'juniorSecondary' ? 'assess' : status;
        },
      },
      {
        label: t('rule.highSchoolAndExamAid.label.2'),
        basis: PLAN.education,
        test: (f) => {
          const hasDisability = tri(f.answers.child?.disabled);
          return anyOf(
            assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty']),
            orphanOrUnsupported(f),
            hasDisability === 'met' ? 'assess' : hasDisability,
          );
        },
      },
    ],
    notAssessed: [t('rule.highSchoolAndExamAid.notAssessed.1')],
    ask: ASK_SCHOOL,
  },
  'nutrition-lunch': {
    criteria: [
      atSchoolStage(['primary', 'juniorSecondary', 'seniorSecondary'], t('rule.nutritionLunch.label.1'), PLAN.education),
      lowIncomeFamily,
    ],
    notAssessed: [],
    ask: ASK_SCHOOL,
  },
  'dropout-return': {
    criteria: [
      minor,
      {
        label: t('rule.dropoutReturn.label.1'),
        basis: t('rule.dropoutReturn.basis.1', { plan: PLAN.education }),
        test: outOfSchoolStatus,
      },
    ],
    notAssessed: [t('rule.dropoutReturn.notAssessed.1')],
    ask: ASK_SCHOOL,
  },
  'migrant-children-schooling': {
    criteria: [
      { label: t('rule.migrantChildrenSchooling.label.1'), basis: PLAN.education, test: migrantStatus },
      { ...compulsoryAge, basis: t('rule.migrantChildrenSchooling.basis.1') },
    ],
    notAssessed: [t('rule.migrantChildrenSchooling.notAssessed.1')],
    ask: t('rule.migrantChildrenSchooling.ask'),
  },
  'caring-mother-pairing': {
    criteria: [
      minor,
      {
        // 篇一、篇七 began with 农村留守儿童; 篇六 pairs all of these with 爱心人士.
        label: t('rule.caringMotherPairing.label.1'),
        basis: `${PLAN.education}；${PLAN.caring}`,
        test: (f) =>
          anyOf(
            leftBehindStatus(f),
            migrantStatus(f),
            tri(f.answers.child?.disabled),
            singleParentStatus(f),
            assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']),
          ),
      },
    ],
    notAssessed: [t('rule.caringMotherPairing.notAssessed.1')],
    ask: t('rule.caringMotherPairing.ask', { village: ASK_VILLAGE }),
  },
  'specialised-education': {
    criteria: [
      minor,
      hasSituation(
        'seriousMisbehaviour',
        t('rule.specialisedEducation.label.1'),
        t('rule.specialisedEducation.basis.1', { law: CRIME_PREVENTION_LAW }),
      ),
    ],
    notAssessed: [t('rule.specialisedEducation.notAssessed.1'), t('rule.specialisedEducation.notAssessed.2')],
    ask: t('rule.specialisedEducation.ask', { village: ASK_VILLAGE }),
  },
  'family-education-guidance': {
    criteria: [minor],
    notAssessed: [],
    ask: t('rule.familyEducationGuidance.ask', { village: ASK_VILLAGE }),
  },
};
