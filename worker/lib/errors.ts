import type { ContentfulStatusCode } from 'hono/utils/http-status';

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
