/**
 * The zod schema of the checker's answers, used by the Worker (POST /api/eligibility and the
 * pre-screening of applications). Strict objects: an unknown key is an error. Messages say
 * what to do, in plain Chinese.
 */
import { z } from 'zod';
import { CHOICES, type Answers } from './answers.ts';
import { t } from '../i18n/index.ts';
import county from '#content/county.ts';
import { townshipId } from '../schemas/places.ts';
import { earliestBirthDate, isRealDate, OLDEST_BIRTH_YEARS, todayInChina } from './age.ts';

/** The keys of a table of choices, typed for z.enum. */
export const keysOf = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const choice = <T extends Record<string, string>>(o: T, what: string) => z.enum(keysOf(o), { error: t('check.err.choose', { what }) });
const yesNo = (what: string) => z.boolean({ error: t('check.err.yesNo', { what }) });

export const isoDate = z
  .string({ error: t('check.err.dateFormat') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, t('check.err.dateFormat'))
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
            .number({ error: t('check.err.ageNumber') })
            .int(t('check.err.ageWhole'))
            .min(0, t('check.err.ageMin'))
            .max(30, t('check.err.ageReal'))
            .optional(),
          schoolStage: choice(CHOICES.schoolStage, t('check.err.what.schoolStage')).optional(),
          disabled: yesNo(t('check.err.what.disabled')).optional(),
          disabilityGrade: z
            .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: t('check.err.disabilityGrade') })
            .optional(),
          seriouslyIll: yesNo(t('check.err.what.seriouslyIll')).optional(),
          hukou: choice(CHOICES.hukou, t('check.err.what.hukou')).optional(),
          care: choice(CHOICES.care, t('check.err.what.care')).optional(),
        },
        { error: t('check.err.childShape') },
      )
      .optional(),
    father: choice(CHOICES.parent, t('check.err.what.father')).optional(),
    mother: choice(CHOICES.parent, t('check.err.what.mother')).optional(),
    household: z
      .strictObject(
        {
          assistance: choice(CHOICES.assistance, t('check.err.what.assistance')).optional(),
          suddenHardship: yesNo(t('check.err.what.suddenHardship')).optional(),
          unemployedAdult: yesNo(t('check.err.what.unemployedAdult')).optional(),
          area: z.enum(keysOf(CHOICES.area), { error: t('check.err.area') }).optional(),
          township: townshipId.optional(),
          village: z
            .string({ error: t('check.err.village') })
            .max(40)
            .optional(),
        },
        { error: t('check.err.householdShape') },
      )
      .superRefine((h, ctx) => {
        if (h.village === undefined) return;
        const town = county.townships.find((tw) => tw.id === h.township);
        if (!town?.villages.includes(h.village)) ctx.addIssue({ code: 'custom', path: ['village'], message: t('check.err.village') });
      })
      .optional(),
    situations: z
      .partialRecord(choice(CHOICES.situation, t('check.err.what.situation')), yesNo(t('check.err.what.situationYesNo')), {
        error: t('check.err.situationsShape'),
      })
      .optional(),
  },
  { error: t('check.err.answersShape') },
);

// The schema and the Answers type describe the same shape; a drift is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _same: Same<z.output<typeof answersSchema>, Answers> = true;
void _same;
