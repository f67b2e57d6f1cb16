/**
 * The materials a family attached, in the console: per item of the checklist, the files that
 * came, with a thumbnail of each photo for the roles that may open documents (readMaterials),
 * and, where the member may ask for more now, the 需补充材料 form that names the items. The case
 * and application pages call renderMaterials; it returns its section, the page places it.
 *
 * A thumbnail or a file is fetched with the session (the console's cookie), then shown from a
 * blob: URL; each fetch is an opening of the file, in the audit log.
 * A thumbnail is the whole decrypted photo drawn small (a Worker has no image library to shrink
 * it), so photos are fetched only when someone asks to see them: on the materials page of an
 * application (#/materials/A-…, opened for that), or with 「显示照片」 on the application's and
 * the child's pages — never just because a page that lists the materials was opened.
 */
import { answer, staff } from '../api.ts';
import { say, type Context } from '../context.ts';
import { h, viewTitle } from '../dom.ts';
import { maybe, saveForm, submit } from '../forms.ts';
import { FILE_TYPES, materialInfo, MATERIAL_KEYS, sizeText, type FileType, type MaterialKey } from '../../domain/materials.ts';
import { NOTE_MAX } from '../../domain/text-limits.ts';

interface StaffFile {
  id: string;
  size: number;
  type: string;
  uploadedAt: string;
  uploadedBy: 'applicant' | 'staff';
}
interface StaffItem {
  item: string;
  title: string;
  required: boolean;
  received: number;
  requested: boolean;
  files: StaffFile[];
}
interface ApplicationMaterials {
  reference: string;
  items: StaffItem[];
}

export type MaterialsSource = { application: string } | { caseFile: string };

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short', hour12: false });

/** A file of an application, fetched with the session: a thumbnail's or an opening's (the audit log says which). */
async function fetchFile(reference: string, id: string, purpose: 'thumbnail' | 'open'): Promise<Blob> {
  const query = purpose === 'thumbnail' ? '?as=thumbnail' : '?download=1';
  const res = await fetch(`/api/staff/applications/${encodeURIComponent(reference)}/files/${encodeURIComponent(id)}${query}`);
  if (!res.ok) throw new Error(String(res.status));
  return res.blob();
}

/** The thumbnails of a section, each fetched when `load` runs (once). */
type Photos = (() => void)[];

function fileRow(reference: string, item: StaffItem, file: StaffFile, n: number, canOpen: boolean, photos: Photos): HTMLElement {
  const kind = file.type.startsWith('image/') ? say('staff.materials.photo') : 'PDF';
  const name = say('staff.materials.fileName', { title: item.title, n });
  const line = say('staff.materials.fileLine', { name, kind, size: sizeText(file.size), at: when(file.uploadedAt) });
  if (!canOpen) return h('li', {}, line);
  const save = h(
    'button',
    { type: 'button', class: 'secondary' },
    say('staff.materials.save'),
    h('span', { class: 'sr-only' }, say('staff.materials.saveWhat', { name })),
  );
  save.addEventListener('click', async () => {
    const blob = await fetchFile(reference, file.id, 'open');
    const a = h('a', { href: URL.createObjectURL(blob), download: `${name}.${FILE_TYPES[file.type as FileType] ?? 'bin'}` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  });
  const li = h('li', {}, h('p', {}, line), save);
  if (file.type.startsWith('image/'))
    photos.push(() => {
      const img = h('img', { alt: name, class: 'material-thumb', width: 160 });
      li.prepend(img);
      void fetchFile(reference, file.id, 'thumbnail')
        .then((blob) => {
          img.src = URL.createObjectURL(blob);
          img.addEventListener('load', () => URL.revokeObjectURL(img.src), { once: true });
        })
        .catch(() => img.replaceWith(h('p', { class: 'hint' }, say('staff.materials.thumbFailed'))));
    });
  return li;
}

function itemsList(app: ApplicationMaterials, canOpen: boolean, level: 'h4' | 'h5', photos: Photos): HTMLElement {
  return h(
    'ul',
    { class: 'materials' },
    ...app.items.map((item) =>
      h(
        'li',
        { class: 'material' },
        h(level, {}, item.title),
        h(
          'p',
          {},
          h(
            'span',
            { class: `badge ${item.required ? 'required' : 'later'}` },
            say(item.required ? 'staff.materials.required' : 'staff.materials.later'),
          ),
          item.requested ? [' ', h('span', { class: 'badge requested' }, say('staff.materials.requested'))] : null,
        ),
        item.files.length
          ? h('ul', { class: 'material-files' }, ...item.files.map((f, i) => fileRow(app.reference, item, f, i + 1, canOpen, photos)))
          : h('p', {}, say('staff.materials.none')),
      ),
    ),
  );
}

/** 需补充材料 with the items named: the family sees them on /status/, and the application comes back once all are in. */
function askForm(c: Context, app: ApplicationMaterials): HTMLFormElement {
  const listed = new Set(app.items.map((i) => i.item));
  // The checklist first, then anything else the office may ask for.
  const keys = [...app.items.map((i) => i.item), ...MATERIAL_KEYS.filter((k) => !listed.has(k))];
  return saveForm(
    c,
    [
      h('h4', {}, say('staff.materials.ask')),
      h(
        'div',
        { class: 'field', 'data-field': 'items' },
        h(
          'fieldset',
          {},
          h('legend', {}, say('staff.materials.ask.items')),
          h('p', { class: 'error-message', id: 'ask-items-error', hidden: true }),
          ...keys.map((k, i) =>
            h(
              'div',
              { class: 'checkbox' },
              h('input', { type: 'checkbox', name: 'items', value: k, id: `ask-item-${i}` }),
              h('label', { for: `ask-item-${i}` }, materialInfo(k).title),
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'field', 'data-field': 'reason' },
        h('label', { class: 'block', for: 'ask-reason' }, say('staff.materials.ask.reason')),
        h('p', { class: 'error-message', id: 'ask-reason-error', hidden: true }),
        h('textarea', { id: 'ask-reason', name: 'reason', rows: 2, maxlength: NOTE_MAX }),
      ),
      submit(say('staff.materials.ask.submit')),
    ],
    {
      send: (data) =>
        answer(
          staff.applications[':reference'].transitions.$post({
            param: { reference: app.reference },
            json: { to: 'needs_info', reason: maybe(data, 'reason'), items: data.getAll('items').map(String) as MaterialKey[] },
          }),
        ),
      saved: () => say('staff.materials.ask.done'),
      next: () => c.go(location.hash),
    },
  );
}

/**
 * The materials of an application (its checklist and files), or of every application of a
 * child's file. The heading is an h3, for a place under the page's h2.
 */
/**
 * 「显示照片（3 张）」: fetches the section's thumbnails when pressed, then goes away (focus moves to
 * the section's heading, so a keyboard user is not left on nothing).
 */
function showPhotosButton(section: HTMLElement, photos: Photos): HTMLElement | null {
  if (!photos.length) return null;
  const box = h(
    'div',
    { class: 'actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          for (const load of photos.splice(0)) load();
          const heading = section.querySelector<HTMLElement>('h3');
          heading?.setAttribute('tabindex', '-1');
          box.remove();
          heading?.focus();
        },
      },
      say('staff.materials.showPhotos', { n: photos.length }),
    ),
    h('p', { class: 'hint' }, say('staff.materials.showPhotos.hint')),
  );
  return box;
}

export async function renderMaterials(
  c: Context,
  source: MaterialsSource,
  o: { photos: 'now' | 'onRequest' } = { photos: 'onRequest' },
): Promise<HTMLElement> {
  const section = h('section', { class: 'staff-materials' }, h('h3', {}, say('staff.materials.title')));
  const photos: Photos = [];
  const finish = () => {
    if (o.photos === 'now') for (const load of photos.splice(0)) load();
    else {
      const button = showPhotosButton(section, photos);
      if (button) section.firstElementChild!.after(button);
    }
    return section;
  };
  if ('application' in source) {
    const data = await answer(staff.applications[':reference'].files.$get({ param: { reference: source.application } }));
    if (!data.canOpen) section.append(h('p', { class: 'notice' }, say('staff.materials.cannotOpen')));
    section.append(itemsList(data, data.canOpen, 'h4', photos));
    // Where the member may move it to 需补充材料 now.
    if (data.canAsk) section.append(askForm(c, data));
    return finish();
  }
  const data = await answer(staff.cases[':caseRef'].files.$get({ param: { caseRef: source.caseFile } }));
  if (!data.canOpen) section.append(h('p', { class: 'notice' }, say('staff.materials.cannotOpen')));
  if (!data.applications.length) section.append(h('p', {}, say('staff.materials.noApplications')));
  for (const app of data.applications)
    section.append(h('h4', {}, say('staff.materials.of', { reference: app.reference })), itemsList(app, data.canOpen, 'h5', photos));
  return finish();
}

/** #/materials/A-…: an application's materials on a page of their own, opened to look at them: the photos show at once. */
export async function renderMaterialsPage(c: Context, reference: string): Promise<void> {
  const section = await renderMaterials(c, { application: reference }, { photos: 'now' });
  c.view.replaceChildren(viewTitle(say('staff.materials.of', { reference })), ...section.childNodes);
}
