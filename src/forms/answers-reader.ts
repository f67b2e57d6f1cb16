/**
 * A posted form → the body of its JSON API, read through the question registry: the checker's
 * and the application form's fields alike, in the browser (FormData) and in the Worker (a form
 * posted without JavaScript, URLSearchParams). The same checks run on both paths, with the
 * same words: a required field left empty, a date or an age that cannot be read, a phone or
 * ID number in the wrong shape. Everything else is the schema's job in the Worker.
 */
import { OLDEST_BIRTH_YEARS } from '../eligibility/age.ts';
import type { Answers } from '../eligibility/answers.ts';
import { stepsFor } from '../check/journey.ts';
import { idNumberProblem, mobileProblem } from '../domain/validators.ts';
import type { MessageKey } from '../i18n/index.ts';
import { tickedToFlags } from '../schemas/checkboxes.ts';
import { dateProblem, isoFromParts } from './dates.ts';
import { answerPaths, askedOn, errorField, fieldNames, QUESTIONS, type AskedQuestion, type FormId, type Question } from './questions.ts';

export interface FieldSource {
  get(name: string): unknown;
  getAll(name: string): unknown[];
}

/** Looks up a message: t() in the Worker, the page's embedded messages in the browser. */
export type Say = (key: MessageKey) => string;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ReadOptions {
  today: string;
  say: Say;
  questions?: readonly Question[];
}

type Fields = Record<string, unknown>;

const isGroup = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(target: unknown, path: string): unknown {
  let node = target;
  for (const part of path.split('.')) {
    if (!isGroup(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Sets `a.b.c` in `target`, making (or replacing) the groups on the way. */
export function setPath(target: Fields, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isGroup(node[part])) node[part] = {};
    node = node[part] as Fields;
  }
  node[parts.at(-1)!] = value;
}

/** A group's plain values merged into `target` at `path` (a place fills address.township and address.village). */
function mergeAt(target: Fields, path: string, values: Fields): void {
  for (const [k, v] of Object.entries(values)) setPath(target, `${path}.${k}`, v);
}

interface Read {
  value?: unknown;
  /** A group of values to merge at the path (place). */
  group?: Fields;
  problem?: string;
}

function readOne(q: AskedQuestion, src: FieldSource, o: ReadOptions): Read {
  const [name] = fieldNames(q);
  const text = (n: string) => String(src.get(n) ?? '').trim();
  const required = q.ask.required;
  switch (q.kind) {
    case 'date': {
      const [y, m, d] = fieldNames(q).map(text) as [string, string, string];
      if (!y && !m && !d) return required ? { problem: o.say(required) } : {};
      const problem = dateProblem(y, m, d, o.today, {
        missing: o.say(required ?? 'check.err.date'),
        unreal: o.say('check.err.dateReal'),
        future: o.say('check.err.dateFuture'),
        tooOld: o.say('check.err.dateOld').replace('{years}', String(OLDEST_BIRTH_YEARS)),
      });
      return problem ? { problem } : { value: isoFromParts(y, m, d) };
    }
    case 'age': {
      const v = text(name!);
      if (!v) return {};
      if (!/^\d{1,2}$/.test(v) || Number(v) > 30) return { problem: o.say('check.err.age') };
      return { value: Number(v) };
    }
    case 'flags': {
      const flags = tickedToFlags(src.getAll(name!).map(String), Object.keys(q.options ?? {}));
      return flags ? { value: flags } : required ? { problem: o.say(required) } : {};
    }
    case 'list': {
      const values = src
        .getAll(name!)
        .map((v) => String(v).trim())
        .filter(Boolean);
      return values.length || !required ? { value: values } : { value: values, problem: o.say(required) };
    }
    case 'agree': {
      const agreed = text(name!) === 'yes';
      return agreed || !required ? { value: agreed } : { value: agreed, problem: o.say(required) };
    }
    case 'place': {
      const [township, village] = text(name!).split('/');
      if (!township) return required ? { problem: o.say(required) } : {};
      return { group: { township, ...(village ? { village } : {}) } };
    }
    default: {
      const v = text(name!);
      if (!v) return required ? { problem: o.say(required) } : {};
      if (q.kind === 'yesNo') return { value: v === 'true' ? true : v === 'false' ? false : v };
      if (q.kind === 'choice' && q.numeric && /^\d+$/.test(v)) return { value: Number(v) };
      const problem = q.kind === 'phone' ? mobileProblem(v) : q.kind === 'idNumber' ? idNumberProblem(v) : null;
      return problem ? { value: v, problem } : { value: v };
    }
  }
}

/** Whether a question counts for these answers: its step is on the checker's journey, its reveal condition holds. */
function counts(q: AskedQuestion, form: FormId, answers: Answers, today: string): boolean {
  if (q.revealWhen && String(getPath(answers, q.revealWhen.answer)) !== q.revealWhen.value) return false;
  return form !== 'check' || (stepsFor(answers, today) as string[]).includes(q.ask.step);
}

/**
 * The form's fields as the body of its JSON API, the checker's answers on their own, and the
 * problems found, each against its field (the data-field of its markup). Questions the journey
 * skips, or whose reveal condition does not hold, are left out, as the browser never shows them.
 */
export function readForm(form: FormId, src: FieldSource, o: ReadOptions): { body: Fields; answers: Answers; errors: FieldProblem[] } {
  const asked = askedOn(form, o.questions ?? QUESTIONS);
  const reads = asked.map((q) => [q, readOne(q, src, o)] as const);
  const answers: Fields = {};
  for (const [q, r] of reads) {
    if (!q.answer || r.problem) continue;
    if (r.group) mergeAt(answers, q.answer, r.group);
    else if (r.value !== undefined) setPath(answers, q.answer, r.value);
  }
  const body: Fields = {};
  const errors: FieldProblem[] = [];
  for (const [q, r] of reads) {
    if (!counts(q, form, answers as Answers, o.today)) continue;
    if (r.problem) errors.push({ field: errorField(q), message: r.problem });
    if (r.group) mergeAt(body, q.path, r.group);
    else if (r.value !== undefined) setPath(body, q.path, r.value);
  }
  const kept: Fields = {};
  for (const q of asked) {
    if (!q.answer || !counts(q, form, answers as Answers, o.today)) continue;
    for (const path of answerPaths(q)) {
      const v = getPath(answers, path);
      if (v !== undefined) setPath(kept, path, v);
    }
  }
  return { body, answers: kept as Answers, errors };
}

/** The problems on one step of a form, for the browser's check before it moves on. */
export function stepProblems(form: FormId, step: string, src: FieldSource, o: ReadOptions): FieldProblem[] {
  const onStep = new Set(askedOn(form, o.questions ?? QUESTIONS, step).map(errorField));
  return readForm(form, src, o).errors.filter((e) => onStep.has(e.field));
}

/**
 * The checker's answers as the values of a form's fields, for pre-filling /apply/ from /check/:
 * {name: [values]} in the shape a form draft takes.
 */
export function fieldsFromAnswers(form: FormId, answers: Answers, questions: readonly Question[] = QUESTIONS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const q of askedOn(form, questions)) {
    if (!q.answer) continue;
    const names = fieldNames(q);
    if (q.kind === 'place') {
      // "<township>/<village>", or "<township>/" when only the township was answered.
      const [township, village] = answerPaths(q).map((p) => getPath(answers, p));
      if (township !== undefined) out[names[0]!] = [`${String(township)}/${village === undefined ? '' : String(village)}`];
      continue;
    }
    const v = getPath(answers, q.answer);
    if (v === undefined) continue;
    if (q.kind === 'date') {
      const [y, m, d] = String(v).split('-');
      [y, String(Number(m)), String(Number(d))].forEach((part, i) => (out[names[i]!] = [part!]));
    } else if (q.kind === 'flags' && isGroup(v)) {
      const ticked = Object.entries(v)
        .filter(([, on]) => on === true)
        .map(([k]) => k);
      out[names[0]!] = ticked.length ? ticked : ['none'];
    } else out[names[0]!] = [String(v)];
  }
  return out;
}
