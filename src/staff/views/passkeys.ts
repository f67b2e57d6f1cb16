/**
 * A member's own passkeys (#/passkeys): one on each device they sign in from, added with the
 * device's fingerprint, face or screen lock, and taken away when a device is lost. The Worker
 * keeps the last one of an account without a phone (it could not sign in again).
 */
import { answer, ApiProblem, staff } from '../api.ts';
import { say, type Context } from '../context.ts';
import { date, fill, h, table, viewTitle } from '../dom.ts';

type PasskeyAnswer = Parameters<typeof staff.passkeys.$post>[0]['json']['credential'];

const when = (iso: string | null) => (iso ? date(iso) : say('staff.passkeys.never'));

export async function renderPasskeys(c: Context): Promise<void> {
  const { items } = await answer(staff.passkeys.$get());
  const problem = h('p', { class: 'notice danger', role: 'alert', tabindex: -1, hidden: true });
  const fail = (error: unknown) => {
    problem.textContent = error instanceof ApiProblem ? error.message : say('staff.signin.cancelled');
    problem.hidden = false;
    problem.focus();
  };
  const add = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        try {
          const { ticket, options } = await answer(staff.passkeys.options.$post());
          const { startRegistration } = await import('@simplewebauthn/browser');
          const credential = await startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'] });
          // The Worker checks the answer's shape loosely and its signature fully (services/staff/passkeys.ts).
          const json = { ticket, credential: credential as unknown as PasskeyAnswer };
          await answer(staff.passkeys.$post({ json }));
          c.flash(say('staff.passkeys.added'));
          c.go('#/passkeys');
        } catch (error) {
          fail(error);
        }
      },
    },
    say('staff.passkeys.add'),
  );
  fill(
    c.view,
    viewTitle(say('staff.passkeys.title')),
    h('p', {}, say('staff.passkeys.lead')),
    problem,
    table(
      say('staff.passkeys.title'),
      ['#', say('staff.status'), say('staff.pairing.do')],
      items.map((k, n) => [
        String(n + 1),
        say('staff.passkeys.item', { created: when(k.createdAt), used: when(k.lastUsedAt) }),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              try {
                await answer(staff.passkeys[':id'].remove.$post({ param: { id: String(k.id) } }));
                c.flash(say('staff.passkeys.removed'));
                c.go('#/passkeys');
              } catch (error) {
                fail(error);
              }
            },
          },
          say('staff.passkeys.remove'),
        ),
      ]),
    ),
    h('div', { class: 'actions' }, add),
  );
}
