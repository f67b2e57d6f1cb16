import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { database, type Database } from '../db/client.ts';
import type { AppEnv, Env } from '../env.ts';
import { clientIp, crossOrigin } from '../lib/client.ts';
import { ApiError } from '../lib/errors.ts';
import { isSignedFormKey } from '../lib/form-keys.ts';
import { requireReady } from '../lib/keys.ts';
import { formPage, readBody } from '../lib/form-posts.ts';
import { setReceiptCookie } from '../lib/pages.ts';
import { invalid, limitBody, validate } from '../lib/validate.ts';
import { checkIdempotencyKey, type Receipt } from '../services/intake.ts';
import { t } from '#src/i18n/index.ts';

export interface IntakeRoute<S extends z.ZodType> {
  schema: S;
  /**
   * The form's own fields in the shape of the JSON body (the idempotency key and the Turnstile
   * token are read here); it throws ApiError(400) for what the form's own checks find.
   */
  fromForm: (form: URLSearchParams) => Record<string, unknown>;
  create: (env: Env, db: Database, body: z.output<S>, idempotencyKey: string, ip: string) => Promise<Receipt>;
  /** The page of the form (its receipt page is `${form}done/`), and the <form> on it. */
  form: string;
  formSelector: string;
  maxBody: number;
}

/** The field Turnstile's widget adds to a form; the JSON API calls it turnstileToken. */
const TURNSTILE_FORM_FIELD = 'cf-turnstile-response';

/**
 * POST handler shared by the public intakes: JSON with an Idempotency-Key header (201 and the
 * receipt), or a plain form post from our own pages (303 to the one-time receipt page, or a
 * same form again with what to fix: app.onError). Both go through the same schema and service.
 */
export function intakeRoute<S extends z.ZodType>(r: IntakeRoute<S>) {
  /** The form as the JSON body; a form the reader cannot make sense of is bad input, not a crash. */
  function bodyOfForm(form: URLSearchParams): Record<string, unknown> {
    const own = new URLSearchParams(form);
    own.delete('idempotencyKey');
    own.delete(TURNSTILE_FORM_FIELD);
    let body: Record<string, unknown>;
    try {
      body = r.fromForm(own);
    } catch (cause) {
      if (cause instanceof ApiError) throw cause;
      throw invalid({}, t('api.form.unreadable'), cause);
    }
    const token = form.get(TURNSTILE_FORM_FIELD);
    if (token) body.turnstileToken = token;
    return body;
  }

  async function handle(c: Context<AppEnv>) {
    const posted = await readBody(c);
    // Before anything is checked or stored: with a key that cannot be used, nothing is taken.
    await requireReady(c.env);
    // A form post whose Origin did not vouch for it needs a key only our own page could have given.
    if (posted.form && !posted.sameOrigin && !(await isSignedFormKey(c.env, posted.form.get('idempotencyKey')))) throw crossOrigin();
    const key = checkIdempotencyKey(posted.form ? posted.form.get('idempotencyKey') : c.req.header('idempotency-key'));
    const body = validate(r.schema, posted.form ? bodyOfForm(posted.form) : posted.json);
    const receipt = await r.create(c.env, database(c.env.DB), body, key, clientIp(c));
    if (!posted.form) return c.json(receipt, 201);
    await setReceiptCookie(c, `${r.form}done/`, receipt);
    return c.redirect(`${r.form}done/`, 303);
  }

  return new Hono<AppEnv>().post('/', formPage({ path: r.form, form: r.formSelector }), limitBody(r.maxBody), handle);
}
