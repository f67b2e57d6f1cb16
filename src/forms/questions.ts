/**
 * The question registry: every question the checker (/check/) and the application form
 * (/apply/) ask, declared once, in the spirit of alphagov/forms-runner's question models. From
 * it come the markup of both forms (components/form/Question.astro), the reader from a posted
 * form to answers (answers-reader.ts: the browser, POST /api/eligibility and POST
 * /api/applications alike), the browser's checks of a step, and the pre-fill of /apply/ from
 * the checker's answers. Pure data: no DOM, no zod, no dictionary (labels are message keys).
 *
 * Adding a question means: an entry here, its key in the Answers type (eligibility/answers.ts
 * and answers-schema.ts), a rule that uses it, and its words in i18n/zh-CN.json.
 */
import { CHOICES } from '../eligibility/answers.ts';
import type { MessageKey } from '../i18n/index.ts';
import { RELATIONSHIPS } from '../domain/relationships.ts';

/**
 * How a question is asked and read:
 * - choice: radios, one value (a key of `options`);
 * - yesNo: radios 有/没有, read as a boolean;
 * - flags: checkboxes with an exclusive 「以上都没有」, read as {key: true|false};
 * - date: three boxes 年/月/日, read as YYYY-MM-DD;
 * - age: whole years, a number;
 * - place: one select of township and village ("<township>/<village>"), read as {township, village};
 *   its answer is a group (`household` holds household.township and household.village);
 * - text, phone, idNumber, longText: typed text;
 * - list: checkboxes, read as the list of ticked values (the options come from the page);
 * - agree: one checkbox that says yes.
 */
export type QuestionKind =
  'choice' | 'yesNo' | 'flags' | 'date' | 'age' | 'place' | 'text' | 'phone' | 'idNumber' | 'longText' | 'list' | 'agree';

/** The forms that ask questions from the registry. */
export type FormId = 'check' | 'apply';

/** How one form asks a question. */
export interface Ask {
  /** The step (a <section data-step>) of the form it is asked on. */
  step: string;
  /**
   * Where the value goes in the body the form posts. By default the answer's path with the
   * form's answers prefix (FORM_PREFIX); an application's own field sets its own path.
   */
  path?: string;
  /** Overrides the question's label or hint on this form. */
  label?: MessageKey;
  hint?: MessageKey;
  /** Required on this form: the message when it is left empty. */
  required?: MessageKey;
  /** A place that may be answered with the township alone (「只知道是…」). */
  townshipOnly?: boolean;
}

export interface Question {
  /** Where the answer goes in the checker's Answers ('child.care'); absent for an application's own field. */
  answer?: string;
  kind: QuestionKind;
  /** The choices of a choice or flags question ({key: label}, from src/domain or eligibility/answers.ts). */
  options?: Readonly<Record<string, string>>;
  /** Choice keys that are numbers in the answers (the disability grade). */
  numeric?: boolean;
  label: MessageKey;
  hint?: MessageKey;
  /** The 「不清楚」 choice that leaves a choice unanswered; the 「以上都没有」 of a flags question. */
  unknown?: MessageKey;
  none?: MessageKey;
  /** Radios side by side (short choices). */
  inline?: boolean;
  /** A yesNo question's own words for yes and no (instead of 有/没有). */
  yesNo?: { yes: MessageKey; no: MessageKey };
  /** The choice ticked before the person answers (the default they can change). */
  checked?: string;
  /** Asked only when another answer has this value ('child.disabled=true'): shown beside it with the script. */
  revealWhen?: { answer: string; value: string };
  /** Text inputs. */
  text?: { maxLength: number; autocomplete?: string; width?: string };
  forms: Partial<Record<FormId, Ask>>;
}

/** Where each form puts the checker's answers in the body it posts. */
export const FORM_PREFIX: Record<FormId, string> = { check: '', apply: 'answers.' };

const skip = 'check.skip' satisfies MessageKey;

/** Asked on both forms: on /apply/ with the other circumstances, in one step. */
const both = (check: string): Partial<Record<FormId, Ask>> => ({ check: { step: check }, apply: { step: 'circumstances' } });

export const QUESTIONS: readonly Question[] = [
  // --- /apply/ only: who applies -----------------------------------------------------------
  {
    kind: 'text',
    label: 'apply.q.name',
    text: { maxLength: 30, autocomplete: 'name', width: '14rem' },
    forms: { apply: { step: 'applicant', path: 'applicant.name', required: 'apply.err.name' } },
  },
  {
    kind: 'choice',
    options: RELATIONSHIPS,
    label: 'apply.q.relationship',
    forms: { apply: { step: 'applicant', path: 'applicant.relationship', required: 'apply.err.relationship' } },
  },
  {
    kind: 'phone',
    label: 'apply.q.phone',
    hint: 'apply.q.phone.hint',
    text: { maxLength: 20, autocomplete: 'tel', width: '14rem' },
    forms: { apply: { step: 'applicant', path: 'applicant.phone', required: 'err.phone.required' } },
  },
  {
    // A phone is required, so messages are on unless the family says no (they can switch them off on /status/).
    kind: 'yesNo',
    yesNo: { yes: 'form.sms.yes', no: 'form.sms.no' },
    checked: 'true',
    label: 'form.sms.question',
    hint: 'form.sms.hint',
    forms: { apply: { step: 'applicant', path: 'notify.sms' } },
  },

  // --- The child -----------------------------------------------------------------------------
  {
    kind: 'text',
    label: 'apply.q.childName',
    text: { maxLength: 30, width: '14rem' },
    forms: { apply: { step: 'child', path: 'child.name', required: 'apply.err.childName' } },
  },
  {
    answer: 'child.birthDate',
    kind: 'date',
    label: 'check.q.birthDate',
    hint: 'check.q.birthDate.hint',
    // The application's own birth date, required there; the pre-screening takes it as the answer.
    forms: { check: { step: 'child' }, apply: { step: 'child', path: 'child.birthDate', required: 'apply.err.birth' } },
  },
  { answer: 'child.age', kind: 'age', label: 'check.q.age', forms: { check: { step: 'child' } } },
  {
    kind: 'idNumber',
    label: 'apply.q.childId',
    hint: 'apply.q.childId.hint',
    text: { maxLength: 18, width: '16rem' },
    forms: { apply: { step: 'child', path: 'child.idNumber' } },
  },
  {
    // Where the family lives: on /check/ the township decides whom to ask (the village may be
    // left out); on /apply/ it is the child's address, filled in from the checker's answer.
    // Neither id says who the child is, so both go on to /apply/ with the other answers.
    answer: 'household',
    kind: 'place',
    label: 'apply.q.place',
    hint: 'apply.q.place.hint',
    forms: {
      check: { step: 'household', label: 'check.q.place', hint: 'check.q.place.hint', townshipOnly: true },
      apply: { step: 'child', path: 'address', required: 'apply.err.place' },
    },
  },
  {
    kind: 'text',
    label: 'apply.q.detail',
    hint: 'apply.q.detail.hint',
    text: { maxLength: 100 },
    forms: { apply: { step: 'child', path: 'address.detail', required: 'apply.err.detail' } },
  },
  { answer: 'child.hukou', kind: 'choice', options: CHOICES.hukou, label: 'check.q.hukou', unknown: skip, forms: both('child') },
  { answer: 'child.care', kind: 'choice', options: CHOICES.care, label: 'check.q.care', unknown: skip, forms: both('child') },
  {
    answer: 'child.schoolStage',
    kind: 'choice',
    options: CHOICES.schoolStage,
    label: 'check.q.schoolStage',
    unknown: skip,
    forms: both('school'),
  },
  {
    answer: 'child.disabled',
    kind: 'yesNo',
    label: 'check.q.disabled',
    hint: 'check.q.disabled.hint',
    unknown: skip,
    inline: true,
    forms: both('health'),
  },
  {
    answer: 'child.disabilityGrade',
    kind: 'choice',
    options: CHOICES.disabilityGrade,
    numeric: true,
    label: 'check.q.disabilityGrade',
    unknown: 'check.q.disabilityGrade.unknown',
    inline: true,
    revealWhen: { answer: 'child.disabled', value: 'true' },
    forms: { check: { step: 'health' } },
  },
  {
    answer: 'child.seriouslyIll',
    kind: 'yesNo',
    label: 'check.q.seriouslyIll',
    hint: 'check.q.seriouslyIll.hint',
    unknown: skip,
    inline: true,
    forms: both('health'),
  },

  // --- Parents and household -----------------------------------------------------------------
  { answer: 'father', kind: 'choice', options: CHOICES.parent, label: 'check.q.father', unknown: skip, forms: both('parents') },
  { answer: 'mother', kind: 'choice', options: CHOICES.parent, label: 'check.q.mother', unknown: skip, forms: both('parents') },
  {
    answer: 'household.assistance',
    kind: 'choice',
    options: CHOICES.assistance,
    label: 'check.q.assistance',
    unknown: skip,
    forms: both('household'),
  },
  {
    answer: 'household.suddenHardship',
    kind: 'yesNo',
    label: 'check.q.suddenHardship',
    unknown: skip,
    inline: true,
    forms: both('household'),
  },
  {
    answer: 'household.unemployedAdult',
    kind: 'yesNo',
    label: 'check.q.unemployedAdult',
    unknown: skip,
    inline: true,
    forms: both('household'),
  },
  {
    answer: 'household.area',
    kind: 'choice',
    options: CHOICES.area,
    label: 'check.q.area',
    unknown: skip,
    inline: true,
    forms: both('household'),
  },
  {
    answer: 'situations',
    kind: 'flags',
    options: CHOICES.situation,
    label: 'check.q.situations',
    none: 'check.q.situations.none',
    forms: both('situations'),
  },

  // --- /apply/ only: the request itself ---------------------------------------------------------
  {
    kind: 'longText',
    label: 'apply.q.circumstances',
    hint: 'apply.q.circumstances.hint',
    text: { maxLength: 2000 },
    forms: { apply: { step: 'circumstances', path: 'circumstances' } },
  },
  {
    kind: 'list',
    label: 'apply.q.entitlements',
    hint: 'apply.q.entitlements.hint',
    forms: { apply: { step: 'entitlements', path: 'entitlements', required: 'apply.err.entitlements' } },
  },
  { kind: 'agree', label: 'apply.q.consent', forms: { apply: { step: 'consent', path: 'consent.agreed', required: 'apply.err.consent' } } },
];

/** A question as one form asks it: with the name its field posts under. */
export interface AskedQuestion extends Question {
  ask: Ask;
  /** The path of the value in the posted body ('answers.child.care', 'applicant.name'). */
  path: string;
  /** Whether the value is one of the checker's answers on this form (not an application's own field). */
  isAnswer: boolean;
}

/** The questions a form asks, in order; with `step`, only that step's. */
export function askedOn(form: FormId, questions: readonly Question[] = QUESTIONS, step?: string): AskedQuestion[] {
  const out: AskedQuestion[] = [];
  for (const q of questions) {
    const ask = q.forms[form];
    if (!ask || (step !== undefined && ask.step !== step)) continue;
    const isAnswer = q.answer !== undefined && ask.path === undefined;
    out.push({ ...q, ask, path: ask.path ?? `${FORM_PREFIX[form]}${q.answer}`, isAnswer });
  }
  return out;
}

/**
 * The names a question's inputs post under. A date posts three boxes (child.birthDate →
 * child.birthYear, child.birthMonth, child.birthDay); a place posts one select, whose errors
 * belong to its village.
 */
export function fieldNames(q: AskedQuestion): string[] {
  if (q.kind === 'date') {
    const base = q.path.replace(/Date$/, '');
    return [`${base}Year`, `${base}Month`, `${base}Day`];
  }
  if (q.kind === 'place') return [`${q.path}.place`];
  return [q.path];
}

/** Where a question's answer goes in the checker's Answers: a place fills its township and village. */
export function answerPaths(q: Question): string[] {
  if (!q.answer) return [];
  return q.kind === 'place' ? [`${q.answer}.township`, `${q.answer}.village`] : [q.answer];
}

/** The field an error is reported against (the data-field of its markup). */
export function errorField(q: AskedQuestion): string {
  return q.kind === 'place' ? `${q.path}.village` : q.path;
}

/** The id of a field's first input, linked from the error summary (the Worker links it too). */
export function inputId(field: string): string {
  return field.replace(/\W+/g, '-');
}

/** Every message key the questions of a form use: the page embeds these for its script. */
export function messageKeys(questions: readonly AskedQuestion[]): MessageKey[] {
  const keys = new Set<MessageKey>([
    'check.err.date',
    'check.err.dateReal',
    'check.err.dateFuture',
    'check.err.dateOld',
    'check.err.age',
    'err.phone.required',
  ]);
  for (const q of questions) {
    for (const k of [q.ask.label ?? q.label, q.ask.hint ?? q.hint, q.ask.required]) if (k) keys.add(k);
  }
  return [...keys];
}
