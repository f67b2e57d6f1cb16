/** Volunteers and 爱心妈妈: the list, and one volunteer's screening, background check and pairings. */
import { can } from '../../domain/staff-roles.ts';
import { answer, staff } from '../api.ts';
import { label, labels, say, type Context } from '../context.ts';
import { date, dl, field, fill, h, records, select, viewTitle } from '../dom.ts';
import { localNow, moveForm, saveForm, submit, value } from '../forms.ts';
import { outboxLink } from './outbox.ts';
import { timelineTable } from './timeline.ts';

export async function renderVolunteers(c: Context): Promise<void> {
  const status = c.params.get('status') || undefined;
  const { items } = await answer(staff.volunteers.$get({ query: { limit: '200', status } }));
  fill(
    c.view,
    viewTitle(say('staff.volunteers.title')),
    records(say('staff.volunteers.title'), items, {
      'staff.reference': (v) => h('a', { href: `#/volunteers/${v.reference}` }, v.reference),
      'staff.volunteer.role': (v) => v.roleLabel,
      'staff.status': (v) => v.statusLabel,
      'staff.place': (v) => `${c.townshipName(v.township)} ${v.village}`,
      'staff.volunteer.capacity': (v) => `${v.active}/${v.capacity}`,
      'staff.volunteer.check': (v) =>
        v.checkValid ? say('staff.volunteer.checkValidUntil', { date: date(v.checkExpires) }) : say('staff.volunteer.checkExpired'),
    }),
  );
}

export async function renderVolunteer(c: Context, reference: string): Promise<void> {
  const v = await answer(staff.volunteers[':reference'].$get({ param: { reference } }));
  const reload = () => c.go(`#/volunteers/${v.reference}`);
  const p = v.personal;
  const check = v.backgroundCheck;
  fill(
    c.view,
    viewTitle(say('staff.volunteer.title', { reference: v.reference, status: v.statusLabel })),
    dl([
      [say('staff.person.name'), p?.name ?? say('staff.purged')],
      [say('staff.person.phone'), p?.phone ? h('a', { href: `tel:${p.phone}` }, p.phone) : '—'],
      ...(p?.idNumber ? [[say('staff.child.idNumber'), p.idNumber] as [string, string]] : []),
      [say('staff.volunteer.role'), label('volunteerRole', v.role)],
      [say('staff.place'), `${c.townshipName(v.township)} ${v.village}`],
      [say('staff.volunteer.capacity'), String(v.capacity)],
      [say('staff.volunteer.skills'), labels('skill', v.skills)],
      [say('staff.volunteer.availability'), `${labels('weekday', v.availability.days)} · ${labels('daytime', v.availability.times)}`],
      [say('staff.volunteer.experience'), p?.experience || '—'],
      [
        say('staff.volunteer.check'),
        check.result
          ? say('staff.volunteer.checkResult', {
              result: label('backgroundCheck', check.result),
              date: date(check.expiresAt),
              valid: say(check.valid ? 'staff.volunteer.valid' : 'staff.volunteer.checkExpired'),
            })
          : say('staff.volunteer.checkNone'),
      ],
    ]),
    v.allowed.length
      ? moveForm(c, {
          title: say('staff.move.next'),
          allowed: v.allowed,
          notes: [
            { name: 'reason', label: say('staff.application.reason'), hint: say('staff.volunteer.reason.hint') },
            { name: 'internalNote', label: say('staff.application.internalNote') },
          ],
          send: (json) => answer(staff.volunteers[':reference'].transitions.$post({ param: { reference: v.reference }, json })),
          reload,
        })
      : null,
    can(c.me.role, 'manage')
      ? saveForm(
          c,
          [
            h('h3', {}, say('staff.volunteer.recordCheck')),
            field('result', say('staff.volunteer.checkOutcome'), select(Object.entries(c.config.labels.backgroundCheck))),
            field('checkedAt', say('staff.volunteer.checkedAt'), h('input', { type: 'date', value: localNow().slice(0, 10) })),
            field('expiresAt', say('staff.volunteer.expiresAt'), h('input', { type: 'date' }), say('staff.volunteer.expiresAt.hint')),
            submit(say('staff.save')),
          ],
          {
            send: (data) =>
              answer(
                staff.volunteers[':reference']['background-check'].$post({
                  param: { reference: v.reference },
                  json: {
                    result: value(data, 'result') as 'clear' | 'notClear',
                    checkedAt: value(data, 'checkedAt'),
                    expiresAt: value(data, 'expiresAt'),
                  },
                }),
              ),
            saved: () => say('staff.volunteer.checkSaved'),
            next: reload,
          },
        )
      : null,
    h('h3', {}, say('staff.pairing.active')),
    records(say('staff.pairing.active'), v.pairings, {
      'staff.file': (x) => h('a', { href: `#/cases/${x.case}` }, x.case),
      'staff.pairing.started': (x) => date(x.startedAt),
      'staff.pairing.lastContact': (x) => date(x.lastContactAt),
    }),
    timelineTable(v.timeline),
    outboxLink(c, v.reference),
  );
}
