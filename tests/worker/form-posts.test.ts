/**
 * Plain form posts (no JavaScript) that the form reader could trip over, and the Turnstile
 * token a form carries: each is answered with a page, never a crash, and stores nothing.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import worker from '#worker/index.ts';
import { ownCaller } from '../support/callers.ts';
import { count, expectError, key, postForm, postJson } from './support/api.ts';
import { applyForm, reportForm, volunteerForm } from './support/forms.ts';
import { gateway } from './support/sms-gateway.ts';

describe('a form with a field named like a group of fields', () => {
  it.each([
    ['/api/reports', 'reporter', 'reports', reportForm],
    ['/api/applications', 'child', 'applications', applyForm],
    ['/api/applications', 'consent', 'applications', applyForm],
    ['/api/volunteers', 'consent', 'volunteers', volunteerForm],
  ] as const)('%s with %s=x gets the page listing what to fix, and stores nothing', async (path, group, table, form) => {
    // The same form is accepted without the stray field.
    expect((await postForm(path, form())).status).toBe(303);
    const before = await count(table);
    // After the group's own fields, the stray value takes the group's place.
    const res = await postForm(path, [...form(), [group, 'x']]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('请');
    expect(await count(table)).toBe(before);
  });

  it('sent as JSON, the same stray value gets 400 in the error shape, naming the field', async () => {
    const before = await count('applications');
    const body = await expectError(
      await postJson('/api/applications', { ...application, child: 'x' }, { 'idempotency-key': key() }),
      400,
      'invalid',
    );
    expect(Object.keys(body.error.fields)).toContain('child');
    expect(await count('applications')).toBe(before);
  });
});

describe('what an endpoint that takes forms says to other content types', () => {
  it('says JSON or a web form, not JSON only', async () => {
    for (const path of ['/api/eligibility', '/api/applications', '/api/status']) {
      const body = await expectError(
        await postJson(path, 'x', { 'content-type': 'text/plain', 'idempotency-key': key() }),
        415,
        'unsupported_media_type',
      );
      expect(body.error.message, path).toContain('表单');
    }
  });
});

describe('Turnstile on a plain form post', () => {
  const production = { ...env, TURNSTILE_SECRET: 'test-turnstile-secret' };
  afterEach(() => {
    vi.restoreAllMocks();
    gateway.install();
  });

  async function post(fields: [string, string][]): Promise<Response> {
    const request = new Request('http://portal.test/api/reports', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://portal.test', ...ownCaller() },
      body: new URLSearchParams(fields).toString(),
    });
    const ctx = createExecutionContext();
    const res = await worker.fetch(request, production, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("sends the widget's token to siteverify, and stores the report when it passes", async () => {
    const spy = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async (input, init) => (gateway.owns(input) ? gateway.answer(input, init) : Response.json({ success: true })));
    const before = await count('reports');
    const res = await post([...reportForm(), ['cf-turnstile-response', 'token-from-the-widget']]);
    expect(res.status).toBe(303);
    expect(spy).toHaveBeenCalledOnce();
    expect((spy.mock.calls[0]![1]!.body as URLSearchParams).get('response')).toBe('token-from-the-widget');
    expect(await count('reports')).toBe(before + 1);
  });

  it('without the token, answers with the page asking to complete the check, and stores nothing', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const before = await count('reports');
    const res = await post(reportForm());
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('人机验证');
    expect(spy).not.toHaveBeenCalled();
    expect(await count('reports')).toBe(before);
  });
});
