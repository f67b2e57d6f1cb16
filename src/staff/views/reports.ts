import { DANGER as REPORT_DANGER } from '../../domain/report-status.ts';
import { can } from '../../domain/staff-roles.ts';
import type { Context } from '../context.ts';
import { compact, onSubmit } from '../forms.ts';
import { api } from '../api.ts';
import { date, dl, field, fill, h, select, table } from '../dom.ts';
import { L } from '../labels.ts';

interface ReportRow {
  reference: string;
  status: string;
  statusLabel: string;
  township: string;
  village: string;
  categories: string[];
  inDanger: string;
  createdAt: string;
}
interface ReportDetail {
  reference: string;
  status: string;
  statusLabel: string;
  township: string;
  village: string;
  categories: string[];
  ageBand: string;
  inDanger: string;
  reporterRole: string;
  personal: { description: string; place: string; contact: { name: string | null; phone: string | null } | null } | null;
  linkedCase: string | null;
  allowed: { to: string; label: string }[];
  timeline: { label: string; at: string; by: string; internalNote: string | null }[];
}

const DANGER: Record<string, string> = REPORT_DANGER;

export async function renderReports(c: Context): Promise<void> {
  const { items } = await api<{ items: ReportRow[] }>('/reports?limit=200');
  fill(
    c.view,
    h('h2', { tabindex: -1 }, L.reports),
    items.length === 0
      ? h('p', {}, L.none)
      : table(
          L.reports,
          [L.reference, L.status, L.categories, L.inDanger, L.township, L.created],
          items.map((r) => [
            h('a', { href: `#/report/${r.reference}` }, r.reference),
            r.statusLabel,
            r.categories.join('、'),
            DANGER[r.inDanger] ?? r.inDanger,
            `${c.townshipName(r.township)} ${r.village}`,
            date(r.createdAt),
          ]),
        ),
  );
}

export async function renderReport(c: Context, reference: string): Promise<void> {
  const r = await api<ReportDetail>(`/reports/${encodeURIComponent(reference)}`);
  const reload = () => c.go(`#/report/${r.reference}`);
  const scope = c.me.townships.includes('*') ? c.config.townships : c.config.townships.filter((t) => c.me.townships.includes(t.id));
  const p = r.personal;
  fill(
    c.view,
    h('h2', { tabindex: -1 }, `报告 ${r.reference}：${r.statusLabel}`),
    r.inDanger === 'yes' ? h('p', { class: 'notice danger', role: 'alert' }, '报告人说孩子当时有危险：请确认是否已报警，立即核实。') : null,
    dl([
      [L.categories, r.categories.join('、')],
      [L.description, p?.description ?? L.purged],
      [L.place, `${c.townshipName(r.township)} ${r.village} ${p?.place ?? ''}`],
      [L.ageBand, r.ageBand],
      [L.inDanger, DANGER[r.inDanger] ?? r.inDanger],
      [L.reporterRole, r.reporterRole],
      [L.reporterContact, p?.contact ? `${p.contact.name ?? ''} ${p.contact.phone ?? ''}` : L.anonymous],
      [L.linked, r.linkedCase ? h('a', { href: `#/case/${r.linkedCase}` }, r.linkedCase) : '—'],
    ]),
    r.status === 'received' && can(c.me.role, 'manage')
      ? onSubmit(
          h(
            'form',
            {},
            h('h3', {}, L.triage),
            field(
              'township',
              L.township,
              select(
                scope.map((t): [string, string] => [t.id, t.name]),
                r.township,
              ),
            ),
            field('application', L.linkCase, h('input', { type: 'text', maxlength: 12, autocomplete: 'off' })),
            h(
              'div',
              { class: 'field', 'data-field': 'newCase' },
              h(
                'div',
                { class: 'checkbox' },
                h('input', { type: 'checkbox', id: 'new-case', name: 'newCase', value: 'yes' }),
                h('label', { for: 'new-case' }, L.newCase),
              ),
            ),
            field('internalNote', L.internalNote, h('textarea', { rows: 2, maxlength: 2000 })),
            h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.triage)),
          ),
          (data) =>
            api(
              `/reports/${r.reference}/triage`,
              compact({
                township: data.get('township'),
                application: data.get('application'),
                newCase: data.get('newCase') === 'yes',
                internalNote: data.get('internalNote'),
              }),
            ),
          () => {
            c.flash('已分派');
            reload();
          },
        )
      : null,
    r.allowed.length
      ? onSubmit(
          h(
            'form',
            {},
            h('h3', {}, L.verifyOrClose),
            field('to', L.to, select(r.allowed.map((a): [string, string] => [a.to, a.label]))),
            field('internalNote', '核实情况或结案说明（没有核实就结案的必须写原因）', h('textarea', { rows: 3, maxlength: 2000 })),
            h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.save)),
          ),
          (data) => api(`/reports/${r.reference}/transitions`, compact({ to: data.get('to'), internalNote: data.get('internalNote') })),
          () => {
            c.flash('状态已更新');
            reload();
          },
        )
      : null,
    h('h3', {}, L.timeline),
    table(
      L.timeline,
      [L.at, L.status, L.by, '内部备注'],
      r.timeline.map((t) => [date(t.at), t.label, t.by, t.internalNote ?? '—']),
    ),
  );
}
