/**
 * Keys that cannot be used — missing, malformed, too short, too long, or not the ones the data
 * was written with — refuse every read and write of personal data with 503, store nothing,
 * and /api/health says so; the right keys afterwards still read everything.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { ownCaller } from '../support/callers.ts';
import { apply, count, expectError, fetchWith, key, newSecret, type ErrorBody } from './support/api.ts';
import { applyForm } from './support/forms.ts';
import { staffToken } from './support/staff.ts';

type Secrets = Partial<Pick<typeof env, 'DATA_KEY' | 'HMAC_KEY' | 'INDEX_KEY'>>;

interface Health {
  status: string;
  db: { ok: boolean; read: boolean; write: boolean; migration: string; expected: string };
  keys: { ok: boolean; secrets: Record<string, { ok: boolean; problem?: string }> };
}

const TABLES = ['applications', 'volunteers', 'reports', 'cases', 'case_index', 'status_events', 'sms_outbox'];
const rows = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(t)])));

const postApplication = (secrets: Secrets) =>
  fetchWith(secrets, '/api/applications', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key() },
    body: JSON.stringify(application),
  });

const BAD: [string, Secrets, string, string][] = [
  ['a missing DATA_KEY', { DATA_KEY: '' }, 'DATA_KEY', 'missing'],
  ['a DATA_KEY of 16 bytes', { DATA_KEY: newSecret(16) }, 'DATA_KEY', 'length'],
  // Once the first 32 bytes of a longer key were used silently; now it is refused.
  ['a DATA_KEY of 48 bytes', { DATA_KEY: newSecret(48) }, 'DATA_KEY', 'length'],
  ['a DATA_KEY that is not base64', { DATA_KEY: 'not-a-key!' }, 'DATA_KEY', 'malformed'],
  ['another DATA_KEY than the data was written with', { DATA_KEY: newSecret() }, 'DATA_KEY', 'mismatch'],
  ['another HMAC_KEY', { HMAC_KEY: newSecret() }, 'HMAC_KEY', 'mismatch'],
  ['a short HMAC_KEY', { HMAC_KEY: newSecret(31) }, 'HMAC_KEY', 'length'],
  ['two HMAC_KEYs', { HMAC_KEY: `${newSecret()},${newSecret()}` }, 'HMAC_KEY', 'malformed'],
  ['another INDEX_KEY', { INDEX_KEY: newSecret() }, 'INDEX_KEY', 'mismatch'],
  ['a missing INDEX_KEY', { INDEX_KEY: '' }, 'INDEX_KEY', 'missing'],
];

let county: string;
beforeAll(async () => {
  // The right keys are recorded at first use, with data written under them.
  expect((await exports.default.fetch('http://portal.test/api/health')).status).toBe(200);
  await apply();
  county = await staffToken('county', ['*']);
});

describe.each(BAD)('with %s', (_, secrets, name, problem) => {
  it('refuses a submission with 503 and Retry-After in the error shape, and stores nothing', async () => {
    const before = await rows();
    const res = await postApplication(secrets);
    const body = await expectError(res, 503, 'keys_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(body.error.message).toContain('没有保存');
    expect(await rows()).toEqual(before);
  });

  it('refuses staff reads with 503', async () => {
    const res = await fetchWith(secrets, '/api/staff/cases', { headers: { authorization: `Bearer ${county}` } });
    await expectError(res, 503, 'keys_unavailable');
  });

  it(`reports ${name} ${problem} on /api/health with 503`, async () => {
    const res = await fetchWith(secrets, '/api/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).not.toBeNull();
    const health = await res.json<Health>();
    expect(health.status).toBe('degraded');
    expect(health.keys.ok).toBe(false);
    expect(health.keys.secrets[name]).toEqual({ ok: false, problem, ...(problem === 'mismatch' ? { keys: 1 } : {}) });
    expect(health.db).toMatchObject({ ok: true, read: true, write: true });
  });
});

describe('a form posted without JavaScript while a key cannot be used', () => {
  it('gets its form page back with 503, the error summary saying nothing was saved', async () => {
    const before = await rows();
    const res = await fetchWith({ DATA_KEY: newSecret() }, '/api/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://portal.test' },
      body: new URLSearchParams(applyForm()).toString(),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('retry-after')).not.toBeNull();
    const html = await res.text();
    expect(html).toMatch(/<title>错误：/);
    expect(html).toMatch(/<ul><li>[^<]*没有保存/);
    // With the built site (npm test builds it first), what was typed is back in the form.
    if (html.includes('id="applicant-name"')) expect(html).toMatch(/name="applicant.name"[^>]*value="王秀兰"/);
    expect(await rows()).toEqual(before);
  });

  it('the form page itself says so before anyone types', async () => {
    const res = await fetchWith({ HMAC_KEY: '' }, '/volunteer/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('没有保存');
  });
});

describe('the right keys again', () => {
  it('read what was stored before, and take submissions again', async () => {
    const { reference } = await apply();
    await postApplication({ DATA_KEY: newSecret() });
    const read = await exports.default.fetch(`http://portal.test/api/staff/applications/${reference}`, {
      headers: { authorization: `Bearer ${county}` },
    });
    expect(read.status).toBe(200);
    expect((await read.json<{ personal: { applicant: { name: string } } }>()).personal.applicant.name).toBe(application.applicant.name);
    const res = await exports.default.fetch('http://portal.test/api/volunteers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key(), ...ownCaller() },
      body: JSON.stringify(volunteer),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await exports.default.fetch('http://portal.test/api/health')).status).toBe(200);
  });

  it('the eligibility checker, which stores nothing, works whatever the keys', async () => {
    const res = await fetchWith({ DATA_KEY: '' }, '/api/eligibility', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: {} }),
    });
    expect(res.status).toBe(200);
    const body = await res.json<ErrorBody | { results: unknown[] }>();
    expect('results' in body).toBe(true);
  });
});
