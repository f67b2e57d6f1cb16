import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fixture from '../fixtures/api/application.json' with { type: 'json' };
import { applicationRequest } from '#src/schemas/requests.ts';
import { database } from '#worker/db/client.ts';
import { createApplication } from '#worker/services/applications.ts';
import { ApiError } from '#worker/lib/errors.ts';
import { count, key } from './support/api.ts';
import { gateway } from './support/sms-gateway.ts';

// Turnstile's siteverify is the one outside service: mocked here, never called for real.
const production = { ...env, TURNSTILE_SECRET: 'test-turnstile-secret' };
// No text message is asked for, so the only fetch is siteverify's.
const body = (token?: string) =>
  applicationRequest.parse({ ...fixture, notify: { sms: false }, ...(token ? { turnstileToken: token } : {}) });

function siteverify(success: boolean) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (gateway.owns(input)) return gateway.answer(input, init);
    expect(String(input)).toBe('https://challenges.cloudflare.com/turnstile/v0/siteverify');
    const form = init!.body as URLSearchParams;
    expect(form.get('secret')).toBe('test-turnstile-secret');
    return Response.json({ success });
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  gateway.install();
});

describe('Turnstile, when its secret is configured', () => {
  it('refuses a submission without a token, and stores nothing', async () => {
    const before = await count('applications');
    const err = await createApplication(production, database(env.DB), body(), key(), '203.0.113.9').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('turnstile_required');
    expect(await count('applications')).toBe(before);
  });

  it('refuses a token siteverify rejects', async () => {
    const spy = siteverify(false);
    const before = await count('applications');
    const err = await createApplication(production, database(env.DB), body('bad-token'), key(), '203.0.113.9').catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('turnstile_failed');
    expect(spy).toHaveBeenCalledOnce();
    expect(await count('applications')).toBe(before);
  });

  it('accepts a token siteverify confirms', async () => {
    siteverify(true);
    const receipt = await createApplication(production, database(env.DB), body('good-token'), key(), '203.0.113.9');
    expect(receipt.reference).toMatch(/^A-/);
  });

  it('is not asked again for a replay of a stored submission', async () => {
    const spy = siteverify(true);
    const k = key();
    await createApplication(production, database(env.DB), body('token-1'), k, '203.0.113.9');
    await createApplication(production, database(env.DB), body('token-2'), k, '203.0.113.9');
    expect(spy).toHaveBeenCalledOnce();
  });
});

describe('without a secret (local development)', () => {
  it('submissions pass unchallenged', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const receipt = await createApplication(env, database(env.DB), body(), key(), '203.0.113.9');
    expect(receipt.status).toBe('submitted');
    expect(spy).not.toHaveBeenCalled();
  });
});
