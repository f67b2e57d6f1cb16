/**
 * One question topic per screen, for the forms that run in the browser (/check/, /apply/,
 * /volunteer/, /report/): back and forward, a progress line, the GOV.UK error summary, and
 * focus on the step heading (or on the summary when there are errors) so screen readers
 * announce where the person is. Without JavaScript the forms show every step at once.
 */
import { format } from '../i18n/format.ts';

export interface FieldError {
  /** The data-field of the question, e.g. "applicant.phone". */
  field: string;
  message: string;
}

export interface StepperOptions {
  form: HTMLFormElement;
  /** The steps that apply to the answers so far, in order. */
  steps: () => string[];
  /** Problems with the answers on this step. */
  validate: (step: string) => FieldError[];
  /** The step is about to be shown (fill a summary, sync reveals …). */
  onShow?: (step: string) => void;
  /** Next was pressed on the last step with no problems; prevent the event to stay on the page. */
  onFinish: (event: SubmitEvent) => void;
  messages: { progress: string; next: string; finish: string };
}

export function showErrors(form: HTMLFormElement, errors: FieldError[]): void {
  const summary = form.querySelector<HTMLElement>('.error-summary')!;
  for (const f of form.querySelectorAll('.field.has-error')) f.classList.remove('has-error');
  for (const p of form.querySelectorAll<HTMLElement>('.field .error-message')) p.hidden = true;
  const list = summary.querySelector('ul')!;
  list.replaceChildren();
  for (const e of errors) {
    const field = form.querySelector<HTMLElement>(`[data-field="${e.field}"]`);
    if (!field) {
      // A problem with no field of its own (the server refused the whole request): text only.
      const li = document.createElement('li');
      li.textContent = e.message;
      list.append(li);
      continue;
    }
    field.classList.add('has-error');
    const msg = field.querySelector<HTMLElement>('.error-message');
    if (msg) {
      msg.textContent = e.message;
      msg.hidden = false;
    }
    const input = field.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')!;
    if (msg) input.setAttribute('aria-describedby', [msg.id, input.getAttribute('aria-describedby')].filter(Boolean).join(' '));
    const a = document.createElement('a');
    a.href = `#${input.id}`;
    a.textContent = e.message;
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      input.focus();
    });
    const li = document.createElement('li');
    li.append(a);
    list.append(li);
  }
  summary.hidden = errors.length === 0;
  if (errors.length) summary.focus();
}

export function createStepper(o: StepperOptions) {
  const { form } = o;
  const sections = () => [...form.querySelectorAll<HTMLElement>('section[data-step]')];
  const progress = form.querySelector<HTMLElement>('.progress')!;
  const next = form.querySelector<HTMLButtonElement>('[data-action="next"]')!;
  const back = form.querySelector<HTMLButtonElement>('[data-action="back"]')!;
  let current = o.steps()[0]!;

  function show(step: string, focus = true): void {
    current = step;
    const steps = o.steps();
    const i = steps.indexOf(step);
    for (const s of sections()) s.hidden = s.dataset.step !== step;
    progress.textContent = format(o.messages.progress, { step: i + 1, of: steps.length });
    back.hidden = i <= 0;
    next.textContent = i === steps.length - 1 ? o.messages.finish : o.messages.next;
    o.onShow?.(step);
    if (focus) form.querySelector<HTMLElement>(`section[data-step="${step}"] .step-title`)?.focus();
  }

  form.addEventListener('submit', (ev) => {
    const errors = o.validate(current);
    showErrors(form, errors);
    if (errors.length) {
      ev.preventDefault();
      return;
    }
    const steps = o.steps();
    const i = steps.indexOf(current);
    if (i < steps.length - 1) {
      ev.preventDefault();
      show(steps[i + 1]!);
    } else {
      o.onFinish(ev);
    }
  });
  back.addEventListener('click', () => {
    showErrors(form, []);
    const steps = o.steps();
    const i = steps.indexOf(current);
    if (i > 0) show(steps[i - 1]!);
  });

  return { show, current: () => current };
}

/** Shows the blocks marked data-reveal-when="name=value" when that radio is chosen. */
export function syncReveals(form: HTMLFormElement): void {
  for (const block of form.querySelectorAll<HTMLElement>('[data-reveal-when]')) {
    const [name, value] = block.dataset.revealWhen!.split('=');
    const checked = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
    block.hidden = checked?.value !== value;
  }
}
