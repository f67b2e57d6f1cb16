/** 精神关爱 (篇一 三(六), 篇三 五(七), 篇七 精神关爱, 篇二 「阳光儿童之家」). */
import { t } from '../../i18n/rules.ts';
import type { Rule } from '../engine.ts';
import { ASK_VILLAGE, PLAN, childInDifficulty, minor } from '../criteria.ts';

export const mentalRules: Record<string, Rule> = {
  'psychological-counselling': {
    criteria: [minor],
    notAssessed: [],
    ask: t('rule.psychologicalCounselling.ask', { village: ASK_VILLAGE }),
  },
  'home-visits': {
    criteria: [minor, { ...childInDifficulty, basis: PLAN.mental }],
    notAssessed: [t('rule.homeVisits.notAssessed.1')],
    ask: ASK_VILLAGE,
  },
  'children-home': {
    criteria: [minor],
    notAssessed: [t('rule.childrenHome.notAssessed.1')],
    ask: t('rule.childrenHome.ask', { village: ASK_VILLAGE }),
  },
};
