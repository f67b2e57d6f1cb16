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

/** Messages for zod's built-in checks, said the way a form would say them. */
export const plainChinese: core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '请填写这一项' : '这一项的格式不对，请按要求填写';
    case 'unrecognized_keys':
      return `有多余的内容（${issue.keys.join('、')}），请删除后再提交`;
    case 'too_big':
      if (issue.origin === 'string') return `内容太长了，请控制在 ${issue.maximum} 个字以内`;
      if (issue.origin === 'array') return `最多选择 ${issue.maximum} 项`;
      return `数字太大了，不能超过 ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '请填写这一项' : `内容太短了，至少要 ${issue.minimum} 个字`;
      if (issue.origin === 'array') return `请至少选择 ${issue.minimum} 项`;
      return `数字太小了，不能小于 ${issue.minimum}`;
    case 'invalid_value':
      return '请从给出的选项中选择';
    case 'invalid_format':
      return '格式不对，请检查后重新填写';
    default:
      return '这一项填写得不对，请检查';
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

export function invalid(fields: Record<string, string>, message = '提交的内容有误，请按提示修改后再提交。', cause?: unknown): ApiError {
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
  if (!isJsonPost(c)) throw new ApiError(415, 'unsupported_media_type', '请以 JSON 格式提交（Content-Type: application/json）。');
  await next();
};

/** Rejects bodies over `maxSize` bytes with 413, before anything is parsed or stored. */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `提交的内容太大了（上限 ${Math.round(maxSize / 1024)} KB），请精简后再提交。`);
    },
  });
}
