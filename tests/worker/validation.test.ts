/**
 * Input that once got through: birth dates centuries off, a township the county does not
 * have, bytes that are not UTF-8 (stored as U+FFFD), and names of rare characters counted
 * twice. Each is refused with 400 and stores nothing — or, for the rare characters, taken
 * whole.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import eligibility from '../fixtures/api/eligibility.json' with { type: 'json' };
import { addMonths, birthdayAt, earliestBirthDate, todayInChina } from '#src/eligibility/age.ts';
import { ownCaller } from '../support/callers.ts';
import { count, expectError, key, postForm, postJson, type Receipt } from './support/api.ts';
import { applyForm } from './support/forms.ts';
import { staffFetch, staffToken } from './support/staff.ts';

const withBirth = (birthDate: string) => ({ ...application, child: { name: '李小红', birthDate } });
const today = todayInChina();

describe('birth dates', () => {
  it.each(['1800-01-01', '2999-01-01', addMonths(earliestBirthDate(today), -1)])(
    '%s is refused on an application, storing nothing',
    async (d) => {
      const before = await count('applications');
      const body = await expectError(await postJson('/api/applications', withBirth(d), { 'idempotency-key': key() }), 400, 'invalid');
      expect(body.error.fields['child.birthDate']).toMatch(/出生日期/);
      expect(await count('applications')).toBe(before);
    },
  );

  it(`is taken up to ${25} years back, to the day`, async () => {
    const res = await postJson('/api/applications', withBirth(earliestBirthDate(today)), { 'idempotency-key': key() });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(birthdayAt(earliestBirthDate(today), 25)).toBe(today);
  });

  it('is refused in the checker, with and without JavaScript, and when staff open a file', async () => {
    const json = await postJson('/api/eligibility', { answers: { child: { birthDate: '1800-01-01' } } });
    expect((await expectError(json, 400, 'invalid')).error.fields['answers.child.birthDate']).toMatch(/年前/);
    const form = await postForm('/api/eligibility', [
      ['child.birthYear', '1800'],
      ['child.birthMonth', '1'],
      ['child.birthDay', '1'],
    ]);
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('年前');
    const token = await staffToken('county', ['*']);
    const before = await count('cases');
    const res = await staffFetch(token, '/cases', {
      body: { child: { name: '张小华', birthDate: '2999-01-01' }, township: 'dongshan', village: '松林村' },
    });
    expect((await expectError(res, 400, 'invalid')).error.fields['child.birthDate']).toBeDefined();
    expect(await count('cases')).toBe(before);
  });

  it('is refused on the application form posted without JavaScript', async () => {
    const fields = applyForm().map(([k, v]): [string, string] => (k === 'child.birthYear' ? [k, '1015'] : [k, v]));
    const res = await postForm('/api/applications', fields);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('年前');
  });
});

describe('the township', () => {
  it("is checked against the county in the checker's answers", async () => {
    const answers = { ...eligibility.answers, household: { ...eligibility.answers.household, township: 'nowhere' } };
    const body = await expectError(await postJson('/api/eligibility', { answers }), 400, 'invalid');
    expect(body.error.fields['answers.household.township']).toBe('请从列表中选择乡镇（街道）');
  });

  it("is checked in an application's checker answers, storing nothing", async () => {
    const before = await count('applications');
    const res = await postJson(
      '/api/applications',
      { ...application, answers: { ...application.answers, household: { ...application.answers.household, township: 'nowhere' } } },
      { 'idempotency-key': key() },
    );
    expect((await expectError(res, 400, 'invalid')).error.fields['answers.household.township']).toBeDefined();
    expect(await count('applications')).toBe(before);
  });

  it('is checked in staff filters and records', async () => {
    const token = await staffToken('county', ['*']);
    for (const path of ['/cases?township=nowhere', '/applications?township=nowhere', '/volunteers?township=nowhere'])
      await expectError(await staffFetch(token, path), 400, 'invalid');
    const res = await staffFetch(token, '/cases', { body: { child: { name: '张小华' }, township: 'nowhere', village: '松林村' } });
    expect((await expectError(res, 400, 'invalid')).error.fields.township).toBe('请从列表中选择乡镇（街道）');
  });
});

describe('bodies that are not UTF-8', () => {
  const raw = (path: string, contentType: string, bytes: Uint8Array, headers: Record<string, string> = {}) =>
    exports.default.fetch(`http://portal.test${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...ownCaller(), ...headers },
      body: bytes,
    });
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('a JSON body with a byte that is not UTF-8 is refused with 400, not stored as U+FFFD', async () => {
    const text = JSON.stringify(application);
    const at = text.indexOf('王秀兰');
    const bytes = new Uint8Array([...utf8(text.slice(0, at)), 0xff, 0xfe, ...utf8(text.slice(at))]);
    const before = await count('applications');
    await expectError(await raw('/api/applications', 'application/json', bytes, { 'idempotency-key': key() }), 400, 'invalid_encoding');
    expect(await count('applications')).toBe(before);
  });

  it('a form with a raw byte, or a percent-escape, that is not UTF-8 gets its page back with 400', async () => {
    const before = await count('applications');
    const body = new URLSearchParams(applyForm()).toString();
    for (const bytes of [
      new Uint8Array([...utf8(body), ...utf8('&circumstances='), 0xc3, 0x28]),
      utf8(body.replace(/applicant\.name=[^&]*/, 'applicant.name=%E7%8E%8B%FF')),
    ]) {
      const res = await raw('/api/applications', 'application/x-www-form-urlencoded', bytes, { origin: 'http://portal.test' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('UTF-8');
    }
    expect(await count('applications')).toBe(before);
  });
});

describe('lengths', () => {
  // U+20000 and on: CJK Extension B, two UTF-16 units each, one character each.
  const rare = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x20000 + i)).join('');

  it('a name of 30 rare characters is 30 characters: taken, and read back whole', async () => {
    const name = rare(30);
    expect(name.length).toBe(60);
    const res = await postJson(
      '/api/applications',
      { ...application, applicant: { ...application.applicant, name } },
      { 'idempotency-key': key() },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { reference } = await res.json<Receipt>();
    const token = await staffToken('county', ['*']);
    const read = await (await staffFetch(token, `/applications/${reference}`)).json<{ personal: { applicant: { name: string } } }>();
    expect(read.personal.applicant.name).toBe(name);
  });

  it('31 rare characters are one too many, and say so in characters', async () => {
    const res = await postJson(
      '/api/applications',
      { ...application, applicant: { ...application.applicant, name: rare(31) } },
      { 'idempotency-key': key() },
    );
    expect((await expectError(res, 400, 'invalid')).error.fields['applicant.name']).toContain('30 个字');
  });
});
