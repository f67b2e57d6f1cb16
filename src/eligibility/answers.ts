/**
 * What the checker asks. Every answer is optional: an unanswered question makes the
 * criteria that need it 'unknown', never a wrong 'no'. Pure TypeScript (no zod) so the
 * browser bundle stays small; answers-schema.ts validates the same shape in the Worker.
 */

/** The situation of one parent (父亲 or 母亲). */
export const PARENT_SITUATIONS = {
  atHome: '在家，能照顾孩子',
  workingAway: '在外地打工',
  /** 单亲家庭 (篇三 五(一)1, 篇六): divorced or separated, living apart from the child. */
  livesApart: '离婚或分开了，不和孩子一起生活',
  deceased: '已去世（或被法院宣告死亡）',
  missing: '失踪、长期联系不上',
  imprisoned: '正在服刑或被羁押',
  drugRehab: '正在强制隔离戒毒',
  severelyDisabledOrIll: '重度残疾或患重病，照顾不了孩子',
  unableToGuard: '因其他原因不管孩子、照顾不了孩子',
} as const;
export type ParentSituation = keyof typeof PARENT_SITUATIONS;

/** Who looks after the child day to day. */
export const CARE_ARRANGEMENTS = {
  parents: '父母（或其中一方）',
  relatives: '爷爷奶奶、外公外婆或其他亲属',
  institution: '儿童福利机构',
  fosterFamily: '寄养家庭',
  nobody: '没有人照顾',
} as const;
export type CareArrangement = keyof typeof CARE_ARRANGEMENTS;

export const SCHOOL_STAGES = {
  notYet: '还没上学，也没上幼儿园',
  kindergarten: '幼儿园',
  primary: '小学',
  juniorSecondary: '初中',
  seniorSecondary: '高中或中职（中专、技校）',
  outOfSchool: '该上学但没有上学，或中途不上了',
} as const;
export type SchoolStage = keyof typeof SCHOOL_STAGES;

export const HUKOU = {
  local: '本县户口',
  elsewhere: '外地户口，跟着家人在本县生活',
  none: '没有户口',
} as const;
export type Hukou = keyof typeof HUKOU;

export const HOUSEHOLD_AREAS = {
  town: '城镇',
  countryside: '农村',
} as const;
export type HouseholdArea = keyof typeof HOUSEHOLD_AREAS;

/** 低保, 低保边缘 and 特困 are separate determinations by the civil-affairs department. */
export const HOUSEHOLD_ASSISTANCE = {
  minimumLivingAllowance: '享受低保（最低生活保障）',
  nearPoverty: '属于低保边缘家庭',
  extremePoverty: '属于特困供养',
  none: '都不是',
} as const;
export type HouseholdAssistance = keyof typeof HOUSEHOLD_ASSISTANCE;

export const DISABILITY_GRADES = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
export type DisabilityGrade = 1 | 2 | 3 | 4;

export const SITUATIONS = {
  streetBegging: '在外流浪、乞讨，或多次离家出走',
  abuse: '受到家庭暴力或虐待',
  abandoned: '被遗弃：被父母或家里人丢下不管',
  trafficked: '被拐卖，或被逼着干活（非法雇佣、童工）',
  /** 严重不良行为 as 《预防未成年人犯罪法》第三十八条 lists them. */
  seriousMisbehaviour: '有严重不良行为，比如结伙斗殴、携带管制刀具、偷窃、吸毒，家里和学校管不了',
  offending: '有违法犯罪行为，或正在接受社区矫正',
  crimeVictim: '受到犯罪侵害（如性侵害、暴力伤害）',
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
