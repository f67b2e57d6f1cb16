/**
 * The checker's fields → Answers, with the same skip logic as the questionnaire: the browser
 * reads its form with it, and the Worker reads a form posted without JavaScript. Unanswered
 * fields (empty, or 「不清楚」) stay absent.
 */
import { SITUATIONS, type Answers, type DisabilityGrade } from '../eligibility/answers.ts';
import { dateProblem, isoFromParts } from '../forms/dates.ts';
import { tickedToFlags } from '../schemas/checkboxes.ts';
import { stepsFor } from './journey.ts';

export interface FieldSource {
  get(name: string): unknown;
  getAll(name: string): unknown[];
}

export interface FormAnswerMessages {
  errDate: string;
  errDateReal: string;
  errDateFuture: string;
  errAge: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export function answersFromForm(src: FieldSource, today: string, m: FormAnswerMessages): { answers: Answers; errors: FieldProblem[] } {
  const text = (name: string) => String(src.get(name) ?? '').trim();
  const choice = (name: string) => text(name) || undefined;
  const bool = (name: string) => (text(name) === 'true' ? true : text(name) === 'false' ? false : undefined);
  const errors: FieldProblem[] = [];
  const child: NonNullable<Answers['child']> = {};
  const [y, mo, d] = [text('birthYear'), text('birthMonth'), text('birthDay')];
  if (y || mo || d) {
    const problem = dateProblem(y, mo, d, today, { missing: m.errDate, unreal: m.errDateReal, future: m.errDateFuture });
    if (problem) errors.push({ field: 'child.birthDate', message: problem });
    else child.birthDate = isoFromParts(y, mo, d);
  }
  const age = text('age');
  if (age) {
    if (!/^\d{1,2}$/.test(age) || Number(age) > 30) errors.push({ field: 'child.age', message: m.errAge });
    else child.age = Number(age);
  }
  child.hukou = choice('child.hukou') as never;
  child.care = choice('child.care') as never;
  const answers: Answers = { child };
  const steps = stepsFor(answers, today);
  if (steps.includes('school')) child.schoolStage = choice('child.schoolStage') as never;
  if (steps.includes('health')) {
    child.disabled = bool('child.disabled');
    const grade = text('child.disabilityGrade');
    if (child.disabled && /^[1-4]$/.test(grade)) child.disabilityGrade = Number(grade) as DisabilityGrade;
    child.seriouslyIll = bool('child.seriouslyIll');
  }
  if (steps.includes('parents')) {
    answers.father = choice('father') as never;
    answers.mother = choice('mother') as never;
  }
  if (steps.includes('household')) {
    answers.household = {
      assistance: choice('household.assistance') as never,
      suddenHardship: bool('household.suddenHardship'),
      unemployedAdult: bool('household.unemployedAdult'),
      area: choice('household.area') as never,
      township: choice('household.township'),
    };
  }
  if (steps.includes('situations')) {
    const situations = tickedToFlags(src.getAll('situations').map(String), Object.keys(SITUATIONS));
    if (situations) answers.situations = situations;
  }
  return { answers: prune(answers), errors };
}

/** Drops undefined values and empty groups, so 'not answered' is simply absent. */
function prune(answers: Answers): Answers {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(answers)) {
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null) {
      const inner = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out as Answers;
}
