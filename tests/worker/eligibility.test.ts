import { RULE_SETTINGS } from '#src/config/rule-settings.ts';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { evaluate } from '#src/eligibility/engine.ts';
import { RULES } from '#src/eligibility/rules/index.ts';
import fixture from '../fixtures/api/eligibility.json' with { type: 'json' };
import { HOUSEHOLDS, TODAY } from '../fixtures/eligibility-scenarios.ts';
import { expectError, postForm } from './support/api.ts';

const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  exports.default.fetch('http://portal.test/api/eligibility', { method: 'POST', body, headers });

describe('POST /api/eligibility', () => {
  it('answers the documented fixture with the same result as the engine in the browser', async () => {
    const res = await post(JSON.stringify(fixture));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(evaluate(RULES, fixture.answers as never, fixture.today, RULE_SETTINGS));
  });

  it.each(Object.entries(HOUSEHOLDS))("gives the browser's result for the %s household", async (_, answers) => {
    const res = await post(JSON.stringify({ answers, today: TODAY }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(evaluate(RULES, answers, TODAY, RULE_SETTINGS));
  });

  it('uses today in China when no date is given', async () => {
    const res = await post(JSON.stringify({ answers: {} }));
    const body = await res.json<{ today: string }>();
    expect(body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  describe('bad input gets a 4xx in the error shape, never a 500', () => {
    it('an empty body', async () => {
      await expectError(await post(''), 400, 'malformed_json');
    });

    it('malformed JSON', async () => {
      await expectError(await post('{"answers": {'), 400, 'malformed_json');
    });

    it('the wrong content type', async () => {
      await expectError(await post(JSON.stringify(fixture), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
      await expectError(await post('<answers/>', { 'content-type': 'application/xml' }), 415, 'unsupported_media_type');
    });

    it('wrong types, with the field named', async () => {
      const body = await expectError(await post(JSON.stringify({ answers: { child: { age: '十岁' } } })), 400, 'invalid');
      expect(Object.keys(body.error.fields)).toEqual(['answers.child.age']);
      expect(body.error.fields['answers.child.age']).toMatch(/数字/);
    });

    it('unknown keys, each named', async () => {
      const body = await expectError(
        await post(JSON.stringify({ answers: { child: { name: '小明', age: 8 } }, extra: 1 })),
        400,
        'invalid',
      );
      expect(Object.keys(body.error.fields).sort()).toEqual(['answers.child.name', 'extra']);
    });

    it('impossible dates', async () => {
      const body = await expectError(await post(JSON.stringify({ answers: { child: { birthDate: '2016-02-30' } } })), 400, 'invalid');
      expect(body.error.fields['answers.child.birthDate']).toBe('这个日期不存在，请检查年、月、日');
      await expectError(await post(JSON.stringify({ answers: {}, today: '2026-13-01' })), 400, 'invalid');
    });

    it('a missing answers object and a body that is not an object', async () => {
      const body = await expectError(await post(JSON.stringify({})), 400, 'invalid');
      expect(body.error.fields.answers).toBe('请提交回答（一个 JSON 对象）');
      await expectError(await post('[]'), 400, 'invalid');
      await expectError(await post('null'), 400, 'invalid');
    });

    it('a body over the size limit', async () => {
      const huge = JSON.stringify({ answers: { household: { township: 'x'.repeat(20_000) } } });
      await expectError(await post(huge), 413, 'payload_too_large');
    });

    it('the wrong method', async () => {
      const res = await exports.default.fetch('http://portal.test/api/eligibility');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });
});

describe('the checker posted without JavaScript', () => {
  const grandmother: [string, string][] = [
    ['child.birthYear', '2017'],
    ['child.birthMonth', '5'],
    ['child.birthDay', '10'],
    ['child.age', ''],
    ['child.hukou', 'local'],
    ['child.care', 'relatives'],
    ['child.schoolStage', 'primary'],
    ['child.disabled', 'false'],
    ['child.seriouslyIll', 'false'],
    ['father', 'workingAway'],
    ['mother', 'workingAway'],
    ['household.assistance', 'minimumLivingAllowance'],
    ['household.suddenHardship', ''],
    ['household.unemployedAdult', ''],
    ['household.area', 'countryside'],
    ['household.place', 'dongshan/'],
    ['situations', 'none'],
  ];

  it('answers with the /check/ page showing the results, the same rules as the browser', async () => {
    const res = await postForm('/api/eligibility', grandmother);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const eligible = html.slice(html.indexOf('result-group eligible'), html.indexOf('result-group maybe'));
    expect(eligible).toContain('营养午餐补助');
    expect(eligible).toContain('代理妈妈');
    expect(html).toMatch(/<input type="checkbox" name="e" value="nutrition-lunch"[^>]*checked/);
  });

  it('answers an impossible date with a page that says what to fix', async () => {
    const res = await postForm('/api/eligibility', [
      ['child.birthYear', '2015'],
      ['child.birthMonth', '2'],
      ['child.birthDay', '30'],
    ]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('这个日期不存在');
  });

  it('refuses a post from another site', async () => {
    const res = await postForm('/api/eligibility', grandmother, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('ticks the chosen entitlements on /apply/?e=…, for people without JavaScript', async () => {
    const res = await exports.default.fetch('http://portal.test/apply/?e=nutrition-lunch&e=caring-mother-pairing&e=%22%5D%2C*');
    const html = await res.text();
    expect(html).toMatch(/value="nutrition-lunch"[^>]*checked/);
    expect(html).toMatch(/value="caring-mother-pairing"[^>]*checked/);
    expect(html).not.toMatch(/value="orphan-basic-living"[^>]*checked/);
  });

  it('carries the answers on to /apply/ without JavaScript: the results page holds them, and /apply/ comes back filled in', async () => {
    const results = await (await postForm('/api/eligibility', grandmother)).text();
    // The results form carries the answers under the application form's own field names.
    expect(results).toMatch(/<input type="hidden" name="answers.child.care" value="relatives">/);
    expect(results).toMatch(/<input type="hidden" name="child.birthYear" value="2017">/);
    const res = await postForm('/apply/', [
      ['e', 'nutrition-lunch'],
      ['answers.child.care', 'relatives'],
      ['answers.household.assistance', 'minimumLivingAllowance'],
      ['child.birthYear', '2017'],
      ['child.birthMonth', '5'],
      ['child.birthDay', '10'],
    ]);
    const html = await res.text();
    expect(html).toMatch(/name="answers.child.care" value="relatives"[^>]*checked/);
    expect(html).toMatch(/name="answers.household.assistance" value="minimumLivingAllowance"[^>]*checked/);
    expect(html).toMatch(/name="child.birthYear"[^>]*value="2017"/);
    expect(html).toMatch(/id="from-check"(?![^>]*hidden)/);
  });

  it('ticks the entitlements the checker posts to /apply/ (never in the address), and refuses posts from elsewhere', async () => {
    const res = await postForm('/apply/', [
      ['e', 'nutrition-lunch'],
      ['e', 'caring-mother-pairing'],
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/value="nutrition-lunch"[^>]*checked/);
    expect(html).toMatch(/value="caring-mother-pairing"[^>]*checked/);
    expect(html).not.toMatch(/value="orphan-basic-living"[^>]*checked/);
    expect(html).toMatch(/name="idempotencyKey"[^>]*value="F[A-Za-z0-9_-]{44}"/);

    const elsewhere = await postForm('/apply/', [['e', 'nutrition-lunch']], { origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('href="/check/"');
    const json = await exports.default.fetch('http://portal.test/apply/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"e":["nutrition-lunch"]}',
    });
    expect(json.status).toBe(415);
  });
});
