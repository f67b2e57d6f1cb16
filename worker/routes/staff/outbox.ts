/** The text messages the portal sent or holds (services/sms/staff-outbox.ts). */
import { Hono } from 'hono';
import { idPath, outboxQuery } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { listOutbox, resendOutbox } from '../../services/sms/staff-outbox.ts';

export const outboxRoute = new Hono<AppEnv>()
  .get('/', zv('query', outboxQuery), async (c) => c.json({ items: await listOutbox(c.get('ctx'), c.req.valid('query')) }))
  // The id is checked before the audit entry, so the log holds a number, never whatever was in the path.
  .post('/:id/resend', zv('param', idPath), async (c) => c.json(await resendOutbox(c.get('ctx'), c.req.valid('param').id)));
