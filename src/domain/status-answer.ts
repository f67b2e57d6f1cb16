/**
 * The answer of a status lookup (POST /api/status), and how it reads on /status/. The page
 * with JavaScript and the one the Worker completes without it both show it with these
 * functions, so the two read the same. No DOM here.
 */
import type { MaterialStatus } from './materials.ts';
import type { IntakeKind } from './reference-code.ts';
import { VOLUNTEER_SCREENING } from './volunteer-screening.ts';

export interface TimelineEntry {
  status: string;
  label: string;
  at: string;
  note: string | null;
}

/** One measure an application asked for, with its own outcome (审核认定 decides each one). */
export interface MeasureOutcome {
  entitlement: string | null;
  title: string;
  outcome: 'pending' | 'approved' | 'rejected' | 'needs_info';
  outcomeLabel: string;
  /** The public reason of a refusal, or what is missing. */
  reason?: string | null;
  /** What the county wrote for the family with its decision on this measure (下月起发放 …). */
  publicNote?: string | null;
}

export interface StatusAnswer {
  reference: string;
  kind: IntakeKind;
  status: string;
  statusLabel: string;
  timeline: TimelineEntry[];
  nextStep: string;
  /** The office that handles it, and its phone (null: the page gives 12345). */
  contact: { office: string; phone: string | null; hint: string };
  /** Applications: each measure asked for, and by when an answer can be expected (null when the county has set no time limits). */
  items?: MeasureOutcome[];
  dueBy?: string | null;
  /** Applications with a refusal: how to ask for a review (复核) and the legal remedies, with their time limits. */
  appeal?: string | null;
  /** The person may still withdraw (an undecided application, a volunteer not yet left). */
  canWithdraw: boolean;
  /** Whether a text message goes out at each step; `canChange` is false where no phone was given. */
  notify: { sms: boolean; canChange: boolean };
  /** An application's checklist: what was received, what the office asked for (empty for other kinds). */
  materials: MaterialStatus[];
}

/** The Chinese way of writing a day (2026年11月29日), in China's time zone (UTC+8). */
const CHINA_DAY = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });

/** 2026年11月29日: the day of a moment in China (UTC+8), whatever the reader's device is set to. */
export function chinaDate(at: string): string {
  return CHINA_DAY.format(new Date(at));
}

/** 2026年12月1日 14:05: the day and time of a moment in China (UTC+8), for a dated receipt. */
export function chinaDateTime(at: string): string {
  const china = new Date(Date.parse(at) + 8 * 60 * 60 * 1000);
  const hh = String(china.getUTCHours()).padStart(2, '0');
  const mm = String(china.getUTCMinutes()).padStart(2, '0');
  return `${chinaDate(at)} ${hh}:${mm}`;
}

/** The words the page puts around the answer: from the dictionary, embedded in the page or read by the Worker. */
export interface StatusWords {
  phone: string;
  noPhone: string;
  dueBy: string;
  noDueBy: string;
  /** The withdraw button, naming what it withdraws. */
  withdraw: { application: string; signUp: string; service: string; report: string };
  /** Around a measure's public note: 「说明：{note}」. */
  itemNote: string;
}

/** 撤回申请; 撤回报名 while a volunteer is being screened, 退出志愿服务 after; 撤回报告. */
export function withdrawLabel(a: Pick<StatusAnswer, 'kind' | 'status'>, w: StatusWords): string {
  if (a.kind === 'volunteer') return (VOLUNTEER_SCREENING as readonly string[]).includes(a.status) ? w.withdraw.signUp : w.withdraw.service;
  return w.withdraw[a.kind];
}

/** The lines of the timeline, the measures, the expected answer and the contact line, as the page shows them. */
export function statusLines(a: StatusAnswer, w: StatusWords): { timeline: string[]; items: string[]; due: string | null; contact: string } {
  return {
    timeline: a.timeline.map((e) => `${chinaDate(e.at)} ${e.label}${e.note ? `：${e.note}` : ''}`),
    items: (a.items ?? []).map(
      (i) =>
        `${i.title}：${i.outcomeLabel}${i.reason ? `（${i.reason}）` : ''}${i.publicNote ? `。${w.itemNote.replace('{note}', i.publicNote)}` : ''}`,
    ),
    due: a.items === undefined ? null : a.dueBy ? w.dueBy.replace('{date}', chinaDate(a.dueBy)) : w.noDueBy,
    contact: `${a.contact.hint}${a.contact.office}${a.contact.phone ? w.phone.replace('{phone}', a.contact.phone) : w.noPhone}`,
  };
}
