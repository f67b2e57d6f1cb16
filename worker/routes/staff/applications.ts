/** Applications: the family's requests, moved through 认定审核. */
import { Hono } from 'hono';
import { applicationTransitionRequest, caseListQuery, referencePath } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { listApplications, readApplication, transitionApplication } from '../../services/staff/applications.ts';
import { jsonBody } from './json.ts';

export const applicationsRoute = new Hono<AppEnv>()
  .get('/', zv('query', caseListQuery), async (c) => c.json({ items: await listApplications(c.get('ctx'), c.req.valid('query')) }))
  .get('/:reference', zv('param', referencePath), async (c) => c.json(await readApplication(c.get('ctx'), c.req.valid('param').reference)))
  .post('/:reference/transitions', zv('param', referencePath), ...jsonBody, zv('json', applicationTransitionRequest), async (c) =>
    c.json(await transitionApplication(c.get('ctx'), c.req.valid('param').reference, c.req.valid('json'))),
  );
