/**
 * What every console view receives, and the console's words: shared by the app and its views,
 * so no view imports the app. Every sentence and label the console shows comes from the page
 * (src/pages/staff/index.astro embeds the `staff.*` messages of src/i18n/zh-CN.json and the
 * labels of src/domain/), through say() and label().
 */
import type { RiskLevel } from '../domain/risk-levels.ts';
import { coveredTownships } from '../domain/township-scope.ts';
import { format } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { hc, InferResponseType } from 'hono/client';
import type { StaffRoute } from '../../.types/worker/routes/staff/index.d.ts';

/** Who is signed in (GET /api/staff/me), typed by the Worker's route; api.ts re-exports it. */
export type Me = InferResponseType<ReturnType<typeof hc<StaffRoute>>['me']['$get']>;

/** The labels the page embeds, each a map from a key the API sends to its Chinese. */
export type LabelKind =
  | 'applicationStatus'
  | 'caseStatus'
  | 'relationship'
  | 'reportCategory'
  | 'danger'
  | 'ageBand'
  | 'reporterRole'
  | 'volunteerRole'
  | 'skill'
  | 'weekday'
  | 'daytime'
  | 'backgroundCheck'
  | 'decision'
  | 'entitlement'
  | 'targetGroup';

export interface ConsoleConfig {
  townships: { id: string; name: string; villages: string[] }[];
  screeningMonths: number[];
  risk: { level: RiskLevel; label: string; measure: string; cadence: string }[];
  /** The 保护对象 groups a screening can give a child. */
  screeningGroups: { key: string; label: string; hint: string }[];
  /** What to do next with a file in each state (src/domain/case-status.ts). */
  caseNextStep: Record<string, string>;
  labels: Record<LabelKind, Readonly<Record<string, string>>>;
  /** The member departments a measure or a referral can go to, with the county's names (县教育局 …). */
  departments: { key: string; name: string }[];
}

export interface Context {
  me: Me;
  view: HTMLElement;
  config: ConsoleConfig;
  /** The address's parameters after `?` (filters, paging). */
  params: URLSearchParams;
  townshipName: (id: string) => string;
  /** Announces a result to screen readers and shows it, after the next view renders. */
  flash: (text: string) => void;
  go: (hash: string) => void;
  /** Searches for a child; what was typed stays in memory, never in the address or the history. */
  search: (query: string) => void;
}

/** The townships the member works in: every one for a county-wide member. */
export function scopeOf(c: Pick<Context, 'me' | 'config'>): ConsoleConfig['townships'] {
  return coveredTownships(c.me.townships, c.config.townships);
}

/** A key of the console's words. */
export type StaffKey = Extract<MessageKey, `staff.${string}`> | 'form.error.title';

let pageMessages: Record<string, string> | undefined;
let pageConfig: ConsoleConfig | undefined;

/** The console's words, from the page, with the county's names filled in. */
function consoleMessages(): Record<string, string> {
  return (pageMessages ??= JSON.parse(document.getElementById('staff-messages')!.textContent!) as Record<string, string>);
}

export function consoleConfig(): ConsoleConfig {
  return (pageConfig ??= JSON.parse(document.getElementById('staff-config')!.textContent!) as ConsoleConfig);
}

/** One sentence or label of the console, with its {placeholders} filled in. A key the page did not embed shows as itself. */
export function say(key: StaffKey, vars?: Record<string, string | number>): string {
  return format(consoleMessages()[key] ?? key, vars);
}

/** The Chinese for a key the API sends (a status, a group, a relationship …); never the key itself when a label exists. */
export function label(kind: LabelKind, key: string | null | undefined): string {
  if (!key) return say('staff.none');
  return consoleConfig().labels[kind][key] ?? key;
}

const joiner = new Intl.ListFormat('zh-CN', { type: 'conjunction', style: 'narrow' });

/** Items joined the Chinese way (甲、乙、丙), by the browser's own locale data. */
export const list = (items: readonly string[]): string => joiner.format(items);

/** Several keys' labels, joined the Chinese way. */
export const labels = (kind: LabelKind, keys: readonly string[]): string =>
  keys.length ? list(keys.map((k) => label(kind, k))) : say('staff.none');
