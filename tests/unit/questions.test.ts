/**
 * The question registry (src/forms/questions.ts): it covers the checker's answers exactly, its
 * choices are what the Worker's schema accepts, and the forms, the reader and the pre-fill all
 * follow it — a question added to a copy of the registry shows on both forms and comes back in
 * the answers, with no other file touched.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import county from '#content/county.ts';
import QuestionStep from '#src/components/form/QuestionStep.astro';
import { CHOICES } from '#src/eligibility/answers.ts';
import { answersSchema } from '#src/eligibility/answers-schema.ts';
import { fieldsFromAnswers, readForm, stepProblems } from '#src/forms/answers-reader.ts';
import { answerPaths, askedOn, fieldNames, QUESTIONS, type Question } from '#src/forms/questions.ts';
import { t } from '#src/i18n/index.ts';
import { applicationFields } from '../fixtures/application-form.ts';

const TODAY = '2026-12-01';
const say = t;

/** The leaf paths of a zod object schema ('child.care', 'situations' …). */
function leaves(schema: z.ZodType, prefix = ''): string[] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (!(s instanceof z.ZodObject)) return [prefix];
  return Object.entries(s.shape).flatMap(([k, v]) => leaves(v as z.ZodType, prefix ? `${prefix}.${k}` : k));
}

/** Sets a value at a dotted path of a fresh object. */
function at(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  return parts.reduceRight<unknown>((inner, part) => ({ [part]: inner }), value) as Record<string, unknown>;
}

function sampleValues(q: Question): unknown[] {
  switch (q.kind) {
    case 'choice':
      return Object.keys(q.options!).map((k) => (q.numeric ? Number(k) : k));
    case 'yesNo':
      return [true, false];
    case 'flags':
      return Object.keys(q.options!).map((k) => ({ [k]: true }));
    case 'date':
      return ['2015-09-01'];
    case 'age':
      return [0, 9, 17];
    case 'place':
      return county.townships.flatMap((tw) => [{ township: tw.id }, ...tw.villages.map((village) => ({ township: tw.id, village }))]);
    default:
      throw new Error(`no sample for ${q.kind}`);
  }
}

const render = async (props: Record<string, unknown>) => (await AstroContainer.create()).renderToString(QuestionStep, { props });

describe('the question registry', () => {
  it('has an entry for every key of the checker’s answers, and no entry for a key they do not have', () => {
    const paths = QUESTIONS.flatMap(answerPaths);
    expect([...paths].sort()).toEqual(leaves(answersSchema).sort());
  });

  it.each(QUESTIONS.filter((q) => q.answer).map((q) => [q.answer!, q] as const))(
    '%s: every choice it offers is accepted by the schema',
    (path, q) => {
      for (const value of sampleValues(q)) {
        const parsed = answersSchema.safeParse(at(path, value));
        expect(parsed.success, `${path} = ${JSON.stringify(value)}`).toBe(true);
      }
    },
  );

  it('names every field once on each form', () => {
    for (const form of ['check', 'apply'] as const) {
      const names = askedOn(form).flatMap(fieldNames);
      expect(new Set(names).size, form).toBe(names.length);
    }
  });

  it('gives every question words in the dictionary', () => {
    for (const q of QUESTIONS) {
      for (const ask of Object.values(q.forms)) expect(t(ask.label ?? q.label)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('a question added to a copy of the registry', () => {
  // A made-up question: whether the child has a brother or sister at home.
  const extra: Question = {
    answer: 'household.siblings',
    kind: 'yesNo',
    label: 'check.q.unemployedAdult',
    unknown: 'check.skip',
    forms: { check: { step: 'household' }, apply: { step: 'circumstances' } },
  };
  const questions = [...QUESTIONS, extra];

  it('shows on the checker and on the application form', async () => {
    const check = await render({ form: 'check', step: 'household', questions });
    const apply = await render({ form: 'apply', step: 'circumstances', questions });
    expect(check).toContain('name="household.siblings"');
    expect(apply).toContain('name="answers.household.siblings"');
    // And not where the registry says it is not asked.
    expect(await render({ form: 'check', step: 'child', questions })).not.toContain('siblings');
  });

  it('comes back in the answers from both forms, and pre-fills /apply/ from the checker', () => {
    const fromCheck = readForm('check', new URLSearchParams([['household.siblings', 'true']]), { today: TODAY, say, questions });
    expect(fromCheck.answers).toEqual({ household: { siblings: true } });
    const fromApply = readForm('apply', new URLSearchParams([['answers.household.siblings', 'false']]), { today: TODAY, say, questions });
    expect(fromApply.body.answers).toEqual({ household: { siblings: false } });
    expect(fieldsFromAnswers('apply', fromCheck.answers, questions)).toEqual({ 'answers.household.siblings': ['true'] });
  });
});

describe('reading a form through the registry', () => {
  it('follows the checker’s journey: an adult’s later answers, and a hidden grade, are left out', () => {
    const form = new URLSearchParams([
      ['child.age', '19'],
      ['child.schoolStage', 'primary'],
      ['child.disabled', 'false'],
      ['child.disabilityGrade', '2'],
    ]);
    expect(readForm('check', form, { today: TODAY, say }).answers).toEqual({ child: { age: 19 } });
    form.set('child.age', '9');
    expect(readForm('check', form, { today: TODAY, say }).answers).toEqual({ child: { age: 9, schoolStage: 'primary', disabled: false } });
  });

  it('says the same thing for an empty required field on /apply/ as the page script does: 「请填写…」, not a format error', () => {
    const problems = stepProblems('apply', 'applicant', new URLSearchParams(), { today: TODAY, say });
    expect(problems).toEqual([
      { field: 'applicant.name', message: t('apply.err.name') },
      { field: 'applicant.relationship', message: t('apply.err.relationship') },
      { field: 'applicant.phone', message: t('err.phone.required') },
    ]);
  });

  it('hands the township and village answered on /check/ to /apply/ as the child’s address, so it is not asked again', () => {
    const both = readForm('check', new URLSearchParams([['household.place', 'dongshan/松林村']]), { today: TODAY, say });
    expect(both.answers).toEqual({ household: { township: 'dongshan', village: '松林村' } });
    expect(fieldsFromAnswers('apply', both.answers)).toEqual({ 'address.place': ['dongshan/松林村'] });
    const townshipOnly = readForm('check', new URLSearchParams([['household.place', 'dongshan/']]), { today: TODAY, say });
    expect(townshipOnly.answers).toEqual({ household: { township: 'dongshan' } });
    expect(fieldsFromAnswers('apply', townshipOnly.answers)).toEqual({ 'address.place': ['dongshan/'] });
  });

  it('refuses a village that is not in the township chosen', () => {
    expect(answersSchema.safeParse({ household: { township: 'dongshan', village: '松林村' } }).success).toBe(true);
    const wrong = answersSchema.safeParse({ household: { township: 'xihe', village: '松林村' } });
    expect(wrong.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['household.village', t('check.err.village')]]);
  });

  it('reads an /apply/ form into the body of the JSON API', () => {
    const form = new URLSearchParams([
      ...applicationFields,
      ['answers.child.care', 'relatives'],
      ['answers.situations', 'none'],
      ['entitlements', 'nutrition-lunch'],
      ['consent.agreed', 'yes'],
    ]);
    const { body, errors } = readForm('apply', form, { today: TODAY, say });
    expect(errors).toEqual([]);
    expect(body).toEqual({
      applicant: { name: '王秀兰', relationship: 'grandparent', phone: '13800138000' },
      child: { name: '李小明', birthDate: '2017-05-10' },
      address: { township: 'dongshan', village: '松林村', detail: '三组 12 号' },
      answers: { child: { care: 'relatives' }, situations: Object.fromEntries(Object.keys(CHOICES.situation).map((k) => [k, false])) },
      entitlements: ['nutrition-lunch'],
      consent: { agreed: true },
    });
  });
});
