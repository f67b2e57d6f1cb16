/**
 * /api/staff/outbox: the text messages the portal sent or holds (services/sms/staff-outbox.ts).
 * The admin sees all of them and resends dead ones; the county bureau reads its records' messages.
 */
import { Hono } from 'hono';
import { outboxQuery } from '../../src/schemas/staff-requests.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { requireRole, requireStaff } from '../lib/staff-auth.ts';
import { invalid, zv } from '../lib/validate.ts';
import { listOutbox, resendOutbox } from '../services/sms/staff-outbox.ts';

export const staffOutboxRoute = new Hono<AppEnv>()
  .use('*', requireStaff)
  .get('/', zv('query', outboxQuery), async (c) => {
    const query = c.req.valid('query');
    const member = await requireRole(c, ['admin', 'county'], { action: 'read-outbox', recordRef: query.reference ?? null });
    return c.json({ items: await listOutbox(c.env, database(c.env.DB), member, query) });
  })
  .post('/:id/resend', async (c) => {
    // Checked before the audit entry, so the log holds a number, never whatever was in the path.
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id <= 0) throw invalid({ id: '编号格式不对' });
    const member = await requireRole(c, ['admin'], { action: 'resend-sms', recordRef: `outbox ${id}` });
    return c.json(await resendOutbox(c.env, database(c.env.DB), member, id));
  });
