import { Hono, type Context } from 'hono';
import { applicationRequest } from '../../src/schemas/requests.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { assertSameOrigin, clientIp } from '../lib/client.ts';
import { ApiError } from '../lib/errors.ts';
import { dateFromParts, formToObject } from '../lib/forms.ts';
import { formErrorPage, isFormPost, readForm } from '../lib/form-posts.ts';
import { setReceiptCookie } from '../lib/pages.ts';
import { fieldsOf, invalid, limitBody, plainChinese } from '../lib/validate.ts';
import { createApplication } from '../services/applications.ts';
import { checkIdempotencyKey } from '../services/intake.ts';

const MAX_BODY = 32 * 1024;

/** The /apply/ form's fields, in the shape of the JSON API. */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const body = formToObject(form, {
    arrays: ['entitlements', 'answers.situations'],
    booleans: ['answers.child.disabled', 'answers.child.seriouslyIll', 'answers.household.suddenHardship', 'answers.household.unemployedAdult'],
    skip: ['idempotencyKey', 'cf-turnstile-response', 'child.birthYear', 'child.birthMonth', 'child.birthDay', 'address.place', 'consent.agreed'],
  });
  const child = (body.child ??= {}) as Record<string, unknown>;
  child.birthDate ??= dateFromParts(form.get('child.birthYear') ?? '', form.get('child.birthMonth') ?? '', form.get('child.birthDay') ?? '');
  const [township, village] = (form.get('address.place') ?? '').split('/');
  const address = (body.address ??= {}) as Record<string, unknown>;
  if (township) address.township = township;
  if (village) address.village = village;
  const consent = (body.consent ??= {}) as Record<string, unknown>;
  consent.agreed = form.get('consent.agreed') === 'yes';
  // The checker's 「孩子遇到的情况」 checkboxes: ticked ones true, the others false, none ticked = unanswered.
  const answers = body.answers as Record<string, unknown> | undefined;
  const ticked = answers?.situations as string[] | undefined;
  if (answers) {
    if (ticked?.length) answers.situations = Object.fromEntries(['streetBegging', 'abuse', 'trafficked', 'offending', 'crimeVictim'].map((k) => [k, ticked.includes(k)]));
    else delete answers.situations;
  }
  const token = form.get('cf-turnstile-response');
  if (token) body.turnstileToken = token;
  return body;
}

async function handle(c: Context<AppEnv>) {
  const db = database(c.env.DB);
  const ip = clientIp(c);
  if (isFormPost(c)) {
    try {
      assertSameOrigin(c);
      const form = await readForm(c);
      const key = checkIdempotencyKey(form.get('idempotencyKey'));
      const parsed = await applicationRequest.safeParseAsync(fromForm(form), { error: plainChinese });
      if (!parsed.success) throw invalid(fieldsOf(parsed.error));
      const receipt = await createApplication(c.env, db, parsed.data, key, ip);
      await setReceiptCookie(c, '/apply/done/', receipt);
      return c.redirect('/apply/done/', 303);
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) return formErrorPage(c, error, '/apply/');
      throw error;
    }
  }
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）或网页表单格式提交。');
  }
  const key = checkIdempotencyKey(c.req.header('idempotency-key'));
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ApiError(400, 'malformed_json', '提交的内容不是有效的 JSON，请检查格式。');
  }
  const parsed = await applicationRequest.safeParseAsync(json, { error: plainChinese });
  if (!parsed.success) throw invalid(fieldsOf(parsed.error));
  const receipt = await createApplication(c.env, db, parsed.data, key, ip);
  return c.json(receipt, 201);
}

/** POST /api/applications: JSON from scripts and the JS form, or a plain form post. */
export const applicationsRoute = new Hono<AppEnv>().post('/', limitBody(MAX_BODY), handle);
