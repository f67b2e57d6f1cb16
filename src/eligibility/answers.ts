/**
 * What the checker asks. Every answer is optional: an unanswered question makes the
 * criteria that need it 'unknown', never a wrong 'no'. Pure TypeScript (no zod) so the
 * browser bundle stays small; answers-schema.ts validates the same shape in the Worker.
 * The choices' words are the dictionary's answer.* keys, read through their own copy
 * (i18n/choices.ts), since /check/'s script shows them.
 */
import { t } from '../i18n/choices.ts';

/** The situation of one parent (父亲 or 母亲). */
export const PARENT_SITUATIONS = {
  atHome: t('answer.parent.atHome'),
  workingAway: t('answer.parent.workingAway'),
  /** 单亲家庭 (篇三 五(一)1, 篇六): divorced or separated, living apart from the child. */
  livesApart: t('answer.parent.livesApart'),
  deceased: t('answer.parent.deceased'),
  missing: t('answer.parent.missing'),
  imprisoned: t('answer.parent.imprisoned'),
  drugRehab: t('answer.parent.drugRehab'),
  severelyDisabledOrIll: t('answer.parent.severelyDisabledOrIll'),
  unableToGuard: t('answer.parent.unableToGuard'),
} as const;
export type ParentSituation = keyof typeof PARENT_SITUATIONS;

/** Who looks after the child day to day. */
export const CARE_ARRANGEMENTS = {
  parents: t('answer.care.parents'),
  relatives: t('answer.care.relatives'),
  institution: t('answer.care.institution'),
  fosterFamily: t('answer.care.fosterFamily'),
  nobody: t('answer.care.nobody'),
} as const;
export type CareArrangement = keyof typeof CARE_ARRANGEMENTS;

export const SCHOOL_STAGES = {
  notYet: t('answer.schoolStage.notYet'),
  kindergarten: t('answer.schoolStage.kindergarten'),
  primary: t('answer.schoolStage.primary'),
  juniorSecondary: t('answer.schoolStage.juniorSecondary'),
  seniorSecondary: t('answer.schoolStage.seniorSecondary'),
  outOfSchool: t('answer.schoolStage.outOfSchool'),
} as const;
export type SchoolStage = keyof typeof SCHOOL_STAGES;

export const HUKOU = {
  local: t('answer.hukou.local'),
  elsewhere: t('answer.hukou.elsewhere'),
  none: t('answer.hukou.none'),
} as const;
export type Hukou = keyof typeof HUKOU;

export const HOUSEHOLD_AREAS = {
  town: t('answer.area.town'),
  countryside: t('answer.area.countryside'),
} as const;
export type HouseholdArea = keyof typeof HOUSEHOLD_AREAS;

/** 低保, 低保边缘 and 特困 are separate determinations by the civil-affairs department. */
export const HOUSEHOLD_ASSISTANCE = {
  minimumLivingAllowance: t('answer.assistance.minimumLivingAllowance'),
  nearPoverty: t('answer.assistance.nearPoverty'),
  extremePoverty: t('answer.assistance.extremePoverty'),
  none: t('answer.assistance.none'),
} as const;
export type HouseholdAssistance = keyof typeof HOUSEHOLD_ASSISTANCE;

export const DISABILITY_GRADES = {
  1: t('answer.disabilityGrade.1'),
  2: t('answer.disabilityGrade.2'),
  3: t('answer.disabilityGrade.3'),
  4: t('answer.disabilityGrade.4'),
} as const;
export type DisabilityGrade = 1 | 2 | 3 | 4;

export const SITUATIONS = {
  streetBegging: t('answer.situation.streetBegging'),
  abuse: t('answer.situation.abuse'),
  abandoned: t('answer.situation.abandoned'),
  trafficked: t('answer.situation.trafficked'),
  /** 严重不良行为 as 《预防未成年人犯罪法》第三十八条 lists them. */
  seriousMisbehaviour: t('answer.situation.seriousMisbehaviour'),
  offending: t('answer.situation.offending'),
  crimeVictim: t('answer.situation.crimeVictim'),
} as const;
export type Situation = keyof typeof SITUATIONS;

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
