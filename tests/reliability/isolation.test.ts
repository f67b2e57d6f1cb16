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
  it("every staff endpoint, called about a record outside the account's townships, answers 403 and is audited", async () => {
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
    const county = staffToken(server.persistDir, 'isolation-county', 'county', ['*']);
    await fetch(`${server.url}/api/staff/pairings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${county}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const outsider = staffToken(server.persistDir, 'isolation-township', 'township', ['xihe']);
    const villager = staffToken(server.persistDir, 'isolation-village', 'village', ['xihe']);
    const countyOutsider = staffToken(server.persistDir, 'isolation-county-xihe', 'county', ['xihe']);
    const calls: [string, string, unknown?, string?][] = [
      ['GET', `/api/staff/applications/${app.reference}`],
      ['POST', `/api/staff/applications/${app.reference}/transitions`, { to: 'screening' }],
      ['POST', `/api/staff/applications/${app.reference}/risk`, { level: 'red', reason: '越权' }],
      ['POST', `/api/staff/applications/${app.reference}/visits`, { visitedAt: '2026-11-01', findings: '越权' }],
      ['GET', '/api/staff/applications?township=dongshan'],
      ['GET', `/api/staff/applications/${app.reference}/files`],
      ['GET', `/api/staff/applications/${app.reference}/files/AAAAAAAAAAAAAAAAAAAAAA`],
      ['GET', `/api/staff/volunteers/${vol.reference}`],
      ['POST', `/api/staff/volunteers/${vol.reference}/transitions`, { to: 'reviewing' }],
      [
        'POST',
        `/api/staff/volunteers/${vol.reference}/background-check`,
        { result: 'clear', checkedAt: '2026-11-01', expiresAt: '2027-11-01' },
      ],
      ['GET', '/api/staff/volunteers?township=dongshan'],
      ['POST', '/api/staff/pairings', { volunteer: vol.reference, application: app.reference }],
      ['GET', `/api/staff/reports/${rep.reference}`],
      ['POST', `/api/staff/reports/${rep.reference}/triage`, { township: 'xihe' }],
      ['POST', `/api/staff/reports/${rep.reference}/transitions`, { to: 'closed', internalNote: '越权' }],
      ['GET', '/api/staff/accounts'],
      ['POST', '/api/staff/accounts', { name: '越权', role: 'admin', townships: ['*'] }],
      ['POST', '/api/staff/accounts/1/revoke', {}],
      ['GET', '/api/staff/audit'],
      ['GET', `/api/staff/applications/${app.reference}`, undefined, villager],
      ['POST', `/api/staff/reports/${rep.reference}/transitions`, { to: 'verified' }, villager],
      ['GET', `/api/staff/outbox?reference=${app.reference}`],
      ['GET', `/api/staff/outbox?reference=${app.reference}`, undefined, countyOutsider],
      ['POST', '/api/staff/outbox/1/resend'],
    ];
    const denied = (): number => d1<{ n: number }>(server.persistDir, "SELECT count(*) AS n FROM audit_log WHERE outcome = 'denied'")[0]!.n;
    const before = denied();
    const wrong: string[] = [];
    for (const [method, path, body, who] of calls) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${who ?? outsider}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status !== 403) wrong.push(`${method} ${path}: ${res.status}`);
      await res.arrayBuffer();
    }
    const audited = denied() - before;
    const untouched = d1<{ status: string; risk_level: string | null }>(
      server.persistDir,
      `SELECT status, risk_level FROM applications WHERE reference = '${app.reference}'`,
    )[0];
    record(
      'isolation',
      `${calls.length} calls to the staff endpoints about a case, a volunteer and a report in 东山乡, with accounts that serve 西河乡 only (and non-admin calls to the admin endpoints)`,
      {
        'answered 403': calls.length - wrong.length,
        'answered otherwise': wrong.length ? wrong.join('; ') : 0,
        'denied entries added to the audit log': audited,
        'the case afterwards': `${untouched?.status}, risk ${untouched?.risk_level ?? 'none'}`,
      },
    );
    expect(wrong).toEqual([]);
    expect(audited).toBe(calls.length);
    expect(untouched).toEqual({ status: 'submitted', risk_level: null });
  });
});
