/** Tiny DOM helpers for the console: every value goes in as text, never as HTML. */
import { say, type StaffKey } from './context.ts';

/** What an element can hold: a node, text, or nothing (null, undefined, false are left out). */
export type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A view's heading: the console moves focus to it once the view renders (src/staff/app.ts), so a screen reader starts there. */
export const viewTitle = (text: string): HTMLHeadingElement => h('h2', { tabindex: -1 }, text);

let ids = 0;
export const uid = (prefix: string) => `${prefix}-${++ids}`;

/** A labelled field: input, select or textarea, with an error slot (data-field for showErrors). */
export function field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = uid(name.replace(/\W+/g, '-'));
  control.id = id;
  control.setAttribute('name', name);
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { class: 'block', for: id }, label),
    hintEl,
    h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
    control,
  );
}

export function select(options: [value: string, label: string][], selected = ''): HTMLSelectElement {
  return h('select', {}, ...options.map(([v, l]) => h('option', { value: v, selected: v === selected }, l)));
}

/** A table that scrolls inside its own box on a narrow phone, so the page never does. */
export function table(caption: string, head: string[], rows: Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      { class: 'data' },
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

/** What a list's column shows of each record, under the heading its key names. */
export type Columns<T> = { [K in StaffKey]?: (item: T) => Child };

/** Records as a table, a column per heading, each cell beside its heading here; staff.none when there are none. */
export function records<T>(caption: string, items: readonly T[], columns: Columns<T>): HTMLElement {
  if (!items.length) return h('p', {}, say('staff.none'));
  const cells = Object.entries(columns) as [StaffKey, (item: T) => Child][];
  return table(
    caption,
    cells.map(([key]) => say(key)),
    items.map((item) => cells.map(([, cell]) => cell(item))),
  );
}

export function dl(pairs: [string, Child][]): HTMLElement {
  return h('dl', { class: 'summary-list' }, ...pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v ?? '—'))));
}

export const date = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short', hour12: false }) : '—';
/** The day only (a next visit, a birth date): the time of day means nothing there. */
export const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { dateStyle: 'medium' }) : '—');
export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** A risk level as its colour (for the eye only) and its name. */
export function level(key: string | null | undefined, name: string | null | undefined): HTMLElement | string {
  return key && name ? h('span', {}, h('span', { class: `level ${key}`, 'aria-hidden': 'true' }), name) : '—';
}

/** Replaces an element's content, skipping the parts a view leaves out (null, false). */
export function fill(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren(
    ...children
      .filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false)
      .map((c) => (c instanceof Node ? c : String(c))),
  );
}
