/**
 * One-to-one pairing (篇一 三(二)5 「一对一」结对): choose a child by their file (C-…, or one of
 * their applications' A-…) and an available volunteer or 爱心妈妈; log contacts and end
 * pairings. Arranging and ending are for the roles that may pair (src/domain/staff-roles.ts).
 */
import { can } from '../../domain/staff-roles.ts';
import { answer, staff } from '../api.ts';
import { say, type Context } from '../context.ts';
import { date, field, fill, h, records, select, viewTitle } from '../dom.ts';
import { localNow, maybe, saveForm, submit, textarea, toIso, value } from '../forms.ts';

type Pairing = Awaited<ReturnType<typeof listPairings>>[number];
const listPairings = async () => (await answer(staff.pairings.$get({ query: {} }))).items;

export async function renderPairing(c: Context, childReference: string): Promise<void> {
  const canPair = can(c.me.role, 'pair');
  const [volunteers, active] = await Promise.all([
    canPair ? answer(staff.volunteers.$get({ query: { limit: '200' } })).then((r) => r.items) : Promise.resolve([]),
    listPairings(),
  ]);
  const available = volunteers.filter((v) => v.available);
  const reload = () => c.go('#/pairing');

  const pairForm = saveForm(
    c,
    [
      h('h3', {}, say('staff.pairing.new')),
      field(
        'case',
        say('staff.pairing.child'),
        h('input', { type: 'text', value: childReference, autocomplete: 'off', maxlength: 12 }),
        say('staff.pairing.child.hint'),
      ),
      field(
        'volunteer',
        say('staff.pairing.volunteer'),
        select([
          ['', available.length ? say('staff.choose') : say('staff.pairing.noneAvailable')],
          ...available.map((v): [string, string] => [
            v.reference,
            say('staff.pairing.volunteerOption', {
              reference: v.reference,
              role: v.roleLabel,
              place: `${c.townshipName(v.township)} ${v.village}`,
              active: v.active,
              capacity: v.capacity,
            }),
          ]),
        ]),
      ),
      field('overrideReason', say('staff.pairing.override'), textarea()),
      submit(say('staff.pairing.pair')),
    ],
    {
      send: (data) =>
        answer(
          staff.pairings.$post({
            json: { case: value(data, 'case'), volunteer: value(data, 'volunteer'), overrideReason: maybe(data, 'overrideReason') },
          }),
        ),
      saved: () => say('staff.pairing.saved'),
      next: reload,
    },
  );

  const rowActions = (p: Pairing) => {
    const contact = saveForm(
      c,
      [
        field('at', say('staff.pairing.contactAt'), h('input', { type: 'datetime-local', value: localNow() })),
        field('note', say('staff.pairing.contactNote'), textarea()),
        h('button', { type: 'submit' }, say('staff.pairing.contact')),
      ],
      {
        send: (data) =>
          answer(
            staff.pairings[':id'].contacts.$post({
              param: { id: String(p.id) },
              json: { at: toIso(value(data, 'at')), note: value(data, 'note') },
            }),
          ),
        saved: () => say('staff.pairing.contactSaved'),
        next: reload,
      },
    );
    const end = canPair
      ? saveForm(
          c,
          [
            field('reason', say('staff.pairing.endReason'), textarea()),
            h('button', { type: 'submit', class: 'warning' }, say('staff.pairing.end')),
          ],
          {
            send: (data) =>
              answer(staff.pairings[':id'].end.$post({ param: { id: String(p.id) }, json: { reason: value(data, 'reason') } })),
            saved: () => say('staff.pairing.ended'),
            next: reload,
          },
        )
      : null;
    return h('details', {}, h('summary', {}, say(canPair ? 'staff.pairing.actions' : 'staff.pairing.contact')), contact, end);
  };

  const alerts = active.filter((p) => p.alert);
  fill(
    c.view,
    viewTitle(say('staff.pairing.title')),
    h('p', {}, say('staff.pairing.lead')),
    canPair ? pairForm : null,
    h('h3', {}, say('staff.pairing.alerts')),
    records(say('staff.pairing.alerts'), alerts, {
      'staff.file': (p) => h('a', { href: `#/cases/${p.case}` }, p.case),
      'staff.pairing.volunteerRef': (p) => p.volunteer,
      'staff.pairing.lastContact': (p) =>
        say('staff.pairing.daysWithout', { date: date(p.lastContactAt ?? p.startedAt), days: p.daysWithoutContact }),
    }),
    h('h3', {}, say('staff.pairing.active')),
    records(say('staff.pairing.active'), active, {
      'staff.file': (p) => h('a', { href: `#/cases/${p.case}` }, p.case),
      'staff.pairing.volunteerRef': (p) => h('a', { href: `#/volunteers/${p.volunteer}` }, p.volunteer),
      'staff.township': (p) => c.townshipName(p.township),
      'staff.pairing.lastContact': (p) => date(p.lastContactAt),
      'staff.pairing.do': rowActions,
    }),
  );
}
