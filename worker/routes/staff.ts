/**
 * /api/staff/*: the case workers' API. Every call needs a personal token (requireStaff);
 * scope by township and the audit log are applied in the services.
 */
import { Hono } from 'hono';
import {
  accountRequest,
  auditQuery,
  backgroundCheckRequest,
  caseListQuery,
  contactRequest,
  endPairingRequest,
  pairingListQuery,
  pairingRequest,
  referenceParam,
  reportListQuery,
  riskRequest,
  transitionRequest,
  triageRequest,
  visitRequest,
  volunteerListQuery,
} from '../../src/schemas/staff-requests.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { requireRole, requireStaff } from '../lib/staff-auth.ts';
import { invalid, limitBody, requireJson, zv } from '../lib/validate.ts';
import { createAccount, listAccounts, listAudit, revokeAccount } from '../services/staff/accounts.ts';
import { listCases, readCase, recordVisit, setRisk, transitionCase } from '../services/staff/cases.ts';
import { dashboard } from '../services/staff/dashboard.ts';
import { listReports, readReport, transitionReport, triageReport } from '../services/staff/reports.ts';
import {
  createPairing,
  endPairing,
  listPairings,
  listVolunteers,
  logContact,
  readVolunteer,
  recordBackgroundCheck,
  transitionVolunteer,
} from '../services/staff/volunteers.ts';

/** Path parameters: a reference (A-…, V-…, R-…) or a numeric id. */
function ref(param: string | undefined): string {
  const parsed = referenceParam.safeParse(param ?? '');
  if (!parsed.success) throw invalid({ reference: '编号格式不对' });
  return parsed.data;
}
function id(param: string | undefined): number {
  const n = Number(param);
  if (!Number.isInteger(n) || n <= 0) throw invalid({ id: '编号格式不对' });
  return n;
}

const json = [limitBody(16 * 1024), requireJson] as const;

export const staffRoute = new Hono<AppEnv>()
  .use('*', requireStaff)
  .get('/me', (c) => c.json(c.get('staff')))
  .get('/dashboard', async (c) => c.json(await dashboard(database(c.env.DB), c.get('staff'), Date.now())))

  // Applications (认定审核, risk, visits)
  .get('/applications', zv('query', caseListQuery), async (c) =>
    c.json({ items: await listCases(database(c.env.DB), c.get('staff'), c.req.valid('query'), Date.now()) }),
  )
  .get('/overdue', async (c) =>
    c.json({ items: await listCases(database(c.env.DB), c.get('staff'), { overdue: true, limit: 200, offset: 0 }, Date.now()) }),
  )
  .get('/applications/:reference', async (c) =>
    c.json(await readCase(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), Date.now())),
  )
  .post('/applications/:reference/transitions', ...json, zv('json', transitionRequest), async (c) =>
    c.json(await transitionCase(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'))),
  )
  .post('/applications/:reference/risk', ...json, zv('json', riskRequest), async (c) =>
    c.json(await setRisk(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'), Date.now())),
  )
  .post('/applications/:reference/visits', ...json, zv('json', visitRequest), async (c) =>
    c.json(
      await recordVisit(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'), Date.now()),
      201,
    ),
  )

  // Volunteers and pairing
  .get('/volunteers', zv('query', volunteerListQuery), async (c) =>
    c.json({ items: await listVolunteers(database(c.env.DB), c.get('staff'), c.req.valid('query'), Date.now()) }),
  )
  .get('/volunteers/:reference', async (c) =>
    c.json(await readVolunteer(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), Date.now())),
  )
  .post('/volunteers/:reference/transitions', ...json, zv('json', transitionRequest), async (c) =>
    c.json(await transitionVolunteer(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'))),
  )
  .post('/volunteers/:reference/background-check', ...json, zv('json', backgroundCheckRequest), async (c) =>
    c.json(await recordBackgroundCheck(database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'), Date.now())),
  )
  .get('/pairings', zv('query', pairingListQuery), async (c) =>
    c.json({ items: await listPairings(database(c.env.DB), c.get('staff'), c.req.valid('query').alert, Date.now()) }),
  )
  .post('/pairings', ...json, zv('json', pairingRequest), async (c) =>
    c.json(await createPairing(c.env, database(c.env.DB), c.get('staff'), c.req.valid('json'), Date.now()), 201),
  )
  .post('/pairings/:id/end', ...json, zv('json', endPairingRequest), async (c) =>
    c.json(await endPairing(c.env, database(c.env.DB), c.get('staff'), id(c.req.param('id')), c.req.valid('json').reason, Date.now())),
  )
  .post('/pairings/:id/contacts', ...json, zv('json', contactRequest), async (c) =>
    c.json(await logContact(c.env, database(c.env.DB), c.get('staff'), id(c.req.param('id')), c.req.valid('json'), Date.now()), 201),
  )

  // Reports
  .get('/reports', zv('query', reportListQuery), async (c) =>
    c.json({ items: await listReports(database(c.env.DB), c.get('staff'), c.req.valid('query')) }),
  )
  .get('/reports/:reference', async (c) =>
    c.json(await readReport(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')))),
  )
  .post('/reports/:reference/triage', ...json, zv('json', triageRequest), async (c) =>
    c.json(await triageReport(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'), Date.now())),
  )
  .post('/reports/:reference/transitions', ...json, zv('json', transitionRequest.pick({ to: true, internalNote: true })), async (c) =>
    c.json(await transitionReport(c.env, database(c.env.DB), c.get('staff'), ref(c.req.param('reference')), c.req.valid('json'))),
  )

  // Accounts and the audit log (admin only)
  .get('/accounts', async (c) => {
    const member = await requireRole(c, ['admin'], { action: 'list', recordKind: 'staff' });
    return c.json({ items: await listAccounts(database(c.env.DB), member, Date.now()) });
  })
  .post('/accounts', ...json, zv('json', accountRequest), async (c) => {
    const member = await requireRole(c, ['admin'], { action: 'create-account', recordKind: 'staff' });
    return c.json(await createAccount(database(c.env.DB), member, c.req.valid('json'), Date.now()), 201);
  })
  .post('/accounts/:id/revoke', async (c) => {
    // Checked before the audit entry, so the log holds a number, never whatever was in the path.
    const account = id(c.req.param('id'));
    const member = await requireRole(c, ['admin'], { action: 'revoke-account', recordKind: 'staff', recordRef: String(account) });
    return c.json(await revokeAccount(database(c.env.DB), member, account, Date.now()));
  })
  .get('/audit', zv('query', auditQuery), async (c) => {
    const member = await requireRole(c, ['admin'], { action: 'read-audit' });
    return c.json({ items: await listAudit(database(c.env.DB), member, c.req.valid('query')) });
  });
