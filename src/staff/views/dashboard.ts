import type { Context } from '../context.ts';
import { api } from '../api.ts';
import { fill, h, percent, table } from '../dom.ts';
import { L } from '../labels.ts';

interface Counted {
  label: string;
  count: number;
}
interface Dashboard {
  applications: {
    byStatus: (Counted & { status: string })[];
    byRisk: (Counted & { level: string })[];
    byTownship: { township: string; name: string; count: number }[];
    overdueVisits: number;
    redCases: { reference: string; township: string }[];
  };
  indicators: Record<
    'classification' | 'intervention' | 'assistance',
    { label: string; part: number; whole: number; rate: number | null; means: string }
  >;
  volunteers: Counted[];
  reports: Counted[];
  pairings: { active: number; withoutContact30Days: number };
}

/** A horizontal bar chart in SVG, with the numbers as text beside the bars; the table next to it carries the same data for screen readers. */
function barChart(title: string, rows: Counted[]): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowH = 30;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 320 ${rows.length * rowH + 10}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}：${rows.map((r) => `${r.label} ${r.count}`).join('，')}`);
  svg.style.maxWidth = '32rem';
  rows.forEach((r, i) => {
    const y = i * rowH + 5;
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 18));
    label.setAttribute('font-size', '13');
    label.textContent = r.label;
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('x', '110');
    bar.setAttribute('y', String(y + 4));
    bar.setAttribute('height', '18');
    bar.setAttribute('width', String(Math.max(2, (r.count / max) * 170)));
    bar.setAttribute('fill', '#0b5394');
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', String(116 + (r.count / max) * 170));
    value.setAttribute('y', String(y + 18));
    value.setAttribute('font-size', '13');
    value.textContent = String(r.count);
    svg.append(label, bar, value);
  });
  return svg;
}

export async function renderDashboard(c: Context): Promise<void> {
  const d = await api<Dashboard>('/dashboard');
  const ind = Object.values(d.indicators);
  fill(
    c.view,
    h('h2', { tabindex: -1 }, L.dashboard),
    h(
      'ul',
      { class: 'cards three' },
      h(
        'li',
        { class: 'card' },
        h('h3', {}, L.overdueVisits),
        h('p', { class: 'lead' }, h('a', { href: '#/overdue' }, `${d.applications.overdueVisits} 个`)),
      ),
      h(
        'li',
        { class: 'card' },
        h('h3', {}, L.redCases),
        h('p', { class: 'lead' }, `${d.applications.redCases.length} 个`),
        h(
          'ul',
          {},
          ...d.applications.redCases.map((r) =>
            h('li', {}, h('a', { href: `#/case/${r.reference}` }, r.reference), ` ${c.townshipName(r.township)}`),
          ),
        ),
      ),
      h(
        'li',
        { class: 'card' },
        h('h3', {}, L.pairingsActive),
        h('p', { class: 'lead' }, `${d.pairings.active} 对`),
        h('p', {}, `${L.pairingAlerts}：`, h('a', { href: '#/pairing' }, `${d.pairings.withoutContact30Days} 对`)),
      ),
    ),
    h('h3', {}, L.indicators),
    table(
      L.indicators,
      ['指标', '比例', '计算方法'],
      ind.map((i) => [i.label, `${percent(i.rate)}（${i.part}/${i.whole}）`, i.means]),
    ),
    h('h3', {}, L.byStatus),
    barChart(L.byStatus, d.applications.byStatus),
    table(
      L.byStatus,
      [L.status, L.count],
      d.applications.byStatus.map((s) => [h('a', { href: `#/applications?status=${s.status}` }, s.label), s.count]),
    ),
    h('h3', {}, L.byRisk),
    table(
      L.byRisk,
      [L.risk, L.count],
      d.applications.byRisk.map((r) => [h('span', {}, h('span', { class: `level ${r.level}`, 'aria-hidden': 'true' }), r.label), r.count]),
    ),
    h('h3', {}, L.byTownship),
    table(
      L.byTownship,
      [L.township, L.count],
      d.applications.byTownship.map((t) => [t.name, t.count]),
    ),
    h('h3', {}, L.volunteerStatus),
    table(
      L.volunteerStatus,
      [L.status, L.count],
      d.volunteers.map((v) => [v.label, v.count]),
    ),
    h('h3', {}, L.reportStatus),
    table(
      L.reportStatus,
      [L.status, L.count],
      d.reports.map((r) => [r.label, r.count]),
    ),
  );
}
