import { STAFF_ROLES } from '../../domain/staff-roles.ts';
import type { Context } from '../context.ts';
import { compact, onSubmit } from '../forms.ts';
import { api } from '../api.ts';
import { date, field, fill, h, select, table } from '../dom.ts';
import { L } from '../labels.ts';

interface Account {
  id: number;
  name: string;
  role: string;
  townships: string[];
  active: boolean;
  expiresAt: string;
}
interface AuditRow {
  id: number;
  at: string;
  staffName: string | null;
  action: string;
  recordKind: string | null;
  recordRef: string | null;
  outcome: string;
  detail: string | null;
}

export async function renderAccounts(c: Context): Promise<void> {
  const { items } = await api<{ items: Account[] }>('/accounts');
  const roles: [string, string][] = STAFF_ROLES.map((r) => [r, c.messages[`staff.role.${r}`] ?? r]);
  const tokenBox = h('p', { class: 'notice', hidden: true, role: 'status' });
  const create = onSubmit(
    h(
      'form',
      {},
      h('h3', {}, L.createAccount),
      field('name', L.name, h('input', { type: 'text', maxlength: 30, autocomplete: 'off' })),
      field('role', '角色', select(roles)),
      h(
        'div',
        { class: 'field', 'data-field': 'townships' },
        h(
          'fieldset',
          {},
          h('legend', {}, L.township),
          h('p', { class: 'error-message', id: 'townships-error', hidden: true }),
          h(
            'div',
            { class: 'checkbox' },
            h('input', { type: 'checkbox', name: 'townships', value: '*', id: 'tw-all' }),
            h('label', { for: 'tw-all' }, c.messages['staff.scope.all']),
          ),
          ...c.config.townships.map((t) =>
            h(
              'div',
              { class: 'checkbox' },
              h('input', { type: 'checkbox', name: 'townships', value: t.id, id: `tw-${t.id}` }),
              h('label', { for: `tw-${t.id}` }, t.name),
            ),
          ),
        ),
      ),
      field('days', L.days90, h('input', { type: 'number', min: 1, max: 366, value: 90 })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.createAccount)),
    ),
    (data) =>
      api(
        '/accounts',
        compact({
          name: data.get('name'),
          role: data.get('role'),
          townships: data.getAll('townships').map(String),
          days: Number(data.get('days')),
        } as never),
      ),
    (result) => {
      const { token } = result as { token: string };
      tokenBox.replaceChildren(L.newToken, h('br'), h('code', {}, token));
      tokenBox.hidden = false;
      tokenBox.focus();
    },
  );
  fill(
    c.view,
    h('h2', { tabindex: -1 }, L.accounts),
    h('p', {}, '也可以在服务器上运行 npm run staff:add 创建账号。令牌只显示一次，系统只保存它的摘要。'),
    tokenBox,
    create,
    table(
      L.accounts,
      ['#', L.name, '角色', L.township, L.expiresAt, L.status, ''],
      items.map((a) => [
        String(a.id),
        a.name,
        c.messages[`staff.role.${a.role}`] ?? a.role,
        a.townships.includes('*') ? c.messages['staff.scope.all'] : a.townships.map(c.townshipName).join('、'),
        date(a.expiresAt),
        a.active ? L.active : L.inactive,
        a.active
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'aria-label': `${L.revoke} ${a.name}`,
                onclick: async () => {
                  await api(`/accounts/${a.id}/revoke`, {});
                  c.go('#/accounts');
                },
              },
              L.revoke,
            )
          : null,
      ]),
    ),
  );
}

export async function renderAudit(c: Context): Promise<void> {
  const before = new URLSearchParams(location.hash.split('?')[1] ?? '').get('before');
  const { items } = await api<{ items: AuditRow[] }>(`/audit?limit=100${before ? `&before=${before}` : ''}`);
  fill(
    c.view,
    h('h2', { tabindex: -1 }, L.audit),
    h('p', {}, '每次查看个人信息、每次修改都记在这里，只能追加，不能修改或删除。'),
    table(
      L.audit,
      [L.at, L.by, L.action, L.record, L.outcome, L.detail],
      items.map((r) => [
        date(r.at),
        r.staffName ?? String(r.id),
        r.action,
        [r.recordKind, r.recordRef].filter(Boolean).join(' ') || '—',
        r.outcome,
        r.detail ?? '—',
      ]),
    ),
    items.length === 100 ? h('p', {}, h('a', { href: `#/audit?before=${items.at(-1)!.id}` }, L.more)) : null,
  );
}
