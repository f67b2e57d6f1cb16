/**
 * A status model: the states of a record, the transitions between them and who may make
 * each one. Applications, volunteers and reports each define theirs with this, once, and
 * the Worker, the staff console and the status page all read it.
 */
import { t } from '../i18n/index.ts';
import type { StaffRole } from './staff-roles.ts';

export type Actor = StaffRole | 'applicant' | 'system';

export interface StateInfo {
  /** Shown to the public: 已提交, 乡镇初审 … */
  label: string;
  /** What happens next, in plain words, for the person who submitted. */
  nextStep: string;
  /** No further transitions (decided, closed, withdrawn). */
  final?: boolean;
  /**
   * Over for good without a continuing service: the personal data is deleted once the county's
   * retention period has passed (the privacy notice says which; worker/services/retention.ts).
   */
  purgeable?: boolean;
}

export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  by: readonly Actor[];
  /** A reason must be given (shown to the applicant as the public note). */
  reason?: boolean;
}

export interface StatusModel<S extends string> {
  states: Record<S, StateInfo>;
  initial: S;
  transitions: readonly Transition<S>[];
  /** A state that returns to where it came from (needs_info); `to` is then the remembered state. */
  returning?: S;
  /**
   * Who else may bring a record back out of the returning state, besides those who sent it
   * there: the applicant, by sending what was asked for (the Worker decides when that is).
   */
  resumedBy?: readonly Actor[];
}

export type Refusal = 'unknown_state' | 'not_allowed' | 'actor_not_allowed' | 'reason_required';

/**
 * Whether `actor` may move a record from `from` to `to`. For the returning state, `resume`
 * is the state it came from and the only way out (besides transitions listed from it).
 */
export function checkTransition<S extends string>(
  model: StatusModel<S>,
  move: { from: S; to: S; actor: Actor; reason?: string | null; resume?: S | null },
): { ok: true } | { ok: false; why: Refusal } {
  const { from, to, actor } = move;
  if (!(from in model.states) || !(to in model.states)) return { ok: false, why: 'unknown_state' };
  if (model.returning && from === model.returning && move.resume === to) {
    const back = model.transitions.filter((t) => t.from.includes(to) && t.to === model.returning);
    if (!back.length) return { ok: false, why: 'not_allowed' };
    return back.some((t) => t.by.includes(actor)) || model.resumedBy?.includes(actor)
      ? { ok: true }
      : { ok: false, why: 'actor_not_allowed' };
  }
  // A move can be listed more than once (the procedure makes it, and staff can too): any one that lets this actor counts.
  const matching = model.transitions.filter((x) => x.from.includes(from) && x.to === to);
  if (!matching.length) return { ok: false, why: 'not_allowed' };
  const t = matching.find((x) => x.by.includes(actor));
  if (!t) return { ok: false, why: 'actor_not_allowed' };
  if (t.reason && !move.reason?.trim()) return { ok: false, why: 'reason_required' };
  return { ok: true };
}

/** The label of a status; one the model does not know (an older release's) shows as itself. */
export function statusLabel<S extends string>(model: StatusModel<S>, status: string): string {
  return model.states[status as S]?.label ?? status;
}

/** Said for a status the model does not know (an older release's): who to ask. */
const UNKNOWN_NEXT_STEP = t('domain.status.unknownNextStep');

/** What happens next in a status; for one the model does not know, who to ask. */
export function statusNextStep<S extends string>(model: StatusModel<S>, status: string): string {
  return model.states[status as S]?.nextStep ?? UNKNOWN_NEXT_STEP;
}

/** The states whose records lose their personal data after the retention period. */
export function purgeableStates<S extends string>(model: StatusModel<S>): S[] {
  return (Object.keys(model.states) as S[]).filter((s) => model.states[s].purgeable);
}

/** The moves `actor` may make from `from`, with their labels and whether a reason is required (the console's choices). */
export function allowedMoves<S extends string>(
  model: StatusModel<S>,
  from: S,
  actor: Actor,
  resume?: S | null,
): { to: S; label: string; reason: boolean }[] {
  return nextStates(model, from, actor, resume).map((to) => ({
    to,
    label: model.states[to].label,
    reason: Boolean(model.transitions.find((t) => t.to === to && t.from.includes(from) && t.by.includes(actor))?.reason),
  }));
}

/** The states `actor` may move to from `from`. */
export function nextStates<S extends string>(model: StatusModel<S>, from: S, actor: Actor, resume?: S | null): S[] {
  return (Object.keys(model.states) as S[]).filter(
    (to) => to !== from && checkTransition(model, { from, to, actor, reason: 'x', resume }).ok,
  );
}
