import { can } from '../../domain/staff-roles.ts';
import type { Context } from '../context.ts';
import { compact, localNow, onSubmit, toIso } from '../forms.ts';
import { api } from '../api.ts';
import { date, field, fill, h, select, table } from '../dom.ts';
import { L } from '../labels.ts';
import type { VolunteerRow } from './volunteers.ts';

interface PairingRow {
  id: number;
  volunteer: string;
  application: string;
  township: string;
  startedAt: string | null;
  lastContactAt: string | null;
  daysWithoutContact: number;
  alert: boolean;
}

/** The pairing screen: choose a child's case and an available volunteer; look after active pairings. */
export async function renderPairing(c: Context, childReference: string): Promise<void> {
  const [{ items: volunteers }, { items: active }] = await Promise.all([
    can(c.me.role, 'pair') ? api<{ items: VolunteerRow[] }>('/volunteers?limit=200') : Promise.resolve({ items: [] as VolunteerRow[] }),
    api<{ items: PairingRow[] }>('/pairings'),
  ]);
  const available = volunteers.filter((v) => v.available);
  const reload = () => c.go('#/pairing');
  const canPair = can(c.me.role, 'pair');

  const pairForm = onSubmit(
    h(
      'form',
      {},
      h('h3', {}, '新建结对'),
      field(
        'application',
        L.childCase,
        h('input', { type: 'text', value: childReference.replace(/^\?.*/, ''), autocomplete: 'off', maxlength: 12 }),
        '例如 A-7K3F9M4P',
      ),
      field(
        'volunteer',
        '志愿者或爱心妈妈',
        select([
          ['', available.length ? '请选择' : '（没有可结对的志愿者）'],
          ...available.map((v): [string, string] => [
            v.reference,
            `${v.reference} ${v.roleLabel} ${c.townshipName(v.township)} ${v.village}（${v.active}/${v.capacity}）`,
          ]),
        ]),
      ),
      field('overrideReason', L.override, h('textarea', { rows: 2, maxlength: 2000 })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.pair)),
    ),
    (data) =>
      api(
        '/pairings',
        compact({ application: data.get('application'), volunteer: data.get('volunteer'), overrideReason: data.get('overrideReason') }),
      ),
    () => {
      c.flash('结对成功');
      reload();
    },
  );

  const rowActions = (p: PairingRow) => {
    const contact = onSubmit(
      h(
        'form',
        {},
        field('at', L.contactAt, h('input', { type: 'datetime-local', value: localNow() })),
        field('note', L.contactNote, h('textarea', { rows: 2, maxlength: 2000 })),
        h('button', { type: 'submit' }, L.contact),
      ),
      (data) => api(`/pairings/${p.id}/contacts`, compact({ at: toIso(String(data.get('at') ?? '')), note: data.get('note') })),
      () => {
        c.flash('联系已记录');
        reload();
      },
    );
    const end = onSubmit(
      h(
        'form',
        {},
        field('reason', L.endReason, h('textarea', { rows: 2, maxlength: 2000 })),
        h('button', { type: 'submit', class: 'warning' }, L.end),
      ),
      (data) => api(`/pairings/${p.id}/end`, compact({ reason: data.get('reason') })),
      () => {
        c.flash('结对已结束');
        reload();
      },
    );
    return h('details', {}, h('summary', {}, `${L.contact} / ${L.end}`), contact, end);
  };

  fill(
    c.view,
    h('h2', { tabindex: -1 }, L.pairing),
    h(
      'p',
      {},
      '一个孩子同时只结对一位志愿者或爱心妈妈；志愿者要已通过背景审查（在有效期内）和培训，且没有超过可结对人数；跨乡镇结对要写明理由。',
    ),
    canPair ? pairForm : null,
    h('h3', {}, L.alerts),
    active.some((p) => p.alert)
      ? table(
          L.alerts,
          [L.childCase, L.volunteer, L.lastContact],
          active
            .filter((p) => p.alert)
            .map((p) => [
              h('a', { href: `#/case/${p.application}` }, p.application),
              p.volunteer,
              `${date(p.lastContactAt ?? p.startedAt)}（${p.daysWithoutContact} ${L.days}）`,
            ]),
        )
      : h('p', {}, L.none),
    h('h3', {}, L.activePairings),
    active.length
      ? table(
          L.activePairings,
          [L.childCase, L.volunteer, L.township, L.lastContact, '办理'],
          active.map((p) => [
            h('a', { href: `#/case/${p.application}` }, p.application),
            h('a', { href: `#/volunteer/${p.volunteer}` }, p.volunteer),
            c.townshipName(p.township),
            date(p.lastContactAt),
            rowActions(p),
          ]),
        )
      : h('p', {}, L.none),
  );
}
