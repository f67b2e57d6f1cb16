/**
 * Finding a child: the search from the console's header (name, phone, ID number or any
 * reference, within the member's scope), the list of files with its filters, and the files
 * whose visit is overdue. Each child is one compact block that links to the file (#/cases/C-…).
 */
import { can } from '../../domain/staff-roles.ts';
import { answer, ApiProblem, staff, type CaseSummary } from '../api.ts';
import { labels, say, scopeOf, type Context } from '../context.ts';
import { day, field, fill, h, level, select, viewTitle } from '../dom.ts';
import { filterForm, townshipFilter } from '../forms.ts';

const PAGE = 20;

function caseItem(r: CaseSummary): HTMLElement {
  return h(
    'li',
    {},
    h('a', { href: `#/cases/${r.reference}` }, `${r.childName ?? say('staff.case.unnamed')} ${r.reference}`),
    h(
      'p',
      {},
      [r.statusLabel, `${r.townshipName} ${r.village ?? ''}`.trim(), r.birthDate ? say('staff.case.born', { date: r.birthDate }) : null]
        .filter(Boolean)
        .join(' · '),
    ),
    h(
      'p',
      {},
      say('staff.case.risk'),
      level(r.riskLevel, r.riskLabel),
      ' · ',
      say('staff.case.nextVisit'),
      r.nextVisitDue ? day(r.nextVisitDue) : r.riskLevel ? say('staff.risk.intervalUnset.short') : '—',
      r.overdue ? h('strong', {}, ' ', say('staff.overdue')) : null,
    ),
    r.targetGroups.length
      ? h(
          'p',
          {},
          say('staff.case.groups'),
          labels(
            'targetGroup',
            r.targetGroups.map((g) => g.key),
          ),
        )
      : null,
  );
}

/** The children of one page, and links to the pages before and after. */
function results(page: { items: CaseSummary[]; more: boolean; offset: number }, hashOf: (offset: number) => string) {
  return [
    h('ul', { class: 'case-list' }, ...page.items.map(caseItem)),
    page.offset > 0 || page.more
      ? h(
          'nav',
          { 'aria-label': say('staff.pager') },
          h(
            'ul',
            { class: 'pager' },
            page.offset > 0 ? h('li', {}, h('a', { href: hashOf(Math.max(0, page.offset - PAGE)) }, say('staff.pager.previous'))) : null,
            page.more ? h('li', {}, h('a', { href: hashOf(page.offset + PAGE) }, say('staff.pager.next'))) : null,
          ),
        )
      : null,
  ];
}

const offsetOf = (c: Context) => Math.max(0, Number(c.params.get('offset')) || 0);

/** The header's search: what was typed is shown on the page, never put in the address. */
export async function renderSearch(c: Context, query: string): Promise<void> {
  const heading = viewTitle(say('staff.search.title'));
  if (!query) {
    fill(c.view, heading, h('p', {}, say('staff.search.empty')));
    return;
  }
  const offset = offsetOf(c);
  let page;
  try {
    page = await answer(staff.cases.$get({ query: { q: query, limit: String(PAGE), offset: String(offset) } }));
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    // Too short, or too long: the person fixes it in the search box.
    const input = document.getElementById('staff-search-q');
    fill(
      c.view,
      heading,
      h(
        'div',
        { class: 'error-summary', role: 'alert' },
        h('h3', {}, say('form.error.title')),
        h(
          'ul',
          {},
          h(
            'li',
            {},
            h(
              'a',
              {
                href: '#staff-search-q',
                onclick: (ev: Event) => {
                  ev.preventDefault();
                  input?.focus();
                },
              },
              error.fields.q ?? error.message,
            ),
          ),
        ),
      ),
    );
    return;
  }
  fill(
    c.view,
    heading,
    h('p', {}, say('staff.search.for', { query })),
    page.items.length === 0 ? h('p', { class: 'notice' }, say('staff.search.none', { query })) : null,
    ...results(page, (o) => `#/search?offset=${o}`),
  );
}

/** Every file in scope, newest first, filtered by place, level and state. */
export async function renderCaseList(c: Context): Promise<void> {
  const p = c.params;
  const offset = offsetOf(c);
  const filter = (k: string) => p.get(k) || undefined;
  const page = await answer(
    staff.cases.$get({
      query: {
        township: filter('township'),
        village: filter('village'),
        risk: filter('risk') as 'blue' | 'yellow' | 'orange' | 'red' | undefined,
        status: filter('status'),
        duplicates: filter('duplicates') as '1' | undefined,
        limit: String(PAGE),
        offset: String(offset),
      },
    }),
  );
  const scope = scopeOf(c);
  const villages = h(
    'select',
    {},
    h('option', { value: '' }, say('staff.all')),
    ...scope.map((t) =>
      h(
        'optgroup',
        { label: t.name },
        ...t.villages
          .filter((v) => !c.me.villages || c.me.villages.includes(v))
          .map((v) => h('option', { value: v, selected: p.get('village') === v }, v)),
      ),
    ),
  );
  const filters = filterForm(c, '#/cases', [
    townshipFilter(c, p.get('township') ?? ''),
    field('village', say('staff.village'), villages),
    field(
      'risk',
      say('staff.risk'),
      select([['', say('staff.all')], ...c.config.risk.map((r): [string, string] => [r.level, r.label])], p.get('risk') ?? ''),
    ),
    field(
      'status',
      say('staff.status'),
      select([['', say('staff.cases.notMerged')], ...Object.entries(c.config.labels.caseStatus)], p.get('status') ?? ''),
    ),
    field(
      'duplicates',
      say('staff.cases.duplicates'),
      select(
        [
          ['', say('staff.all')],
          ['1', say('staff.cases.duplicates.only')],
        ],
        p.get('duplicates') ?? '',
      ),
    ),
  ]);
  const hashOf = (o: number) => {
    const q = new URLSearchParams(p);
    q.set('offset', String(o));
    return `#/cases?${q}`;
  };
  fill(
    c.view,
    viewTitle(say('staff.cases.title')),
    h('p', {}, say('staff.cases.lead')),
    filters,
    page.items.length === 0 ? h('p', { class: 'notice' }, say('staff.cases.none')) : null,
    ...results(page, hashOf),
    can(c.me.role, 'manage') ? exportButtons(c) : null,
  );
}

/** The CSV for reporting upwards: counts and non-personal columns; with names only for the county (audited). */
function exportButtons(c: Context): HTMLElement {
  const status = h('p', { role: 'status' });
  const download = async (personal: boolean) => {
    const res = await staff.cases['export.csv'].$get({ query: personal ? { personal: '1' } : {} });
    if (!res.ok) {
      status.textContent = await answer(Promise.resolve(res)).then(
        () => '',
        (e: Error) => e.message,
      );
      return;
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'cases.csv';
    const url = URL.createObjectURL(await res.blob());
    h('a', { href: url, download: name }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = say('staff.export.done');
  };
  return h(
    'div',
    { class: 'no-print' },
    h('h3', {}, say('staff.export.title')),
    h('p', {}, say('staff.export.lead')),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void download(false) }, say('staff.export.plain')),
      can(c.me.role, 'decide')
        ? h('button', { type: 'button', class: 'secondary', onclick: () => void download(true) }, say('staff.export.personal'))
        : null,
    ),
    status,
  );
}

/** Files whose next visit has passed without one, the longest overdue first. */
export async function renderOverdue(c: Context): Promise<void> {
  const offset = offsetOf(c);
  const page = await answer(staff.cases.$get({ query: { overdue: '1', limit: String(PAGE), offset: String(offset) } }));
  fill(
    c.view,
    viewTitle(say('staff.overdue.title')),
    h('p', {}, say('staff.overdue.lead')),
    page.items.length === 0 ? h('p', { class: 'notice' }, say('staff.overdue.none')) : null,
    ...results(page, (o) => `#/overdue?offset=${o}`),
  );
}
