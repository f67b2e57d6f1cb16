/**
 * Console forms (GOV.UK patterns): submitting with the API's field errors shown at their
 * fields and in an error summary, the choice questions the views share, and the small
 * conversions from a form to the API's JSON.
 */
import { ApiProblem } from './api.ts';
import { say, scopeOf, type Context } from './context.ts';
import { field, h, select, uid, type Child } from './dom.ts';
import { showErrors } from '../forms/stepper.ts';
import { NOTE_MAX } from '../domain/text-limits.ts';

/** Submits a console form: shows field errors from the API, or runs `done`. */
export function onSubmit<T>(form: HTMLFormElement, send: (data: FormData) => Promise<T>, done: (result: T) => void): HTMLFormElement {
  form.noValidate = true;
  form.prepend(
    h('div', { class: 'error-summary', tabindex: -1, role: 'alert', hidden: true }, h('h3', {}, say('form.error.title')), h('ul')),
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
      const problem = error instanceof ApiProblem ? error : new ApiProblem(0, say('staff.error.generic'), {});
      // "child.name" and the like: shown at the field named so, else at the closest field whose name starts the path.
      const at = (path: string) =>
        [path, ...path.split('.').map((_, i, parts) => parts.slice(0, parts.length - 1 - i).join('.'))].find(
          (p) => p && form.querySelector(`[data-field="${p}"]`),
        );
      const fields = Object.entries(problem.fields).flatMap(([f, message]) => {
        const field = at(f);
        return field ? [{ field, message }] : [];
      });
      showErrors(form, fields.length ? fields : [{ field: '', message: problem.message }]);
    } finally {
      if (button) button.disabled = false;
    }
  });
  return form;
}

/**
 * A form that saves one thing: its parts (a heading, the questions, the button) and what it
 * sends; once the API takes it, the console says what was saved and goes on, usually to the same
 * view reloaded (the message shows after that view renders).
 */
export function saveForm<T>(
  c: Pick<Context, 'flash'>,
  parts: Child[],
  o: { send: (data: FormData) => Promise<T>; saved: (result: T) => string; next: (result: T) => void },
): HTMLFormElement {
  return onSubmit(h('form', {}, ...parts), o.send, (result) => {
    c.flash(o.saved(result));
    o.next(result);
  });
}

/** What was typed or chosen, trimmed ('' when nothing). */
export const value = (data: FormData, name: string): string => String(data.get(name) ?? '').trim();

/** What was typed or chosen, or undefined when nothing, so an optional field stays absent. */
export const maybe = (data: FormData, name: string): string | undefined => value(data, name) || undefined;

/** datetime-local (the browser's local time) → ISO with offset. */
export function toIso(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** A date input (yyyy-mm-dd, the browser's local day) → the end of that day as ISO; undefined when empty. */
export function dayEnd(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(`${local}T23:59:59`);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** A note or a reason: free text, as long as the API takes. */
export const textarea = (rows = 2): HTMLTextAreaElement => h('textarea', { rows, maxlength: NOTE_MAX });

/** A form's submit button, in its actions row. */
export const submit = (text: string): HTMLElement => h('div', { class: 'actions' }, h('button', { type: 'submit' }, text));

type Option = { value: string; label: string | Node; hint?: string };

/**
 * One question of radios or checkboxes in a fieldset, with its error slot (data-field for
 * showErrors). `inline` lays short options side by side.
 */
export function choices(
  type: 'radio' | 'checkbox',
  name: string,
  legend: string | Node,
  options: Option[],
  checked: readonly string[] = [],
  o: { inline?: boolean; hint?: string; legendClass?: string } = {},
): HTMLElement {
  const id = uid(name);
  const hint = o.hint ? h('p', { class: 'hint', id: `${id}-hint` }, o.hint) : null;
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h(
      'fieldset',
      { 'aria-describedby': hint ? hint.id : null },
      h('legend', { class: o.legendClass ?? null }, legend),
      hint,
      h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
      h(
        'div',
        { class: o.inline ? 'radios inline' : null },
        ...options.map((opt, i) => {
          const optId = `${id}-${i}`;
          const optHint = opt.hint ? h('span', { class: 'hint', id: `${optId}-hint` }, opt.hint) : null;
          return h(
            'div',
            { class: type },
            h('input', {
              type,
              name,
              value: opt.value,
              id: optId,
              checked: checked.includes(opt.value),
              'aria-describedby': optHint ? optHint.id : null,
            }),
            h('label', { for: optId }, opt.label, optHint ? h('br') : null, optHint),
          );
        }),
      ),
    ),
  );
}

/**
 * A record's next step: the moves its status model allows this member (the API sends them),
 * with the notes the move takes. Applications, volunteers, reports and files share it.
 */
export function moveForm<T extends { statusLabel: string }>(
  c: Pick<Context, 'flash'>,
  o: {
    title: string;
    allowed: { to: string; label: string }[];
    notes: { name: string; label: string; hint?: string; rows?: number }[];
    send: (json: { to: string } & Record<string, string | undefined>) => Promise<T>;
    reload: () => void;
  },
): HTMLFormElement {
  return saveForm(
    c,
    [
      h('h3', {}, o.title),
      field('to', say('staff.move.to'), select(o.allowed.map((a): [string, string] => [a.to, a.label]))),
      ...o.notes.map((n) => field(n.name, n.label, textarea(n.rows), n.hint)),
      submit(say('staff.save')),
    ],
    {
      send: (data) => o.send({ to: value(data, 'to'), ...Object.fromEntries(o.notes.map((n) => [n.name, maybe(data, n.name)])) }),
      saved: (moved) => say('staff.move.saved', { status: moved.statusLabel }),
      next: o.reload,
    },
  );
}

/** A list's filters: what is chosen goes into the address (#/cases?township=…); nothing personal is ever a filter. */
export function filterForm(c: Pick<Context, 'go'>, hash: string, fields: HTMLElement[]): HTMLFormElement {
  const form = h('form', { class: 'no-print', 'aria-label': say('staff.filter') }, ...fields, submit(say('staff.filter')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, String(v));
    c.go(`${hash}${q.size ? `?${q}` : ''}`);
  });
  return form;
}

/** A list's township filter: 「全部」 or one of the townships in the member's scope. */
export function townshipFilter(c: Pick<Context, 'me' | 'config'>, selected: string): HTMLElement {
  return field(
    'township',
    say('staff.township'),
    select([['', say('staff.all')], ...scopeOf(c).map((t): [string, string] => [t.id, t.name])], selected),
  );
}
