/**
 * Applications: the families' requests, each reached from the child's file, and the 认定审核
 * moves (初审, 建档, 评估, 认定) on the application's own page. The page is a list of sections
 * (SECTIONS), so a new part — uploaded documents, a decision per measure — is one more entry.
 */
import { answer, staff, type Application } from '../api.ts';
import { label, list, say, type Context } from '../context.ts';
import { date, dl, field, fill, h, records, select, viewTitle } from '../dom.ts';
import { filterForm, moveForm, townshipFilter } from '../forms.ts';
import { renderMaterials } from './materials.ts';
import { outboxLink } from './outbox.ts';
import { timelineTable } from './timeline.ts';

export async function renderApplications(c: Context): Promise<void> {
  const p = c.params;
  const { items } = await answer(
    staff.applications.$get({ query: { status: p.get('status') || undefined, township: p.get('township') || undefined, limit: '200' } }),
  );
  const filters = filterForm(c, '#/applications', [
    field(
      'status',
      say('staff.status'),
      select([['', say('staff.all')], ...Object.entries(c.config.labels.applicationStatus)], p.get('status') ?? ''),
    ),
    townshipFilter(c, p.get('township') ?? ''),
  ]);
  fill(
    c.view,
    viewTitle(say('staff.applications.title')),
    h('p', {}, say('staff.applications.lead')),
    filters,
    records(say('staff.applications.title'), items, {
      'staff.reference': (r) => h('a', { href: `#/applications/${r.reference}` }, r.reference),
      'staff.status': (r) => r.statusLabel,
      'staff.place': (r) => `${c.townshipName(r.township)} ${r.village}`,
      'staff.entitlements': (r) => list(r.entitlements.map((e) => e.title)),
      'staff.file': (r) => (r.caseReference ? h('a', { href: `#/cases/${r.caseReference}` }, r.caseReference) : '—'),
      'staff.created': (r) => date(r.createdAt),
    }),
  );
}

type Section = (c: Context, d: Application, reload: () => void) => Node | null;

const overview: Section = (c, d) =>
  h(
    'div',
    {},
    d.caseReference
      ? h('p', { class: 'notice' }, say('staff.application.file'), h('a', { href: `#/cases/${d.caseReference}` }, d.caseReference))
      : null,
    dl([
      [say('staff.place'), `${c.townshipName(d.township)} ${d.village}`],
      [say('staff.entitlements'), list(d.entitlements.map((e) => e.title)) || say('staff.none')],
      [say('staff.application.matches'), String(d.prescreenMatches)],
    ]),
  );

const person: Section = (_c, d) => {
  const p = d.personal;
  if (d.purged || !p) return h('p', { class: 'notice' }, say('staff.purged'));
  return h(
    'div',
    {},
    h('h3', {}, say('staff.application.person')),
    dl([
      [say('staff.child.name'), p.child.name],
      [say('staff.child.birthDate'), p.child.birthDate || '—'],
      ...(p.child.idNumber !== undefined ? [[say('staff.child.idNumber'), p.child.idNumber || '—'] as [string, string]] : []),
      [
        say('staff.application.applicant'),
        say('staff.application.applicantIs', { name: p.applicant.name, relationship: label('relationship', p.applicant.relationship) }),
      ],
      [say('staff.person.phone'), p.applicant.phone ? h('a', { href: `tel:${p.applicant.phone}` }, p.applicant.phone) : '—'],
      [say('staff.address'), p.address],
      [say('staff.application.circumstances'), p.circumstances || '—'],
    ]),
  );
};

/** What the checker said about each requested help; township and county only (the API leaves it out otherwise). */
const prescreen: Section = (_c, d) => {
  const result = (d.screening as { result?: { slug: string; decision: string }[] } | null)?.result;
  if (!result?.length) return null;
  return h(
    'div',
    {},
    h('h3', {}, say('staff.application.prescreen')),
    h('ul', {}, ...result.map((r) => h('li', {}, `${label('entitlement', r.slug)} · ${label('decision', r.decision)}`))),
  );
};

/** 认定审核: the moves the status model allows this member (only the county approves or refuses). */
const decision: Section = (c, d, reload) =>
  d.allowed.length
    ? moveForm(c, {
        title: say('staff.move.next'),
        allowed: d.allowed,
        notes: [
          { name: 'reason', label: say('staff.application.reason'), hint: say('staff.application.reason.hint') },
          { name: 'publicNote', label: say('staff.application.publicNote') },
          { name: 'internalNote', label: say('staff.application.internalNote') },
        ],
        send: (json) => answer(staff.applications[':reference'].transitions.$post({ param: { reference: d.reference }, json })),
        reload,
      })
    : null;

const history: Section = (c, d) => h('div', {}, timelineTable(d.timeline), outboxLink(c, d.reference));

/** The application page's parts, in order. */
const SECTIONS: Section[] = [overview, person, prescreen, decision, history];

export async function renderApplication(c: Context, reference: string): Promise<void> {
  const [d, materials] = await Promise.all([
    answer(staff.applications[':reference'].$get({ param: { reference } })),
    renderMaterials(c, { application: reference }),
  ]);
  const reload = () => c.go(`#/applications/${d.reference}`);
  const parts = SECTIONS.map((section) => section(c, d, reload));
  // The documents the family sent come before the history.
  parts.splice(parts.length - 1, 0, materials);
  fill(c.view, viewTitle(say('staff.application.title', { reference: d.reference, status: d.statusLabel })), ...parts);
}
