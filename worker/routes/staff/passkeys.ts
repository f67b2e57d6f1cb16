/** /api/staff/passkeys: a signed-in member's own passkeys (services/staff/passkeys.ts). */
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { Hono } from 'hono';
import { idPath, passkeyRequest } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { addPasskey, listPasskeys, passkeyOptions, removePasskey } from '../../services/staff/passkeys.ts';
import { jsonBody } from './json.ts';

const placeOf = (url: string) => ({ rpId: new URL(url).hostname, origin: new URL(url).origin });

export const passkeysRoute = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listPasskeys(c.get('ctx')) }))
  .post('/options', async (c) => c.json(await passkeyOptions(c.get('ctx'), placeOf(c.req.url))))
  .post('/', ...jsonBody, zv('json', passkeyRequest), async (c) => {
    const body = c.req.valid('json');
    const credential = body.credential as unknown as RegistrationResponseJSON;
    return c.json(await addPasskey(c.get('ctx'), { ticket: body.ticket, credential }, placeOf(c.req.url)), 201);
  })
  .post('/:id/remove', zv('param', idPath), async (c) => c.json(await removePasskey(c.get('ctx'), c.req.valid('param').id)));
