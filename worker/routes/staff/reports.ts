/** Reports of children at risk: triage, verification, closing. */
import { Hono } from 'hono';
import { referencePath, reportListQuery, transitionRequest, triageRequest } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { listReports, readReport, transitionReport, triageReport } from '../../services/staff/reports.ts';
import { jsonBody } from './json.ts';

export const reportsRoute = new Hono<AppEnv>()
  .get('/', zv('query', reportListQuery), async (c) => c.json({ items: await listReports(c.get('ctx'), c.req.valid('query')) }))
  .get('/:reference', zv('param', referencePath), async (c) => c.json(await readReport(c.get('ctx'), c.req.valid('param').reference)))
  .post('/:reference/triage', zv('param', referencePath), ...jsonBody, zv('json', triageRequest), async (c) =>
    c.json(await triageReport(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  )
  .post(
    '/:reference/transitions',
    zv('param', referencePath),
    ...jsonBody,
    zv('json', transitionRequest.pick({ to: true, internalNote: true })),
    async (c) => c.json(await transitionReport(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  );
