/** Console forms: submitting with the API's field errors shown, and the small conversions the views share. */
import { ApiProblem } from './api.ts';
import { consoleMessages } from './context.ts';
import { h } from './dom.ts';
import { showErrors } from '../forms/stepper.ts';

/** Submits a console form: shows field errors from the API, or runs `done`. */
export function onSubmit(
  form: HTMLFormElement,
  send: (data: FormData) => Promise<unknown>,
  done: (result: unknown) => void,
): HTMLFormElement {
  form.noValidate = true;
  form.prepend(
    h(
      'div',
      { class: 'error-summary', tabindex: -1, role: 'alert', hidden: true },
      h('h3', {}, consoleMessages()['form.error.title']),
      h('ul'),
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    try {
      const result = await send(new FormData(form));
      showErrors(form, []);
      done(result);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const fields = Object.entries(error.fields).map(([f, message]) => ({ field: f, message }));
      const known = fields.filter((f) => form.querySelector(`[data-field="${f.field}"]`));
      showErrors(
        form,
        known.length ? known : [{ field: form.querySelector<HTMLElement>('[data-field]')?.dataset.field ?? '', message: error.message }],
      );
    } finally {
      if (button) button.disabled = false;
    }
  });
  return form;
}

/** FormData values without the empty ones, so optional fields stay absent. */
export function compact(o: Record<string, FormDataEntryValue | null | undefined | boolean | string[]>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

/** datetime-local (the browser's local time) → ISO with offset. */
export function toIso(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}
