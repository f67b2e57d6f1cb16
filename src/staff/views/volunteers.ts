import { can } from '../../domain/staff-roles.ts';
import { BACKGROUND_CHECK_RESULTS } from '../../domain/volunteer-status.ts';
import type { Context } from '../context.ts';
import { compact, localNow, onSubmit } from '../forms.ts';
import { api } from '../api.ts';
import { date, dl, field, fill, h, select, table } from '../dom.ts';
import { L } from '../labels.ts';

export interface VolunteerRow {
  reference: string;
  status: string;
  statusLabel: string;
  role: string;
  roleLabel: string;
  township: string;
  village: string;
  capacity: number;
  active: number;
  checkValid: boolean;
  checkExpires: string | null;
  available: boolean;
}
interface VolunteerDetail {
  reference: string;
  status: string;
  statusLabel: string;
  role: string;
  township: string;
  village: string;
  capacity: number;
  skills: string[];
  availability: { days: string[]; times: string[] };
  personal: { name: string; phone: string; idNumber: string; experience: string } | null;
  backgroundCheck: { result: string | null; checkedAt: string | null; expiresAt: string | null; valid: boolean };
  allowed: { to: string; label: string; reason: boolean }[];
  timeline: { label: string; at: string; by: string; publicNote: string | null; internalNote: string | null }[];
  pairings: { id: number; application: string; startedAt: string | null; lastContactAt: string | null }[];
}

export async function renderVolunteers(c: Context): Promise<void> {
  const status = new URLSearchParams(location.hash.split('?')[1] ?? '').get('status') ?? '';
  const { items } = await api<{ items: VolunteerRow[] }>(`/volunteers?limit=200${status ? `&status=${status}` : ''}`);
  fill(
    c.view,
    h('h2', { tabindex: -1 }, L.volunteers),
    items.length === 0
      ? h('p', {}, L.none)
      : table(
          L.volunteers,
          [L.reference, L.role, L.status, L.township, L.capacity, L.check],
          items.map((v) => [
            h('a', { href: `#/volunteer/${v.reference}` }, v.reference),
            v.roleLabel,
            v.statusLabel,
            `${c.townshipName(v.township)} ${v.village}`,
            `${v.active}/${v.capacity}`,
            v.checkValid ? `${L.valid}（至 ${date(v.checkExpires)}）` : L.expired,
          ]),
        ),
  );
}

export async function renderVolunteer(c: Context, reference: string): Promise<void> {
  const v = await api<VolunteerDetail>(`/volunteers/${encodeURIComponent(reference)}`);
  const reload = () => c.go(`#/volunteer/${v.reference}`);
  const staffOnly = can(c.me.role, 'manage');
  const p = v.personal;
  fill(
    c.view,
    h('h2', { tabindex: -1 }, `志愿者 ${v.reference}：${v.statusLabel}`),
    dl([
      [L.name, p?.name ?? L.purged],
      [L.phone, p?.phone ? h('a', { href: `tel:${p.phone}` }, p.phone) : '—'],
      ...(p?.idNumber ? [[L.idNumber, p.idNumber] as [string, string]] : []),
      [L.township, `${c.townshipName(v.township)} ${v.village}`],
      [L.capacity, String(v.capacity)],
      [L.skills, v.skills.join('、') || '—'],
      [L.availability, `${v.availability.days.join('、')}；${v.availability.times.join('、')}`],
      [L.experience, p?.experience || '—'],
      [
        L.check,
        v.backgroundCheck.result
          ? `${BACKGROUND_CHECK_RESULTS[v.backgroundCheck.result as keyof typeof BACKGROUND_CHECK_RESULTS] ?? v.backgroundCheck.result}，${L.expiresAt} ${date(v.backgroundCheck.expiresAt)}（${v.backgroundCheck.valid ? L.valid : L.expired}）`
          : '未登记',
      ],
    ]),
    v.allowed.length
      ? onSubmit(
          h(
            'form',
            {},
            h('h3', {}, L.moveTo),
            field('to', L.to, select(v.allowed.map((a): [string, string] => [a.to, a.label]))),
            field('reason', L.reason, h('textarea', { rows: 2, maxlength: 2000 }), '未通过、暂停必须写原因。'),
            field('internalNote', L.internalNote, h('textarea', { rows: 2, maxlength: 2000 })),
            h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.save)),
          ),
          (data) =>
            api(
              `/volunteers/${v.reference}/transitions`,
              compact({ to: data.get('to'), reason: data.get('reason'), internalNote: data.get('internalNote') }),
            ),
          () => {
            c.flash('状态已更新');
            reload();
          },
        )
      : null,
    staffOnly
      ? onSubmit(
          h(
            'form',
            {},
            h('h3', {}, L.recordCheck),
            field('result', L.checkResult, select(Object.entries(BACKGROUND_CHECK_RESULTS))),
            field('checkedAt', L.checkedAt, h('input', { type: 'date', value: localNow().slice(0, 10) })),
            field('expiresAt', L.expiresAt, h('input', { type: 'date' }), '按规定定期重新审查；过期后不能安排新的结对。'),
            h('div', { class: 'actions' }, h('button', { type: 'submit' }, L.save)),
          ),
          (data) =>
            api(
              `/volunteers/${v.reference}/background-check`,
              compact({
                result: data.get('result'),
                checkedAt: String(data.get('checkedAt') ?? ''),
                expiresAt: String(data.get('expiresAt') ?? ''),
              }),
            ),
          () => {
            c.flash('背景审查已登记');
            reload();
          },
        )
      : null,
    h('h3', {}, L.activePairings),
    v.pairings.length
      ? table(
          L.activePairings,
          [L.childCase, '开始', L.lastContact],
          v.pairings.map((p) => [h('a', { href: `#/case/${p.application}` }, p.application), date(p.startedAt), date(p.lastContactAt)]),
        )
      : h('p', {}, L.none),
    h('h3', {}, L.timeline),
    table(
      L.timeline,
      [L.at, L.status, L.by, '说明'],
      v.timeline.map((t) => [date(t.at), t.label, t.by, [t.publicNote, t.internalNote].filter(Boolean).join('；') || '—']),
    ),
  );
}
