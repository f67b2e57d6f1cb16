import { describe, expect, it } from 'vitest';
import { APPLICATION_MODEL, type ApplicationStatus } from '#src/domain/application-status.ts';
import { allowedMoves, checkTransition, nextStates, type Actor } from '#src/domain/status-model.ts';

const STATES = Object.keys(APPLICATION_MODEL.states) as ApplicationStatus[];
const ACTORS: Actor[] = ['applicant', 'village', 'township', 'county', 'department', 'admin', 'system'];

/**
 * Every move that is allowed, and by whom. The procedure of 认定审核 makes the review's moves
 * (`system`: a batch, the county's screening, the home visit, the decisions per measure), so
 * no staff account can move an application to a decision by itself. Anything else is refused.
 */
const ALLOWED: [from: ApplicationStatus, to: ApplicationStatus, by: Actor[]][] = [
  ['submitted', 'screening', ['system']],
  ['screening', 'investigating', ['system']],
  ['screening', 'rejected', ['system']],
  ['investigating', 'assessing', ['system']],
  ['assessing', 'approved', ['system']],
  ['assessing', 'partly_approved', ['system']],
  ['assessing', 'rejected', ['system']],
  ['screening', 'needs_info', ['township', 'county']],
  ['investigating', 'needs_info', ['township', 'county']],
  ['assessing', 'needs_info', ['township', 'county', 'system']],
  ['submitted', 'withdrawn', ['applicant']],
  ['screening', 'withdrawn', ['applicant']],
  ['investigating', 'withdrawn', ['applicant']],
  ['assessing', 'withdrawn', ['applicant']],
  ['needs_info', 'withdrawn', ['applicant']],
];

describe('the application status model', () => {
  const cases = STATES.flatMap((from) =>
    STATES.filter((to) => to !== from).flatMap((to) => ACTORS.map((actor) => [from, to, actor] as const)),
  );
  it.each(cases)('%s → %s by %s is allowed only if the table says so', (from, to, actor) => {
    const expected = ALLOWED.some(([f, t, by]) => f === from && t === to && by.includes(actor));
    expect(checkTransition(APPLICATION_MODEL, { from, to, actor, reason: '理由' }).ok).toBe(expected);
  });

  it('needs_info returns to the state it came from, and only there', () => {
    for (const resume of ['screening', 'investigating', 'assessing'] as const) {
      expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: resume, actor: 'township', resume }).ok).toBe(true);
      for (const other of ['screening', 'investigating', 'assessing', 'approved'] as const) {
        if (other !== resume)
          expect(
            checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: other, actor: 'county', resume }).ok,
            `${resume} → ${other}`,
          ).toBe(false);
      }
    }
  });

  it('the applicant brings needs_info back to where it came from (by sending what was asked for), and nowhere else', () => {
    for (const resume of ['screening', 'investigating', 'assessing'] as const) {
      expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: resume, actor: 'applicant', resume }).ok).toBe(true);
      expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: 'approved', actor: 'applicant', resume }).ok).toBe(false);
      // The procedure brings back what it sent there itself: the county's decisions after 调查评估 (staff/review.ts).
      expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: resume, actor: 'system', resume }).ok).toBe(
        resume === 'assessing',
      );
      expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: resume, actor: 'village', resume }).ok).toBe(false);
    }
    // Without a remembered state there is nowhere to go back to.
    expect(checkTransition(APPLICATION_MODEL, { from: 'needs_info', to: 'screening', actor: 'applicant' }).ok).toBe(false);
  });

  it('rejection and a request for more information need a reason', () => {
    expect(checkTransition(APPLICATION_MODEL, { from: 'assessing', to: 'rejected', actor: 'system' })).toEqual({
      ok: false,
      why: 'reason_required',
    });
    expect(checkTransition(APPLICATION_MODEL, { from: 'screening', to: 'needs_info', actor: 'township', reason: '  ' })).toEqual({
      ok: false,
      why: 'reason_required',
    });
  });

  it('decided and withdrawn applications are final', () => {
    for (const s of ['approved', 'partly_approved', 'rejected', 'withdrawn'] as const) {
      expect(APPLICATION_MODEL.states[s].final).toBe(true);
      for (const a of ACTORS) expect(nextStates(APPLICATION_MODEL, s, a)).toEqual([]);
    }
  });

  it('lists what each actor may do next', () => {
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'system').sort()).toEqual(['approved', 'needs_info', 'partly_approved', 'rejected']);
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'county').sort()).toEqual(['needs_info']);
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'township').sort()).toEqual(['needs_info']);
    expect(nextStates(APPLICATION_MODEL, 'assessing', 'applicant')).toEqual(['withdrawn']);
    expect(allowedMoves(APPLICATION_MODEL, 'assessing', 'county')).toEqual([{ to: 'needs_info', label: '需补充材料', reason: true }]);
    expect(allowedMoves(APPLICATION_MODEL, 'needs_info', 'township', 'investigating').map((m) => m.to)).toEqual(['investigating']);
  });
});

describe('the volunteer pipeline and the report status', () => {
  it('volunteers go through screening and training before they can be paired', async () => {
    const { VOLUNTEER_MODEL } = await import('#src/domain/volunteer-status.ts');
    const path = ['submitted', 'reviewing', 'background_check', 'training', 'ready', 'paired'] as const;
    for (let i = 0; i < path.length - 1; i++)
      expect(checkTransition(VOLUNTEER_MODEL, { from: path[i]!, to: path[i + 1]!, actor: 'township' }).ok).toBe(true);
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'submitted', to: 'ready', actor: 'county' }).ok).toBe(false);
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'reviewing', to: 'paired', actor: 'county' }).ok).toBe(false);
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'background_check', to: 'rejected', actor: 'county' })).toEqual({
      ok: false,
      why: 'reason_required',
    });
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'paired', to: 'withdrawn', actor: 'applicant' }).ok).toBe(true);
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'rejected', to: 'withdrawn', actor: 'applicant' }).ok).toBe(false);
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'submitted', to: 'reviewing', actor: 'applicant' }).ok).toBe(false);
    expect(checkTransition(VOLUNTEER_MODEL, { from: 'submitted', to: 'reviewing', actor: 'village' }).ok).toBe(false);
  });

  it('reports are received, triaged, verified and closed; nobody outside staff moves them', async () => {
    const { REPORT_MODEL } = await import('#src/domain/report-status.ts');
    expect(checkTransition(REPORT_MODEL, { from: 'received', to: 'triaged', actor: 'township' }).ok).toBe(true);
    expect(checkTransition(REPORT_MODEL, { from: 'triaged', to: 'verified', actor: 'village' }).ok).toBe(true);
    expect(checkTransition(REPORT_MODEL, { from: 'verified', to: 'closed', actor: 'county' }).ok).toBe(true);
    expect(checkTransition(REPORT_MODEL, { from: 'received', to: 'verified', actor: 'county' }).ok).toBe(false);
    expect(checkTransition(REPORT_MODEL, { from: 'received', to: 'closed', actor: 'county' })).toEqual({
      ok: false,
      why: 'reason_required',
    });
    expect(checkTransition(REPORT_MODEL, { from: 'closed', to: 'received', actor: 'admin' }).ok).toBe(false);
    for (const s of ['received', 'triaged', 'verified'] as const)
      expect(checkTransition(REPORT_MODEL, { from: s, to: 'closed', actor: 'applicant', reason: 'x' }).ok).toBe(false);
  });
});
