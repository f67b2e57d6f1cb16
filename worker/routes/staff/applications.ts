/** Cases (applications): 认定审核 moves, risk levels and visits. */
import { Hono } from 'hono';
import { caseListQuery, referencePath, riskRequest, transitionRequest, visitRequest } from '../../../src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { listCases, readCase, recordVisit, setRisk, transitionCase } from '../../services/staff/cases.ts';
import { jsonBody } from './json.ts';

export const applicationsRoute = new Hono<AppEnv>()
  .get('/', zv('query', caseListQuery), async (c) => c.json({ items: await listCases(c.get('ctx'), c.req.valid('query')) }))
  .get('/:reference', zv('param', referencePath), async (c) => c.json(await readCase(c.get('ctx'), c.req.valid('param').reference)))
  .post('/:reference/transitions', zv('param', referencePath), ...jsonBody, zv('json', transitionRequest), async (c) =>
    c.json(await transitionCase(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  )
  .post('/:reference/risk', zv('param', referencePath), ...jsonBody, zv('json', riskRequest), async (c) =>
    c.json(await setRisk(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  )
  .post('/:reference/visits', zv('param', referencePath), ...jsonBody, zv('json', visitRequest), async (c) =>
    c.json(await recordVisit(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json')), 201),
  );

/** Open cases whose visit is overdue, oldest first. */
export const overdueRoute = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ items: await listCases(c.get('ctx'), { overdue: true, limit: 200, offset: 0 }) }),
);
