/**
 * Reports of children at risk: the list, and one report with its triage — a township, and the
 * child's file (C-…, or an application's A-…) or a new file opened from the report (待核实,
 * nothing made up) — then verification or closing.
 */
import { can } from '../../domain/staff-roles.ts';
import { answer, staff } from '../api.ts';
import { label, labels, list, say, scopeOf, type Context } from '../context.ts';
import { date, dl, field, fill, h, records, select, viewTitle } from '../dom.ts';
import { choices, maybe, moveForm, saveForm, submit, textarea, value } from '../forms.ts';
import { outboxLink } from './outbox.ts';
import { timelineTable } from './timeline.ts';

export async function renderReports(c: Context): Promise<void> {
  const { items } = await answer(staff.reports.$get({ query: { limit: '200' } }));
  fill(
    c.view,
    viewTitle(say('staff.reports.title')),
    records(say('staff.reports.title'), items, {
      'staff.reference': (r) => h('a', { href: `#/reports/${r.reference}` }, r.reference),
      'staff.status': (r) => r.statusLabel,
      'staff.report.categories': (r) => list(r.categories),
      'staff.report.inDanger': (r) => label('danger', r.inDanger),
      'staff.place': (r) => `${c.townshipName(r.township)} ${r.village ?? ''}`,
      'staff.created': (r) => date(r.createdAt),
    }),
  );
}

export async function renderReport(c: Context, reference: string): Promise<void> {
  const r = await answer(staff.reports[':reference'].$get({ param: { reference } }));
  const reload = () => c.go(`#/reports/${r.reference}`);
  const p = r.personal;
  fill(
    c.view,
    viewTitle(say('staff.report.title', { reference: r.reference, status: r.statusLabel })),
    r.inDanger === 'yes' ? h('p', { class: 'notice danger', role: 'alert' }, say('staff.report.danger')) : null,
    dl([
      [say('staff.report.categories'), labels('reportCategory', r.categories)],
      [say('staff.report.description'), p?.description ?? say('staff.purged')],
      [say('staff.report.place'), `${c.townshipName(r.township)} ${r.village ?? ''} ${p?.place ?? ''}`.trim()],
      [say('staff.report.ageBand'), label('ageBand', r.ageBand)],
      [say('staff.report.inDanger'), label('danger', r.inDanger)],
      [say('staff.report.reporterRole'), label('reporterRole', r.reporterRole)],
      [
        say('staff.report.contact'),
        p?.contact ? [p.contact.name, p.contact.phone].filter(Boolean).join(' ') : say('staff.report.anonymous'),
      ],
      [say('staff.file'), r.linkedCase ? h('a', { href: `#/cases/${r.linkedCase}` }, r.linkedCase) : '—'],
    ]),
    r.status === 'received' && can(c.me.role, 'manage')
      ? saveForm(
          c,
          [
            h('h3', {}, say('staff.report.triage')),
            field(
              'township',
              say('staff.township'),
              select(
                scopeOf(c).map((t): [string, string] => [t.id, t.name]),
                r.township,
              ),
            ),
            field(
              'case',
              say('staff.report.linkCase'),
              h('input', { type: 'text', maxlength: 12, autocomplete: 'off' }),
              say('staff.report.linkCase.hint'),
            ),
            choices('checkbox', 'newCase', say('staff.report.newCase.legend'), [{ value: 'yes', label: say('staff.report.newCase') }]),
            field('internalNote', say('staff.application.internalNote'), textarea()),
            submit(say('staff.report.triage')),
          ],
          {
            send: (data) =>
              answer(
                staff.reports[':reference'].triage.$post({
                  param: { reference: r.reference },
                  json: {
                    township: value(data, 'township'),
                    case: maybe(data, 'case'),
                    newCase: data.get('newCase') === 'yes',
                    internalNote: maybe(data, 'internalNote'),
                  },
                }),
              ),
            saved: () => say('staff.report.triaged'),
            next: reload,
          },
        )
      : null,
    r.allowed.length
      ? moveForm(c, {
          title: say('staff.report.verify'),
          allowed: r.allowed,
          notes: [{ name: 'internalNote', label: say('staff.report.verifyNote'), rows: 3 }],
          send: (json) => answer(staff.reports[':reference'].transitions.$post({ param: { reference: r.reference }, json })),
          reload,
        })
      : null,
    timelineTable(r.timeline),
    outboxLink(c, r.reference),
  );
}
