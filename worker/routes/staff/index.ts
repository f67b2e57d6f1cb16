/**
 * /api/staff/*: the case workers' API, one file per resource. Every call needs a session
 * (requireStaff; signing in is routes/staff/session.ts), which sets the StaffContext the services take; what each role may do
 * is in src/domain/staff-roles.ts, scope by township and the audit log are in the services.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { requireStaff } from '../../lib/staff-auth.ts';
import { dashboard } from '../../services/staff/dashboard.ts';
import { accountsRoute, auditRoute } from './accounts.ts';
import { applicationsRoute } from './applications.ts';
import { casesRoute, overdueRoute } from './cases.ts';
import { applicationFilesRoute, caseFilesRoute } from './files.ts';
import { screeningRoute } from './screening.ts';
import { batchesRoute, casePlanRoute, planItemsRoute, referralsRoute, reviewRoute } from './review.ts';
import { outboxRoute } from './outbox.ts';
import { pairingsRoute } from './pairings.ts';
import { passkeysRoute } from './passkeys.ts';
import { reportsRoute } from './reports.ts';
import { volunteersRoute } from './volunteers.ts';

export const staffRoute = new Hono<AppEnv>()
  .use('*', requireStaff)
  // Who the session is (the console asks on load); signing in itself is audited by POST /session.
  .get('/me', async (c) => c.json(c.get('staff')))
  .route('/passkeys', passkeysRoute)
  .get('/dashboard', async (c) => c.json(await dashboard(c.get('ctx'))))
  .route('/cases', casePlanRoute)
  .route('/cases', casesRoute)
  .route('/cases', caseFilesRoute)
  .route('/batches', batchesRoute)
  .route('/referrals', referralsRoute)
  .route('/plan-items', planItemsRoute)
  .route('/review', reviewRoute)
  .route('/screening-rounds', screeningRoute)
  .route('/applications', applicationsRoute)
  .route('/applications', applicationFilesRoute)
  .route('/overdue', overdueRoute)
  .route('/volunteers', volunteersRoute)
  .route('/pairings', pairingsRoute)
  .route('/reports', reportsRoute)
  .route('/accounts', accountsRoute)
  .route('/audit', auditRoute)
  .route('/outbox', outboxRoute);

/** The console's typed client (src/staff/api.ts) reads the routes' own answers from this type. */
export type StaffRoute = typeof staffRoute;
