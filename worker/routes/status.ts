import { Hono, type Context } from 'hono';
import { statusNotifyRequest, statusRecoverRequest, statusRequest } from '#src/schemas/requests.ts';
import { normalizeReference } from '#src/domain/reference-code.ts';
import { statusLines, withdrawLabel, type StatusAnswer } from '#src/domain/status-answer.ts';
import { STATUS_WORDS } from '#src/status/words.ts';
import { t } from '#src/i18n/index.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { clientIp, enforce } from '../lib/client.ts';
import type { ApiError } from '../lib/errors.ts';
import { formPage, readBody, type PostedBody } from '../lib/form-posts.ts';
import { requireReady } from '../lib/keys.ts';
import { completePage } from '../lib/pages.ts';
import { limitBody, validate } from '../lib/validate.ts';
import { recoverAccessCode } from '../services/access-recovery.ts';
import { lookupStatus, setNotify, withdraw } from '../services/intake.ts';
import { phoneIndex } from '../services/sms/outbox.ts';
import { materialsHtml } from '#src/materials/html.ts';
import { materialsMessages } from '#src/materials/messages.ts';

/** Reads {reference, accessCode} (and the SMS choice) from JSON or a form, checks it, and applies the rate limits. */
async function readRequest(c: Context<AppEnv>, posted: PostedBody, withSms = false) {
  const form = posted.form;
  const raw = form
    ? {
        reference: form.get('reference') ?? undefined,
        accessCode: form.get('accessCode') ?? undefined,
        ...(withSms ? { sms: form.has('sms') ? form.get('sms') === 'true' : undefined } : {}),
      }
    : posted.json;
  const request = withSms
    ? validate(statusNotifyRequest, raw, t('api.status.lookup'))
    : { ...validate(statusRequest, raw, t('api.status.lookup')), sms: undefined };
  // Per caller; per reference and caller, so someone who knows a reference cannot lock its
  // owner out by trying codes; and per reference overall, looser, so many callers cannot guess
  // one code together either.
  const ip = clientIp(c);
  const ref = normalizeReference(request.reference);
  await Promise.all([
    enforce(c.env.STATUS_IP_LIMITER, `ip:${ip}`),
    enforce(c.env.STATUS_REF_CLIENT_LIMITER, `ref:${ref}:ip:${ip}`),
    enforce(c.env.STATUS_REF_LIMITER, `ref:${ref}`),
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
  const lines = statusLines(a, STATUS_WORDS);
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
      { selector: '#status-result-measures', show: lines.items.length > 0 },
      { selector: '#status-result-items', items: lines.items },
      { selector: '#status-result-due', show: lines.due !== null, text: lines.due ?? '' },
      { selector: '#status-result-appeal', show: Boolean(a.appeal) },
      { selector: '#status-result-contact', text: lines.contact },
      // The withdraw button works without JavaScript too: it posts the same reference and code.
      { selector: '#withdraw-form', show: a.canWithdraw },
      { selector: '#withdraw-form button', text: withdrawLabel(a, STATUS_WORDS) },
      { selector: '#withdraw-form input[name="reference"]', attrs: { value: a.reference } },
      { selector: '#withdraw-form input[name="accessCode"]', attrs: { value: code } },
      // The SMS choice, and the button that changes it (a plain form as well).
      { selector: '#status-result-notify', text: notifyLine(a) },
      { selector: '#notify-form', show: a.notify.canChange },
      { selector: '#notify-form input[name="reference"]', attrs: { value: a.reference } },
      { selector: '#notify-form input[name="accessCode"]', attrs: { value: code } },
      { selector: '#notify-form input[name="sms"]', attrs: { value: String(!a.notify.sms) } },
      { selector: '#notify-form button', text: a.notify.sms ? t('status.notify.stop') : t('status.notify.start') },
      { selector: '#status-materials', show: a.kind === 'application' },
      { selector: '#status-materials-list', html: materials },
    ],
    status,
  );
}

/** The sentence about text messages under the answer. */
function notifyLine(a: StatusAnswer): string {
  if (!a.notify.canChange) return t('status.notify.none');
  return a.notify.sms ? t('status.notify.on') : t('status.notify.off');
}

/**
 * The /status/ page with the refusal, for a lookup posted without JavaScript, the reference
 * and code typed kept in their boxes: a box to fill in gets its message at the box and in the
 * form's error summary (「请填写编号」); a lookup that found nothing, 「没有查到」 above the form.
 */
export function errorPage(c: Context<AppEnv>, error: ApiError): Promise<Response> {
  const values = c.get('posted') ?? new URLSearchParams();
  const perField = Object.keys(error.fields).some((k) => k !== '_');
  return completePage(
    c,
    '/status/',
    perField
      ? []
      : [
          { selector: '#status-error', show: true, attrs: { autofocus: '' } },
          { selector: '#status-error-message', text: error.message },
        ],
    error.status,
    error.headers,
    { form: '#status-form', values, ...(perField ? { errors: { message: error.message, fields: error.fields } } : {}) },
  );
}

function respond(
  action: (c: Context<AppEnv>, ref: string, code: string, sms: boolean | undefined) => Promise<StatusAnswer>,
  withSms = false,
) {
  return async (c: Context<AppEnv>) => {
    const posted = await readBody(c);
    await requireReady(c.env);
    const { reference, accessCode, sms } = await readRequest(c, posted, withSms);
    const answer = await action(c, reference, accessCode, sms);
    return posted.form ? answerPage(c, answer, accessCode) : c.json(answer);
  };
}

const statusPage = formPage({ path: '/status/', form: '#status-form', render: errorPage });

/** A refused 「忘记查询码」 form comes back to /status/ with the section open, filled in, and its errors. */
const recoverPage = formPage({
  path: '/status/',
  form: '#recover-form',
  render: (c, error) =>
    completePage(c, '/status/', [{ selector: '#recover', attrs: { open: '' } }], error.status, error.headers, {
      form: '#recover-form',
      values: c.get('posted') ?? new URLSearchParams(),
      errors: { message: error.message, fields: error.fields },
      idPrefix: 'recover-',
    }),
});

/** What 「忘记查询码」 answers, match or not. */
export const RECOVER_ANSWER = { accepted: true, message: t('status.recover.sent'), hint: t('status.recover.notReceived') };

/**
 * POST /api/status/recover: checks the shape and the rate limits (per reference and per phone,
 * match or not), answers 202 at once and does the work after the answer, so neither the
 * answer nor its timing says whether the reference and phone belong together.
 */
async function recover(c: Context<AppEnv>): Promise<Response> {
  const posted = await readBody(c);
  const form = posted.form;
  const raw = form ? { reference: form.get('reference') ?? undefined, phone: form.get('phone') ?? undefined } : posted.json;
  const { reference, phone } = validate(statusRecoverRequest, raw, t('api.status.recover'));
  await requireReady(c.env);
  await Promise.all([
    enforce(c.env.STATUS_IP_LIMITER, `ip:${clientIp(c)}`),
    enforce(c.env.RECOVER_REF_LIMITER, `ref:${normalizeReference(reference)}`),
    enforce(c.env.RECOVER_PHONE_LIMITER, `phone:${await phoneIndex(c.env, phone)}`),
  ]);
  c.executionCtx.waitUntil(
    recoverAccessCode(c.env, database(c.env.DB), reference, phone).catch((error: unknown) => {
      console.error(`status: recovering an access code failed (${error instanceof Error ? error.name : 'Error'})`);
    }),
  );
  if (!form) return c.json(RECOVER_ANSWER, 202);
  return completePage(
    c,
    '/status/',
    [
      { selector: '#recover', attrs: { open: '' } },
      { selector: '#recover-form', show: false },
      { selector: '#recover-done', show: true },
    ],
    202,
  );
}

/**
 * POST /api/status, /withdraw, /notify and /recover: see where a submission stands, withdraw it,
 * switch its text messages off or on, or get a new access code by SMS.
 */
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
  )
  .post(
    '/notify',
    statusPage,
    limitBody(4 * 1024),
    respond((c, ref, code, sms) => setNotify(c.env, database(c.env.DB), ref, code, sms!), true),
  )
  .post('/recover', recoverPage, limitBody(4 * 1024), recover);
