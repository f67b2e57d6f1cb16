/**
 * 认定审核 in the console (篇五 三(三)): a township sends children in a batch (初步筛选) and the
 * county screens it; on the child's file, the evaluation with its 救助帮扶预案 (调查评估), the
 * county's decision per measure by a second person (审核认定: four eyes, the API says who may),
 * and 转介 of an approved measure; a member department's inbox of the referrals sent to it.
 */
import type { InferResponseType } from 'hono/client';
import { DECISIONS, REFERRAL_OUTCOMES, type Decision } from '../../domain/review.ts';
import { can } from '../../domain/staff-roles.ts';
import { answer, ApiProblem, staff, type CaseFile } from '../api.ts';
import { list, say, scopeOf, type Context, type StaffKey } from '../context.ts';
import { date, day, dl, field, fill, h, records, select, table, viewTitle } from '../dom.ts';
import { choices, dayEnd, filterForm, maybe, saveForm, submit, textarea, townshipFilter, value } from '../forms.ts';

const hidden = (name: string, v: string | number) => h('input', { type: 'hidden', name, value: String(v) });

/**
 * Sends a list where some rows of the form were left out: the API's field errors name the
 * position in what was sent (items.1.reason), put back at the row of the form (items.3.reason).
 */
async function sentRows<T>(prefix: string, rows: number[], pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    const fields = Object.fromEntries(
      Object.entries(error.fields).map(([k, m]) => {
        const match = new RegExp(`^${prefix}\\.(\\d+)(\\..*)?$`).exec(k);
        return [match ? `${prefix}.${rows[Number(match[1])] ?? match[1]}${match[2] ?? ''}` : k, m];
      }),
    );
    throw new ApiProblem(error.status, error.message, fields);
  }
}

const departmentSelect = (c: Context, selected = '') =>
  select(
    c.config.departments.map((d): [string, string] => [d.key, d.name]),
    selected,
  );

// --- 初步筛选: batches -----------------------------------------------------------------------------

export async function renderReview(c: Context): Promise<void> {
  const scope = scopeOf(c);
  const township = c.params.get('township') || (scope.length === 1 ? scope[0]!.id : '');
  const [{ items }, candidates, progress] = await Promise.all([
    answer(staff.batches.$get()),
    township ? answer(staff.batches.candidates.$get({ query: { township } })).then((r) => r.items) : Promise.resolve(null),
    answer(staff.review.$get()),
  ]);
  fill(
    c.view,
    viewTitle(say('staff.review.title')),
    h('p', {}, say('staff.review.lead')),
    progressSection(progress),
    h('h3', {}, say('staff.batches.title')),
    records(say('staff.batches.title'), items, {
      'staff.batches.batch': (b) => h('a', { href: `#/review/${b.id}` }, say('staff.batch.title', { id: b.id, township: b.townshipName })),
      'staff.township': (b) => b.townshipName,
      'staff.created': (b) => date(b.submittedAt),
      'staff.by': (b) => b.by ?? '—',
      'staff.batches.children': (b) => b.children,
      'staff.batches.open': (b) => b.open,
    }),
    // The county answers batches; a township (or a county officer for a township) sends them.
    h('h3', {}, say('staff.batches.submit')),
    h('p', {}, say('staff.batches.submit.lead')),
    scope.length > 1 ? filterForm(c, '#/review', [townshipFilter(c, township)]) : null,
    candidates === null ? null : candidates.length ? batchForm(c, candidates) : h('p', {}, say('staff.batches.noCandidates')),
  );
}

function batchForm(
  c: Context,
  candidates: { reference: string; childName: string | null; village: string | null; proposedLabel: string | null }[],
) {
  return saveForm(
    c,
    [
      choices(
        'checkbox',
        'cases',
        say('staff.batches.candidates'),
        candidates.map((x) => ({
          value: x.reference,
          label: `${x.childName ?? '—'} ${x.reference}`,
          hint: [x.village, x.proposedLabel].filter(Boolean).join(' · '),
        })),
      ),
      submit(say('staff.batches.send')),
    ],
    {
      send: (data) => answer(staff.batches.$post({ json: { cases: data.getAll('cases').map(String) } })),
      saved: (batch) => say('staff.batches.sent', { id: batch.id }),
      next: (batch) => c.go(`#/review/${batch.id}`),
    },
  );
}

const SCREENED: Record<string, StaffKey> = { accepted: 'staff.batch.accepted', declined: 'staff.batch.declined' };

export async function renderBatch(c: Context, id: string): Promise<void> {
  const b = await answer(staff.batches[':id'].$get({ param: { id } }));
  const open = b.items.filter((i) => i.decision === null);
  fill(
    c.view,
    viewTitle(say('staff.batch.title', { id: b.id, township: b.townshipName })),
    dl([[say('staff.created'), date(b.submittedAt)]]),
    table(
      say('staff.batch.title', { id: b.id, township: b.townshipName }),
      [say('staff.child.name'), say('staff.file'), say('staff.place'), say('staff.batch.screen')],
      b.items.map((i) => [
        i.childName ?? '—',
        h('a', { href: `#/cases/${i.reference}` }, i.reference),
        i.village,
        i.decision ? `${say(SCREENED[i.decision]!)}${i.reason ? `（${i.reason}）` : ''}` : say('staff.batch.pending'),
      ]),
    ),
    can(c.me.role, 'decide') && open.length ? screenForm(c, b.id, open) : null,
  );
}

function screenForm(c: Context, id: number, open: { reference: string; childName: string | null; village: string | null }[]) {
  return saveForm(
    c,
    [
      h('h3', {}, say('staff.batch.screen')),
      ...open.map((x, i) =>
        h(
          'div',
          { class: 'measure' },
          choices(
            'radio',
            `items.${i}.decision`,
            `${x.childName ?? '—'} ${x.reference} · ${x.village ?? ''}`,
            [
              { value: 'accepted', label: say('staff.batch.accepted') },
              { value: 'declined', label: say('staff.batch.declined') },
            ],
            [],
            { inline: true },
          ),
          field(`items.${i}.reason`, say('staff.batch.reason'), textarea()),
        ),
      ),
      submit(say('staff.save')),
    ],
    {
      send: (data) => {
        const rows = open.map((_, i) => i).filter((i) => value(data, `items.${i}.decision`));
        const items = rows.map((i) => ({
          case: open[i]!.reference,
          decision: value(data, `items.${i}.decision`) as 'accepted' | 'declined',
          reason: maybe(data, `items.${i}.reason`),
        }));
        return sentRows('items', rows, answer(staff.batches[':id'].screen.$post({ param: { id: String(id) }, json: { items } })));
      },
      saved: () => say('staff.batch.screened'),
      next: () => c.go(`#/review/${id}`),
    },
  );
}

// --- On the child's file: evaluation, decisions per measure, referrals ------------------------------

const DECISION: Record<string, StaffKey> = {
  approved: 'staff.plan.decision.approved',
  rejected: 'staff.plan.decision.rejected',
  needs_info: 'staff.plan.decision.needs_info',
};

/** The 认定审核 part of the child's file; null for a member who takes no part in it. */
export async function planSection(c: Context, d: CaseFile, reload: () => void): Promise<HTMLElement | null> {
  if (!can(c.me.role, 'review')) return null;
  const plan = await answer(staff.cases[':caseRef'].plan.$get({ param: { caseRef: d.reference } }));
  const part = h('section', { 'aria-labelledby': `plan-${d.reference}` }, h('h3', { id: `plan-${d.reference}` }, say('staff.plan.title')));
  if (!plan.step) {
    part.append(h('p', {}, say('staff.plan.notInReview')));
    return part;
  }
  part.append(
    h(
      'p',
      {},
      say('staff.plan.step', { step: say(`staff.plan.step.${plan.step}` as StaffKey) }),
      plan.step === 'decided' ? null : `。${plan.stepDue ? say('staff.plan.due', { date: day(plan.stepDue) }) : say('staff.plan.noDue')}。`,
    ),
  );
  if (plan.step === 'filing') part.append(h('p', { class: 'notice' }, say('staff.plan.needVisit')));
  if (plan.step === 'assessing') part.append(evaluationForm(c, d, reload));
  if (plan.evaluation) {
    const e = plan.evaluation;
    part.append(
      h('h4', {}, say('staff.plan.evaluation')),
      dl([
        [say('staff.by'), `${e.by ?? '—'} · ${date(e.at)}`],
        [say('staff.plan.situation'), e.situation ?? '—'],
        [say('staff.plan.means'), e.means ?? '—'],
        [say('staff.plan.guardianship'), e.guardianship ?? '—'],
        [say('staff.plan.level'), e.proposedLabel ?? '—'],
      ]),
      h('h4', {}, say('staff.plan.items')),
      h(
        'ol',
        { class: 'plan-items' },
        ...plan.items.map((i) =>
          h(
            'li',
            {},
            h('strong', {}, i.title ?? '—'),
            ` · ${i.departmentName} · ${day(i.dueBy)} · `,
            h('span', { class: 'plan-decision' }, i.decision ? say(DECISION[i.decision]!) : say('staff.plan.undecided')),
            i.reason ? `（${i.reason}）` : null,
            i.publicNote ? h('span', {}, h('br'), say('staff.note.public', { note: i.publicNote })) : null,
            i.opinions.length
              ? h(
                  'span',
                  {},
                  h('br'),
                  say('staff.plan.opinions', { list: list(i.opinions.map((o) => `${o.department}：${o.opinion ?? ''}`)) }),
                )
              : null,
            i.referrals.length
              ? h(
                  'span',
                  {},
                  h('br'),
                  say('staff.plan.referrals', { list: list(i.referrals.map((r) => `${r.department} ${referralLabel(r.status)}`)) }),
                )
              : null,
          ),
        ),
      ),
    );
    const open = plan.items.filter((i) => i.decision === null || (i.decision === 'needs_info' && !i.waitingForFamily));
    // Four eyes: shown here, enforced by the Worker (409 same_reviewer).
    if (can(c.me.role, 'decide') && open.length && !plan.canDecide)
      part.append(h('p', { class: 'notice warn' }, say('staff.plan.fourEyes')));
    if (plan.canDecide && open.length && (plan.step === 'deciding' || plan.step === 'decided'))
      part.append(decisionForm(c, d.reference, open, reload));
    const approved = plan.items.filter((i) => i.decision === 'approved' && !i.referrals.some((r) => r.status !== 'declined'));
    if (approved.length) part.append(referralForm(c, d.reference, approved, reload));
  }
  return part;
}

const referralLabel = (status: string) =>
  status === 'sent' ? say('staff.plan.referred') : say(`staff.referrals.outcome.${status}` as StaffKey);

function evaluationForm(c: Context, d: CaseFile, reload: () => void): HTMLFormElement {
  const asked = [...new Set(d.applications.filter((a) => a.status === 'assessing').flatMap((a) => a.entitlements.map((e) => e.slug)))].map(
    (slug) => ({ slug, title: d.applications.flatMap((a) => a.entitlements).find((e) => e.slug === slug)!.title }),
  );
  const rows = asked.length + 1;
  const measure = (i: number) => {
    const free = i === asked.length;
    return h(
      'fieldset',
      { class: 'measure' },
      h('legend', {}, free ? say('staff.plan.measure.free') : say('staff.plan.measure', { n: i + 1, title: asked[i]!.title })),
      free
        ? field(`plan.${i}.measure`, say('staff.plan.measure.text'), h('input', { type: 'text', maxlength: 500, autocomplete: 'off' }))
        : hidden(`plan.${i}.entitlement`, asked[i]!.slug),
      field(`plan.${i}.department`, say('staff.plan.department'), departmentSelect(c, free ? '' : 'civilAffairs')),
      field(`plan.${i}.dueBy`, say('staff.plan.dueBy'), h('input', { type: 'date' }), say('staff.plan.dueBy.hint')),
    );
  };
  return saveForm(
    c,
    [
      h('h4', {}, say('staff.plan.evaluate')),
      field('situation', say('staff.plan.situation'), textarea(3)),
      field('means', say('staff.plan.means'), textarea(3)),
      field('guardianship', say('staff.plan.guardianship'), textarea(3)),
      choices(
        'radio',
        'proposedLevel',
        say('staff.plan.level'),
        c.config.risk.map((r) => ({ value: r.level, label: r.label, hint: r.measure })),
      ),
      h(
        'div',
        { class: 'field', 'data-field': 'plan' },
        h('p', { class: 'hint' }, say('staff.plan.measures.hint')),
        h('p', { class: 'error-message', hidden: true }),
      ),
      ...Array.from({ length: rows }, (_, i) => measure(i)),
      submit(say('staff.plan.submit')),
    ],
    {
      send: (data) => {
        // The free measure goes in only when it was written.
        const used = Array.from({ length: rows }, (_, i) => i).filter((i) => i < asked.length || value(data, `plan.${i}.measure`));
        const plan = used.map((i) => ({
          entitlement: maybe(data, `plan.${i}.entitlement`),
          measure: maybe(data, `plan.${i}.measure`),
          department: value(data, `plan.${i}.department`) as never,
          dueBy: dayEnd(value(data, `plan.${i}.dueBy`)),
        }));
        return sentRows(
          'plan',
          used,
          answer(
            staff.cases[':caseRef'].evaluations.$post({
              param: { caseRef: d.reference },
              json: {
                situation: value(data, 'situation'),
                means: value(data, 'means'),
                guardianship: value(data, 'guardianship'),
                proposedLevel: value(data, 'proposedLevel') as never,
                plan,
              },
            }),
          ),
        );
      },
      saved: () => say('staff.plan.evaluated'),
      next: reload,
    },
  );
}

function decisionForm(
  c: Context,
  caseRef: string,
  open: { id: number; title: string | null; departmentName: string }[],
  reload: () => void,
) {
  return saveForm(
    c,
    [
      h('h4', {}, say('staff.plan.decide')),
      ...open.map((item, i) =>
        h(
          'div',
          { class: 'measure' },
          choices(
            'radio',
            `items.${i}.decision`,
            `${item.title ?? '—'}（${item.departmentName}）`,
            DECISIONS.map((k) => ({ value: k, label: say(DECISION[k]!) })),
          ),
          field(`items.${i}.reason`, say('staff.plan.reason'), textarea()),
          field(`items.${i}.publicNote`, say('staff.plan.publicNote'), textarea()),
        ),
      ),
      submit(say('staff.save')),
    ],
    {
      send: (data) => {
        const rows = open.map((_, i) => i).filter((i) => value(data, `items.${i}.decision`));
        const items = rows.map((i) => ({
          planItem: open[i]!.id,
          decision: value(data, `items.${i}.decision`) as Decision,
          reason: maybe(data, `items.${i}.reason`),
          publicNote: maybe(data, `items.${i}.publicNote`),
        }));
        return sentRows('items', rows, answer(staff.cases[':caseRef'].decisions.$post({ param: { caseRef }, json: { items } })));
      },
      saved: () => say('staff.plan.decided'),
      next: reload,
    },
  );
}

function referralForm(
  c: Context,
  caseRef: string,
  approved: { id: number; title: string | null; department: string }[],
  reload: () => void,
) {
  return saveForm(
    c,
    [
      h('h4', {}, say('staff.plan.refer')),
      field('planItem', say('staff.plan.refer.item'), select(approved.map((i): [string, string] => [String(i.id), i.title ?? '—']))),
      field('department', say('staff.plan.department'), departmentSelect(c, approved[0]!.department)),
      field('dueBy', say('staff.plan.refer.dueBy'), h('input', { type: 'date' })),
      field('request', say('staff.plan.refer.request'), textarea(3)),
      submit(say('staff.plan.refer.send')),
    ],
    {
      send: (data) =>
        answer(
          staff.cases[':caseRef'].referrals.$post({
            param: { caseRef },
            json: {
              planItem: Number(value(data, 'planItem')),
              department: value(data, 'department') as never,
              dueBy: dayEnd(value(data, 'dueBy')) ?? '',
              request: value(data, 'request'),
            },
          }),
        ),
      saved: () => say('staff.plan.referred'),
      next: reload,
    },
  );
}

type Progress = InferResponseType<typeof staff.review.$get>;

/** Where the children are in the procedure, what is overdue, and the departments' referrals (GET /review). */
function progressSection(p: Progress): HTMLElement {
  const stepName = (step: string | null) => (step ? say(`staff.plan.step.${step}` as StaffKey) : '—');
  return h(
    'section',
    { 'aria-labelledby': 'review-progress' },
    h('h3', { id: 'review-progress' }, say('staff.review.progress')),
    table(
      say('staff.review.progress'),
      [say('staff.review.step'), say('staff.review.waiting'), say('staff.review.overdue'), say('staff.review.days')],
      p.steps.map((s) => [stepName(s.step), s.waiting, s.overdue, s.days == null ? say('staff.review.daysUnset') : String(s.days)]),
    ),
    p.overdue.length
      ? h(
          'ul',
          {},
          ...p.overdue.map((o) =>
            h(
              'li',
              {},
              h('a', { href: `#/cases/${o.reference}` }, o.reference),
              ` ${o.townshipName} · ${stepName(o.step)} · ${day(o.stepDue)}`,
            ),
          ),
        )
      : null,
    h('h3', {}, say('staff.review.departments')),
    records(say('staff.review.departments'), p.departments, {
      'staff.plan.department': (d) => d.departmentName,
      'staff.review.open': (d) => d.open,
      'staff.review.overdue': (d) => d.overdue,
      'staff.referrals.outcome.done': (d) => d.done,
      'staff.referrals.outcome.declined': (d) => d.declined,
    }),
  );
}

// --- A member department's inbox ----------------------------------------------------------------------

export async function renderReferrals(c: Context): Promise<void> {
  const answering = can(c.me.role, 'answerReferrals');
  const [{ items }, wanted] = await Promise.all([
    answer(staff.referrals.$get({ query: {} })),
    answering ? answer(staff['plan-items'].opinions.$get()).then((r) => r.items) : Promise.resolve([]),
  ]);
  fill(
    c.view,
    viewTitle(say('staff.referrals.title')),
    h('p', {}, say('staff.referrals.lead')),
    answering ? opinionsSection(c, wanted) : null,
    items.length
      ? h(
          'ul',
          { class: 'referrals' },
          ...items.map((r) =>
            h(
              'li',
              {},
              h('h3', {}, `${r.measure ?? '—'} · ${r.statusLabel}`),
              r.overdue ? h('p', { class: 'notice warn' }, say('staff.referrals.overdue')) : null,
              dl([
                [say('staff.referrals.child'), [r.child.name, r.child.birthDate, r.child.idNumber].filter(Boolean).join(' · ') || '—'],
                [say('staff.place'), `${r.child.township} ${r.child.village}`],
                [
                  say('staff.referrals.guardian'),
                  r.child.guardian ? `${r.child.guardian.name ?? ''} ${r.child.guardian.phone ?? ''}`.trim() : '—',
                ],
                [say('staff.plan.department'), r.departmentName],
                [say('staff.referrals.request'), r.request ?? '—'],
                [say('staff.plan.refer.dueBy'), day(r.dueBy)],
                [say('staff.referrals.response'), r.response ?? '—'],
                ...(r.case ? [[say('staff.file'), h('a', { href: `#/cases/${r.case}` }, r.case)] as [string, Node]] : []),
              ]),
              answering && (r.status === 'sent' || r.status === 'accepted') ? answerForm(c, r.id, r.status) : null,
            ),
          ),
        )
      : h('p', {}, say('staff.referrals.none')),
  );
}

/** Measures of a plan that concern the department, before the county decides: its opinion on each. */
function opinionsSection(
  c: Context,
  wanted: { id: number; childName: string | null; township: string; village: string | null; title: string | null; dueBy: string | null }[],
) {
  return h(
    'section',
    { 'aria-labelledby': 'opinions-title' },
    h('h3', { id: 'opinions-title' }, say('staff.opinions.title')),
    h('p', {}, say('staff.opinions.lead')),
    wanted.length
      ? h(
          'ul',
          { class: 'referrals' },
          ...wanted.map((w) =>
            h(
              'li',
              {},
              h('h4', {}, `${w.title ?? '—'} · ${[w.childName, w.township, w.village].filter(Boolean).join(' ')}`),
              saveForm(c, [field('opinion', say('staff.opinions.opinion'), textarea(3)), submit(say('staff.opinions.send'))], {
                send: (data) =>
                  answer(
                    staff['plan-items'][':id'].opinions.$post({ param: { id: String(w.id) }, json: { opinion: value(data, 'opinion') } }),
                  ),
                saved: () => say('staff.opinions.sent'),
                next: () => c.go('#/referrals'),
              }),
            ),
          ),
        )
      : h('p', {}, say('staff.opinions.none')),
  );
}

function answerForm(c: Context, id: number, status: string): HTMLFormElement {
  const outcomes = REFERRAL_OUTCOMES.filter((o) => status === 'sent' || o !== 'accepted');
  return saveForm(
    c,
    [
      h('h4', {}, say('staff.referrals.answer')),
      choices(
        'radio',
        'outcome',
        say('staff.referrals.outcome'),
        outcomes.map((k) => ({ value: k, label: say(`staff.referrals.outcome.${k}`) })),
      ),
      field('note', say('staff.referrals.note'), textarea(3)),
      submit(say('staff.referrals.answer')),
    ],
    {
      send: (data) =>
        answer(
          staff.referrals[':id'].response.$post({
            param: { id: String(id) },
            json: { outcome: value(data, 'outcome') as never, note: maybe(data, 'note') },
          }),
        ),
      saved: (done) => say('staff.referrals.answered', { status: done.statusLabel ?? '' }),
      next: () => c.go('#/referrals'),
    },
  );
}
