/** 精神关爱 (篇一 三(六), 篇三 五(七), 篇七 精神关爱, 篇二 「阳光儿童之家」). */
import type { Rule } from '../engine.ts';
import { ASK_VILLAGE, PLAN, childInDifficulty, minor } from '../criteria.ts';

export const mentalRules: Record<string, Rule> = {
  'psychological-counselling': {
    criteria: [minor],
    notAssessed: [],
    ask: `孩子的学校、乡镇卫生院（社区卫生服务中心）心理咨询室，或${ASK_VILLAGE}`,
  },
  'home-visits': {
    criteria: [minor, { ...childInDifficulty, basis: PLAN.mental }],
    notAssessed: ['走访的频次，按孩子评定的风险等级安排'],
    ask: ASK_VILLAGE,
  },
  'children-home': {
    criteria: [minor],
    notAssessed: ['附近有没有儿童之家，以及开放时间'],
    ask: `孩子的学校，或${ASK_VILLAGE}`,
  },
};
