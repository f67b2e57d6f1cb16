import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HTTPException } from 'hono/http-exception';

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

/** A body sent as JSON that does not parse. */
export function malformedJson(cause?: unknown): ApiError {
  return new ApiError(400, 'malformed_json', '提交的内容不是有效的 JSON，请检查格式。', {}, { cause });
}

/** A path under /api/ that no route answers. */
export const noSuchEndpoint = (): ApiError => new ApiError(404, 'not_found', '没有这个接口，请检查地址。');

/**
 * Hono's own refusals below 500 (none today; a middleware's 401 or 413 tomorrow): the one shape,
 * the status kept, never taken for bad JSON (the validator reports that itself, lib/validate.ts).
 */
export function fromHttpException(err: HTTPException): ApiError {
  if (err.status === 404) return noSuchEndpoint();
  return new ApiError(err.status, 'refused', '这个请求没有被接受，请检查后再提交。', {}, { cause: err });
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
