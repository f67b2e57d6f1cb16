/** 救助保护 and 住房保障 (篇一 三(一), 篇三 五(一)(六), 篇五 三, 篇七 五 救助保护). */
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

const ASK_CIVIL = `民政部门，或${ASK_VILLAGE}`;

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
  if (months === null)
    return { status: 'assess', reason: '孩子还没有成年。本县还没有规定成年前多久可以提前咨询，可以先问乡镇（街道）或住房保障部门。' };
  const birthDate = f.answers.child?.birthDate;
  // With only whole years, a child of `age` has more than (17 - age) × 12 months to go.
  const within = birthDate ? f.today >= addMonths(birthdayAt(birthDate, 18), -months) : months > (17 - f.age) * 12;
  return within ? { status: 'assess', reason: '孩子快满 18 周岁了，可以提前咨询成年后的住房保障。' } : 'notMet';
}

export const rescueRules: Record<string, Rule> = {
  'orphan-basic-living': {
    criteria: [
      minor,
      orphan,
      {
        label: '孩子是本县户口，或由本县儿童福利机构养育',
        basis: PLAN.rescue,
        test: (f) => anyOf(careIs(f, ['institution']), hukouLocalStatus(f)),
      },
    ],
    notAssessed: ['父母死亡证明，或法院宣告死亡、宣告失踪的判决书'],
    ask: ASK_CIVIL,
  },
  'unsupported-child-living': {
    criteria: [minor, unsupported, hukouLocal],
    notAssessed: ['父母重残重病、服刑在押、强制戒毒、失联等情况，由民政部门调查核实'],
    ask: ASK_CIVIL,
  },
  'abandoned-infant-care': {
    criteria: [
      minor,
      {
        // 弃婴 and the 婴幼儿 whose parents cannot be found (篇一 三(一)1、3, 篇三 五(一)3), not
        // every child without a guardian: older children go to 流浪儿童救助 and 临时照料.
        label: '孩子被遗弃，或是找不到父母的婴幼儿（不满 3 周岁，包括在打拐中被解救的）',
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
    notAssessed: ['发现这样的孩子请立即拨打 110，由公安机关和民政部门处置'],
    ask: '立即拨打 110，或联系民政部门、救助保护机构',
  },
  'minimum-living-allowance': {
    criteria: [
      minor,
      childInDifficulty,
      { ...hukouLocal, basis: `${PLAN.rescue}；《社会救助暂行办法》第十一条` },
      {
        label: '家里还没有享受低保或特困供养',
        basis: PLAN.rescue,
        test: (f) => not(assistanceIs(f, ['minimumLivingAllowance', 'extremePoverty'])),
      },
    ],
    notAssessed: ['家庭人均收入和财产是否低于本县低保标准，由民政部门核对'],
    ask: ASK_CIVIL,
  },
  'temporary-assistance': {
    criteria: [
      minor,
      {
        label: '家里因突发意外事故或重大疾病，生活一时陷入困难',
        basis: PLAN.rescue,
        test: (f) => tri(f.answers.household?.suddenHardship),
      },
      {
        label: '家里没有享受低保（暂不符合低保条件）',
        basis: PLAN.rescue,
        test: (f) => not(assistanceIs(f, ['minimumLivingAllowance'])),
      },
    ],
    notAssessed: ['困难的程度和是否符合低保条件，由民政部门核实'],
    ask: ASK_CIVIL,
  },
  'disabled-child-rehabilitation': {
    criteria: [minor, disabled, livesInCounty],
    notAssessed: ['抢救性康复救助项目对年龄和残疾类别的要求', '康复训练补助看家庭是否困难，由残联和民政部门核实'],
    ask: `残联，或${ASK_VILLAGE}`,
  },
  'street-child-rescue': {
    criteria: [
      minor,
      {
        label: '孩子在外流浪、乞讨，或被人利用乞讨、被拐卖',
        basis: PLAN.rescue,
        test: (f) => anyOf(tri(situation(f, 'streetBegging')), tri(situation(f, 'trafficked'))),
      },
    ],
    notAssessed: ['孩子正处在危险中，请立即拨打 110'],
    ask: '立即拨打 110，或联系救助保护机构、民政部门',
  },
  'return-home-and-school': {
    criteria: [minor, hasSituation('streetBegging', '孩子流浪过，或有离家出走、流浪的倾向', PLAN.rescue)],
    notAssessed: ['孩子家庭的情况和回家、回校园的安排，由民政、教育部门和乡镇了解后确定'],
    ask: `救助保护机构，或${ASK_VILLAGE}`,
  },
  'temporary-care-placement': {
    criteria: [
      minor,
      {
        label: '孩子一时没有人照料，或需要离开伤害孩子的监护人',
        basis: `${PLAN.rescue}；《中华人民共和国未成年人保护法》第九十二条`,
        test: (f) => anyOf(careIs(f, ['nobody']), tri(situation(f, 'abuse')), tri(situation(f, 'abandoned'))),
      },
    ],
    notAssessed: ['孩子有危险时请立即拨打 110'],
    ask: `民政部门，或${ASK_VILLAGE}`,
  },
  'guardianship-support': {
    criteria: [minor, guardianshipLacking],
    notAssessed: ['家庭的监护能力，由村（社区）和民政部门评估'],
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
        label: '孩子是孤儿，或事实上无人抚养',
        basis: PLAN.housing,
        test: (f) => anyOf(orphanStatus(f), unsupportedStatus(f)),
      },
    ],
    notAssessed: ['孩子名下是否有房产，或依法可以继承的财产'],
    ask: `孩子的监护人、${ASK_VILLAGE}，或住房保障部门`,
  },
  'orphan-adult-housing': {
    criteria: [
      { label: '已经成年（年满 18 周岁），或者快要成年', basis: PLAN.housing, test: comingOfAge },
      { ...orphan, label: '曾经是孤儿：父母都已去世或被法院宣告死亡、失踪' },
    ],
    notAssessed: ['本人是否有住房，是否符合特困建房或公共租赁住房的条件，由乡镇和住房保障部门核实'],
    ask: '乡镇（街道），或住房保障部门',
  },
};
