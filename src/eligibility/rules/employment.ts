/** 就业扶持 for adults in the families of children in difficulty (篇一 三(四), 篇三 五(五), 篇七 就业扶持). */
import { tri, type Criterion, type Rule } from '../engine.ts';
import { PLAN, childInDifficulty } from '../criteria.ts';

const ASK_HR = '人社部门（就业服务机构），或乡镇（街道）';
const family: Criterion = { ...childInDifficulty, label: '家里的孩子属于困境未成年人', basis: PLAN.employment };

export const employmentRules: Record<string, Rule> = {
  'vocational-training': {
    criteria: [
      family,
      {
        label: '家里有能干活、想学技能的大人',
        basis: PLAN.employment,
        // Someone who already works may still want training: that is for the office to weigh.
        test: (f) => {
          const s = tri(f.answers.household?.unemployedAdult);
          return s === 'notMet' ? 'assess' : s;
        },
      },
    ],
    notAssessed: ['培训补贴的具体条件，按本县规定'],
    ask: ASK_HR,
  },
  'employment-assistance': {
    criteria: [
      family,
      {
        label: '家里有能工作、想工作，但现在没有工作的大人',
        basis: PLAN.employment,
        test: (f) => tri(f.answers.household?.unemployedAdult),
      },
    ],
    notAssessed: ['安排公益性岗位要符合就业困难人员条件，由人社部门认定'],
    ask: ASK_HR,
  },
  'entrepreneurship-support': {
    criteria: [
      family,
      {
        label: '家里有打算自己创业、自谋职业的大人',
        basis: PLAN.employment,
        test: (f) => {
          const s = tri(f.answers.household?.unemployedAdult);
          return s === 'notMet' ? 'assess' : s;
        },
      },
    ],
    notAssessed: ['创业计划，以及创业担保贷款和贴息的条件，由人社部门、税务部门和经办银行审核'],
    ask: `${ASK_HR}，或税务部门`,
  },
};
