/** 认定审核: the township's batches, the county's screening, the evaluation, decisions per measure, referrals. */
import { Hono } from 'hono';
import {
  batchRequest,
  candidatesQuery,
  casePath,
  decisionsRequest,
  evaluationRequest,
  idPath,
  opinionRequest,
  referralListQuery,
  referralRequest,
  referralResponseRequest,
  screenBatchRequest,
} from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import {
  answerReferral,
  batchCandidates,
  decideCase,
  evaluateCase,
  giveOpinion,
  listBatches,
  listReferrals,
  opinionsWanted,
  readBatch,
  readPlan,
  referMeasure,
  reviewOverview,
  screenBatch,
  submitBatch,
} from '../../services/staff/review.ts';
import { jsonBody } from './json.ts';

export const batchesRoute = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listBatches(c.get('ctx')) }))
  .get('/candidates', zv('query', candidatesQuery), async (c) =>
    c.json({ items: await batchCandidates(c.get('ctx'), c.req.valid('query').township) }),
  )
  .post('/', ...jsonBody, zv('json', batchRequest), async (c) => c.json(await submitBatch(c.get('ctx'), c.req.valid('json')), 201))
  .get('/:id', zv('param', idPath), async (c) => c.json(await readBatch(c.get('ctx'), c.req.valid('param').id)))
  .post('/:id/screen', zv('param', idPath), ...jsonBody, zv('json', screenBatchRequest), async (c) =>
    c.json(await screenBatch(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))),
  );

/** Mounted on /cases: the plan of one child's file. */
export const casePlanRoute = new Hono<AppEnv>()
  .get('/:caseRef/plan', zv('param', casePath), async (c) => c.json(await readPlan(c.get('ctx'), c.req.valid('param').caseRef)))
  .post('/:caseRef/evaluations', zv('param', casePath), ...jsonBody, zv('json', evaluationRequest), async (c) =>
    c.json(await evaluateCase(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json')), 201),
  )
  .post('/:caseRef/decisions', zv('param', casePath), ...jsonBody, zv('json', decisionsRequest), async (c) =>
    c.json(await decideCase(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json'))),
  )
  .post('/:caseRef/referrals', zv('param', casePath), ...jsonBody, zv('json', referralRequest), async (c) =>
    c.json(await referMeasure(c.get('ctx'), c.req.valid('param').caseRef, c.req.valid('json')), 201),
  );

export const referralsRoute = new Hono<AppEnv>()
  .get('/', zv('query', referralListQuery), async (c) => c.json({ items: await listReferrals(c.get('ctx'), c.req.valid('query')) }))
  .post('/:id/response', zv('param', idPath), ...jsonBody, zv('json', referralResponseRequest), async (c) =>
    c.json(await answerReferral(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))),
  );

export const planItemsRoute = new Hono<AppEnv>()
  .get('/opinions', async (c) => c.json({ items: await opinionsWanted(c.get('ctx')) }))
  .post('/:id/opinions', zv('param', idPath), ...jsonBody, zv('json', opinionRequest), async (c) =>
    c.json(await giveOpinion(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
  );

export const reviewRoute = new Hono<AppEnv>().get('/', async (c) => c.json(await reviewOverview(c.get('ctx'))));
