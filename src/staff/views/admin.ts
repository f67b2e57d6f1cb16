/** The administrator's views: staff accounts and the append-only audit log. */
import { STAFF_ROLES } from '../../domain/staff-roles.ts';
import { answer, staff } from '../api.ts';
import { list, say, type Context } from '../context.ts';
import { date, field, fill, h, select, table, viewTitle } from '../dom.ts';
import { choices, onSubmit, submit, value } from '../forms.ts';
import { EVERY_TOWNSHIP } from '../../domain/township-scope.ts';

type Account = Awaited<ReturnType<typeof listAccounts>>[number];
const listAccounts = async () => (await answer(staff.accounts.$get())).items;

export async function renderAccounts(c: Context): Promise<void> {
  const items = await listAccounts();
  // The list, shown again under the new token once an account is made (the token is shown this once only).
  const listBox = h('div', {}, accountsTable(c, items));
  const roles: [string, string][] = STAFF_ROLES.map((r) => [r, say(`staff.role.${r}`)]);
  const tokenBox = h('p', { class: 'notice', hidden: true, role: 'status', tabindex: -1 });
  const create = onSubmit(
    h(
      'form',
      {},
      h('h3', {}, say('staff.accounts.create')),
      field('name', say('staff.person.name'), h('input', { type: 'text', maxlength: 30, autocomplete: 'off' })),
      field('role', say('staff.accounts.role'), select(roles)),
      choices('checkbox', 'townships', say('staff.township'), [
        { value: '*', label: say('staff.scope.all') },
        ...c.config.townships.map((t) => ({ value: t.id, label: t.name })),
      ]),
      field('days', say('staff.accounts.days'), h('input', { type: 'number', min: 1, max: 366, value: 90, inputmode: 'numeric' })),
      field(
        'phone',
        say('staff.accounts.phone'),
        h('input', { type: 'tel', maxlength: 20, autocomplete: 'off', inputmode: 'tel' }),
        say('staff.accounts.phoneHint'),
      ),
      submit(say('staff.accounts.create')),
    ),
    (data) =>
      answer(
        staff.accounts.$post({
          json: {
            name: value(data, 'name'),
            role: value(data, 'role') as (typeof STAFF_ROLES)[number],
            townships: data.getAll('townships').map(String),
            days: Number(value(data, 'days')),
            ...(value(data, 'phone') ? { phone: value(data, 'phone') } : {}),
          },
        }),
      ),
    async ({ token }) => {
      tokenBox.replaceChildren(say('staff.accounts.createdPending'), h('br'), h('code', {}, token));
      tokenBox.hidden = false;
      tokenBox.focus();
      listBox.replaceChildren(accountsTable(c, await listAccounts()));
    },
  );
  fill(c.view, viewTitle(say('staff.accounts.title')), h('p', {}, say('staff.accounts.lead')), tokenBox, create, listBox);
}

function accountsTable(c: Context, items: Account[]): HTMLElement {
  return table(
    say('staff.accounts.title'),
    [
      '#',
      say('staff.person.name'),
      say('staff.accounts.role'),
      say('staff.township'),
      say('staff.accounts.expires'),
      say('staff.status'),
      say('staff.pairing.do'),
    ],
    items.map((a) => [
      String(a.id),
      a.name,
      say(`staff.role.${a.role as (typeof STAFF_ROLES)[number]}`),
      a.townships.includes(EVERY_TOWNSHIP) ? say('staff.scope.all') : list(a.townships.map(c.townshipName)),
      date(a.expiresAt),
      say(a.pending ? 'staff.accounts.pending' : a.active ? 'staff.accounts.active' : 'staff.accounts.inactive'),
      a.pending && a.createdBy !== c.me.id
        ? h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                await answer(staff.accounts[':id'].approve.$post({ param: { id: String(a.id) } }));
                c.flash(say('staff.accounts.approved', { id: a.id }));
                c.go('#/accounts');
              },
            },
            say('staff.accounts.approve'),
          )
        : a.active
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'aria-label': say('staff.accounts.revokeWho', { name: a.name }),
                onclick: async () => {
                  await answer(staff.accounts[':id'].revoke.$post({ param: { id: String(a.id) } }));
                  c.flash(say('staff.accounts.revoked', { name: a.name }));
                  c.go('#/accounts');
                },
              },
              say('staff.accounts.revoke'),
            )
          : null,
    ]),
  );
}

export async function renderAudit(c: Context): Promise<void> {
  const before = c.params.get('before') || undefined;
  const { items } = await answer(staff.audit.$get({ query: { limit: '100', before } }));
  fill(
    c.view,
    viewTitle(say('staff.audit.title')),
    h('p', {}, say('staff.audit.lead')),
    table(
      say('staff.audit.title'),
      [
        say('staff.at'),
        say('staff.by'),
        say('staff.audit.action'),
        say('staff.audit.record'),
        say('staff.audit.outcome'),
        say('staff.audit.detail'),
      ],
      items.map((r) => [
        date(r.at),
        r.staffName ?? String(r.id),
        r.action,
        [r.recordKind, r.recordRef].filter(Boolean).join(' ') || '—',
        r.outcome,
        r.detail ?? '—',
      ]),
    ),
    items.length === 100 ? h('p', {}, h('a', { href: `#/audit?before=${items.at(-1)!.id}` }, say('staff.audit.more'))) : null,
  );
}
