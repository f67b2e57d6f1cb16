/**
 * A one-page form (/volunteer/, /report/) in the browser: checks everything on submit, shows
 * the error summary and stops, or lets the ordinary form post go ahead. The draft stays in
 * this tab only. Without JavaScript the form posts as is and the Worker checks it.
 */
import { keepDraft, restoreDraft } from './draft.ts';
import { exclusiveNone } from './checks.ts';
import { showErrors, syncReveals, type FieldError } from './stepper.ts';

export function startSimpleForm(form: HTMLFormElement, draftKey: string, validate: () => FieldError[]): void {
  const key = form.elements.namedItem('idempotencyKey') as HTMLInputElement;
  if (!key.value) key.value = crypto.randomUUID(); // served without the Worker (astro dev)
  restoreDraft(form, draftKey);
  keepDraft(form, draftKey);
  exclusiveNone(form);
  syncReveals(form);
  form.addEventListener('change', () => syncReveals(form));
  form.addEventListener('submit', (ev) => {
    const errors = validate();
    showErrors(form, errors);
    if (errors.length) ev.preventDefault();
  });
}
