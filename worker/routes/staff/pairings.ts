/** One-to-one pairings of a volunteer or 爱心妈妈 with a child, and their contact log. */
import { Hono } from 'hono';
import { contactRequest, endPairingRequest, idPath, pairingListQuery, pairingRequest } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { createPairing, endPairing, listPairings, logContact } from '../../services/staff/volunteers.ts';
import { jsonBody } from './json.ts';

export const pairingsRoute = new Hono<AppEnv>()
  .get('/', zv('query', pairingListQuery), async (c) => c.json({ items: await listPairings(c.get('ctx'), c.req.valid('query').alert) }))
  .post('/', ...jsonBody, zv('json', pairingRequest), async (c) => c.json(await createPairing(c.get('ctx'), c.req.valid('json')), 201))
  .post('/:id/end', zv('param', idPath), ...jsonBody, zv('json', endPairingRequest), async (c) =>
    c.json(await endPairing(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').reason)),
  )
  .post('/:id/contacts', zv('param', idPath), ...jsonBody, zv('json', contactRequest), async (c) =>
    c.json(await logContact(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
  );
