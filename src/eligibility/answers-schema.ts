/**
 * The zod schema of the checker's answers, used by the Worker (POST /api/eligibility and the
 * pre-screening of applications). Strict objects: an unknown key is an error. Messages say
 * what to do, in plain Chinese.
 */
import { z } from 'zod';
import {
  CARE_ARRANGEMENTS,
  HOUSEHOLD_AREAS,
  HOUSEHOLD_ASSISTANCE,
  HUKOU,
  PARENT_SITUATIONS,
  SCHOOL_STAGES,
  SITUATIONS,
  type Answers,
} from './answers.ts';
import { t } from '../i18n/index.ts';
import county from '#content/county.ts';
import { townshipId } from '../schemas/places.ts';
import { earliestBirthDate, isRealDate, OLDEST_BIRTH_YEARS, todayInChina } from './age.ts';

/** The keys of a table of choices, typed for z.enum. */
export const keysOf = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const choice = <T extends Record<string, string>>(o: T, what: string) => z.enum(keysOf(o), { error: `请从给出的选项中选择${what}` });
const yesNo = (what: string) => z.boolean({ error: `请回答${what}：是或否` });

export const isoDate = z
  .string({ error: '请按「年-月-日」填写日期，例如 2015-09-01' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '请按「年-月-日」填写日期，例如 2015-09-01')
  .refine(isRealDate, t('check.err.dateReal'));

/**
 * A child's date of birth: a real date, not after today in China and not more than
 * OLDEST_BIRTH_YEARS before it. A date in the future would pre-screen as a child under 18 and
 * be stored as such; 1800 is a typo.
 */
export const birthDate = isoDate
  .refine((s) => s <= todayInChina(), t('check.err.dateFuture'))
  .refine((s) => s >= earliestBirthDate(todayInChina()), t('check.err.dateOld', { years: OLDEST_BIRTH_YEARS }));

export const answersSchema = z.strictObject(
  {
    child: z
      .strictObject(
        {
          birthDate: birthDate.optional(),
          age: z
            .number({ error: '请用数字填写孩子的年龄' })
            .int('年龄请填整数')
            .min(0, '年龄不能小于 0')
            .max(30, '请填写孩子的实际年龄')
            .optional(),
          schoolStage: choice(SCHOOL_STAGES, '孩子的上学情况').optional(),
          disabled: yesNo('孩子是否有残疾').optional(),
          disabilityGrade: z
            .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: '残疾等级请选一级到四级' })
            .optional(),
          seriouslyIll: yesNo('孩子是否患有重病').optional(),
          hukou: choice(HUKOU, '孩子的户口情况').optional(),
          care: choice(CARE_ARRANGEMENTS, '现在照顾孩子的人').optional(),
        },
        { error: '孩子的情况格式不对' },
      )
      .optional(),
    father: choice(PARENT_SITUATIONS, '父亲的情况').optional(),
    mother: choice(PARENT_SITUATIONS, '母亲的情况').optional(),
    household: z
      .strictObject(
        {
          assistance: choice(HOUSEHOLD_ASSISTANCE, '家庭享受的救助').optional(),
          suddenHardship: yesNo('家里是否遭遇突发意外或重大疾病').optional(),
          unemployedAdult: yesNo('家里是否有能工作但没有工作的大人').optional(),
          area: z.enum(keysOf(HOUSEHOLD_AREAS), { error: '请选择住在城镇还是农村' }).optional(),
          township: townshipId.optional(),
          village: z.string({ error: '请从列表中选择村（社区）' }).max(40).optional(),
        },
        { error: '家庭情况格式不对' },
      )
      .superRefine((h, ctx) => {
        if (h.village === undefined) return;
        const town = county.townships.find((tw) => tw.id === h.township);
        if (!town?.villages.includes(h.village)) ctx.addIssue({ code: 'custom', path: ['village'], message: t('check.err.village') });
      })
      .optional(),
    situations: z
      .partialRecord(choice(SITUATIONS, '孩子遇到的情况'), yesNo('孩子是否遇到这种情况'), { error: '孩子遇到的情况格式不对' })
      .optional(),
  },
  { error: '请提交回答（一个 JSON 对象）' },
);

// The schema and the Answers type describe the same shape; a drift is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _same: Same<z.output<typeof answersSchema>, Answers> = true;
void _same;
