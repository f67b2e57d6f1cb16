/**
 * 摸底排查 (篇五 三(一) 二是: 居（村）委会每年 2 月、7 月各开展一次辖区内未成年人摸底排查).
 * The county opens and closes a round; everyone sees the progress of their townships and
 * villages; a village's 儿童主任 works through the roster on a phone: one compact block per
 * child (seen or not found, the 保护对象 groups, a proposed level and its reason), saved one
 * child at a time without leaving the page, and children newly found added at the end.
 */
import type { RiskLevel } from '../../domain/risk-levels.ts';
import type { TargetGroup } from '../../domain/target-groups.ts';
import { can } from '../../domain/staff-roles.ts';
import { answer, staff, type Roster } from '../api.ts';
import { list, say, scopeOf, type Context } from '../context.ts';
import { date, field, fill, h, records, select, table, uid, viewTitle } from '../dom.ts';
import { choices, maybe, onSubmit, saveForm, submit, textarea, value } from '../forms.ts';

type Result = 'screened' | 'notFound';
type Child = Roster['children'][number];

const rosterHash = (id: number, township: string, village: string) =>
  `#/screening/${id}/${encodeURIComponent(township)}/${encodeURIComponent(village)}`;

/** The rounds, opening one (county), and where each member starts. */
export async function renderScreening(c: Context): Promise<void> {
  const { items } = await answer(staff['screening-rounds'].$get());
  const open = items.find((r) => r.open);
  const county = can(c.me.role, 'decide');
  // The next screening month from today, in this year or the next.
  const today = new Date();
  const nextMonth = c.config.screeningMonths.find((m) => m >= today.getMonth() + 1);
  const year = nextMonth ? today.getFullYear() : today.getFullYear() + 1;
  const openForm =
    county && !open
      ? saveForm(
          c,
          [
            h('h3', {}, say('staff.round.open')),
            h('p', {}, say('staff.round.open.lead', { months: list(c.config.screeningMonths.map(String)) })),
            field('year', say('staff.round.year'), h('input', { type: 'number', min: 2020, max: 2100, value: year, inputmode: 'numeric' })),
            choices(
              'radio',
              'month',
              say('staff.round.month'),
              c.config.screeningMonths.map((m) => ({ value: String(m), label: say('staff.round.monthOption', { month: m }) })),
              [String(nextMonth ?? c.config.screeningMonths[0])],
              { inline: true },
            ),
            submit(say('staff.round.open.button')),
          ],
          {
            send: (data) =>
              answer(staff['screening-rounds'].$post({ json: { year: Number(value(data, 'year')), month: Number(value(data, 'month')) } })),
            saved: (r) => say('staff.round.opened', { period: r.period }),
            next: (r) => c.go(`#/screening/${r.id}`),
          },
        )
      : null;
  fill(
    c.view,
    viewTitle(say('staff.screening.title')),
    h('p', {}, say('staff.screening.lead')),
    open
      ? h(
          'p',
          { class: 'notice' },
          say('staff.round.current', { period: open.period }),
          ' ',
          h('a', { href: `#/screening/${open.id}` }, say('staff.round.progressLink')),
        )
      : h('p', { class: 'notice' }, say(county ? 'staff.round.noneOpen.county' : 'staff.round.noneOpen')),
    open ? villageLinks(c, open.id) : null,
    openForm,
    h('h3', {}, say('staff.round.all')),
    records(say('staff.round.all'), items, {
      'staff.screening.round': (r) => h('a', { href: `#/screening/${r.id}` }, r.period),
      'staff.status': (r) => say(r.open ? 'staff.round.isOpen' : 'staff.round.isClosed'),
      'staff.round.openedAt': (r) => date(r.openedAt),
    }),
  );
}

/** Links straight to the rosters the member works on: a 儿童主任's villages, or every village in scope. */
function villageLinks(c: Context, id: number): HTMLElement {
  const scope = scopeOf(c);
  return h(
    'div',
    {},
    h('h3', {}, say('staff.round.start')),
    ...scope.map((t) =>
      h(
        'div',
        {},
        scope.length > 1 ? h('h4', {}, t.name) : null,
        h(
          'ul',
          { class: 'tags' },
          ...t.villages
            .filter((v) => !c.me.villages || c.me.villages.includes(v))
            .map((v) => h('li', {}, h('a', { href: rosterHash(id, t.id, v) }, v))),
        ),
      ),
    ),
  );
}

/** One round's progress per township and village in the member's scope; the county closes it. */
export async function renderRound(c: Context, id: number): Promise<void> {
  const p = await answer(staff['screening-rounds'][':id'].$get({ param: { id: String(id) } }));
  const closeForm =
    p.open && can(c.me.role, 'decide')
      ? saveForm(
          c,
          [
            h('h3', {}, say('staff.round.close')),
            h('p', {}, say('staff.round.close.lead')),
            h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'warning' }, say('staff.round.close.button'))),
          ],
          {
            send: () => answer(staff['screening-rounds'][':id'].close.$post({ param: { id: String(id) } })),
            saved: () => say('staff.round.closed', { period: p.period }),
            next: () => c.go(`#/screening/${id}`),
          },
        )
      : null;
  fill(
    c.view,
    viewTitle(say('staff.round.title', { period: p.period })),
    h('p', {}, say(p.open ? 'staff.round.isOpen' : 'staff.round.isClosed')),
    h('p', { class: 'lead' }, say('staff.round.total', { onRoster: p.onRoster, screened: p.screened, classified: p.classified })),
    ...p.townships.map((t) =>
      h(
        'section',
        { 'aria-labelledby': `round-${t.township}` },
        h('h3', { id: `round-${t.township}` }, t.name),
        h('p', {}, say('staff.round.total', { onRoster: t.onRoster, screened: t.screened, classified: t.classified })),
        table(
          say('staff.round.villages', { township: t.name }),
          [
            say('staff.village'),
            say('staff.round.onRoster'),
            say('staff.round.screened'),
            say('staff.round.classified'),
            say('staff.round.recorded'),
          ],
          t.villages.map((v) => [
            h('a', { href: rosterHash(id, t.township, v.village) }, v.village),
            v.onRoster,
            v.screened,
            v.classified,
            v.recorded,
          ]),
        ),
      ),
    ),
    closeForm,
  );
}

/** A roster: every child on file in the village, one block each, and a child newly found. */
export async function renderRoster(c: Context, id: number, township: string, village: string): Promise<void> {
  const r = await answer(staff['screening-rounds'][':id'].roster.$get({ param: { id: String(id) }, query: { township, village } }));
  const open = r.round.open && can(c.me.role, 'workOnRecords');
  const announce = h('p', { role: 'status', 'aria-live': 'polite', class: 'saved-note' });
  const count = h('p', { class: 'lead' });
  const blocks = h('div');
  const recorded = new Set(r.children.filter((x) => x.record).map((x) => x.reference));
  const showCount = () => (count.textContent = say('staff.roster.count', { recorded: recorded.size, total: r.children.length }));

  /** After a save: the next child still to do gets the focus, so thirty children go in a row. */
  const focusNext = (after: HTMLElement) => {
    const all = [...blocks.querySelectorAll<HTMLElement>('.roster-child')];
    const next =
      all.slice(all.indexOf(after) + 1).find((b) => !b.classList.contains('saved')) ?? all.find((b) => !b.classList.contains('saved'));
    (next?.querySelector<HTMLElement>('h3') ?? document.getElementById('roster-new'))?.focus();
  };

  const block = (child: Child): HTMLElement => {
    const headingId = uid('child');
    const state = h('span', {}, child.record ? savedText(c, child.record) : say('staff.roster.notYet'));
    const section = h(
      'section',
      { class: `roster-child${child.record ? ' saved' : ''}`, 'aria-labelledby': headingId, 'data-case': child.reference },
      h('h3', { id: headingId, tabindex: -1 }, child.name ?? say('staff.case.unnamed'), child.birthDate ? ` ${child.birthDate}` : ''),
      h('p', {}, state, ' ', h('a', { href: `#/cases/${child.reference}` }, say('staff.roster.openFile', { reference: child.reference }))),
    );
    if (!open) return section;
    const form = screeningForm(c, {
      groups: child.record?.targetGroups ?? child.targetGroups.map((g) => g.key),
      result: child.record?.result as Result | undefined,
      level: child.record?.proposedLevel ?? child.riskLevel,
      send: (body) =>
        answer(
          staff['screening-rounds'][':id'].records.$post({
            param: { id: String(id) },
            json: { caseRef: child.reference, village: r.village, township: r.township, ...body },
          }),
        ),
      done: (_saved, record) => {
        child.record = record;
        state.textContent = savedText(c, record);
        section.classList.add('saved');
        recorded.add(child.reference);
        showCount();
        announce.textContent = say('staff.roster.saved', { name: child.name ?? child.reference, what: state.textContent });
        focusNext(section);
      },
    });
    section.append(form);
    return section;
  };

  blocks.append(...r.children.map(block));
  showCount();

  const newChild = open
    ? screeningForm(c, {
        groups: [],
        result: 'screened',
        level: null,
        newChild: true,
        send: (body, data) =>
          answer(
            staff['screening-rounds'][':id'].records.$post({
              param: { id: String(id) },
              json: {
                child: {
                  name: value(data, 'child.name'),
                  birthDate: maybe(data, 'child.birthDate'),
                  idNumber: maybe(data, 'child.idNumber'),
                },
                people:
                  maybe(data, 'people.0.name') || maybe(data, 'people.0.phone')
                    ? [
                        {
                          name: maybe(data, 'people.0.name'),
                          phone: maybe(data, 'people.0.phone'),
                          relationship: maybe(data, 'people.0.relationship') as never,
                        },
                      ]
                    : undefined,
                village: r.village,
                township: r.township,
                ...body,
              },
            }),
          ),
        done: (saved, record, data, form) => {
          // A child already on file (matched by ID number, or name and birth date) is recorded on that file's block.
          blocks.querySelector(`[data-case="${saved.caseRef}"]`)?.remove();
          const child: Child = {
            reference: saved.caseRef,
            name: value(data, 'child.name'),
            birthDate: maybe(data, 'child.birthDate') ?? null,
            targetGroups: [],
            riskLevel: null,
            record,
          };
          if (!r.children.some((x) => x.reference === saved.caseRef)) r.children.push(child);
          const added = block(child);
          blocks.append(added);
          recorded.add(saved.caseRef);
          showCount();
          announce.textContent = say(saved.filed ? 'staff.roster.filed' : 'staff.roster.matched', {
            name: child.name ?? '',
            reference: saved.caseRef,
          });
          form.reset();
          added.querySelector<HTMLElement>('h3')?.focus();
        },
      })
    : null;

  fill(
    c.view,
    viewTitle(say('staff.roster.title', { village: r.village, period: r.round.period })),
    h('p', {}, h('a', { href: `#/screening/${id}` }, say('staff.roster.back', { township: r.townshipName }))),
    r.round.open ? h('p', {}, say('staff.roster.lead')) : h('p', { class: 'notice' }, say('staff.roster.closed')),
    count,
    announce,
    open ? h('p', {}, h('a', { href: '#roster-new', onclick: jumpTo('roster-new') }, say('staff.roster.jumpNew'))) : null,
    r.children.length ? null : h('p', {}, say('staff.roster.empty')),
    blocks,
    newChild
      ? h(
          'section',
          { class: 'roster-child', 'aria-labelledby': 'roster-new' },
          h('h3', { id: 'roster-new', tabindex: -1 }, say('staff.roster.new')),
          h('p', {}, say('staff.roster.new.lead')),
          newChild,
        )
      : null,
  );
}

/** An in-page link inside a hash-routed page: moves focus instead of changing the address. */
const jumpTo = (id: string) => (ev: Event) => {
  ev.preventDefault();
  const el = document.getElementById(id);
  el?.scrollIntoView();
  el?.focus();
};

function savedText(c: Context, record: NonNullable<Child['record']>): string {
  if (record.result === 'notFound') return say('staff.roster.savedNotFound');
  return say('staff.roster.savedScreened', {
    proposed: record.proposedLabel ?? say('staff.none'),
    groups: groupNames(c, record.targetGroups),
  });
}

const groupNames = (c: Context, keys: readonly string[]) =>
  keys.length ? list(keys.map((k) => c.config.labels.targetGroup[k] ?? k)) : say('staff.none');

interface RecordBody {
  result: Result;
  targetGroups: TargetGroup[];
  proposedLevel?: RiskLevel;
  reason?: string;
  notes?: string;
}

type ChildRecord = NonNullable<Child['record']>;

/**
 * One child's record: seen or not found; when seen, the groups (folded away, with the chosen
 * ones in the summary), a proposed level and its reason; notes folded away.
 */
function screeningForm<T>(
  c: Context,
  o: {
    groups: readonly string[];
    result?: Result;
    level: string | null;
    newChild?: boolean;
    send: (body: RecordBody, data: FormData) => Promise<T>;
    done: (saved: T, record: ChildRecord, data: FormData, form: HTMLFormElement) => void;
  },
): HTMLFormElement {
  const groupsSummary = h('summary', {}, say('staff.roster.groups', { groups: groupNames(c, o.groups) }));
  const groups = choices(
    'checkbox',
    'targetGroups',
    say('staff.screening.groups'),
    c.config.screeningGroups.map((g) => ({ value: g.key, label: g.label })),
    o.groups,
  );
  // Asked only once the child was seen (GOV.UK conditional reveal): a block stays short until then.
  const whenSeen = h(
    'div',
    { id: uid('seen'), hidden: o.result !== 'screened' },
    o.newChild ? groups : h('details', {}, groupsSummary, groups),
    choices(
      'radio',
      'proposedLevel',
      say('staff.screening.proposed'),
      c.config.risk.map((r) => ({
        value: r.level,
        label: h('span', {}, h('span', { class: `level ${r.level}`, 'aria-hidden': 'true' }), r.label),
      })),
      o.level ? [o.level] : [],
      { inline: true },
    ),
    field('reason', say('staff.screening.reason'), textarea()),
  );
  const result = choices(
    'radio',
    'result',
    say('staff.screening.result'),
    [
      { value: 'screened', label: say('staff.screening.screened') },
      { value: 'notFound', label: say('staff.screening.notFound') },
    ],
    o.result ? [o.result] : [],
    { inline: true },
  );
  const seenRadio = result.querySelector<HTMLInputElement>('input[value=screened]')!;
  seenRadio.setAttribute('aria-controls', whenSeen.id);
  const reveal = (seen: boolean) => (whenSeen.hidden = !seen);
  reveal(o.result === 'screened');
  const form = h(
    'form',
    {},
    o.newChild
      ? [
          field('child.name', say('staff.child.name'), h('input', { type: 'text', maxlength: 30, autocomplete: 'off' })),
          field('child.birthDate', say('staff.child.birthDate'), h('input', { type: 'date' })),
          can(c.me.role, 'seeIdNumbers')
            ? field('child.idNumber', say('staff.child.idNumber'), h('input', { type: 'text', maxlength: 18, autocomplete: 'off' }))
            : null,
          h(
            'details',
            {},
            h('summary', {}, say('staff.roster.guardian')),
            field('people.0.name', say('staff.person.name'), h('input', { type: 'text', maxlength: 30, autocomplete: 'off' })),
            field(
              'people.0.relationship',
              say('staff.person.relationship'),
              select([['', say('staff.choose')], ...Object.entries(c.config.labels.relationship)]),
            ),
            field(
              'people.0.phone',
              say('staff.person.phone'),
              h('input', { type: 'tel', inputmode: 'tel', maxlength: 20, autocomplete: 'off' }),
            ),
          ),
        ]
      : null,
    result,
    whenSeen,
    h('details', {}, h('summary', {}, say('staff.screening.notes')), field('notes', say('staff.screening.notes'), textarea())),
    submit(say(o.newChild ? 'staff.roster.new.button' : 'staff.save')),
  );
  const chosenGroups = () => [...form.querySelectorAll<HTMLInputElement>('input[name=targetGroups]:checked')].map((i) => i.value);
  form.addEventListener('change', (ev) => {
    const target = ev.target as HTMLInputElement;
    if (target.name === 'result') reveal(target.value === 'screened');
    if (target.name === 'targetGroups') groupsSummary.textContent = say('staff.roster.groups', { groups: groupNames(c, chosenGroups()) });
  });
  form.addEventListener('reset', () => {
    reveal(o.result === 'screened');
    groupsSummary.textContent = say('staff.roster.groups', { groups: groupNames(c, []) });
  });
  return onSubmit(
    form,
    async (data) => {
      const result = (maybe(data, 'result') ?? '') as Result;
      const seen = result !== 'notFound';
      const body: RecordBody = {
        result,
        targetGroups: seen ? (data.getAll('targetGroups').map(String) as TargetGroup[]) : [],
        proposedLevel: seen ? (maybe(data, 'proposedLevel') as RiskLevel | undefined) : undefined,
        reason: seen ? maybe(data, 'reason') : undefined,
        notes: maybe(data, 'notes'),
      };
      return { saved: await o.send(body, data), body, data };
    },
    ({ saved, body, data }) =>
      o.done(
        saved,
        {
          result: body.result,
          targetGroups: body.targetGroups,
          proposedLevel: body.proposedLevel ?? null,
          proposedLabel: (c.config.risk.find((l) => l.level === body.proposedLevel)?.label ?? null) as ChildRecord['proposedLabel'],
        },
        data,
        form,
      ),
  );
}
