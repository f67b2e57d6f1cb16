/**
 * Criteria that several rules share: who counts as an orphan, a left-behind child, a child
 * in a 低保 family … Each is defined once here, with the measure it comes from.
 */
import { CHOICES, type ParentSituation, type Situation } from './answers.ts';
import { t } from '../i18n/rules.ts';
import { allOf, anyOf, tri, type Criterion, type CriterionStatus, type Facts } from './engine.ts';

/** The county work plan, merged from the seven plans; cited by protection area. */
export const PLAN = {
  rescue: t('criteria.plan.rescue'),
  education: t('criteria.plan.education'),
  judicial: t('criteria.plan.judicial'),
  employment: t('criteria.plan.employment'),
  medical: t('criteria.plan.medical'),
  mental: t('criteria.plan.mental'),
  housing: t('criteria.plan.housing'),
  targets: t('criteria.plan.targets'),
  caring: t('criteria.plan.caring'),
} as const;

/** 《预防未成年人犯罪法》 (2020), cited by article. */
export const CRIME_PREVENTION_LAW = t('criteria.crimePreventionLaw');

export const ASK_VILLAGE = t('criteria.askVillage');

const parents = (f: Facts): [ParentSituation | undefined, ParentSituation | undefined] => [f.answers.father, f.answers.mother];

/** A parent who cannot bring the child up: the situations of 事实无人抚养 (篇一 三, 篇三 三). */
const CANNOT_RAISE: ParentSituation[] = ['deceased', 'missing', 'imprisoned', 'drugRehab', 'severelyDisabledOrIll'];

function parentIs(p: ParentSituation | undefined, set: ParentSituation[]): CriterionStatus {
  return p === undefined ? 'unknown' : set.includes(p) ? 'met' : 'notMet';
}

export function situation(f: Facts, key: Situation): boolean | undefined {
  return f.answers.situations?.[key];
}

// --- The child ------------------------------------------------------------------------------

export function ageBelow(years: number, label: string, basis: string): Criterion {
  return { label, basis, test: (f) => (f.age === undefined ? 'unknown' : f.age < years ? 'met' : 'notMet') };
}

export const minor: Criterion = ageBelow(18, t('criteria.minor.label'), t('criteria.minor.basis'));

type Stage = 'kindergarten' | 'primary' | 'juniorSecondary' | 'seniorSecondary';

/**
 * Whole years a child at each stage can be: 托育 and 幼儿园 before primary (学前教育法第二条),
 * primary from 6 (义务教育法第十一条) for six years, then three and three, with a year or two
 * either side for early and late starters and repeaters.
 */
export const STAGE_AGES: Record<Stage, readonly [number, number]> = {
  kindergarten: [0, 7],
  primary: [6, 14],
  juniorSecondary: [11, 17],
  seniorSecondary: [14, 19],
};

const ageFits = (age: number, stage: Stage) => age >= STAGE_AGES[stage][0] && age <= STAGE_AGES[stage][1];

/**
 * At one of `stages`. Both answers count: a stage with an age it cannot have needs a look
 * (assess), and an unanswered stage is ruled out by an age no such pupil has (an 18-year-old
 * is not in 托育).
 */
export function stageStatus(f: Facts, stages: Stage[]): CriterionStatus {
  const stage = f.answers.child?.schoolStage;
  if (stage !== undefined) {
    if (!(stages as string[]).includes(stage)) return 'notMet';
    return f.age === undefined || ageFits(f.age, stage as Stage) ? 'met' : 'assess';
  }
  if (f.age === undefined) return 'unknown';
  return stages.some((s) => ageFits(f.age!, s)) ? 'unknown' : 'notMet';
}

export function atSchoolStage(stages: Stage[], label: string, basis: string): Criterion {
  return { label, basis, test: (f) => stageStatus(f, stages) };
}

/** 义务教育 starts at 6 and lasts nine years (义务教育法第二条、第十一条): 6 to 15. */
export const COMPULSORY_AGES = [6, 15] as const;

/**
 * Of compulsory-school age, in school or not: a child kept at home or out of school is exactly
 * who 控辍保学 and 送教上门 bring back (篇一 三(二)2、3, 篇三 五(二)1). At 16 and 17 a child
 * may not have finished the nine years yet; only a 高中 answer says so.
 */
export function compulsoryAgeStatus(f: Facts): CriterionStatus {
  const stage = f.answers.child?.schoolStage;
  if (stage === 'seniorSecondary') return 'notMet';
  if (f.age !== undefined) {
    if (f.age >= COMPULSORY_AGES[0] && f.age <= COMPULSORY_AGES[1]) return 'met';
    if (f.age < COMPULSORY_AGES[0] || f.age >= 18) return 'notMet';
    return stage === 'primary' || stage === 'juniorSecondary' ? 'met' : 'assess';
  }
  if (stage === 'primary' || stage === 'juniorSecondary' || stage === 'outOfSchool') return 'met';
  return stage === 'kindergarten' ? 'notMet' : 'unknown';
}

export const compulsoryAge: Criterion = {
  label: t('criteria.compulsoryAge.label'),
  basis: t('criteria.compulsoryAge.basis'),
  test: compulsoryAgeStatus,
};

export const disabled: Criterion = {
  label: t('criteria.disabled.label'),
  basis: PLAN.rescue,
  test: (f) => tri(f.answers.child?.disabled),
};

export const seriouslyIll: Criterion = {
  label: t('criteria.seriouslyIll.label'),
  basis: PLAN.rescue,
  test: (f) => tri(f.answers.child?.seriouslyIll),
};

export function hasSituation(key: Situation, label: string, basis: string): Criterion {
  return { label, basis, test: (f) => tri(situation(f, key)) };
}

// --- The parents ----------------------------------------------------------------------------

/** 孤儿: both parents have died (or been declared dead); one dead and one missing needs a court declaration. */
export function orphanStatus(f: Facts): CriterionStatus {
  const [a, b] = parents(f);
  if (a === undefined || b === undefined) {
    const known = a ?? b;
    return known !== undefined && !['deceased', 'missing'].includes(known) ? 'notMet' : 'unknown';
  }
  if (a === 'deceased' && b === 'deceased') return 'met';
  if (['deceased', 'missing'].includes(a) && ['deceased', 'missing'].includes(b)) return 'assess';
  return 'notMet';
}

export const orphan: Criterion = {
  label: t('criteria.orphan.label'),
  basis: PLAN.rescue,
  test: orphanStatus,
};

/**
 * 事实无人抚养儿童: each parent has died, is missing, imprisoned, in compulsory drug
 * rehabilitation, or severely disabled or ill — and the child is not an orphan. A parent who
 * 「不管孩子」 for other reasons needs an assessment.
 */
export function unsupportedStatus(f: Facts): CriterionStatus {
  const [a, b] = parents(f);
  const each = [a, b].map((p) => (p === 'unableToGuard' ? 'assess' : parentIs(p, CANNOT_RAISE)));
  const both = allOf(...each);
  return both === 'met' && orphanStatus(f) === 'met' ? 'notMet' : both;
}

export const unsupported: Criterion = {
  label: t('criteria.unsupported.label'),
  basis: `${PLAN.rescue}；${PLAN.targets}`,
  test: unsupportedStatus,
};

/** 留守: one parent works away and the other works away too or cannot look after the child. */
export function leftBehindStatus(f: Facts): CriterionStatus {
  const [a, b] = parents(f);
  const away = (x: ParentSituation | undefined, y: ParentSituation | undefined) =>
    allOf(parentIs(x, ['workingAway']), parentIs(y, ['workingAway', ...CANNOT_RAISE, 'unableToGuard']));
  return anyOf(away(a, b), away(b, a));
}

/** 单亲家庭 (篇三 五(一)1, 篇五 二1「因父母离异、病故」): one parent has died or lives apart, the other is there. */
export function singleParentStatus(f: Facts): CriterionStatus {
  const [a, b] = parents(f);
  if (a === undefined || b === undefined) return 'unknown';
  const gone: ParentSituation[] = ['deceased', 'livesApart'];
  const one = (x: ParentSituation, y: ParentSituation) => gone.includes(x) && !['deceased', 'missing', 'livesApart'].includes(y);
  if (one(a, b) || one(b, a)) return 'met';
  // Neither parent with the child, but not both dead: someone must look at who cares for the child.
  if (gone.includes(a) && gone.includes(b)) return a === 'deceased' && b === 'deceased' ? 'notMet' : 'assess';
  return 'notMet';
}

/** Parents cannot or do not look after the child (监护缺失). */
export const guardianshipLacking: Criterion = {
  label: t('criteria.guardianshipLacking.label'),
  basis: PLAN.rescue,
  test: (f) => {
    const care = f.answers.child?.care;
    if (care === 'nobody') return 'met';
    return anyOf(
      allOf(...parents(f).map((p) => parentIs(p, ['workingAway', ...CANNOT_RAISE, 'unableToGuard']))),
      tri(situation(f, 'abuse')),
      tri(situation(f, 'abandoned')),
    );
  },
};

// --- The household --------------------------------------------------------------------------

export function assistanceIs(f: Facts, kinds: ('minimumLivingAllowance' | 'nearPoverty' | 'extremePoverty')[]): CriterionStatus {
  const a = f.answers.household?.assistance;
  if (a === undefined) return 'unknown';
  if ((kinds as string[]).includes(a)) return 'met';
  // 特困 families are poorer than 低保 ones, but which aid they draw is for the office to settle.
  if (a === 'extremePoverty') return 'assess';
  return 'notMet';
}

export const lowIncomeFamily: Criterion = {
  label: t('criteria.lowIncomeFamily.label'),
  basis: PLAN.education,
  test: (f) => assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty']),
};

/**
 * 困境未成年人: any of the programme's categories (篇一 三, 篇三 三, 篇五 二, 篇七 四).
 * Used by services open to every child in difficulty.
 */
export function inDifficultyStatus(f: Facts): CriterionStatus {
  const a = f.answers;
  return anyOf(
    orphanStatus(f),
    unsupportedStatus(f),
    leftBehindStatus(f),
    tri(a.child?.disabled),
    tri(a.child?.seriouslyIll),
    careIs(f, ['nobody']),
    a.child?.schoolStage === undefined ? 'unknown' : a.child.schoolStage === 'outOfSchool' ? 'met' : 'notMet',
    assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']),
    tri(a.household?.suddenHardship),
    anyOf(...parents(f).map((p) => parentIs(p, ['imprisoned', 'drugRehab', 'severelyDisabledOrIll', 'unableToGuard']))),
    // 单亲 is a 困境类型 to screen for (篇三 五(一)1), not a hardship in itself: staff look at it.
    singleParentStatus(f) === 'met' ? 'assess' : singleParentStatus(f),
    ...(Object.keys(CHOICES.situation) as Situation[]).map((k) => tri(situation(f, k))),
  );
}

export const childInDifficulty: Criterion = {
  label: t('criteria.childInDifficulty.label'),
  basis: PLAN.targets,
  test: inDifficultyStatus,
};

export function hukouLocalStatus(f: Facts): CriterionStatus {
  const h = f.answers.child?.hukou;
  return h === undefined ? 'unknown' : h === 'local' ? 'met' : h === 'none' ? 'assess' : 'notMet';
}

/** Where 户籍 decides who pays: 低保 (社会救助暂行办法第十一条) and the 孤儿、事实无人抚养儿童 allowances. */
export const hukouLocal: Criterion = { label: t('criteria.hukouLocal.label'), basis: PLAN.rescue, test: hukouLocalStatus };

/**
 * For help the seed gives without a word on 户籍 (入托补贴, 康复救助, 先天性残疾儿童参保): a child
 * registered elsewhere is not told no; where to apply is for the office to say.
 */
export const livesInCounty: Criterion = {
  label: t('criteria.livesInCounty.label'),
  basis: PLAN.rescue,
  test: (f) => {
    const status = hukouLocalStatus(f);
    return status === 'notMet' ? 'assess' : status;
  },
};

export function careIs(f: Facts, kinds: string[]): CriterionStatus {
  const care = f.answers.child?.care;
  return care === undefined ? 'unknown' : kinds.includes(care) ? 'met' : 'notMet';
}
