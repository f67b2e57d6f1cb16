/**
 * The child's file (一人一档, 篇五 三(一) 二是): the whole child on one page — who the child is
 * and who is around them, the level and the next visit, every channel the child came in by
 * (applications, reports, screening records), every visit, pairing, level and decision on one
 * timeline — and the forms a case worker needs, each offered only where the member's role has
 * the capability (src/domain/staff-roles.ts).
 */
import type { RiskLevel } from '../../domain/risk-levels.ts';
import { can } from '../../domain/staff-roles.ts';
import { answer, staff, type CaseFile } from '../api.ts';
import { labels, list, say, type Context, type StaffKey } from '../context.ts';
import { date, day, dl, field, fill, h, level, records, select, viewTitle } from '../dom.ts';
import { choices, localNow, maybe, moveForm, saveForm, submit, textarea, toIso, value } from '../forms.ts';
import { renderMaterials } from './materials.ts';
import { planSection } from './review.ts';

const ORIGIN: Record<string, StaffKey> = {
  screening: 'staff.origin.screening',
  report: 'staff.origin.report',
  application: 'staff.origin.application',
  staff: 'staff.origin.staff',
};

/** The applications or the reports the child came in by, each a link to its own page. */
const channels = <T extends { reference: string }>(items: T[], path: string, line: (x: T) => string) =>
  items.length
    ? h('ul', {}, ...items.map((x) => h('li', {}, h('a', { href: `#/${path}/${x.reference}` }, x.reference), ` ${line(x)}`)))
    : h('p', {}, say('staff.none'));

export async function renderCaseFile(c: Context, reference: string): Promise<void> {
  const [d, materials] = await Promise.all([
    answer(staff.cases[':caseRef'].$get({ param: { caseRef: reference } })),
    renderMaterials(c, { caseFile: reference }),
  ]);
  const caseRef = d.reference;
  const reload = () => c.go(`#/cases/${caseRef}`);
  const following = d.status === 'open' || d.status === 'unverified';
  const canWork = can(c.me.role, 'workOnRecords') && following;
  const risk = c.config.risk.find((r) => r.level === d.riskLevel);
  const active = d.pairings.find((p) => !p.endedAt);
  const plan = await planSection(c, d, reload);

  fill(
    c.view,
    viewTitle(
      d.child.name
        ? say('staff.file.title', { name: d.child.name, reference: caseRef })
        : say('staff.file.titleUnnamed', { reference: caseRef }),
    ),
    h('p', {}, say('staff.file.status', { status: d.statusLabel })),
    risk?.level === 'red' && following
      ? h('p', { class: 'notice danger', role: 'alert' }, say('staff.risk.red', { measure: risk.measure }))
      : null,
    d.overdue ? h('p', { class: 'notice warn' }, say('staff.file.overdue', { date: day(d.nextVisitDue) })) : null,
    d.status !== 'open' ? h('p', { class: 'notice' }, c.config.caseNextStep[d.status] ?? '') : null,
    d.purged ? h('p', { class: 'notice' }, say('staff.purged')) : null,
    summary(c, d),
    d.possibleDuplicates.length
      ? h(
          'div',
          { class: 'notice warn' },
          h('p', {}, say('staff.file.duplicates')),
          h('ul', {}, ...d.possibleDuplicates.map((ref) => h('li', {}, h('a', { href: `#/cases/${ref}` }, ref)))),
        )
      : null,
    d.status === 'unverified' && canWork ? detailsForm(c, d, reload) : null,
    plan,
    h('h3', {}, say('staff.file.pairing')),
    active
      ? h(
          'p',
          {},
          say('staff.file.pairedWith'),
          h('a', { href: `#/volunteers/${active.volunteer}` }, active.volunteer),
          ' ',
          say('staff.file.pairedSince', { role: active.roleLabel, since: day(active.startedAt), last: date(active.lastContactAt) }),
        )
      : h(
          'p',
          {},
          say('staff.file.noPairing'),
          ' ',
          can(c.me.role, 'pair') && following ? h('a', { href: `#/pairing/${caseRef}` }, say('staff.file.goPair')) : null,
        ),
    materials,
    canWork ? riskForm(c, d, reload) : null,
    canWork && d.applications.some((a) => !['withdrawn', 'rejected'].includes(a.status)) ? bookingForm(c, d, reload) : null,
    canWork ? visitForm(c, d, reload) : null,
    h('h3', {}, say('staff.file.timeline')),
    d.timeline.length
      ? h(
          'ol',
          { class: 'timeline' },
          ...d.timeline.map((t) =>
            h(
              'li',
              {},
              h('strong', {}, t.what),
              h('br'),
              [date(t.at), t.by].filter(Boolean).join(' · '),
              t.detail ? h('span', {}, h('br'), t.detail) : null,
            ),
          ),
        )
      : h('p', {}, say('staff.none')),
    h('h3', {}, say('staff.file.applications')),
    channels(d.applications, 'applications', (a) => `${a.statusLabel} · ${list(a.entitlements.map((e) => e.title))} · ${day(a.createdAt)}`),
    h('h3', {}, say('staff.file.reports')),
    channels(d.reports, 'reports', (r) => `${r.statusLabel} · ${list(r.categories)} · ${day(r.createdAt)}`),
    h('h3', {}, say('staff.file.screenings')),
    records(say('staff.file.screenings'), d.screenings, {
      'staff.screening.round': (s) => s.round,
      'staff.screening.result': (s) => s.resultLabel,
      'staff.screening.groups': (s) =>
        labels(
          'targetGroup',
          s.targetGroups.map((g) => g.key),
        ),
      'staff.screening.proposed': (s) =>
        h('span', {}, level(s.proposedLevel, s.proposedLabel), s.reason ? h('span', {}, h('br'), s.reason) : null),
      'staff.by': (s) => s.by ?? '—',
    }),
    h('h3', {}, say('staff.file.visits')),
    records(say('staff.file.visits'), d.visits, {
      'staff.visit.at': (v) => date(v.visitedAt),
      'staff.visit.with': (v) => v.with ?? '—',
      'staff.visit.findings': (v) => v.findings ?? '—',
      'staff.by': (v) => v.by ?? '—',
    }),
    h('h3', {}, say('staff.file.risks')),
    records(say('staff.file.risks'), d.risks, {
      'staff.at': (r) => date(r.at),
      'staff.risk': (r) => level(r.level, r.label),
      'staff.risk.reason': (r) => r.reason ?? '—',
      'staff.by': (r) => r.by ?? '—',
    }),
    d.status === 'open' && canWork ? h('details', {}, h('summary', {}, say('staff.details.correct')), detailsForm(c, d, reload)) : null,
    d.allowed.length
      ? moveForm(c, {
          title: say('staff.move.title'),
          allowed: d.allowed,
          notes: [{ name: 'reason', label: say('staff.move.reason'), hint: say('staff.move.reason.hint') }],
          send: (json) => answer(staff.cases[':caseRef'].transitions.$post({ param: { caseRef }, json })),
          reload,
        })
      : null,
    can(c.me.role, 'manage') && following ? mergeForm(c, d) : null,
    ...(can(c.me.role, 'manage') ? d.mergedFrom.map((from) => unmergeForm(c, caseRef, from, reload)) : []),
  );
}

function summary(c: Context, d: CaseFile): HTMLElement {
  const risk = c.config.risk.find((r) => r.level === d.riskLevel);
  const people = d.people.map((p) =>
    h(
      'span',
      { class: 'person' },
      [p.name, p.relationshipLabel].filter(Boolean).join(' · ') || say('staff.none'),
      p.phone ? h('span', {}, ' ', h('a', { href: `tel:${p.phone}` }, p.phone)) : null,
      h('br'),
    ),
  );
  return dl([
    [say('staff.child.name'), d.child.name ?? say('staff.file.unknown')],
    [say('staff.child.birthDate'), d.child.birthDate ?? say('staff.file.unknown')],
    ...('idNumber' in d.child ? [[say('staff.child.idNumber'), d.child.idNumber || '—'] as [string, string]] : []),
    [say('staff.place'), `${d.townshipName} ${d.village ?? say('staff.file.villageUnknown')}`],
    [
      say('staff.case.groupsLabel'),
      labels(
        'targetGroup',
        d.targetGroups.map((g) => g.key),
      ),
    ],
    [say('staff.risk'), d.riskLevel ? level(d.riskLevel, d.riskLabel) : say('staff.risk.none')],
    [say('staff.nextVisit'), risk && !d.nextVisitDue ? say('staff.risk.intervalUnset', { label: risk.label }) : day(d.nextVisitDue)],
    [say('staff.lastVisit'), day(d.lastVisitAt)],
    [say('staff.people'), people.length ? h('span', {}, ...people) : say('staff.none')],
    [say('staff.address'), d.address ?? '—'],
    [say('staff.origin'), ORIGIN[d.origin] ? say(ORIGIN[d.origin]!) : d.origin],
    ...(d.mergedFrom.length
      ? [
          [
            say('staff.file.mergedFrom'),
            h('span', {}, ...d.mergedFrom.map((m, i) => [i ? ' ' : null, h('a', { href: `#/cases/${m}` }, m)]).flat()),
          ] as [string, HTMLElement],
        ]
      : []),
  ]);
}

function riskForm(c: Context, d: CaseFile, reload: () => void): HTMLFormElement {
  return saveForm(
    c,
    [
      h('h3', {}, say('staff.risk.set')),
      choices(
        'radio',
        'level',
        say('staff.risk'),
        c.config.risk.map((r) => ({
          value: r.level,
          label: h(
            'span',
            {},
            h('span', { class: `level ${r.level}`, 'aria-hidden': 'true' }),
            say('staff.risk.option', { label: r.label, measure: r.measure, interval: r.cadence }),
          ),
        })),
        d.riskLevel ? [d.riskLevel] : [],
      ),
      field('reason', say('staff.risk.reason'), textarea()),
      submit(say('staff.save')),
    ],
    {
      send: (data) =>
        answer(
          staff.cases[':caseRef'].risk.$post({
            param: { caseRef: d.reference },
            json: { level: maybe(data, 'level') as RiskLevel, reason: value(data, 'reason') },
          }),
        ),
      saved: () => say('staff.risk.saved'),
      next: reload,
    },
  );
}

/** 预约上门走访: the day goes to the families of the child's open applications (worker/services/staff/visit-plans.ts). */
function bookingForm(c: Context, d: CaseFile, reload: () => void): HTMLFormElement {
  return saveForm(
    c,
    [
      h('h3', {}, say('staff.visitPlan.title')),
      h('p', {}, say('staff.visitPlan.lead')),
      field('date', say('staff.visitPlan.date'), h('input', { type: 'date', min: localNow().slice(0, 10) })),
      submit(say('staff.visitPlan.submit')),
    ],
    {
      send: (data) =>
        answer(staff.cases[':caseRef']['visit-bookings'].$post({ param: { caseRef: d.reference }, json: { date: value(data, 'date') } })),
      saved: (booked) => say('staff.visitPlan.done', { date: day(booked.date), n: booked.applications.length }),
      next: reload,
    },
  );
}

function visitForm(c: Context, d: CaseFile, reload: () => void): HTMLFormElement {
  return saveForm(
    c,
    [
      h('h3', {}, say('staff.visit.add')),
      field('visitedAt', say('staff.visit.at'), h('input', { type: 'datetime-local', value: localNow() })),
      field(
        'with',
        say('staff.visit.with'),
        h('input', { type: 'text', maxlength: 200, autocomplete: 'off' }),
        say('staff.visit.with.hint'),
      ),
      field('findings', say('staff.visit.findings'), textarea(3)),
      submit(say('staff.save')),
    ],
    {
      send: (data) =>
        answer(
          staff.cases[':caseRef'].visits.$post({
            param: { caseRef: d.reference },
            json: { visitedAt: toIso(value(data, 'visitedAt')), with: maybe(data, 'with'), findings: value(data, 'findings') },
          }),
        ),
      saved: () => say('staff.visit.saved'),
      next: reload,
    },
  );
}

/** Who the child is: for a file opened from a report (待核实), or to correct one. People are sent whole, so none is lost. */
function detailsForm(c: Context, d: CaseFile, reload: () => void): HTMLFormElement {
  const town = c.config.townships.find((t) => t.id === d.township);
  const relationships: [string, string][] = [['', say('staff.choose')], ...Object.entries(c.config.labels.relationship)];
  const people = [...d.people, {}].slice(0, 5) as { name?: string; phone?: string; relationship?: string }[];
  const input = (v: string | undefined, o: Record<string, string | number> = {}) =>
    h('input', { type: 'text', autocomplete: 'off', value: v ?? '', ...o });
  return saveForm(
    c,
    [
      h('h3', {}, say(d.status === 'unverified' ? 'staff.details.title' : 'staff.details.correct')),
      h('p', {}, say('staff.details.lead')),
      field('child.name', say('staff.child.name'), input(d.child.name, { maxlength: 30 })),
      field('child.birthDate', say('staff.child.birthDate'), h('input', { type: 'date', value: d.child.birthDate ?? '' })),
      can(c.me.role, 'seeIdNumbers')
        ? field('child.idNumber', say('staff.child.idNumber'), input(d.child.idNumber, { maxlength: 18, inputmode: 'text' }))
        : null,
      town
        ? field(
            'village',
            say('staff.village'),
            select(
              town.villages.map((v): [string, string] => [v, v]),
              d.village ?? town.villages[0],
            ),
          )
        : null,
      ...people.map((p, i) =>
        h(
          'fieldset',
          { class: 'field' },
          h('legend', {}, say('staff.details.person', { n: i + 1 })),
          field(`people.${i}.name`, say('staff.person.name'), input(p.name, { maxlength: 30 })),
          field(`people.${i}.relationship`, say('staff.person.relationship'), select(relationships, p.relationship ?? '')),
          field(`people.${i}.phone`, say('staff.person.phone'), input(p.phone, { type: 'tel', inputmode: 'tel', maxlength: 20 })),
        ),
      ),
      field('address', say('staff.address'), input(d.address ?? undefined, { maxlength: 100 })),
      submit(say('staff.save')),
    ],
    {
      send: (data) =>
        answer(
          staff.cases[':caseRef'].details.$post({
            param: { caseRef: d.reference },
            json: {
              child: {
                name: value(data, 'child.name'),
                birthDate: maybe(data, 'child.birthDate'),
                idNumber: maybe(data, 'child.idNumber'),
              },
              village: maybe(data, 'village'),
              people: people
                .map((_, i) => ({
                  name: maybe(data, `people.${i}.name`),
                  relationship: maybe(data, `people.${i}.relationship`) as never,
                  phone: maybe(data, `people.${i}.phone`),
                }))
                .filter((p) => p.name || p.phone || p.relationship),
              address: maybe(data, 'address'),
            },
          }),
        ),
      saved: () => say('staff.details.saved'),
      next: reload,
    },
  );
}

function mergeForm(c: Context, d: CaseFile): HTMLElement {
  return h(
    'details',
    {},
    h('summary', {}, say('staff.merge.title')),
    saveForm(
      c,
      [
        h('p', {}, say('staff.merge.lead')),
        field(
          'into',
          say('staff.merge.into'),
          h('input', { type: 'text', maxlength: 12, autocomplete: 'off' }),
          say('staff.merge.into.hint'),
        ),
        field('reason', say('staff.merge.reason'), textarea()),
        submit(say('staff.merge.button')),
      ],
      {
        send: (data) =>
          answer(
            staff.cases[':caseRef'].merge.$post({
              param: { caseRef: d.reference },
              json: { into: value(data, 'into'), reason: value(data, 'reason') },
            }),
          ),
        saved: (r) => say('staff.merge.saved', { from: r.reference, into: r.mergedInto }),
        next: (r) => c.go(`#/cases/${r.mergedInto}`),
      },
    ),
  );
}

function unmergeForm(c: Context, kept: string, from: string, reload: () => void): HTMLElement {
  return h(
    'details',
    {},
    h('summary', {}, say('staff.unmerge.title', { reference: from })),
    saveForm(
      c,
      [
        h('p', {}, say('staff.unmerge.lead', { reference: from, kept })),
        field('reason', say('staff.unmerge.reason'), textarea()),
        submit(say('staff.unmerge.button')),
      ],
      {
        send: (data) =>
          answer(staff.cases[':caseRef'].unmerge.$post({ param: { caseRef: from }, json: { reason: value(data, 'reason') } })),
        saved: () => say('staff.unmerge.saved', { reference: from }),
        next: reload,
      },
    ),
  );
}
