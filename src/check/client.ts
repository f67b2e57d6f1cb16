/**
 * The checker in the browser: shows one step at a time, validates it (GOV.UK error summary,
 * focus on the summary or the step heading), then evaluates the same rules as the Worker
 * and shows the results. Nothing leaves the browser: the answers stay in this page's memory,
 * and go to /apply/ through sessionStorage only when the person presses 「继续在线申请」.
 */
import type { Answers } from '../eligibility/answers.ts';
import { todayInChina } from '../eligibility/age.ts';
import { evaluate, type EligibilityResult, type RuleSettings } from '../eligibility/engine.ts';
import { RULES } from '../eligibility/rules/index.ts';
import { createStepper, syncReveals, type FieldError } from '../forms/stepper.ts';
import { readForm } from '../forms/answers-reader.ts';
import { entitlementFacts, notAssessedHtml, resultsHtml, type EntitlementFact, type ResultMessages } from './results-html.ts';
import { exclusiveNone } from '../forms/checks.ts';
import { stepsFor } from './journey.ts';
import { CHECK_STORAGE_KEY, type CheckHandOver } from './handover.ts';
import { format, sayFrom } from '../i18n/format.ts';

type Messages = Record<string, string> & { questions: Record<string, string> };

const $ = <T extends HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector<T>(sel)!;

export function startChecker(): void {
  const form = $<HTMLFormElement>('#checker');
  const results = $<HTMLElement>('#results');
  const messages = JSON.parse($('#check-messages').textContent!) as Messages;
  const leads = JSON.parse($('#entitlement-leads').textContent!) as Record<string, string>;
  const facts = entitlementFacts((department) => leads[department] ?? department);
  const settings = JSON.parse($('#rule-settings').textContent!) as RuleSettings;
  const today = todayInChina();
  /** The answers the results shown were worked out from; kept only here until the person applies. */
  let shownAnswers: Answers = {};

  const say = sayFrom(messages.questions);
  const collect = () => readForm('check', new FormData(form), { today, say });

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
    const result = evaluate(RULES, answers, today, settings);
    renderResults(result, facts, messages);
    form.hidden = true;
    results.hidden = false;
    shownAnswers = answers;
    $<HTMLElement>('#results-title').focus();
  }

  // A link to /check/ without the script; with it, back to the questions with the answers kept.
  $('#change').addEventListener('click', (ev) => {
    ev.preventDefault();
    results.hidden = true;
    form.hidden = false;
    stepper.show('child');
  });
  // Printing needs the script, so the button shows only once it runs.
  const print = $<HTMLButtonElement>('#print');
  print.hidden = false;
  print.addEventListener('click', () => window.print());

  $<HTMLFormElement>('#apply-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const chosen = [...document.querySelectorAll<HTMLInputElement>('input[name="e"]:checked')].map((i) => i.value);
    const error = $<HTMLElement>('#apply-error');
    error.hidden = chosen.length > 0;
    if (!chosen.length) return;
    const handOver: CheckHandOver = { entitlements: chosen, answers: shownAnswers, at: today };
    sessionStorage.setItem(CHECK_STORAGE_KEY, JSON.stringify(handOver));
    location.assign('/apply/');
  });

  stepper.show('child');
  // The first focus should not jump past the page's introduction.
  window.scrollTo(0, 0);
}

function renderResults(result: EligibilityResult, facts: Record<string, EntitlementFact>, messages: Messages): void {
  const m = messages as unknown as ResultMessages;
  // resultsHtml escapes every text it puts in: the same markup the Worker sends without JavaScript.
  $<HTMLElement>('#results-groups').innerHTML = resultsHtml(result, facts, m);
  $<HTMLElement>('#results-not-assessed').innerHTML = notAssessedHtml(result, m);
  $('#results-counts').textContent = format(messages.counts!, {
    eligible: result.summary.eligible.length,
    maybe: result.summary.maybe.length,
    ineligible: result.summary.ineligible.length,
  });
  $<HTMLElement>('#results-adult').hidden = !(result.age !== null && result.age >= 18);
}
