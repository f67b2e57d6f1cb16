/**
 * The answer of a status lookup (POST /api/status), and how it reads on /status/. The page
 * with JavaScript and the one the Worker completes without it both show it with these
 * functions, so the two read the same. No DOM here.
 */
import { todayInChina } from '../eligibility/age.ts';
import type { MaterialStatus } from './materials.ts';
import type { IntakeKind } from './reference-code.ts';

export interface TimelineEntry {
  status: string;
  label: string;
  at: string;
  note: string | null;
}

export interface StatusAnswer {
  reference: string;
  kind: IntakeKind;
  status: string;
  statusLabel: string;
  timeline: TimelineEntry[];
  nextStep: string;
  contact: { office: string; phone: string | null; hint: string };
  /** The person may still withdraw (an undecided application, a volunteer not yet left). */
  canWithdraw: boolean;
  /** An application's checklist: what was received, what the office asked for (empty for other kinds). */
  materials: MaterialStatus[];
}

/** 2026年11月29日: the day of a moment in China (UTC+8), whatever the reader's device is set to. */
export function chinaDate(at: string): string {
  const [y, m, d] = todayInChina(new Date(at)).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The lines of the timeline and the contact line, as the page shows them. */
export function statusLines(a: StatusAnswer): { timeline: string[]; contact: string } {
  return {
    timeline: a.timeline.map((e) => `${chinaDate(e.at)} ${e.label}${e.note ? `：${e.note}` : ''}`),
    contact: `${a.contact.hint}${a.contact.phone ? ` 电话：${a.contact.phone}` : ''}`,
  };
}
