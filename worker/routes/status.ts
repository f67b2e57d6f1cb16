import { Hono, type Context } from 'hono';
import { statusRequest } from '../../src/schemas/requests.ts';
import { normalizeReference } from '../../src/domain/reference-code.ts';
import { statusLines, type StatusAnswer } from '../../src/domain/status-answer.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { clientIp, enforce } from '../lib/client.ts';
import type { ApiError } from '../lib/errors.ts';
import { formPage, readBody, type PostedBody } from '../lib/form-posts.ts';
import { completePage } from '../lib/pages.ts';
import { limitBody, validate } from '../lib/validate.ts';
import { lookupStatus, withdraw } from '../services/intake.ts';
import { materialsHtml } from '../../src/materials/html.ts';
import { materialsMessages } from '../../src/materials/messages.ts';

/** Reads {reference, accessCode} from JSON or a form, checks it, and applies the rate limits. */
async function readRequest(c: Context<AppEnv>, posted: PostedBody) {
  const raw = posted.form
    ? { reference: posted.form.get('reference') ?? undefined, accessCode: posted.form.get('accessCode') ?? undefined }
    : posted.json;
  const request = validate(statusRequest, raw, '请填写编号和查询码。');
  // Per caller and per reference, so one code cannot be guessed by many callers either.
  await Promise.all([
    enforce(c.env.STATUS_IP_LIMITER, `ip:${clientIp(c)}`),
    enforce(c.env.STATUS_REF_LIMITER, `ref:${normalizeReference(request.reference)}`),
  ]);
  return request;
}

/**
 * The /status/ page completed with the answer, for a lookup posted without JavaScript; with an
 * application's materials and their upload forms (which carry the reference and the code), and
 * a notice above them after an upload (what came in, or why a file was refused).
 */
export function answerPage(
  c: Context<AppEnv>,
  a: StatusAnswer,
  code: string,
  notice?: { error: boolean; text: string },
  status = 200,
): Promise<Response> {
  const lines = statusLines(a);
  const materials =
    a.kind === 'application'
      ? materialsHtml(a.materials, materialsMessages(), {
          target: { reference: a.reference, accessCode: code, idempotencyKey: () => crypto.randomUUID() },
          notice,
          level: 4,
        })
      : '';
  return completePage(
    c,
    '/status/',
    [
      { selector: '#status-result', show: true },
      { selector: '#status-result-reference', text: a.reference },
      { selector: '#status-result-label', text: a.statusLabel },
      { selector: '#status-result-next', text: a.nextStep },
      { selector: '#status-result-timeline', items: lines.timeline },
      { selector: '#status-result-contact', text: lines.contact },
      // The withdraw button works without JavaScript too: it posts the same reference and code.
      { selector: '#withdraw-form', show: a.canWithdraw },
      { selector: '#withdraw-form input[name="reference"]', attrs: { value: a.reference } },
      { selector: '#withdraw-form input[name="accessCode"]', attrs: { value: code } },
      { selector: '#status-materials', show: a.kind === 'application' },
      { selector: '#status-materials-list', html: materials },
    ],
    status,
  );
}

/** The /status/ page with the refusal, for a lookup posted without JavaScript. */
export function errorPage(c: Context<AppEnv>, error: ApiError): Promise<Response> {
  return completePage(
    c,
    '/status/',
    [
      { selector: '#status-error', show: true },
      { selector: '#status-error-message', text: error.message },
    ],
    error.status,
    error.headers,
  );
}

function respond(action: (c: Context<AppEnv>, ref: string, code: string) => Promise<StatusAnswer>) {
  return async (c: Context<AppEnv>) => {
    const posted = await readBody(c);
    const { reference, accessCode } = await readRequest(c, posted);
    const answer = await action(c, reference, accessCode);
    return posted.form ? answerPage(c, answer, accessCode) : c.json(answer);
  };
}

const statusPage = formPage({ path: '/status/', form: '#status-form', render: errorPage });

/** POST /api/status and POST /api/status/withdraw: see where a submission stands, or withdraw it. */
export const statusRoute = new Hono<AppEnv>()
  .post(
    '/',
    statusPage,
    limitBody(4 * 1024),
    respond((c, ref, code) => lookupStatus(c.env, database(c.env.DB), ref, code)),
  )
  .post(
    '/withdraw',
    statusPage,
    limitBody(4 * 1024),
    respond((c, ref, code) => withdraw(c.env, database(c.env.DB), ref, code)),
  );
