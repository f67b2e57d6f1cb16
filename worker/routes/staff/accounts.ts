/** Staff accounts and the audit log: the administrator's only business. */
import { Hono } from 'hono';
import { accountRequest, auditQuery, idPath } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { requireCapability } from '../../lib/staff-auth.ts';
import { zv } from '../../lib/validate.ts';
import { approveAccount, createAccount, listAccounts, listAudit, revokeAccount } from '../../services/staff/accounts.ts';
import { jsonBody } from './json.ts';

export const accountsRoute = new Hono<AppEnv>()
  .get('/', async (c) => {
    await requireCapability(c.get('ctx'), 'administer', { action: 'list', recordKind: 'staff' });
    return c.json({ items: await listAccounts(c.get('ctx')) });
  })
  .post('/', ...jsonBody, zv('json', accountRequest), async (c) => {
    await requireCapability(c.get('ctx'), 'administer', { action: 'create-account', recordKind: 'staff' });
    return c.json(await createAccount(c.get('ctx'), c.req.valid('json')), 201);
  })
  .post('/:id/approve', zv('param', idPath), async (c) => {
    const { id } = c.req.valid('param');
    await requireCapability(c.get('ctx'), 'administer', { action: 'approve-account', recordKind: 'staff', recordRef: String(id) });
    return c.json(await approveAccount(c.get('ctx'), id));
  })
  // The id is checked before the audit entry, so the log holds a number, never whatever was in the path.
  .post('/:id/revoke', zv('param', idPath), async (c) => {
    const { id } = c.req.valid('param');
    await requireCapability(c.get('ctx'), 'administer', { action: 'revoke-account', recordKind: 'staff', recordRef: String(id) });
    return c.json(await revokeAccount(c.get('ctx'), id));
  });

export const auditRoute = new Hono<AppEnv>().get('/', zv('query', auditQuery), async (c) => {
  await requireCapability(c.get('ctx'), 'administer', { action: 'read-audit' });
  return c.json({ items: await listAudit(c.get('ctx'), c.req.valid('query')) });
});
