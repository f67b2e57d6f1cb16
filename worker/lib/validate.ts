/**
 * The one validation wrapper of the API: zValidator with plain-Chinese messages, turning any
 * failure into ApiError(400) with {fields: {path: message}}. Handlers read only c.req.valid().
 */
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { ValidationTargets } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { core } from 'zod';
import { ApiError } from './errors.ts';
import { isJsonPost, readJson } from './form-posts.ts';
import { t } from '#src/i18n/index.ts';

/** Messages for zod's built-in checks, said the way a form would say them. */
export const plainChinese: core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? t('api.field.required') : t('api.field.type');
    case 'unrecognized_keys':
      return t('api.field.unrecognized', { keys: issue.keys.join('、') });
    case 'too_big':
      if (issue.origin === 'string') return t('api.field.tooLong', { max: String(issue.maximum) });
      if (issue.origin === 'array') return t('api.field.tooMany', { max: String(issue.maximum) });
      return t('api.field.tooBig', { max: String(issue.maximum) });
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? t('api.field.required') : t('api.field.tooShort', { min: String(issue.minimum) });
      if (issue.origin === 'array') return t('api.field.tooFew', { min: String(issue.minimum) });
      return t('api.field.tooSmall', { min: String(issue.minimum) });
    case 'invalid_value':
      return t('api.field.choice');
    case 'invalid_format':
      return t('api.field.format');
    default:
      return t('api.field.other');
  }
};

/** {"child.birthDate": "这个日期不存在……"}: one message per field, the first one found. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k].join('.')) : [issue.path.join('.') || '_'];
    for (const p of paths) fields[p] ??= issue.message;
  }
  return fields;
}

export function invalid(fields: Record<string, string>, message = t('api.invalid'), cause?: unknown): ApiError {
  return new ApiError(400, 'invalid', message, fields, { cause });
}

/** The one place a request is checked against its schema, with plain-Chinese messages. */
function parse<T extends z.ZodType>(schema: T, value: unknown) {
  return schema.safeParse(value, { error: plainChinese });
}

/** `value` checked against `schema`: its output, or ApiError(400) naming each field to fix. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, message?: string): z.output<T> {
  const parsed = parse(schema, value);
  if (!parsed.success) throw invalid(fieldsOf(parsed.error), message);
  return parsed.data;
}

export function zv<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const validator = zValidator(
    target,
    schema,
    (result) => {
      if (!result.success) throw invalid(fieldsOf(result.error as unknown as z.ZodError));
    },
    { validationFunction: (s, value) => parse(s as z.ZodType, value) as never },
  );
  // Read a JSON body first, so malformed JSON gets our malformed_json (the body is kept for the validator).
  const wrapped: typeof validator = async (c, next) => {
    if (target === 'json' && isJsonPost(c)) await readJson(c);
    return validator(c, next);
  };
  return wrapped;
}

/** JSON writes only with Content-Type: application/json (415 otherwise). */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (!isJsonPost(c)) throw new ApiError(415, 'unsupported_media_type', t('api.jsonOnly'));
  await next();
};

/** Rejects bodies over `maxSize` bytes with 413, before anything is parsed or stored. */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', t('api.tooLarge', { kb: Math.round(maxSize / 1024) }));
    },
  });
}
