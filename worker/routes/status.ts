import { Hono, type Context } from 'hono';
import { statusRequest } from '../../src/schemas/requests.ts';
import { normalizeReference } from '../../src/domain/reference-code.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { assertSameOrigin, clientIp, enforce } from '../lib/client.ts';
import { ApiError } from '../lib/errors.ts';
import { isFormPost, readForm } from '../lib/form-posts.ts';
import { completePage } from '../lib/pages.ts';
import { fieldsOf, invalid, limitBody, plainChinese } from '../lib/validate.ts';
import { lookupStatus, withdraw, type StatusAnswer } from '../services/intake.ts';

/** Reads {reference, accessCode} from JSON or a form, checks it, and applies the rate limits. */
async function readRequest(c: Context<AppEnv>) {
  let raw: unknown;
  if (isFormPost(c)) {
    assertSameOrigin(c);
    const form = await readForm(c);
    raw = { reference: form.get('reference') ?? undefined, accessCode: form.get('accessCode') ?? undefined };
  } else if (/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, 'malformed_json', '提交的内容不是有效的 JSON，请检查格式。');
    }
  } else {
    throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）或网页表单格式提交。');
  }
  const parsed = await statusRequest.safeParseAsync(raw, { error: plainChinese });
  if (!parsed.success) throw invalid(fieldsOf(parsed.error), '请填写编号和查询码。');
  // Per caller and per reference, so one code cannot be guessed by many callers either.
  await Promise.all([
    enforce(c.env.STATUS_IP_LIMITER, `ip:${clientIp(c)}`),
    enforce(c.env.STATUS_REF_LIMITER, `ref:${normalizeReference(parsed.data.reference)}`),
  ]);
  return parsed.data;
}

/** The /status/ page completed with the answer, for a lookup posted without JavaScript. */
function statusPage(c: Context<AppEnv>, answer: StatusAnswer | null, error: ApiError | null, code = ''): Promise<Response> {
  if (error) {
    return completePage(c, '/status/', [
      { selector: '#status-error', show: true },
      { selector: '#status-error-message', text: error.message },
    ], error.status, error.headers);
  }
  const a = answer!;
  return completePage(c, '/status/', [
    { selector: '#status-result', show: true },
    { selector: '#status-result-reference', text: a.reference },
    { selector: '#status-result-label', text: a.statusLabel },
    { selector: '#status-result-next', text: a.nextStep },
    { selector: '#status-result-timeline', items: a.timeline.map((t) => `${t.at.slice(0, 10)} ${t.label}${t.note ? `：${t.note}` : ''}`) },
    { selector: '#status-result-contact', text: `${a.contact.hint}${a.contact.phone ? ` 电话：${a.contact.phone}` : ''}` },
    // The withdraw button works without JavaScript too: it posts the same reference and code.
    { selector: '#withdraw-form', show: a.canWithdraw },
    { selector: '#withdraw-form input[name="reference"]', attrs: { value: a.reference } },
    { selector: '#withdraw-form input[name="accessCode"]', attrs: { value: code } },
  ]);
}

function respond(action: (c: Context<AppEnv>, ref: string, code: string) => Promise<StatusAnswer>) {
  return async (c: Context<AppEnv>) => {
    const form = isFormPost(c);
    try {
      const { reference, accessCode } = await readRequest(c);
      const answer = await action(c, reference, accessCode);
      return form ? statusPage(c, answer, null, accessCode) : c.json(answer);
    } catch (error) {
      if (form && error instanceof ApiError && error.status < 500) return statusPage(c, null, error);
      throw error;
    }
  };
}

/** POST /api/status and POST /api/status/withdraw: see where a submission stands, or withdraw it. */
export const statusRoute = new Hono<AppEnv>()
  .post('/', limitBody(4 * 1024), respond((c, ref, code) => lookupStatus(c.env, database(c.env.DB), ref, code)))
  .post('/withdraw', limitBody(4 * 1024), respond((c, ref, code) => withdraw(c.env, database(c.env.DB), ref, code)));
