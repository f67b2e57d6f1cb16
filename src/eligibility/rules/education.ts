/** 教育保护 (篇一 三(二), 篇三 五(二), 篇七 五 教育帮扶, 篇六 「爱心与我同在」). */
import { anyOf, tri, type CriterionStatus, type Facts, type Rule } from '../engine.ts';
import {
  ASK_VILLAGE,
  PLAN,
  assistanceIs,
  atSchoolStage,
  disabled,
  hukouLocal,
  inCountryside,
  leftBehind,
  lowIncomeFamily,
  minor,
  orphanStatus,
  schoolAge,
  unsupportedStatus,
} from '../criteria.ts';

const ASK_SCHOOL = `孩子就读的学校、教育部门，或${ASK_VILLAGE}`;
const disabledCriterion = { ...disabled, basis: PLAN.education };
const orphanOrUnsupported = (f: Facts): CriterionStatus => anyOf(orphanStatus(f), unsupportedStatus(f));

export const educationRules: Record<string, Rule> = {
  'orphan-schooling': {
    criteria: [minor, { label: '孩子是孤儿或事实无人抚养儿童', basis: PLAN.education, test: orphanOrUnsupported }, schoolAge],
    notAssessed: ['孩子到哪所学校上学（省孤儿学校或就近入学），由教育部门和民政部门安排'],
    ask: ASK_SCHOOL,
  },
  'disabled-child-education': {
    criteria: [minor, disabledCriterion, schoolAge],
    notAssessed: ['随班就读、送教上门还是社区教育，由教育部门根据孩子的情况评估决定'],
    ask: ASK_SCHOOL,
  },
  'disabled-child-nursery-subsidy': {
    criteria: [
      disabledCriterion,
      atSchoolStage(['kindergarten'], '孩子正在托育机构或幼儿园入托（入园）', PLAN.education, 0),
      {
        label: '孩子属于困境儿童（低保、低保边缘家庭，孤儿或事实无人抚养儿童）',
        basis: PLAN.education,
        test: (f) => anyOf(assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']), orphanOrUnsupported(f)),
      },
      hukouLocal,
    ],
    notAssessed: ['本县对「困境残疾儿童」的具体认定办法'],
    ask: ASK_SCHOOL,
  },
  'preschool-aid': {
    criteria: [
      atSchoolStage(['kindergarten'], '孩子正在上幼儿园', PLAN.education, 0),
      {
        label: '家庭享受低保、属于低保边缘，或家庭经济困难',
        basis: PLAN.education,
        // 篇三 funds every 家庭经济困难 preschooler; families outside 低保 need the county's own assessment.
        test: (f) => {
          const status = assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']);
          return status === 'notMet' ? 'assess' : status;
        },
      },
    ],
    notAssessed: ['低保以外的家庭是否算「经济困难」，按本县认定办法'],
    ask: ASK_SCHOOL,
  },
  'compulsory-education-aid': {
    criteria: [
      atSchoolStage(['primary', 'juniorSecondary'], '孩子在读小学或初中（义务教育阶段）', PLAN.education),
      {
        label: '家庭享受低保、属于低保边缘，或孩子是孤儿、事实无人抚养儿童',
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
        label: '孩子在读高中或中职，或今年参加中考',
        basis: PLAN.education,
        test: (f) => {
          const stage = f.answers.child?.schoolStage;
          if (stage === 'seniorSecondary') return 'met';
          if (stage === 'juniorSecondary') return 'assess'; // only in the year of the 中考
          if (stage !== undefined) return 'notMet';
          return f.age !== undefined && f.age < 12 ? 'notMet' : 'unknown';
        },
      },
      {
        label: '家庭享受低保、属于低保边缘，或孩子是孤儿、事实无人抚养儿童、贫困残疾学生',
        basis: PLAN.education,
        test: (f) => {
          const hasDisability = disabled.test(f);
          return anyOf(
            assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty']),
            orphanOrUnsupported(f),
            hasDisability === 'met' ? 'assess' : hasDisability,
          );
        },
      },
    ],
    notAssessed: ['残疾学生和残疾人子女是否属于「贫困」，按本县认定办法'],
    ask: ASK_SCHOOL,
  },
  'nutrition-lunch': {
    criteria: [atSchoolStage(['primary', 'juniorSecondary', 'seniorSecondary'], '孩子在读小学或中学', PLAN.education), lowIncomeFamily],
    notAssessed: [],
    ask: ASK_SCHOOL,
  },
  'dropout-return': {
    criteria: [
      minor,
      {
        label: '孩子该上学却没有上学，或中途不上学了',
        basis: PLAN.education,
        test: (f) => {
          const s = f.answers.child?.schoolStage;
          return s === undefined ? 'unknown' : s === 'outOfSchool' ? 'met' : 'notMet';
        },
      },
    ],
    notAssessed: ['孩子不上学的原因，由学校、家长和村（社区）一起了解'],
    ask: ASK_SCHOOL,
  },
  'migrant-children-schooling': {
    criteria: [
      {
        label: '孩子是外地户口，跟着在本县务工的家人生活',
        basis: PLAN.education,
        test: (f) => {
          const h = f.answers.child?.hukou;
          return h === undefined ? 'unknown' : h === 'elsewhere' ? 'met' : 'notMet';
        },
      },
      {
        label: '孩子到了读小学或初中的年龄',
        basis: PLAN.education,
        test: (f) => {
          const s = f.answers.child?.schoolStage;
          if (s === 'primary' || s === 'juniorSecondary' || s === 'outOfSchool') return 'met';
          if (s === 'seniorSecondary' || s === 'kindergarten') return 'notMet';
          if (f.age === undefined) return 'unknown';
          return f.age >= 6 && f.age < 16 ? 'met' : 'notMet';
        },
      },
    ],
    notAssessed: ['家长在本县务工、居住的证明，和就读学校的安排，由教育部门确定'],
    ask: '教育部门，或居住地的学校',
  },
  'caring-mother-pairing': {
    criteria: [minor, leftBehind, inCountryside],
    notAssessed: ['结对的代理妈妈（爱心妈妈）由乡镇和村（社区）根据孩子的需要安排'],
    ask: `${ASK_VILLAGE}，或妇联`,
  },
  'family-education-guidance': {
    criteria: [minor],
    notAssessed: [],
    ask: `孩子的学校、妇联，或${ASK_VILLAGE}`,
  },
};
