/**
 * Criteria that several rules share: who counts as an orphan, a left-behind child, a child
 * in a 低保 family … Each is defined once here, with the measure it comes from.
 */
import { SITUATIONS, type ParentSituation, type SchoolStage, type Situation } from './answers.ts';
import { allOf, anyOf, tri, type Criterion, type CriterionStatus, type Facts } from './engine.ts';

/** The county work plan, merged from the seven plans; cited by protection area. */
export const PLAN = {
  rescue: '本县未成年人社会保护工作方案·救助保护',
  education: '本县未成年人社会保护工作方案·教育保护',
  judicial: '本县未成年人社会保护工作方案·司法保护',
  employment: '本县未成年人社会保护工作方案·就业扶持',
  medical: '本县未成年人社会保护工作方案·医疗保护',
  mental: '本县未成年人社会保护工作方案·精神关爱',
  housing: '本县未成年人社会保护工作方案·住房保障',
  targets: '本县未成年人社会保护工作方案·保护对象',
} as const;

export const ASK_VILLAGE = '村（社区）儿童主任，或乡镇（街道）未成年人保护工作站';

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

export const minor: Criterion = ageBelow(18, '孩子不满 18 周岁', '《中华人民共和国未成年人保护法》第二条');

/** At a school stage; without an answer, a child under 6 is known not to be at school yet. */
export function atSchoolStage(stages: SchoolStage[], label: string, basis: string, minAge = 6): Criterion {
  return {
    label,
    basis,
    test: (f) => {
      const stage = f.answers.child?.schoolStage;
      if (stage !== undefined) return stages.includes(stage) ? 'met' : 'notMet';
      if (f.age !== undefined && f.age < minAge) return 'notMet';
      return 'unknown';
    },
  };
}

export const disabled: Criterion = {
  label: '孩子有残疾',
  basis: PLAN.rescue,
  test: (f) => tri(f.answers.child?.disabled),
};

export const seriouslyIll: Criterion = {
  label: '孩子患有重大疾病',
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
  label: '孩子是孤儿：父母都已去世或被法院宣告死亡、失踪',
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
  label: '孩子事实上无人抚养：父母双方都因去世、失踪、服刑、强制戒毒、重残重病等原因不能抚养',
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

export const leftBehind: Criterion = {
  label: '孩子是留守儿童：父母外出务工，或一方外出务工、另一方不能照顾',
  basis: PLAN.education,
  test: leftBehindStatus,
};

export const prisonerChild: Criterion = {
  label: '父母一方或双方正在服刑、被羁押或强制隔离戒毒',
  basis: PLAN.targets,
  test: (f) => anyOf(...parents(f).map((p) => parentIs(p, ['imprisoned', 'drugRehab']))),
};

/** Parents cannot or do not look after the child (监护缺失). */
export const guardianshipLacking: Criterion = {
  label: '孩子缺少监护：父母不在身边或不能、不愿照顾孩子',
  basis: PLAN.rescue,
  test: (f) => {
    const care = f.answers.child?.care;
    if (care === 'nobody') return 'met';
    return anyOf(
      allOf(...parents(f).map((p) => parentIs(p, ['workingAway', ...CANNOT_RAISE, 'unableToGuard']))),
      tri(situation(f, 'abuse')),
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
  label: '家庭享受低保或属于低保边缘家庭',
  basis: PLAN.education,
  test: (f) => assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty']),
};

export const inCountryside: Criterion = {
  label: '家住农村',
  basis: PLAN.education,
  test: (f) => {
    const area = f.answers.household?.area;
    return area === undefined ? 'unknown' : area === 'countryside' ? 'met' : 'notMet';
  },
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
    anyOf(...parents(f).map((p) => parentIs(p, ['imprisoned', 'drugRehab', 'unableToGuard']))),
    ...(Object.keys(SITUATIONS) as Situation[]).map((k) => tri(situation(f, k))),
  );
}

export const childInDifficulty: Criterion = {
  label: '孩子属于困境未成年人（孤儿、无人抚养、留守、残疾、重病、低保家庭、失学、流浪、受侵害等）',
  basis: PLAN.targets,
  test: inDifficultyStatus,
};

export const hukouLocal: Criterion = {
  label: '孩子是本县户口',
  basis: PLAN.rescue,
  test: (f) => {
    const h = f.answers.child?.hukou;
    return h === undefined ? 'unknown' : h === 'local' ? 'met' : h === 'none' ? 'assess' : 'notMet';
  },
};

/** The age or school stage of compulsory education and beyond (年满 6 周岁). */
export const schoolAge: Criterion = {
  label: '孩子到了上学年龄（年满 6 周岁）',
  basis: '《中华人民共和国义务教育法》',
  test: (f) => {
    const stage = f.answers.child?.schoolStage;
    if (stage === 'primary' || stage === 'juniorSecondary' || stage === 'seniorSecondary' || stage === 'outOfSchool') return 'met';
    if (f.age !== undefined) return f.age >= 6 ? 'met' : 'notMet';
    return stage === undefined ? 'unknown' : 'notMet';
  },
};

export function careIs(f: Facts, kinds: string[]): CriterionStatus {
  const care = f.answers.child?.care;
  return care === undefined ? 'unknown' : kinds.includes(care) ? 'met' : 'notMet';
}
