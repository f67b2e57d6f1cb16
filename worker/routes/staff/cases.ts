/** The child's file (一人一档): search, open, read, risk level and visits, merge, export. */
import { Hono } from 'hono';
import {
  caseDetailsRequest,
  caseMoveRequest,
  casePath,
  caseSearchQuery,
  exportQuery,
  mergeRequest,
  newCaseRequest,
  riskRequest,
  unmergeRequest,
  visitBookingRequest,
  visitRequest,
} from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import {
  createCaseFile,
  exportCaseFiles,
  listCaseFiles,
  mergeCaseFile,
  moveCaseFile,
  readCaseFile,
  recordCaseVisit,
  setCaseRisk,
  unmergeCaseFile,
  updateCaseDetails,
} from '../../services/staff/cases.ts';
import { bookVisit } from '../../services/staff/visit-plans.ts';
import { jsonBody } from './json.ts';

export const casesRoute = new Hono<AppEnv>()
  .get('/', zv('query', caseSearchQuery), async (c) => c.json(await listCaseFiles(c.get('ctx'), c.req.valid('query'))))
  .post('/', ...jsonBody, zv('json', newCaseRequest), async (c) => c.json(await createCaseFile(c.get('ctx'), c.req.valid('json')), 201))
  .get('/export.csv', zv('query', exportQuery), async (c) => {
    const csv = await exportCaseFiles(c.get('ctx'), c.req.valid('query'));
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="cases-${new Date(c.get('ctx').now).toISOString().slice(0, 10)}.csv"`,
    });
  })
  .get('/:caseRef', zv('param', casePath), async (c) => c.json(await readCaseFile(c.get('ctx'), c.req.valid('param').caseRef)))
  .post('/:caseRef/details', zv('param', casePath), ...jsonBody, zv('json', caseDetailsRequest), async (c) =>
    c.json(await updateCaseDetails(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json'))),
  )
  .post('/:caseRef/transitions', zv('param', casePath), ...jsonBody, zv('json', caseMoveRequest), async (c) =>
    c.json(await moveCaseFile(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json'))),
  )
  .post('/:caseRef/risk', zv('param', casePath), ...jsonBody, zv('json', riskRequest), async (c) =>
    c.json(await setCaseRisk(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json'))),
  )
  .post('/:caseRef/visits', zv('param', casePath), ...jsonBody, zv('json', visitRequest), async (c) =>
    c.json(await recordCaseVisit(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json')), 201),
  )
  .post('/:caseRef/visit-bookings', zv('param', casePath), ...jsonBody, zv('json', visitBookingRequest), async (c) =>
    c.json(await bookVisit(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json')), 201),
  )
  .post('/:caseRef/merge', zv('param', casePath), ...jsonBody, zv('json', mergeRequest), async (c) =>
    c.json(await mergeCaseFile(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json'))),
  )
  .post('/:caseRef/unmerge', zv('param', casePath), ...jsonBody, zv('json', unmergeRequest), async (c) =>
    c.json(await unmergeCaseFile(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json'))),
  );

/** Open files whose visit is overdue, oldest first. */
export const overdueRoute = new Hono<AppEnv>().get('/', async (c) =>
  c.json(await listCaseFiles(c.get('ctx'), { overdue: true, limit: 50, offset: 0 })),
);
