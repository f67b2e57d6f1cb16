/**
 * What the checker asks. Every answer is optional: an unanswered question makes the
 * criteria that need it 'unknown', never a wrong 'no'. Pure TypeScript (no zod) so the
 * browser bundle stays small; answers-schema.ts validates the same shape in the Worker.
 * The choices' words are the dictionary's answer.* keys, read through their own copy
 * (i18n/choices.ts), since /check/'s script shows them.
 */
import { t } from '../i18n/choices.ts';
import { labelTable } from '../i18n/format.ts';

/**
 * Every closed question of the checker, with its choices: the question registry
 * (forms/questions.ts), the Worker's schema (answers-schema.ts) and the scenario document
 * read them from here.
 */
export const CHOICES = {
  /**
   * The situation of one parent (父亲 or 母亲). livesApart is 单亲家庭 (篇三 五(一)1, 篇六):
   * divorced or separated, living apart from the child.
   */
  parent: labelTable(t, [
    'answer.parent.atHome',
    'answer.parent.workingAway',
    'answer.parent.livesApart',
    'answer.parent.deceased',
    'answer.parent.missing',
    'answer.parent.imprisoned',
    'answer.parent.drugRehab',
    'answer.parent.severelyDisabledOrIll',
    'answer.parent.unableToGuard',
  ]),
  /** Who looks after the child day to day. */
  care: labelTable(t, [
    'answer.care.parents',
    'answer.care.relatives',
    'answer.care.institution',
    'answer.care.fosterFamily',
    'answer.care.nobody',
  ]),
  schoolStage: labelTable(t, [
    'answer.schoolStage.notYet',
    'answer.schoolStage.kindergarten',
    'answer.schoolStage.primary',
    'answer.schoolStage.juniorSecondary',
    'answer.schoolStage.seniorSecondary',
    'answer.schoolStage.outOfSchool',
  ]),
  hukou: labelTable(t, ['answer.hukou.local', 'answer.hukou.elsewhere', 'answer.hukou.none']),
  area: labelTable(t, ['answer.area.town', 'answer.area.countryside']),
  /** 低保, 低保边缘 and 特困 are separate determinations by the civil-affairs department. */
  assistance: labelTable(t, [
    'answer.assistance.minimumLivingAllowance',
    'answer.assistance.nearPoverty',
    'answer.assistance.extremePoverty',
    'answer.assistance.none',
  ]),
  disabilityGrade: labelTable(t, [
    'answer.disabilityGrade.1',
    'answer.disabilityGrade.2',
    'answer.disabilityGrade.3',
    'answer.disabilityGrade.4',
  ]),
  /** seriousMisbehaviour is 严重不良行为 as 《预防未成年人犯罪法》第三十八条 lists them. */
  situation: labelTable(t, [
    'answer.situation.streetBegging',
    'answer.situation.abuse',
    'answer.situation.abandoned',
    'answer.situation.trafficked',
    'answer.situation.seriousMisbehaviour',
    'answer.situation.offending',
    'answer.situation.crimeVictim',
  ]),
};

export type ParentSituation = keyof typeof CHOICES.parent;
export type CareArrangement = keyof typeof CHOICES.care;
export type SchoolStage = keyof typeof CHOICES.schoolStage;
export type Hukou = keyof typeof CHOICES.hukou;
export type HouseholdArea = keyof typeof CHOICES.area;
export type HouseholdAssistance = keyof typeof CHOICES.assistance;
export type DisabilityGrade = 1 | 2 | 3 | 4;
export type Situation = keyof typeof CHOICES.situation;

export interface Answers {
  child?: {
    /** YYYY-MM-DD; takes precedence over `age`. */
    birthDate?: string;
    /** Whole years, when the birth date is not given. */
    age?: number;
    schoolStage?: SchoolStage;
    disabled?: boolean;
    disabilityGrade?: DisabilityGrade;
    seriouslyIll?: boolean;
    hukou?: Hukou;
    care?: CareArrangement;
  };
  father?: ParentSituation;
  mother?: ParentSituation;
  household?: {
    assistance?: HouseholdAssistance;
    /** 突发意外事故或重大疾病 made the family's life suddenly hard. */
    suddenHardship?: boolean;
    /** Someone in the family could work but has no job. */
    unemployedAdult?: boolean;
    area?: HouseholdArea;
    /** Township id from the county settings: decides who to ask. */
    township?: string;
    /** One of that township's villages (county settings); carried to /apply/ as the address. */
    village?: string;
  };
  /** Situations the child is in: true, false, or unanswered. */
  situations?: Partial<Record<Situation, boolean>>;
}
