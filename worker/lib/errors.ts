import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HTTPException } from 'hono/http-exception';
import { t } from '#src/i18n/index.ts';

/**
 * The one error shape of every /api/* answer: {error:{code, message, fields}}.
 * `message` is plain Chinese for the person at the form; `fields` maps a field's path to
 * what to do about it.
 */
export interface ErrorBody {
  error: { code: string; message: string; fields: Record<string, string> };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, fields: this.fields } };
  }
}

/** How long an outage's 503 asks the caller to wait before trying again (Retry-After). */
export const RETRY_AFTER_SECONDS = 60;

/** A body sent as JSON that does not parse. */
export function malformedJson(cause?: unknown): ApiError {
  return new ApiError(400, 'malformed_json', t('api.malformedJson'), {}, { cause });
}

/** A path under /api/ that no route answers. */
export const noSuchEndpoint = (): ApiError => new ApiError(404, 'not_found', t('api.noEndpoint'));

/**
 * Hono's own refusals below 500 (none today; a middleware's 401 or 413 tomorrow): the one shape,
 * the status kept, never taken for bad JSON (the validator reports that itself, lib/validate.ts).
 */
export function fromHttpException(err: HTTPException): ApiError {
  if (err.status === 404) return noSuchEndpoint();
  return new ApiError(err.status, 'refused', t('api.refused'), {}, { cause: err });
}

/**
 * The operator's line for a failure nobody expected: the kind of error (and of its causes) and
 * the route's pattern. Never the message or the stack: a parser's message can quote the input,
 * and the input is a child's name, a phone number, an ID number.
 */
export function unhandledLogLine(err: unknown, method: string, routePath: string): string {
  const kinds: string[] = [];
  for (let e = err, depth = 0; e !== undefined && depth < 5; e = e instanceof Error ? e.cause : undefined, depth++) {
    kinds.push(kindOf(e));
  }
  return `unhandled error on ${method} ${routePath}: ${kinds.join(' ← ')}`;
}

/** An error's class name, if it looks like one (a name can be set from anywhere, so it is checked). */
function kindOf(e: unknown): string {
  const name = e instanceof Error ? e.name : typeof e;
  return /^[A-Za-z_$][\w$]{0,40}$/.test(name) ? name : 'Error';
}

// --- Outages: 503 with Retry-After, never a 500 -----------------------------------------------

/** The messages of an error and of its causes, for telling an outage from a bug. */
function messagesOf(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(String((e as { message?: unknown }).message ?? ''));
  }
  return out;
}

/** A schema older than the code: a migration has not been applied (wrangler d1 migrations apply). */
const MISSING_SCHEMA = /no such (table|column)|has no column named/i;
/** D1 (or SQLite under it) that cannot take the statement now: locked, read-only, overloaded, unreachable. */
const DB_DOWN =
  /SQLITE_BUSY|SQLITE_READONLY|database is locked|readonly database|read-only|overloaded|network connection lost|storage operation exceeded|was reset|too many requests queued|cannot resolve D1|D1 DB|timed? ?out/i;

/**
 * The 503 for an error that is an outage rather than a bug: the secrets (lib/keys.ts), a
 * database that is down, locked or read-only, or one whose migrations have not been applied.
 * Null for anything else, which stays a 500.
 */
export function outageOf(err: unknown): ApiError | null {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === 'KeyUnavailableError') return outage('keys_unavailable', 'err.outage.keys', err);
  }
  const messages = messagesOf(err);
  if (messages.some((m) => MISSING_SCHEMA.test(m))) return outage('migrations_pending', 'err.outage.db', err);
  if (messages.some((m) => DB_DOWN.test(m))) return outage('db_unavailable', 'err.outage.db', err);
  return null;
}

/** A 503 in the error shape, with Retry-After. */
export function outage(code: string, message: 'err.outage.keys' | 'err.outage.db', cause?: unknown): ApiError {
  return new ApiError(503, code, t(message), {}, { cause, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
}

// --- A stored value that does not open --------------------------------------------------------

/**
 * A stored value that does not open where it is (lib/crypto.ts SealBrokenError: altered, or
 * moved from another record or another field by someone with write access to the database):
 * refused with 409 in the error shape, never a 500 and never the value. `field` is the column
 * (`table.column`), for the operator's log line; null for anything else.
 */
export function brokenValueOf(err: unknown): { refusal: ApiError; field: string } | null {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === 'SealBrokenError') {
      const field = String((e as { field?: unknown }).field ?? '');
      return {
        refusal: new ApiError(409, 'record_unreadable', t('err.record.unreadable'), {}, { cause: err }),
        field: /^[a-z_]+\.[a-z_]+$/.test(field) ? field : 'unknown',
      };
    }
  }
  return null;
}
