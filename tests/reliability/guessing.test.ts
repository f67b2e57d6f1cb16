import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_CODE_BITS, ALPHABET, ACCESS_CODE_LENGTH } from '#src/domain/reference-code.ts';
import { ownCaller } from '../support/callers.ts';
import { startServer, type DevServer } from '../support/server.ts';
import { PARAMS } from './params.ts';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { record } from './record.ts';

let server: DevServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('guessing an access code', () => {
  it(`${PARAMS.guesses} wrong codes against one reference are held to the rate limit`, async () => {
    const res = await fetch(`${server.url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(application),
    });
    const { reference, accessCode } = (await res.json()) as { reference: string; accessCode: string };
    const started = performance.now();
    const statuses = new Map<number, number>();
    let retryAfter = '';
    for (let i = 0; i < PARAMS.guesses; i++) {
      const code = Array.from({ length: ACCESS_CODE_LENGTH }, (_, k) => ALPHABET[(i * 7 + k * 13) % ALPHABET.length]).join('');
      // Spread over many caller addresses, as a botnet would: the per-reference limit still holds.
      const r = await fetch(`${server.url}/api/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ownCaller() },
        body: JSON.stringify({ reference, accessCode: code }),
      });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 429) retryAfter = r.headers.get('retry-after') ?? '';
      await r.arrayBuffer();
    }
    const seconds = (performance.now() - started) / 1000;
    const limited = statuses.get(429) ?? 0;
    const answered = statuses.get(404) ?? 0;
    // The right code, tried now, is held back too: the limit is per reference, not per wrong answer.
    const right = await fetch(`${server.url}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ownCaller() },
      body: JSON.stringify({ reference, accessCode }),
    });
    // STATUS_REF_LIMITER in wrangler.toml: the looser limit per reference, whoever asks.
    const perMinute = 30;
    const space = ALPHABET.length ** ACCESS_CODE_LENGTH;
    const years = space / 2 / perMinute / 60 / 24 / 365;
    record(
      'guessing',
      `${PARAMS.guesses} wrong access codes for one reference from as many caller addresses, as fast as the server answered`,
      {
        'answers 404 (checked)': answered,
        'answers 429 (held back)': limited,
        'Retry-After': `${retryAfter} s`,
        'the right code during the block': right.status,
        seconds: seconds.toFixed(1),
        'code space': `30^${ACCESS_CODE_LENGTH} ≈ ${space.toExponential(2)} (${ACCESS_CODE_BITS.toFixed(1)} bits)`,
        'expected time to guess at 5 tries/min/reference': `≈ ${years.toExponential(1)} years`,
      },
    );
    expect(answered).toBeLessThanOrEqual(perMinute * Math.ceil(seconds / 60 + 1));
    expect(limited).toBeGreaterThanOrEqual(PARAMS.guesses - perMinute * Math.ceil(seconds / 60 + 1));
    expect(right.status).toBe(429);
  });
});
