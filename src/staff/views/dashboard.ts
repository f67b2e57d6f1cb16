/**
 * The console's first screen: what needs doing now (overdue visits, 红色 children, pairings
 * without contact), the programme's three indicators (篇七 六: 排查分类率、干预率、救助率均达到
 * 100%) with what each counts written beside it, per township and village, as a chart and a
 * table, and the counts by status and level.
 */
import { answer, staff } from '../api.ts';
import { say, type Context, type StaffKey } from '../context.ts';
import { fill, h, level, percent, table, viewTitle } from '../dom.ts';

type Ratio = { part: number; whole: number; rate: number | null };
const KEYS = ['classification', 'intervention', 'assistance'] as const;
const COLOURS = ['#0b5394', '#1e6b34', '#7a4d00'];
/** A count per status, level or township, under its heading. */
const counts = (title: StaffKey, what: StaffKey, rows: [Node | string, number][]) => [
  h('h3', {}, say(title)),
  table(say(title), [say(what), say('staff.count')], rows),
];
const ratio = (r: Ratio) => say('staff.dashboard.ratio', { percent: percent(r.rate), part: r.part, whole: r.whole });

/**
 * The three indicators of each township as bars, with the figures written beside them; the
 * table after it carries the same figures for screen readers, so the picture is named only.
 */
function indicatorChart(rows: { name: string; values: Ratio[] }[], names: string[]): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const bar = 13;
  const group = names.length * (bar + 3) + 14;
  const legend = 22;
  const svg = el('svg', { viewBox: `0 0 320 ${legend + rows.length * group}`, role: 'img', class: 'indicator-chart' });
  svg.setAttribute('aria-label', say('staff.dashboard.chart'));
  svg.style.maxWidth = '36rem';
  names.forEach((n, i) => {
    svg.append(el('rect', { x: i * 105, y: 4, width: 12, height: 12, fill: COLOURS[i]! }), el('text', { x: i * 105 + 16, y: 15 }, n));
  });
  rows.forEach((r, i) => {
    const y = legend + i * group;
    svg.append(el('text', { x: 0, y: y + 14 }, r.name));
    r.values.forEach((v, j) => {
      const top = y + 4 + j * (bar + 3);
      const width = (v.rate ?? 0) * 170;
      svg.append(
        el('rect', { x: 95, y: top, width: Math.max(1, width), height: bar, fill: COLOURS[j]! }),
        el('text', { x: 100 + width, y: top + bar - 2 }, percent(v.rate)),
      );
    });
  });
  return svg;
}

export async function renderDashboard(c: Context): Promise<void> {
  const d = await answer(staff.dashboard.$get());
  const ind = d.indicators;
  const names = KEYS.map((k) => ind[k].label);
  const places = ind.byPlace.flatMap((t) => [
    [h('strong', {}, t.name), ...KEYS.map((k) => h('strong', {}, ratio(t[k])))],
    ...t.villages.map((v) => [`${t.name} ${v.village}`, ...KEYS.map((k) => ratio(v[k]))]),
  ]);
  fill(
    c.view,
    viewTitle(say('staff.dashboard.title')),
    h(
      'ul',
      { class: 'cards three' },
      h(
        'li',
        { class: 'card' },
        h('h3', {}, say('staff.dashboard.overdue')),
        h('p', { class: 'lead' }, h('a', { href: '#/overdue' }, say('staff.dashboard.children', { n: d.cases.overdueVisits }))),
      ),
      h(
        'li',
        { class: 'card' },
        h('h3', {}, say('staff.dashboard.red')),
        h('p', { class: 'lead' }, say('staff.dashboard.children', { n: d.cases.redCases.length })),
        d.cases.redCases.length
          ? h(
              'ul',
              {},
              ...d.cases.redCases.map((r) =>
                h('li', {}, h('a', { href: `#/cases/${r.reference}` }, r.reference), ` ${c.townshipName(r.township)}`),
              ),
            )
          : null,
      ),
      h(
        'li',
        { class: 'card' },
        h('h3', {}, say('staff.dashboard.pairings')),
        h('p', { class: 'lead' }, say('staff.dashboard.pairs', { n: d.pairings.active })),
        h(
          'p',
          {},
          say('staff.dashboard.pairingAlerts'),
          h('a', { href: '#/pairing' }, say('staff.dashboard.pairs', { n: d.pairings.withoutContact30Days })),
        ),
      ),
    ),
    h('h3', {}, say('staff.dashboard.indicators')),
    h('p', {}, d.round ? say('staff.dashboard.round', { period: d.round.period }) : say('staff.dashboard.noRound')),
    h(
      'ul',
      { class: 'cards three' },
      ...KEYS.map((k) =>
        h('li', { class: 'card' }, h('h4', {}, ind[k].label), h('p', { class: 'lead' }, ratio(ind[k])), h('p', {}, ind[k].means)),
      ),
    ),
    indicatorChart(
      ind.byPlace.map((t) => ({ name: t.name, values: KEYS.map((k) => t[k]) })),
      names,
    ),
    table(say('staff.dashboard.byPlace'), [say('staff.place'), ...names], places),
    ...counts(
      'staff.dashboard.byStatus',
      'staff.status',
      d.cases.byStatus.map((s) => [h('a', { href: `#/cases?status=${s.status}` }, s.label), s.count]),
    ),
    ...counts(
      'staff.dashboard.byRisk',
      'staff.risk',
      d.cases.byRisk.map((r) => [h('a', { href: `#/cases?risk=${r.level}` }, level(r.level, r.label)), r.count]),
    ),
    ...counts(
      'staff.dashboard.byTownship',
      'staff.township',
      d.cases.byTownship.map((t) => [h('a', { href: `#/cases?township=${t.township}` }, t.name), t.count]),
    ),
    ...counts(
      'staff.dashboard.applications',
      'staff.status',
      d.applications.byStatus.map((s) => [h('a', { href: `#/applications?status=${s.status}` }, s.label), s.count]),
    ),
    ...counts(
      'staff.dashboard.volunteers',
      'staff.status',
      d.volunteers.map((v) => [v.label, v.count]),
    ),
    ...counts(
      'staff.dashboard.reports',
      'staff.status',
      d.reports.map((r) => [r.label, r.count]),
    ),
  );
}
