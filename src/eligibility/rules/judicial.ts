/** 司法保护 (篇一 三(三), 篇三 五(三), 篇七 五 司法保护, 篇四 区司法行政部门). */
import { anyOf, tri, type Rule } from '../engine.ts';
import { PLAN, assistanceIs, careIs, hasSituation, minor, situation } from '../criteria.ts';

const offending = hasSituation('offending', '孩子有违法犯罪行为，或正在接受社区矫正', PLAN.judicial);

export const judicialRules: Record<string, Rule> = {
  'household-registration': {
    criteria: [
      minor,
      {
        label: '孩子没有户口',
        basis: PLAN.judicial,
        test: (f) => {
          const h = f.answers.child?.hukou;
          return h === undefined ? 'unknown' : h === 'none' ? 'met' : 'notMet';
        },
      },
      {
        label: '孩子在打拐中被解救，或在儿童福利机构、寄养家庭生活',
        basis: PLAN.judicial,
        test: (f) => anyOf(tri(situation(f, 'trafficked')), careIs(f, ['institution', 'fosterFamily']), tri(situation(f, 'streetBegging'))),
      },
    ],
    notAssessed: ['查找父母的时间是否已满 2 年，由公安机关核实'],
    ask: '公安机关户籍部门，或民政部门',
  },
  'crime-victim-support': {
    criteria: [
      minor,
      {
        label: '孩子受到犯罪侵害、家庭暴力、虐待、遗弃或拐卖',
        basis: `${PLAN.judicial}；《中华人民共和国未成年人保护法》第一百一十一条`,
        test: (f) =>
          anyOf(
            tri(situation(f, 'crimeVictim')),
            tri(situation(f, 'abuse')),
            tri(situation(f, 'abandoned')),
            tri(situation(f, 'trafficked')),
          ),
      },
    ],
    notAssessed: ['孩子正处在危险中，请立即拨打 110'],
    ask: '立即拨打 110，或联系人民检察院、妇联、民政部门',
  },
  'legal-aid': {
    criteria: [
      minor,
      {
        label: '孩子的权益受到侵害，或涉嫌违法犯罪，或家庭经济困难需要法律帮助',
        basis: `${PLAN.judicial}；《中华人民共和国未成年人保护法》第一百零四条；《中华人民共和国法律援助法》第三十二条`,
        test: (f) =>
          anyOf(
            tri(situation(f, 'crimeVictim')),
            tri(situation(f, 'abuse')),
            tri(situation(f, 'abandoned')),
            tri(situation(f, 'trafficked')),
            tri(situation(f, 'offending')),
            assistanceIs(f, ['minimumLivingAllowance', 'nearPoverty', 'extremePoverty']),
          ),
      },
    ],
    notAssessed: ['经济困难的认定和案件是否属于法律援助范围，由法律援助机构审查'],
    ask: '司法行政部门（法律援助中心），或拨打 12348',
  },
  'juvenile-justice-protection': {
    criteria: [minor, offending],
    notAssessed: ['案件办理中的具体保护措施，由公安机关、人民检察院、人民法院依法决定'],
    ask: '办案的公安机关、人民检察院或人民法院，或司法行政部门',
  },
  'community-correction-support': {
    criteria: [minor, offending],
    notAssessed: ['是否接受社区矫正，以法院的判决或决定为准'],
    ask: '司法行政部门（社区矫正机构），或司法所',
  },
};
