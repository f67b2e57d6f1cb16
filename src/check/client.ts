/**
 * The checker in the browser: shows one step at a time, validates it (GOV.UK error summary,
 * focus on the summary or the step heading), then evaluates the same rules as the Worker
 * and shows the results. Nothing leaves the browser: the chosen entitlements and the answers
 * go to /apply/ through sessionStorage only if the person decides to apply.
 */
import type { Answers, DisabilityGrade } from '../eligibility/answers.ts';
import { isRealDate, todayInChina } from '../eligibility/age.ts';
import { evaluate, type Decision, type EligibilityResult } from '../eligibility/engine.ts';
import { RULES } from '../eligibility/rules/index.ts';
import { createStepper, syncReveals, type FieldError } from '../forms/stepper.ts';
import { exclusiveNone } from '../forms/checks.ts';
import { stepsFor } from './journey.ts';
import { CHECK_STORAGE_KEY, type CheckHandOver } from './handover.ts';

interface Fact { title: string; lead: string; materials: string[]; access: 'online' | 'report' | 'contact' }
type Messages = Record<string, string>;

const $ = <T extends HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector<T>(sel)!;
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { class?: string } = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  const { class: cls, ...rest } = props;
  Object.assign(node, rest);
  if (cls) node.className = cls;
  node.append(...children);
  return node;
}

export function startChecker(): void {
  const form = $<HTMLFormElement>('#checker');
  const results = $<HTMLElement>('#results');
  const messages = JSON.parse($('#check-messages').textContent!) as Messages;
  const facts = JSON.parse($('#entitlement-facts').textContent!) as Record<string, Fact>;
  const today = todayInChina();

  form.hidden = false;

  const radio = (name: string): string | undefined => {
    const checked = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
    return checked && checked.value !== '' ? checked.value : undefined;
  };
  const bool = (name: string): boolean | undefined => {
    const v = radio(name);
    return v === undefined ? undefined : v === 'true';
  };
  const text = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement).value.trim();

  /** The answers of the steps that apply; answers on skipped steps are ignored. */
  function collect(): { answers: Answers; errors: FieldError[] } {
    const errors: FieldError[] = [];
    const answers: Answers = { child: {}, household: {}, situations: {} };
    const child = answers.child!;
    const [y, m, d] = [text('birthYear'), text('birthMonth'), text('birthDay')];
    if (y || m || d) {
      if (!y || !m || !d || !/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) errors.push({ field: 'child.birthDate', message: messages.errDate! });
      else {
        const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
        if (!isRealDate(iso)) errors.push({ field: 'child.birthDate', message: messages.errDateReal! });
        else if (iso > today) errors.push({ field: 'child.birthDate', message: messages.errDateFuture! });
        else child.birthDate = iso;
      }
    }
    const age = text('age');
    if (age) {
      if (!/^\d{1,2}$/.test(age) || Number(age) > 30) errors.push({ field: 'child.age', message: messages.errAge! });
      else child.age = Number(age);
    }
    child.hukou = radio('child.hukou') as never;
    child.care = radio('child.care') as never;
    const steps = stepsFor(answers, today);
    if (steps.includes('school')) child.schoolStage = radio('child.schoolStage') as never;
    if (steps.includes('health')) {
      child.disabled = bool('child.disabled');
      const grade = radio('child.disabilityGrade');
      if (child.disabled && grade) child.disabilityGrade = Number(grade) as DisabilityGrade;
      child.seriouslyIll = bool('child.seriouslyIll');
    }
    if (steps.includes('parents')) {
      answers.father = radio('father') as never;
      answers.mother = radio('mother') as never;
    }
    if (steps.includes('household')) {
      const h = answers.household!;
      h.assistance = radio('household.assistance') as never;
      h.suddenHardship = bool('household.suddenHardship');
      h.unemployedAdult = bool('household.unemployedAdult');
      h.area = radio('household.area') as never;
      h.township = text('household.township') || undefined;
    }
    if (steps.includes('situations')) {
      const ticked = [...form.querySelectorAll<HTMLInputElement>('input[name="situations"]:checked')].map((i) => i.value);
      if (ticked.length) {
        for (const box of form.querySelectorAll<HTMLInputElement>('input[name="situations"]')) {
          if (box.value !== 'none') answers.situations![box.value as keyof NonNullable<Answers['situations']>] = ticked.includes(box.value);
        }
      }
    }
    return { answers: prune(answers), errors };
  }

  function stepErrors(step: string, errors: FieldError[]) {
    const section = $<HTMLElement>(`section[data-step="${step}"]`, form);
    return errors.filter((e) => section.querySelector(`[data-field="${e.field}"]`));
  }

  // 「以上都没有」 clears the other boxes, and the other boxes clear it.
  exclusiveNone(form);
  form.addEventListener('change', () => syncReveals(form));

  const stepper = createStepper({
    form,
    steps: () => stepsFor(collect().answers, today),
    validate: (step) => stepErrors(step, collect().errors),
    onShow: () => syncReveals(form),
    onFinish: (ev) => {
      ev.preventDefault();
      showResults(collect().answers);
    },
    messages: { progress: messages.progress!, next: messages.next!, finish: messages.finish! },
  });

  function showResults(answers: Answers): void {
    const result = evaluate(RULES, answers, today);
    renderResults(result, facts, messages);
    form.hidden = true;
    results.hidden = false;
    sessionStorage.setItem(CHECK_STORAGE_KEY + '.answers', JSON.stringify(answers));
    $<HTMLElement>('#results-title').focus();
  }

  $('#change').addEventListener('click', () => {
    results.hidden = true;
    form.hidden = false;
    stepper.show('child');
  });
  $('#print').addEventListener('click', () => window.print());

  $<HTMLFormElement>('#apply-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const chosen = [...document.querySelectorAll<HTMLInputElement>('input[name="e"]:checked')].map((i) => i.value);
    const error = $<HTMLElement>('#apply-error');
    error.hidden = chosen.length > 0;
    if (!chosen.length) return;
    const answers = JSON.parse(sessionStorage.getItem(CHECK_STORAGE_KEY + '.answers') ?? '{}') as Answers;
    const handOver: CheckHandOver = { entitlements: chosen, answers, at: today };
    sessionStorage.setItem(CHECK_STORAGE_KEY, JSON.stringify(handOver));
    location.assign('/apply/');
  });

  stepper.show('child');
  // The first focus should not jump past the page's introduction.
  window.scrollTo(0, 0);
}

/** Drops empty objects and undefined values, so 'not answered' is simply absent. */
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

function renderResults(result: EligibilityResult, facts: Record<string, Fact>, messages: Messages): void {
  const groups = $<HTMLElement>('#results-groups');
  groups.replaceChildren();
  $('#results-counts').textContent = fill(messages.counts!, {
    eligible: result.summary.eligible.length,
    maybe: result.summary.maybe.length,
    ineligible: result.summary.ineligible.length,
  });
  $<HTMLElement>('#results-adult').hidden = !(result.age !== null && result.age >= 18);
  const order: Decision[] = ['eligible', 'maybe', 'ineligible'];
  for (const decision of order) {
    const items = result.results.filter((r) => r.decision === decision);
    const section = el('section', { class: `result-group ${decision}` }, el('h3', {}, `${messages[decision]}（${items.length}）`));
    if (!items.length) section.append(el('p', {}, messages.none!));
    for (const r of items) {
      const fact = facts[r.slug]!;
      const box = el('div', { class: `result ${decision}` });
      const title = el('h4', {}, el('a', { href: `/entitlements/${r.slug}/` }, fact.title));
      box.append(title);
      if (decision !== 'ineligible') {
        if (fact.access === 'online') {
          const id = `apply-${r.slug}`;
          const check = el('input', { type: 'checkbox', name: 'e', value: r.slug, id, checked: decision === 'eligible' });
          box.append(el('div', { class: 'checkbox' }, check, el('label', { htmlFor: id }, `${messages.choose}：${fact.title}`)));
        } else {
          box.append(el('p', {}, messages.offline!));
        }
      }
      const why = el('ul', {}, ...r.criteria.map((c) => el('li', {}, el('span', { class: `badge ${c.status}` }, c.statusLabel), ' ', c.reason, el('br'), el('small', {}, `依据：${c.basis}`))));
      box.append(el('details', { open: decision !== 'ineligible' }, el('summary', {}, messages.why!), why));
      if (decision !== 'ineligible') {
        box.append(
          el('p', {}, el('strong', {}, `${messages.dept}：`), fact.lead),
          el('details', {}, el('summary', {}, messages.materials!), el('ul', {}, ...fact.materials.map((m) => el('li', {}, m)))),
          el('p', {}, el('strong', {}, `${messages.ask}：`), r.ask),
        );
      }
      section.append(box);
    }
    groups.append(section);
  }
  const na = $<HTMLElement>('#results-not-assessed');
  na.replaceChildren();
  if (result.notAssessed.length) na.append(el('h3', {}, messages.notAssessed!), el('ul', {}, ...result.notAssessed.map((x) => el('li', {}, x))));
}
