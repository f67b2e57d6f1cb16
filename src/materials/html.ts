/**
 * The checklist of materials as HTML, with an upload form per item: one renderer for the
 * Worker (the confirmation after /apply/ and a status lookup posted without JavaScript) and
 * the browser (/status/ with JavaScript, the preview on /apply/), so both read the same. Each
 * form is a plain multipart post to POST /api/applications/:reference/files that works
 * without JavaScript; src/materials/client.ts takes it over when the script runs. Every text
 * is escaped.
 */
import { escapeHtml as e } from '../check/results-html.ts';
import { FILE_TYPES, materialInfo } from '../domain/materials.ts';
import { format } from '../i18n/format.ts';

export interface MaterialsMessages {
  title: string;
  intro: string;
  limits: string;
  required: string;
  later: string;
  requested: string;
  received: string;
  notYet: string;
  choose: string;
  upload: string;
  none: string;
}

/** An item as the renderer takes it: a checklist item (the preview), or one of a status answer. */
export interface ShownItem {
  item: string;
  title: string;
  required: boolean;
  received?: number;
  requested?: boolean;
}

/** Where the forms post, and what they carry besides the files. Absent: a checklist without forms. */
export interface UploadTarget {
  reference: string;
  accessCode: string;
  /** One per form: a post sent twice (a reload) stores nothing twice. */
  idempotencyKey: () => string;
}

/** What the file inputs offer: photos (any the phone takes; the script makes them JPEG) and the accepted types. */
export const ACCEPT = ['image/*', ...Object.keys(FILE_TYPES)].join(',');

/**
 * The checklist; with `target`, an upload form under each item. A notice (a refusal, or what
 * was received) comes first. `level` is the heading level of the items, under the page's own.
 */
export function materialsHtml(
  items: readonly ShownItem[],
  m: MaterialsMessages,
  options: { target?: UploadTarget; notice?: { error: boolean; text: string }; level?: 3 | 4 } = {},
): string {
  const { target, notice, level = 3 } = options;
  if (!items.length) return `<p>${e(m.none)}</p>`;
  const banner = notice
    ? notice.error
      ? `<div class="error-summary" role="alert" tabindex="-1" autofocus><p>${e(notice.text)}</p></div>`
      : `<p class="notice" role="status">${e(notice.text)}</p>`
    : '';
  const list = items.map((i) => {
    const id = `material-${e(i.item)}`;
    const { hint } = materialInfo(i.item);
    const badges = [
      `<span class="badge ${i.required ? 'required' : 'later'}">${e(i.required ? m.required : m.later)}</span>`,
      i.requested ? `<span class="badge requested">${e(m.requested)}</span>` : '',
    ].join(' ');
    const received =
      i.received === undefined
        ? ''
        : `<p class="material-received" data-received="${i.received}">${e(i.received ? format(m.received, { n: i.received }) : m.notYet)}</p>`;
    const form = target
      ? `<form class="material-upload" action="/api/applications/${e(encodeURIComponent(target.reference))}/files" method="post" enctype="multipart/form-data">` +
        `<input type="hidden" name="accessCode" value="${e(target.accessCode)}">` +
        `<input type="hidden" name="item" value="${e(i.item)}">` +
        `<input type="hidden" name="idempotencyKey" value="${e(target.idempotencyKey())}">` +
        `<div class="field" data-field="file"><label class="block" for="${id}-file">${e(m.choose)}<span class="sr-only">：${e(i.title)}</span></label>` +
        `<input type="file" id="${id}-file" name="file" multiple accept="${e(ACCEPT)}"></div>` +
        `<button type="submit" class="secondary">${e(m.upload)}<span class="sr-only">：${e(i.title)}</span></button>` +
        `<ul class="uploads" aria-live="polite"></ul></form>`
      : '';
    return (
      `<li class="material" id="${id}" data-item="${e(i.item)}"><h${level}>${e(i.title)}</h${level}><p>${badges}</p>` +
      `${hint ? `<p class="hint">${e(hint)}</p>` : ''}${received}${form}</li>`
    );
  });
  const intro = target ? `<p>${e(m.intro)}</p><p class="hint">${e(m.limits)}</p>` : '';
  return `${banner}${intro}<ul class="materials">${list.join('')}</ul>`;
}
