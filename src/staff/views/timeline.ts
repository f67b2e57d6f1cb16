/**
 * A record's timeline as the application, volunteer and report pages show it: each step, who
 * made it, its notes, and the text messages it sent with how far each got (the outbox has the
 * rest, for the roles that read it).
 */
import { list, say } from '../context.ts';
import { date, h, table } from '../dom.ts';

export interface TimelineStep {
  at: string;
  label: string;
  by: string;
  publicNote: string | null;
  internalNote: string | null;
  messages: { templateLabel: string; stateLabel: string }[];
}

export function timelineTable(steps: TimelineStep[]): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, say('staff.file.timeline')),
    table(
      say('staff.file.timeline'),
      [say('staff.at'), say('staff.status'), say('staff.by'), say('staff.notes'), say('staff.timeline.sms')],
      steps.map((t) => [
        date(t.at),
        t.label,
        t.by,
        h(
          'span',
          {},
          t.publicNote ? h('span', {}, say('staff.note.public', { note: t.publicNote })) : null,
          t.publicNote && t.internalNote ? h('br') : null,
          t.internalNote ? h('span', {}, say('staff.note.internal', { note: t.internalNote })) : null,
          t.publicNote || t.internalNote ? null : '—',
        ),
        t.messages.length
          ? list(t.messages.map((m) => say('staff.timeline.smsState', { what: m.templateLabel, state: m.stateLabel })))
          : say('staff.timeline.noSms'),
      ]),
    ),
  );
}
