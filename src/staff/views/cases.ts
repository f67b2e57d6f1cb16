import { APPLICATION_MODEL } from '../../domain/application-status.ts';
import { can } from '../../domain/staff-roles.ts';
import { DECISION_LABELS, type Decision } from '../../eligibility/engine.ts';
import { format } from '../../i18n/format.ts';
import type { Context } from '../context.ts';
import { compact, localNow, onSubmit, toIso } from '../forms.ts';
import { api } from '../api.ts';
import { date, dl, field, fill, h, select, table } from '../dom.ts';
import { L } from '../labels.ts';
import { renderMaterials } from './materials.ts';

interface CaseRow {
  reference: string;
  status: string;
  statusLabel: string;
  township: string;
  village: string;
  entitlements: string[];
  prescreenMatches: number;
  riskLevel: string | null;
  riskLabel: string | null;
  nextVisitDue: string | null;
  overdue: boolean;
  createdAt: string;
}
interface CaseDetail {
  reference: string;
  status: string;
  statusLabel: string;
  township: string;
  village: string;
  entitlements: string[];
  prescreenMatches: number;
  personal: {
    applicant: { name: string; relationship: string; phone: string };
    child: { name: string; birthDate: string; idNumber?: string };
    address: string;
    circumstances: string;
  } | null;
  purged: boolean;
  screening: { result: { slug: string; decision: string }[] } | null;
  riskLevel: string | null;
  nextVisitDue: string | null;
  overdue: boolean;
  lastVisitAt: string | null;
  allowed: { to: string; label: string; reason: boolean }[];
  timeline: { label: string; at: string; by: string | null; publicNote: string | null; internalNote: string | null }[];
  risks: { label: string; reason: string | null; at: string; by: string | null }[];
  visits: { visitedAt: string; findings: string | null; by: string | null }[];
  pairing: { id: number; volunteer: string; startedAt: string; lastContactAt: string | null } | null;
}

const STATUS_OPTIONS: [string, string][] = [
  ['', L.all],
  ...Object.entries(APPLICATION_MODEL.states).map(([s, info]): [string, string] => [s, info.label]),
];

export async function renderCases(c: Context, overdue: boolean): Promise<void> {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const query = new URLSearchParams({ limit: '200' });
  for (const k of ['status', 'township', 'risk']) if (params.get(k)) query.set(k, params.get(k)!);
  if (overdue) query.set('overdue', '1');
  const { items } = await api<{ items: CaseRow[] }>(`/applications?${query}`);
  const scope = c.me.townships.includes('*') ? c.config.townships : c.config.townships.filter((t) => c.me.townships.includes(t.id));
  const filters = h(
    'form',
    { class: 'no-print' },
    field('status', L.status, select(STATUS_OPTIONS, params.get('status') ?? '')),
    field(
      'township',
      L.township,
      select([['', L.all], ...scope.map((t): [string, string] => [t.id, t.name])], params.get('township') ?? ''),
    ),
    field(
      'risk',
      L.risk,
      select([['', L.all], ...c.config.risk.map((r): [string, string] => [r.level, r.label])], params.get('risk') ?? ''),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.filter)),
  );
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (v) q.set(k, String(v));
    c.go(`#/applications${q.size ? `?${q}` : ''}`);
  });
  fill(
    c.view,
    h('h2', { tabindex: -1 }, overdue ? '逾期走访的个案' : '个案'),
    overdue ? h('p', {}, '下次走访日期已过、还没有走访的个案，最早逾期的在前。') : filters,
    items.length === 0
      ? h('p', {}, L.none)
      : table(
          overdue ? '逾期走访的个案' : '个案列表',
          [L.reference, L.status, L.township, L.risk, L.nextVisit, L.created],
          items.map((r) => [
            h('a', { href: `#/case/${r.reference}` }, r.reference),
            r.statusLabel,
            `${c.townshipName(r.township)} ${r.village}`,
            r.riskLabel ? h('span', {}, h('span', { class: `level ${r.riskLevel}`, 'aria-hidden': 'true' }), r.riskLabel) : '—',
            r.nextVisitDue
              ? h('span', {}, date(r.nextVisitDue), r.overdue ? h('strong', {}, `（${L.overdue}）`) : null)
              : r.riskLevel
                ? (c.messages['staff.risk.intervalUnset.short'] ?? '—')
                : '—',
            date(r.createdAt),
          ]),
        ),
  );
}

export async function renderCase(c: Context, reference: string): Promise<void> {
  const d = await api<CaseDetail>(`/applications/${encodeURIComponent(reference)}`);
  const reload = () => c.go(`#/case/${d.reference}`);
  const p = d.personal;
  const canWork = can(c.me.role, 'workOnRecords');
  const level = c.config.risk.find((r) => r.level === d.riskLevel);

  const moveForm = d.allowed.length
    ? onSubmit(
        h(
          'form',
          {},
          h('h3', {}, L.moveTo),
          field('to', L.to, select(d.allowed.map((a): [string, string] => [a.to, a.label]))),
          field('reason', L.reason, h('textarea', { rows: 2, maxlength: 2000 }), '不予认定、需补充材料必须写原因。'),
          field('publicNote', L.publicNote, h('textarea', { rows: 2, maxlength: 2000 })),
          field('internalNote', L.internalNote, h('textarea', { rows: 2, maxlength: 2000 })),
          h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.save)),
        ),
        (data) =>
          api(
            `/applications/${d.reference}/transitions`,
            compact({
              to: data.get('to'),
              reason: data.get('reason'),
              publicNote: data.get('publicNote'),
              internalNote: data.get('internalNote'),
            }),
          ),
        () => {
          c.flash(L.save + '：状态已更新');
          reload();
        },
      )
    : null;

  const riskForm = onSubmit(
    h(
      'form',
      {},
      h('h3', {}, L.setRisk),
      h(
        'div',
        { class: 'field', 'data-field': 'level' },
        h(
          'fieldset',
          {},
          h('legend', {}, L.risk),
          h('p', { class: 'error-message', id: 'risk-level-error', hidden: true }),
          ...c.config.risk.map((r, i) =>
            h(
              'div',
              { class: 'radio' },
              h('input', { type: 'radio', name: 'level', value: r.level, id: `risk-${i}`, checked: d.riskLevel === r.level }),
              h(
                'label',
                { for: `risk-${i}` },
                h('span', { class: `level ${r.level}`, 'aria-hidden': 'true' }),
                format(c.messages['staff.risk.option'] ?? '', { label: r.label, measure: r.measure, interval: r.cadence }),
              ),
            ),
          ),
        ),
      ),
      field('reason', L.levelReason, h('textarea', { rows: 2, maxlength: 2000 })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.save)),
    ),
    (data) => api(`/applications/${d.reference}/risk`, compact({ level: data.get('level'), reason: data.get('reason') })),
    () => {
      c.flash('风险等级已更新');
      reload();
    },
  );

  const visitForm = onSubmit(
    h(
      'form',
      {},
      h('h3', {}, L.addVisit),
      field('visitedAt', L.visitedAt, h('input', { type: 'datetime-local', value: localNow() })),
      field('findings', L.findings, h('textarea', { rows: 3, maxlength: 2000 })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.save)),
    ),
    (data) =>
      api(
        `/applications/${d.reference}/visits`,
        compact({ visitedAt: toIso(String(data.get('visitedAt') ?? '')), findings: data.get('findings') }),
      ),
    () => {
      c.flash('走访已记录');
      reload();
    },
  );

  const materials = await renderMaterials(c, { application: d.reference });

  fill(
    c.view,
    h('h2', { tabindex: -1 }, `个案 ${d.reference}：${d.statusLabel}`),
    level?.level === 'red'
      ? h('p', { class: 'notice danger', role: 'alert' }, format(c.messages['staff.risk.red'] ?? '', { measure: level.measure }))
      : null,
    d.overdue ? h('p', { class: 'notice warn' }, `下次走访（${date(d.nextVisitDue)}）已逾期，请尽快上门。`) : null,
    dl([
      [L.township, `${c.townshipName(d.township)} ${d.village}`],
      [L.entitlements, d.entitlements.join('、') || L.none],
      [
        L.risk,
        d.riskLevel
          ? h('span', {}, h('span', { class: `level ${d.riskLevel}`, 'aria-hidden': 'true' }), level?.label ?? d.riskLevel)
          : '未定级',
      ],
      [
        L.nextVisit,
        level && !d.nextVisitDue ? format(c.messages['staff.risk.intervalUnset'] ?? '', { label: level.label }) : date(d.nextVisitDue),
      ],
    ]),
    h('h3', {}, L.child),
    d.purged || !p
      ? h('p', { class: 'notice' }, L.purged)
      : dl([
          [`${L.child}${L.name}`, p.child.name],
          [L.birthDate, p.child.birthDate || '—'],
          ...(p.child.idNumber !== undefined ? [[L.idNumber, p.child.idNumber || '—'] as [string, string]] : []),
          [L.applicant, `${p.applicant.name}（${p.applicant.relationship}）`],
          [L.phone, p.applicant.phone ? h('a', { href: `tel:${p.applicant.phone}` }, p.applicant.phone) : '—'],
          [L.address, p.address],
          [L.circumstances, p.circumstances || '—'],
        ]),
    d.screening
      ? h(
          'div',
          {},
          h('h3', {}, L.prescreen),
          h('ul', {}, ...d.screening.result.map((r) => h('li', {}, `${r.slug}：${DECISION_LABELS[r.decision as Decision] ?? r.decision}`))),
        )
      : null,
    h('h3', {}, L.pairing),
    d.pairing
      ? h(
          'p',
          {},
          `${L.pairedWith}：`,
          h('a', { href: `#/volunteer/${d.pairing.volunteer}` }, d.pairing.volunteer),
          `，${date(d.pairing.startedAt)} 起；${L.lastContact}：${date(d.pairing.lastContactAt)}`,
        )
      : h('p', {}, L.noPairing, '。', can(c.me.role, 'pair') ? h('a', { href: `#/pairing/${d.reference}` }, L.goPair) : null),
    materials,
    canWork ? moveForm : null,
    canWork ? riskForm : null,
    canWork ? visitForm : null,
    h('h3', {}, L.timeline),
    table(
      L.timeline,
      [L.at, L.status, L.by, '说明'],
      d.timeline.map((t) => [
        date(t.at),
        t.label,
        t.by ?? '—',
        h(
          'span',
          {},
          t.publicNote ? h('span', {}, `对外：${t.publicNote}`) : null,
          t.internalNote ? h('span', {}, h('br'), `内部：${t.internalNote}`) : null,
        ),
      ]),
    ),
    h('h3', {}, '定级记录'),
    d.risks.length
      ? table(
          '定级记录',
          [L.at, L.risk, L.levelReason, L.by],
          d.risks.map((r) => [date(r.at), r.label, r.reason ?? '—', r.by ?? '—']),
        )
      : h('p', {}, L.none),
    h('h3', {}, L.visits),
    d.visits.length
      ? table(
          L.visits,
          [L.visitedAt, L.findings, L.by],
          d.visits.map((v) => [date(v.visitedAt), v.findings ?? '—', v.by ?? '—']),
        )
      : h('p', {}, L.none),
  );
}
