import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { fromHttpException, unhandledLogLine } from '#worker/lib/errors.ts';

describe('the log line of an unexpected failure', () => {
  // A parser's message can quote what was typed: a name with an apostrophe, a phone number
  // written with spaces, an ID number. None of it may reach the operator's log.
  const typed = ["O'Brien 王小明", '138 0013 8000', '110105201705100014'];
  const failure = new TypeError(`Cannot read properties of "${typed[0]}" (phone ${typed[1]}, id ${typed[2]})`, {
    cause: new SyntaxError(`Unexpected token in ${typed[2]}`),
  });

  it('names the kind of error, its cause and the route', () => {
    expect(unhandledLogLine(failure, 'POST', '/api/applications')).toBe(
      'unhandled error on POST /api/applications: TypeError ← SyntaxError',
    );
  });

  it('leaves out the message and the stack, whatever they quote', () => {
    const line = unhandledLogLine(failure, 'POST', '/api/applications');
    for (const text of [...typed, 'Brien', '0013', '8000', '1101052017', 'Cannot read', 'at ']) expect(line).not.toContain(text);
  });

  it('does not trust an error name that is not a class name', () => {
    const odd = Object.assign(new Error('x'), { name: '王小明 13800138000' });
    expect(unhandledLogLine(odd, 'GET', '/api/x')).toBe('unhandled error on GET /api/x: Error');
  });
});

describe("Hono's own refusals", () => {
  it('keep their status instead of being reported as bad JSON', () => {
    for (const status of [401, 413, 415] as const) {
      const e = fromHttpException(new HTTPException(status));
      expect(e.status).toBe(status);
      expect(e.code).not.toBe('malformed_json');
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(fromHttpException(new HTTPException(404)).code).toBe('not_found');
  });
});
