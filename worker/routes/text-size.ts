import { Hono } from 'hono';
import { z } from 'zod';
import { TEXT_SIZES, safeReturnPath, textSizeCookie } from '#src/config/text-size.ts';
import { t } from '#src/i18n/index.ts';
import type { AppEnv } from '../env.ts';
import { readBody } from '../lib/form-posts.ts';
import { limitBody, validate } from '../lib/validate.ts';

const textSizeRequest = z.strictObject({
  size: z.enum(TEXT_SIZES, { error: t('text.size.err') }),
  return: z.string().max(4096).optional(),
});

/**
 * POST /api/text-size: the header's 大字 button without JavaScript. Keeps the choice in a
 * cookie for a year and goes back (303) to the page it was pressed on: a path of this site
 * only, anything else gives the home page, so the address cannot send anyone elsewhere.
 */
export const textSizeRoute = new Hono<AppEnv>().post('/', limitBody(8 * 1024), async (c) => {
  const { form } = await readBody(c, true);
  const body = validate(textSizeRequest, Object.fromEntries(form!));
  c.header('Set-Cookie', textSizeCookie(body.size, new URL(c.req.url).protocol === 'https:'));
  return c.redirect(safeReturnPath(body.return), 303);
});
