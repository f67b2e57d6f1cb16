/** 医疗保护 (篇一 三(五), 篇三 五(四), 篇七 医疗保护; 先天性残疾儿童参保 from 篇一 三(一)5). */
import type { Rule } from '../engine.ts';
import { PLAN, childInDifficulty, disabled, hasSituation, livesInCounty, minor } from '../criteria.ts';

export const medicalRules: Record<string, Rule> = {
  'street-child-medical-treatment': {
    criteria: [minor, hasSituation('streetBegging', '孩子在外流浪、乞讨', PLAN.medical)],
    notAssessed: ['孩子生了急病、重病或受了伤，请立即拨打 120'],
    ask: '立即拨打 120，或就近送医院',
  },
  'medical-insurance-and-assistance': {
    criteria: [minor, { ...childInDifficulty, basis: PLAN.medical }],
    notAssessed: ['医疗救助的条件和标准，按本县规定，由医疗保障和民政部门审核'],
    ask: '民政部门、医疗保障部门，或村（社区）儿童主任',
  },
  'congenital-disability-insurance': {
    criteria: [minor, disabled, livesInCounty],
    notAssessed: ['残疾是否属于先天性，由医疗机构和残联认定'],
    ask: '残联、医疗保障部门，或村（社区）儿童主任',
  },
};
