import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { startServer, type DevServer } from '../support/server.ts';
import { record } from './record.ts';
import { d1, staffToken } from './support.ts';

let server: DevServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('isolation by township', () => {
  it("every staff endpoint, called about a record outside the account's townships, answers 404 (or 403 where a role may not at all) and is audited", async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, string>>);
    // A case, a volunteer and a report in 东山乡; the account under test serves 西河乡 only.
    const app = await post('/api/applications', application);
    const vol = await post('/api/volunteers', volunteer);
    const rep = await post('/api/reports', { ...report, where: { township: 'dongshan', place: '村口' } });
    const county = await staffToken(server.persistDir, 'isolation-county', 'county', ['*']);
    await fetch(`${server.url}/api/staff/pairings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${county}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const outsider = await staffToken(server.persistDir, 'isolation-township', 'township', ['xihe']);
    const villager = await staffToken(server.persistDir, 'isolation-village', 'village', ['xihe']);
    const countyOutsider = await staffToken(server.persistDir, 'isolation-county-xihe', 'county', ['xihe']);
    const file = d1<{ reference: string }>(
      server.persistDir,
      `SELECT c.reference FROM cases c JOIN applications a ON a.case_id = c.id WHERE a.reference = '${app.reference}'`,
    )[0]!.reference;
    // A call about one record of another township answers as if there were none (404): a
    // reference tells nothing about a family there. Lists, and what a role may not do at all,
    // say no (403). Each one is audited as denied.
    const calls: [string, string, 403 | 404, unknown?, string?][] = [
      ['GET', `/api/staff/applications/${app.reference}`, 404],
      ['POST', `/api/staff/applications/${app.reference}/transitions`, 404, { to: 'screening' }],
      ['GET', `/api/staff/cases/${file}`, 404],
      ['POST', `/api/staff/cases/${file}/risk`, 404, { level: 'red', reason: '越权' }],
      ['POST', `/api/staff/cases/${file}/visits`, 404, { visitedAt: '2026-11-01', findings: '越权' }],
      ['GET', '/api/staff/applications?township=dongshan', 403],
      // 认定审核: a batch, the plan, an evaluation, a decision and a referral about the child elsewhere.
      ['POST', '/api/staff/batches', 404, { cases: [file] }],
      ['GET', `/api/staff/cases/${file}/plan`, 404],
      [
        'POST',
        `/api/staff/cases/${file}/evaluations`,
        404,
        {
          situation: '越权',
          means: '越权',
          guardianship: '越权',
          proposedLevel: 'blue',
          plan: [{ measure: '越权', department: 'education' }],
        },
      ],
      ['POST', `/api/staff/cases/${file}/decisions`, 404, { items: [{ planItem: 1, decision: 'approved' }] }, countyOutsider],
      [
        'POST',
        `/api/staff/cases/${file}/referrals`,
        404,
        { planItem: 1, department: 'education', dueBy: '2027-01-01T00:00:00.000Z', request: '越权' },
      ],
      ['GET', `/api/staff/volunteers/${vol.reference}`, 404],
      ['POST', `/api/staff/volunteers/${vol.reference}/transitions`, 404, { to: 'reviewing' }],
      ['GET', `/api/staff/applications/${app.reference}/files`, 404],
      ['GET', `/api/staff/applications/${app.reference}/files/AAAAAAAAAAAAAAAAAAAAAA`, 404],
      [
        'POST',
        `/api/staff/volunteers/${vol.reference}/background-check`,
        404,
        { result: 'clear', checkedAt: '2026-11-01', expiresAt: '2027-11-01' },
      ],
      ['GET', '/api/staff/volunteers?township=dongshan', 403],
      ['POST', '/api/staff/pairings', 404, { volunteer: vol.reference, application: app.reference }],
      ['GET', `/api/staff/reports/${rep.reference}`, 404],
      ['POST', `/api/staff/reports/${rep.reference}/triage`, 404, { township: 'xihe' }],
      ['POST', `/api/staff/reports/${rep.reference}/transitions`, 404, { to: 'closed', internalNote: '越权' }],
      ['GET', '/api/staff/accounts', 403],
      ['POST', '/api/staff/accounts', 403, { name: '越权', role: 'admin', townships: ['*'] }],
      ['POST', '/api/staff/accounts/1/revoke', 403, {}],
      ['GET', '/api/staff/audit', 403],
      ['GET', `/api/staff/applications/${app.reference}`, 404, undefined, villager],
      ['POST', `/api/staff/reports/${rep.reference}/transitions`, 404, { to: 'verified' }, villager],
      ['GET', `/api/staff/outbox?reference=${app.reference}`, 403],
      ['GET', `/api/staff/outbox?reference=${app.reference}`, 404, undefined, countyOutsider],
      ['POST', '/api/staff/outbox/1/resend', 403],
    ];
    const denied = (): number => d1<{ n: number }>(server.persistDir, "SELECT count(*) AS n FROM audit_log WHERE outcome = 'denied'")[0]!.n;
    const before = denied();
    const wrong: string[] = [];
    const byStatus = new Map<number, number>();
    // A kept-alive connection the server had just closed drops the request before it is read:
    // tried once more (the audit count then allows for the one that may have been read).
    let retried = 0;
    for (const [method, path, expected, body, who] of calls) {
      const send = () =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${who ?? outsider}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const res = await send().catch(() => {
        retried += 1;
        return send();
      });
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status !== expected) wrong.push(`${method} ${path}: ${res.status} (expected ${expected})`);
      await res.arrayBuffer();
    }
    const audited = denied() - before;
    const untouched = d1<{ status: string; risk_level: string | null }>(
      server.persistDir,
      `SELECT a.status, c.risk_level FROM applications a JOIN cases c ON c.id = a.case_id WHERE a.reference = '${app.reference}'`,
    )[0];
    record(
      'isolation',
      `${calls.length} calls to the staff endpoints about a case, a volunteer and a report in 东山乡, with accounts that serve 西河乡 only (and non-admin calls to the admin endpoints)`,
      {
        'answered 404 (no such record, to them)': byStatus.get(404) ?? 0,
        'answered 403': byStatus.get(403) ?? 0,
        'answered otherwise than expected': wrong.length ? wrong.join('; ') : 0,
        'denied entries added to the audit log': audited,
        'the case afterwards': `${untouched?.status}, risk ${untouched?.risk_level ?? 'none'}`,
      },
    );
    expect(wrong).toEqual([]);
    expect(audited).toBeGreaterThanOrEqual(calls.length);
    expect(audited).toBeLessThanOrEqual(calls.length + retried);
    expect(untouched).toEqual({ status: 'submitted', risk_level: null });
  });
});
