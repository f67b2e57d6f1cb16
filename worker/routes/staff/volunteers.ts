/** Volunteers and 爱心妈妈: the screening pipeline and the background check. */
import { Hono } from 'hono';
import { backgroundCheckRequest, referencePath, transitionRequest, volunteerListQuery } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { listVolunteers, readVolunteer, recordBackgroundCheck, transitionVolunteer } from '../../services/staff/volunteers.ts';
import { jsonBody } from './json.ts';

export const volunteersRoute = new Hono<AppEnv>()
  .get('/', zv('query', volunteerListQuery), async (c) => c.json({ items: await listVolunteers(c.get('ctx'), c.req.valid('query')) }))
  .get('/:reference', zv('param', referencePath), async (c) => c.json(await readVolunteer(c.get('ctx'), c.req.valid('param').reference)))
  .post('/:reference/transitions', zv('param', referencePath), ...jsonBody, zv('json', transitionRequest), async (c) =>
    c.json(await transitionVolunteer(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  )
  .post('/:reference/background-check', zv('param', referencePath), ...jsonBody, zv('json', backgroundCheckRequest), async (c) =>
    c.json(await recordBackgroundCheck(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  );
