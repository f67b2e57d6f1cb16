import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/api/application.json' with { type: 'json' };
import { setAt } from '../support/json.ts';
import { count, expectError, key, postForm, postJson } from './support/api.ts';
import { staffFetch, staffToken } from './support/staff.ts';

const apply = (body: unknown, headers: Record<string, string> = {}) =>
  postJson('/api/applications', body, { 'idempotency-key': key(), ...headers });

/** Every bad request gets its 4xx and adds nothing to any table. */
async function refused(send: () => Promise<Response>, status: number, code: string) {
  const before = [await count('applications'), await count('status_events')];
  const body = await expectError(await send(), status, code);
  expect([await count('applications'), await count('status_events')]).toEqual(before);
  return body;
}

const without = (path: string[]) => {
  const copy = structuredClone(fixture) as Record<string, unknown>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string, unknown>;
  delete node[path.at(-1)!];
  return copy;
};

describe('bad input to POST /api/applications', () => {
  it('malformed and truncated JSON', async () => {
    await refused(() => apply('{"applicant": {"name": "王'), 400, 'malformed_json');
    await refused(() => apply(''), 400, 'malformed_json');
  });

  it('the wrong content type', async () => {
    await refused(() => apply(JSON.stringify(fixture), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await refused(
      () => apply(JSON.stringify(fixture), { 'content-type': 'multipart/form-data; boundary=x' }),
      415,
      'unsupported_media_type',
    );
  });

  it.each([
    [['applicant', 'name'], 'applicant.name'],
    [['applicant', 'phone'], 'applicant.phone'],
    [['child', 'birthDate'], 'child.birthDate'],
    [['address', 'village'], 'address.village'],
    [['entitlements'], 'entitlements'],
    [['consent'], 'consent'],
  ])('a missing %s is named in fields', async (path, field) => {
    const body = await refused(() => apply(without(path)), 400, 'invalid');
    expect(Object.keys(body.error.fields)).toContain(field);
  });

  it('unknown fields', async () => {
    const body = await refused(() => apply({ ...fixture, income: 1200, child: { ...fixture.child, nickname: '小明' } }), 400, 'invalid');
    expect(Object.keys(body.error.fields).sort()).toEqual(['child.nickname', 'income']);
  });

  it.each([
    [['applicant', 'name'], 42, 'applicant.name'],
    [['applicant', 'phone'], 13800138000, 'applicant.phone'],
    [['entitlements'], 'nutrition-lunch', 'entitlements'],
    [['consent', 'agreed'], 'yes', 'consent.agreed'],
    [['answers', 'child', 'disabled'], 'no', 'answers.child.disabled'],
  ])('a wrong type at %s', async (path, value, field) => {
    const body = await refused(() => apply(setAt(fixture, path, value)), 400, 'invalid');
    expect(Object.keys(body.error.fields)).toContain(field);
  });

  it.each([
    [['applicant', 'phone'], '1380013800', '手机号码应为 11 位'],
    [['applicant', 'phone'], '23800138000', '13 到 19 开头'],
    [['child', 'idNumber'], '110105201705100015', '校验码'],
    [['child', 'idNumber'], '110105201702300014', '出生日期'],
    [['child', 'birthDate'], '2017-02-30', '这个日期不存在'],
    [['address', 'village'], '不存在村', '请从列表中选择'],
    [['address', 'township'], 'atlantis', '请从列表中选择乡镇'],
    [['entitlements'], ['street-child-rescue'], '请从列表中选择要申请的帮助'],
    [['entitlements'], [], '至少选择一项'],
    [['consent', 'privacyNotice'], '2020-01-01', '隐私说明已更新'],
    [['consent', 'agreed'], false, '请阅读隐私说明'],
    [['applicant', 'name'], '   ', '请填写您的姓名'],
    [['applicant', 'name'], 'a'.repeat(31), '30 个字以内'],
    [['circumstances'], '孩子\u0000', '无法识别的字符'],
    [['circumstances'], 'x\uD800y', '无法识别的字符'],
  ])('%s = %j is refused with a message that says what is wrong', async (path, value, message) => {
    const body = await refused(() => apply(setAt(fixture, path, value)), 400, 'invalid');
    expect(Object.values(body.error.fields).join(' ')).toContain(message);
  });

  it('the honeypot field filled in by a robot', async () => {
    await refused(() => apply({ ...fixture, website: 'http://spam.example' }), 400, 'invalid');
  });

  it('a body over the size limit', async () => {
    await refused(() => apply({ ...fixture, circumstances: '很'.repeat(20_000) }), 413, 'payload_too_large');
  });

  it('deep nesting and a body that is not an object', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 500; i++) deep = { a: deep };
    await refused(() => apply({ ...fixture, answers: deep }), 400, 'invalid');
    await refused(() => apply([]), 400, 'invalid');
    await refused(() => apply('"申请"'), 400, 'invalid');
  });

  it('a form post that the browser says came from another site', async () => {
    const before = await count('applications');
    const res = await postForm('/api/applications', [['idempotencyKey', key()]], { origin: 'null', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('请从本网站的页面提交表单');
    expect(await count('applications')).toBe(before);
  });
});

describe('script and SQL payloads', () => {
  it('are stored as inert text: the tables stay, and staff read back exactly what was typed', async () => {
    const circumstances = `<script>alert(1)</script>'); DROP TABLE applications;--`;
    const name = `小明'); DROP TABLE a;--`;
    const res = await apply({ ...fixture, circumstances, applicant: { ...fixture.applicant, name } });
    expect(res.status).toBe(201);
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'applications'").first();
    expect(tables).not.toBeNull();
    const { reference } = await res.json<{ reference: string }>();
    const county = await staffToken('county', ['*']);
    const detail = await (
      await staffFetch(county, `/applications/${reference}`)
    ).json<{ personal: { circumstances: string; applicant: { name: string } } }>();
    expect(detail.personal.circumstances).toBe(circumstances);
    expect(detail.personal.applicant.name).toBe(name);
  });
});
