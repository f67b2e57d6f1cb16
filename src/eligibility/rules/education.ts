/** 教育保护 (篇一 三(二), 篇三 五(二), 篇七 五 教育帮扶, 篇六 「爱心与我同在」, 专门教育 per 篇二 四(二)4). */
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

const ASK_SCHOOL = `孩子就读的学校、教育部门，或${ASK_VILLAGE}`;
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
    criteria: [minor, { label: '孩子是孤儿或事实无人抚养儿童', basis: PLAN.education, test: orphanOrUnsupported }, compulsoryAge],
    notAssessed: ['孩子到哪所学校上学（省孤儿学校或就近入学），由教育部门和民政部门安排'],
    ask: ASK_SCHOOL,
  },
  'disabled-child-education': {
    criteria: [minor, disabledCriterion, compulsoryAge],
    notAssessed: ['随班就读、送教上门还是社区教育，由教育部门根据孩子的情况评估决定'],
    ask: ASK_SCHOOL,
  },
  'disabled-child-nursery-subsidy': {
    criteria: [
      disabledCriterion,
      atSchoolStage(['kindergarten'], '孩子正在托育机构或幼儿园入托（入园）', PLAN.education),
      {
        label: '孩子属于困境儿童（低保、低保边缘家庭，孤儿或事实无人抚养儿童）',
        basis: PLAN.education,
        test: (f) => anyOf(assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']), orphanOrUnsupported(f)),
      },
      livesInCounty,
    ],
    notAssessed: ['本县对「困境残疾儿童」的具体认定办法'],
    ask: ASK_SCHOOL,
  },
  'preschool-aid': {
    criteria: [
      atSchoolStage(['kindergarten'], '孩子正在上幼儿园', PLAN.education),
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
      // A child of this age out of school is to be brought back (控辍保学) and then gets the aid.
      { ...compulsoryAge, basis: `${PLAN.education}；${compulsoryAge.basis}` },
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
          const status = stageStatus(f, ['juniorSecondary', 'seniorSecondary']);
          // 初中 counts only in the year of the 中考.
          return status === 'met' && f.answers.child?.schoolStage === 'juniorSecondary' ? 'assess' : status;
        },
      },
      {
        label: '家庭享受低保、属于低保边缘，或孩子是孤儿、事实无人抚养儿童、贫困残疾学生',
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
        basis: `${PLAN.education}；《中华人民共和国义务教育法》第十一条`,
        test: outOfSchoolStatus,
      },
    ],
    notAssessed: ['孩子不上学的原因，由学校、家长和村（社区）一起了解'],
    ask: ASK_SCHOOL,
  },
  'migrant-children-schooling': {
    criteria: [
      { label: '孩子是外地户口，跟着在本县务工的家人生活', basis: PLAN.education, test: migrantStatus },
      { ...compulsoryAge, basis: '《中华人民共和国义务教育法》第十一条、第十二条' },
    ],
    notAssessed: ['家长在本县务工、居住的证明，和就读学校的安排，由教育部门确定'],
    ask: '教育部门，或居住地的学校',
  },
  'caring-mother-pairing': {
    criteria: [
      minor,
      {
        // 篇一、篇七 began with 农村留守儿童; 篇六 pairs all of these with 爱心人士.
        label: '孩子是留守儿童、随迁子女、残疾儿童，或在单亲家庭、生活困难家庭',
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
    notAssessed: ['结对的代理妈妈（爱心妈妈）由乡镇和村（社区）根据孩子的需要安排'],
    ask: `${ASK_VILLAGE}，或妇联`,
  },
  'specialised-education': {
    criteria: [
      minor,
      hasSituation('seriousMisbehaviour', '孩子有严重不良行为，家里和学校管教不了', `${CRIME_PREVENTION_LAW}第三十八条、第四十三条`),
    ],
    notAssessed: [
      '送专门学校要经专门教育指导委员会评估同意，由教育行政部门决定（预防未成年人犯罪法第四十三条、第四十四条）',
      '在专门学校也接受义务教育，学籍保留在原学校（预防未成年人犯罪法第四十七条）',
    ],
    ask: `教育部门，或孩子的学校、${ASK_VILLAGE}`,
  },
  'family-education-guidance': {
    criteria: [minor],
    notAssessed: [],
    ask: `孩子的学校、妇联，或${ASK_VILLAGE}`,
  },
};
