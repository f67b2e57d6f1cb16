/**
 * POST /api/applications/:reference/files: the family attaches photos or PDFs to one item of
 * the application's checklist, with the access code — from the upload script (JSON answer) or
 * from a plain multipart form without JavaScript (the /status/ page answer, with what came in;
 * a refusal comes back the same way, through app.onError).
 */
import { Hono, type Context } from 'hono';
import { normalizeReference } from '#src/domain/reference-code.ts';
import { FILE_LIMITS, materialInfo, sizeText } from '#src/domain/materials.ts';
import { t } from '#src/i18n/index.ts';
import { fileUploadFields } from '#src/schemas/requests.ts';
import { database } from '../db/client.ts';
import type { AppEnv } from '../env.ts';
import { assertSameOrigin, clientIp, enforce } from '../lib/client.ts';
import { ApiError } from '../lib/errors.ts';
import { formPage, isMultipartPage } from '../lib/form-posts.ts';
import { bodyLimit } from 'hono/body-limit';
import { invalid, validate } from '../lib/validate.ts';
import { attachFiles } from '../services/materials.ts';
import { checkIdempotencyKey, lookupStatus } from '../services/intake.ts';
import { answerPage, errorPage } from './status.ts';

/** The fields a form may carry besides the files. */
const FIELDS = new Set(['accessCode', 'item', 'idempotencyKey', 'file']);

/** The files of one request, and the form's own bytes; past it, what to do instead of 「too large」. */
const requestLimit = bodyLimit({
  maxSize: FILE_LIMITS.requestBytes + 64 * 1024,
  // The body is refused before it is read, so the files cannot be named: the limits say what to do with each.
  onError: () => {
    const message = t('files.err.requestTooLarge', {
      request: sizeText(FILE_LIMITS.requestBytes),
      file: sizeText(FILE_LIMITS.fileBytes),
      total: sizeText(FILE_LIMITS.applicationBytes),
    });
    throw new ApiError(413, 'payload_too_large', message, { file: message });
  },
});

async function readUpload(c: Context<AppEnv>) {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? ''))
    throw new ApiError(415, 'unsupported_media_type', t('files.err.multipart'));
  assertSameOrigin(c);
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (cause) {
    throw invalid({ file: t('files.err.none') }, undefined, cause);
  }
  const text = new URLSearchParams();
  for (const [name, value] of form) if (typeof value === 'string' && name !== 'file') text.append(name, value);
  // Kept for the page a refusal comes back to (it needs the code to show the application).
  c.set('posted', text);
  const stray = [...new Set(form.keys())].filter((name) => !FIELDS.has(name));
  if (stray.length) throw invalid(Object.fromEntries(stray.map((name) => [name, t('err.form.stray')])));
  const fields = validate(fileUploadFields, Object.fromEntries(text));
  const header = c.req.header('idempotency-key') ?? fields.idempotencyKey;
  return {
    ...fields,
    idempotencyKey: header ? checkIdempotencyKey(header) : null,
    files: form.getAll('file').filter((v): v is File => typeof v !== 'string'),
  };
}

/**
 * Where a refused upload without JavaScript comes back: the application's status page, with
 * what to do above its materials; the plain status page when the code is wrong or never came.
 */
async function refusedPage(c: Context<AppEnv>, error: ApiError): Promise<Response> {
  const code = c.get('posted')?.get('accessCode');
  if (!code || error.code === 'not_found' || error.code === 'too_many_requests') return errorPage(c, error);
  try {
    const answer = await lookupStatus(c.env, database(c.env.DB), c.req.param('reference') ?? '', code);
    return answerPage(c, answer, code, { error: true, text: error.message }, error.status);
  } catch {
    return errorPage(c, error);
  }
}

export const filesRoute = new Hono<AppEnv>().post(
  '/:reference/files',
  formPage({ path: '/status/', form: '#status-form', render: refusedPage }),
  requestLimit,
  async (c) => {
    const reference = c.req.param('reference');
    // Per caller and per reference, like the status lookup: the code cannot be guessed here either.
    await Promise.all([
      enforce(c.env.FILES_LIMITER, `ip:${clientIp(c)}`, 'err.rate.upload'),
      enforce(c.env.FILES_LIMITER, `ref:${normalizeReference(reference)}`, 'err.rate.upload'),
    ]);
    const upload = await readUpload(c);
    const db = database(c.env.DB);
    const stored = await attachFiles(c.env, db, { ...upload, reference });
    if (!isMultipartPage(c)) return c.json({ files: stored }, 201);
    const answer = await lookupStatus(c.env, db, reference, upload.accessCode);
    const text = t('materials.done', { title: materialInfo(upload.item).title, n: stored.length });
    return answerPage(c, answer, upload.accessCode, { error: false, text });
  },
);
