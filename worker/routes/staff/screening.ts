/** 摸底排查: rounds, each village's roster, the records, and the progress. */
import { Hono } from 'hono';
import { roundPath, roundRequest, rosterQuery, screeningRecordRequest } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { closeRound, listRounds, openRound, recordScreening, roster, roundProgress } from '../../services/staff/screening.ts';
import { jsonBody } from './json.ts';

export const screeningRoute = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listRounds(c.get('ctx')) }))
  .post('/', ...jsonBody, zv('json', roundRequest), async (c) => c.json(await openRound(c.get('ctx'), c.req.valid('json')), 201))
  .get('/:id', zv('param', roundPath), async (c) => c.json(await roundProgress(c.get('ctx'), c.req.valid('param').id)))
  .get('/:id/roster', zv('param', roundPath), zv('query', rosterQuery), async (c) =>
    c.json(await roster(c.get('ctx'), c.req.valid('param').id, c.req.valid('query'))),
  )
  .post('/:id/records', zv('param', roundPath), ...jsonBody, zv('json', screeningRecordRequest), async (c) =>
    c.json(await recordScreening(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .post('/:id/close', zv('param', roundPath), async (c) => c.json(await closeRound(c.get('ctx'), c.req.valid('param').id)));
