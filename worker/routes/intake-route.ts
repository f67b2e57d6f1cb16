import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { database, type Database } from '../db/client.ts';
import type { AppEnv, Env } from '../env.ts';
import { assertSameOrigin, clientIp } from '../lib/client.ts';
import { ApiError } from '../lib/errors.ts';
import { formErrorPage, isFormPost, readForm } from '../lib/form-posts.ts';
import { setReceiptCookie } from '../lib/pages.ts';
import { fieldsOf, invalid, limitBody, plainChinese } from '../lib/validate.ts';
import { checkIdempotencyKey, type Receipt } from '../services/intake.ts';

export interface IntakeRoute<S extends z.ZodType> {
  schema: S;
  /** The form's fields in the shape of the JSON body. */
  fromForm: (form: URLSearchParams) => Record<string, unknown>;
  create: (env: Env, db: Database, body: z.output<S>, idempotencyKey: string, ip: string) => Promise<Receipt>;
  /** The page that shows the receipt after a form post, and the form to go back to. */
  form: string;
  maxBody: number;
}

/**
 * POST handler shared by the public intakes: JSON with an Idempotency-Key header (201 and the
 * receipt), or a plain form post from our own pages (303 to the one-time receipt page, or a
 * page listing what to fix). Both go through the same schema and the same service.
 */
export function intakeRoute<S extends z.ZodType>(r: IntakeRoute<S>) {
  async function parse(raw: unknown): Promise<z.output<S>> {
    const parsed = await r.schema.safeParseAsync(raw, { error: plainChinese });
    if (!parsed.success) throw invalid(fieldsOf(parsed.error));
    return parsed.data;
  }

  async function handle(c: Context<AppEnv>) {
    const db = database(c.env.DB);
    const ip = clientIp(c);
    if (isFormPost(c)) {
      try {
        assertSameOrigin(c);
        const form = await readForm(c);
        const key = checkIdempotencyKey(form.get('idempotencyKey'));
        const body = await parse(r.fromForm(form));
        const receipt = await r.create(c.env, db, body, key, ip);
        await setReceiptCookie(c, `${r.form}done/`, receipt);
        return c.redirect(`${r.form}done/`, 303);
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) return formErrorPage(c, error, r.form);
        throw error;
      }
    }
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）或网页表单格式提交。');
    }
    const key = checkIdempotencyKey(c.req.header('idempotency-key'));
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new ApiError(400, 'malformed_json', '提交的内容不是有效的 JSON，请检查格式。');
    }
    const receipt = await r.create(c.env, db, await parse(json), key, ip);
    return c.json(receipt, 201);
  }

  return new Hono<AppEnv>().post('/', limitBody(r.maxBody), handle);
}

/** The checkbox groups of a form: the ticked ones true, the others false, none ticked = unanswered. */
export function tickedToFlags(ticked: string[] | undefined, all: readonly string[]): Record<string, boolean> | undefined {
  if (!ticked?.length) return undefined;
  return Object.fromEntries(all.map((k) => [k, ticked.includes(k)]));
}
