/**
 * 短信发件箱 (#/outbox): the text messages the portal sent or holds, each to a masked number
 * (138****5678), with its words (a new access code shown as ****), its state and its tries. The
 * administrator opens on the dead-letter list (未能发出) and can send one again; the county's
 * bureau reads the messages of one record of its townships, by its reference. The API audits
 * every read (worker/services/sms/staff-outbox.ts).
 */
import { intakeKindOf, type IntakeKind } from '../../domain/reference-code.ts';
import { can } from '../../domain/staff-roles.ts';
import { answer, staff, type OutboxItem } from '../api.ts';
import { SMS_STATES, type SmsState } from '../../domain/sms.ts';
import { say, type Context } from '../context.ts';
import { date, dl, field, fill, h, select, viewTitle } from '../dom.ts';
import { filterForm } from '../forms.ts';

const isState = (s: string | null): s is SmsState => (SMS_STATES as readonly string[]).includes(s ?? '');

/** What a message is about, in words: its template's name (the API sends the key). */
const what = (m: OutboxItem) => say(`staff.outbox.template.${m.template}` as Parameters<typeof say>[0]);

function message(c: Context, m: OutboxItem, n: number, admin: boolean): HTMLElement {
  const resend =
    admin && m.state === 'dead'
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async (ev: Event) => {
              (ev.currentTarget as HTMLButtonElement).disabled = true;
              await answer(staff.outbox[':id'].resend.$post({ param: { id: String(m.id) } }));
              c.flash(say('staff.outbox.resent'));
              c.go(location.hash);
            },
          },
          say('staff.outbox.resend'),
          h('span', { class: 'sr-only' }, say('staff.outbox.resendWhat', { to: m.to ?? '—', what: what(m) })),
        )
      : null;
  return h(
    'li',
    { class: 'outbox-message' },
    h('h4', {}, `${n}. ${what(m)} · `, h('a', { href: `#/${recordPath(m.reference)}/${m.reference}` }, m.reference)),
    dl([
      [say('staff.outbox.to'), m.to ?? say('staff.purged')],
      [say('staff.outbox.text'), m.text ?? say('staff.purged')],
      [say('staff.status'), h('span', {}, m.stateLabel, m.note ? h('span', { class: 'hint' }, h('br'), m.note) : null)],
      [say('staff.outbox.tries'), String(m.tries)],
      ...(m.lastError ? [[say('staff.outbox.lastError'), h('code', {}, m.lastError)] as [string, Node]] : []),
      [say('staff.outbox.created'), date(m.createdAt)],
      ...(m.sentAt ? [[say('staff.outbox.sentAt'), date(m.sentAt)] as [string, string]] : []),
      ...(m.nextAttemptAt && m.state !== 'sent' ? [[say('staff.outbox.nextAttempt'), date(m.nextAttemptAt)] as [string, string]] : []),
    ]),
    resend,
  );
}

/** The console's page of each kind of record a message is about. */
const RECORD_PAGE: Record<IntakeKind, string> = { application: 'applications', volunteer: 'volunteers', report: 'reports' };
const recordPath = (reference: string): string => RECORD_PAGE[intakeKindOf(reference) ?? 'application'];

/** On a record's page, for the roles that read messages: the text messages sent about it (this view, by its reference). */
export function outboxLink(c: Pick<Context, 'me'>, reference: string): HTMLElement | null {
  return can(c.me.role, 'readMessages') ? h('p', {}, h('a', { href: `#/outbox?reference=${reference}` }, say('staff.outbox.link'))) : null;
}

export async function renderOutbox(c: Context): Promise<void> {
  const admin = can(c.me.role, 'resendMessages');
  const reference = c.params.get('reference')?.trim().toUpperCase() || undefined;
  const asked = c.params.get('state');
  // The administrator opens on the dead-letter list; a reference alone, or 「全部」, shows every state.
  const state = isState(asked) ? asked : admin && !reference && asked !== 'all' ? 'dead' : undefined;
  const filters = filterForm(
    c,
    '#/outbox',
    [
      field(
        'reference',
        say('staff.outbox.reference'),
        h('input', { type: 'text', maxlength: 12, autocomplete: 'off', value: reference ?? '', spellcheck: 'false' }),
        say('staff.outbox.reference.hint'),
      ),
      admin
        ? field(
            'state',
            say('staff.status'),
            select(
              [['all', say('staff.all')], ...SMS_STATES.map((s): [string, string] => [s, say(`staff.outbox.state.${s}`)])],
              state ?? 'all',
            ),
          )
        : null,
    ].filter((x): x is HTMLElement => x !== null),
  );
  const heading = viewTitle(say('staff.outbox.title'));
  const lead = h('p', {}, say(admin ? 'staff.outbox.lead.admin' : 'staff.outbox.lead.county'));
  // The county reads one record at a time: nothing to list until a reference is given.
  if (!admin && !reference) return fill(c.view, heading, lead, filters);
  const { items } = await answer(staff.outbox.$get({ query: { reference, state, limit: '100' } }));
  const title = reference
    ? say('staff.outbox.of', { reference })
    : state === 'dead'
      ? say('staff.outbox.dead')
      : state
        ? say('staff.outbox.inState', { state: say(`staff.outbox.state.${state}`) })
        : say('staff.outbox.title');
  fill(
    c.view,
    heading,
    lead,
    filters,
    h('h3', {}, title),
    items.length ? h('ol', { class: 'outbox' }, ...items.map((m, i) => message(c, m, i + 1, admin))) : h('p', {}, say('staff.outbox.none')),
  );
}
