/**
 * Abuse of the public forms: too many submissions from one caller or for one phone number,
 * and form posts from elsewhere that hide their Origin. Replays of a submission already
 * stored are never refused for coming again.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import { ownCaller } from '../support/callers.ts';
import { count, expectError, key, newPhone, postJson } from './support/api.ts';
import { applyForm } from './support/forms.ts';

const submit = (body: unknown, headers: Record<string, string>, k = key()) =>
  postJson('/api/applications', body, { 'idempotency-key': k, ...headers });
const withPhone = (phone: string) => ({ ...application, applicant: { ...application.applicant, phone } });

describe('submissions per caller', () => {
  it('past 10 a minute from one address, 429 with Retry-After, nothing stored; a replay still gets its receipt', async () => {
    const caller = ownCaller();
    const first = key();
    const statuses: number[] = [];
    const before = await count('applications');
    // 21 distinct submissions: more than two windows' worth, whenever the minute turns.
    for (let i = 0; i < 21; i++) statuses.push((await submit(withPhone(newPhone()), caller, i === 0 ? first : key())).status);
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    expect(await count('applications')).toBe(before + statuses.filter((s) => s === 201).length);
    const last = await submit(withPhone(newPhone()), caller);
    if (last.status === 429) {
      const body = await expectError(last, 429, 'too_many_requests');
      expect(body.error.message).toContain('提交太频繁');
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The first one again (its answer was lost, say): its receipt, whatever the limit.
    const replay = await submit(withPhone(newPhone()), caller, first);
    expect([201, 409]).toContain(replay.status);
  });
});

describe('submissions per phone number', () => {
  it('past 5 a minute for one number, from any number of addresses, 429', async () => {
    const phone = newPhone();
    const callers = Array.from({ length: 11 }, ownCaller);
    const statuses: number[] = [];
    for (const caller of callers) statuses.push((await submit(withPhone(phone), caller)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    // Another number from the same addresses goes through.
    expect((await submit(withPhone(newPhone()), callers[1]!)).status).toBe(201);
  });

  it('does not count a number sent by an address already held back: one address cannot lock a family out', async () => {
    // Twice at most: the minute may turn while an address is being held back, and then it is not.
    for (let attempt = 0; attempt < 2; attempt++) {
      const caller = ownCaller();
      let held = false;
      for (let i = 0; i < 25 && !held; i++) held = (await submit(withPhone(newPhone()), caller)).status === 429;
      expect(held).toBe(true);
      const phone = newPhone();
      const sent: number[] = [];
      for (let i = 0; i < 6; i++) sent.push((await submit(withPhone(phone), caller)).status);
      if (sent.some((s) => s !== 429)) continue;
      // The family, from its own phone's address, is not refused for what that address sent.
      expect((await submit(withPhone(phone), ownCaller())).status).toBe(201);
      return;
    }
    expect.unreachable('the minute turned twice while an address was held back');
  });

  it("counts a named reporter's phone too; an anonymous report has none to count", async () => {
    const phone = newPhone();
    const named = { ...report, reporter: { role: 'teacher', name: '陈老师', phone, followUp: true } };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await postJson('/api/reports', named, { 'idempotency-key': key(), ...ownCaller() })).status);
    expect(statuses).toContain(429);
    expect((await postJson('/api/reports', report, { 'idempotency-key': key() })).status).toBe(201);
  });
});

describe('form posts without Origin', () => {
  const post = (fields: [string, string][], headers: Record<string, string> = {}) =>
    exports.default.fetch('http://portal.test/api/applications', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...ownCaller(), ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const withKey = (k: string) => applyForm().map(([n, v]): [string, string] => (n === 'idempotencyKey' ? [n, k] : [n, v]));
  const pageKey = async () => {
    const html = await (await exports.default.fetch('http://portal.test/apply/')).text();
    return /name="idempotencyKey"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"[^>]*name="idempotencyKey"/.exec(html)?.[1];
  };

  it('are taken with the signed key the form page gave', async () => {
    const k = await pageKey();
    expect(k).toMatch(/^F[A-Za-z0-9_-]{44}$/);
    const res = await post(withKey(k!));
    expect(res.status).toBe(303);
  });

  it('are refused (403, nothing stored) with a key the Worker did not sign, or a signed key altered', async () => {
    const before = await count('applications');
    const signed = (await pageKey())!;
    for (const k of [key(), `F${'A'.repeat(44)}`, `${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`]) {
      const res = await post(withKey(k));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('请从本网站的页面提交表单');
    }
    // Origin: null (a strict referrer policy) without Sec-Fetch-Site is treated the same.
    expect((await post(withKey(key()), { origin: 'null' })).status).toBe(403);
    expect(await count('applications')).toBe(before);
  });

  it('with our Origin, any well-formed key is taken (the page always sends it)', async () => {
    const res = await post(withKey(key()), { origin: 'http://portal.test' });
    expect(res.status).toBe(303);
  });
});

describe('HSTS', () => {
  it('is on API answers, on the pages the Worker completes, and on what the site serves', async () => {
    for (const path of ['/api/health', '/api/nope', '/apply/', '/volunteer/done/', '/no-such-page/'])
      expect((await exports.default.fetch(`http://portal.test${path}`)).headers.get('strict-transport-security'), path).toBe(
        'max-age=31536000; includeSubDomains',
      );
  });
});
