import { describe, expect, it } from 'vitest';
import { APPLICATION_MODEL, type ApplicationStatus } from '../../src/domain/application-status.ts';
import { checkTransition, nextStates, type Actor } from '../../src/domain/status-model.ts';

const STATES = Object.keys(APPLICATION_MODEL.states) as ApplicationStatus[];
const ACTORS: Actor[] = ['applicant', 'village', 'township', 'county', 'admin', 'system'];

/** The table of the issue: every move that is allowed, and by whom. Anything else is refused. */
const ALLOWED: [from: ApplicationStatus, to: ApplicationStatus, by: Actor[]][] = [
  ['submitted', 'screening', ['township', 'county']],
  ['screening', 'investigating', ['township', 'county']],
  ['investigating', 'assessing', ['township', 'county']],
  ['assessing', 'approved', ['county']],
  ['screening', 'rejected', ['county']],
  ['investigating', 'rejected', ['county']],
  ['assessing', 'rejected', ['county']],
  ['screening', 'needs_info', ['township', 'county']],
  ['investigating', 'needs_info', ['township', 'county']],
  ['assessing', 'needs_info', ['township', 'county']],
  ['submitted', 'withdrawn', ['applicant']],
  ['screening', 'withdrawn', ['applicant']],
  ['investigating', 'withdrawn', ['applicant']],
  ['assessing', 'withdrawn', ['applicant']],
  ['needs_info', 'withdrawn', ['applicant']],
];

describe('the application status model', () => {
  const cases = STATES.flatMap((from) => STATES.filter((to) => to !== from).flatMap((to) => ACTORS.map((actor) => [from, to, actor] as const)));
  it.each(cases)('%s → %s by %s is allowed only if the table says so', (from, to, actor) => {
    const expected = ALLOWED.some(([f, t, by]) => f === from && t === to && by.includes(actor));
    expect(checkTransition(APPLICATION_MODEL, { from, to, actor, reason: '理由' }).ok).toBe(expected);
  });

  it('needs_info returns to the state it came from, and only there', () => {
    for (const resume of ['screening', 'investigating', 'assessing'] as const) {
      expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: resume, actor: 'township', resume }).ok).toBe(true);
      for (const other of ['screening', 'investigating', 'assessing', 'approved'] as const) {
        if (other !== resume) expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: other, actor: 'county', resume }).ok, `${resume} → ${other}`).toBe(false);
      }
    }
  });

  it('rejection and a request for more information need a reason', () => {
    expect(checkTransition(APPLICATION_MODEL, { from: 'assessing', to: 'rejected', actor: 'county' })).toEqual({ ok: false, why: 'reason_required' });
    expect(checkTransition(APPLICATION_MODEL, { from: 'screening', to: 'needs_info', actor: 'township', reason: '  ' })).toEqual({ ok: false, why: 'reason_required' });
  });

  it('decided and withdrawn applications are final', () => {
    for (const s of ['approved', 'rejected', 'withdrawn'] as const) {
      expect(APPLICATION_MODEL.states[s].final).toBe(true);
      for (const a of ACTORS) expect(nextStates(APPLICATION_MODEL, s, a)).toEqual([]);
    }
  });

  it('lists what each actor may do next', () => {
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'county').sort()).toEqual(['approved', 'needs_info', 'rejected']);
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'township').sort()).toEqual(['needs_info']);
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'applicant')).toEqual(['withdrawn']);
  });
});
