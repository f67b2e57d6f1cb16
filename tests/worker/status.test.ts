import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PERSONAL } from '../support/personal-data.ts';
import { apply, expectError, postForm, postJson } from './support/api.ts';

describe('withdrawing an application', () => {
  it('the applicant withdraws while it is undecided, and the timeline shows it', async () => {
    const r = await apply();
    const res = await postJson('/api/status/withdraw', r);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of PERSONAL.application) expect(text).not.toContain(secret);
    const body = JSON.parse(text) as { status: string; statusLabel: string; timeline: { status: string; note: string | null }[] };
    expect(body.status).toBe('withdrawn');
    expect(body.statusLabel).toBe('已撤回');
    expect(body.timeline.map((t) => t.status)).toEqual(['submitted', 'withdrawn']);
    expect(body.timeline[1]!.note).toBe('本人撤回');
  });

  it('cannot withdraw twice, or once decided', async () => {
    const r = await apply();
    await postJson('/api/status/withdraw', r);
    await expectError(await postJson('/api/status/withdraw', r), 409, 'not_allowed');
    const other = await apply();
    await env.DB.prepare("UPDATE applications SET status = 'approved' WHERE reference = ?").bind(other.reference).run();
    await expectError(await postJson('/api/status/withdraw', other), 409, 'not_allowed');
  });

  it('needs the access code', async () => {
    const r = await apply();
    await expectError(await postJson('/api/status/withdraw', { reference: r.reference, accessCode: 'AAAA-AAAA-AAAA' }), 404, 'not_found');
  });
});

describe('POST /api/status without JavaScript', () => {
  it('answers a form post with the status page, filled in, and nothing personal on it', async () => {
    const r = await apply();
    const res = await postForm('/api/status', [
      ['reference', r.reference],
      ['accessCode', r.accessCode],
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain(r.reference);
    expect(html).toContain('已提交');
    for (const secret of PERSONAL.application) expect(html).not.toContain(secret);
  });

  it('answers a wrong code with the same page and a 404', async () => {
    const r = await apply();
    const res = await postForm('/api/status', [
      ['reference', r.reference],
      ['accessCode', 'AAAA-AAAA-AAAA'],
    ]);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('编号或查询码不对');
  });

  it('empty boxes are told what to fill in, not that the code is wrong, and come back with what was typed', async () => {
    const json = await expectError(await postJson('/api/status', { reference: ' ', accessCode: '' }), 400, 'invalid');
    expect(json.error.fields).toEqual({ reference: '请填写编号', accessCode: '请填写查询码' });
    const res = await postForm('/api/status', [
      ['reference', ''],
      ['accessCode', 'AAAA-BBBB'],
    ]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请填写编号');
    expect(html).not.toContain('编号或查询码不对');
  });

  it('bad input: empty fields, wrong types, unknown keys', async () => {
    await expectError(await postJson('/api/status', {}), 400, 'invalid');
    await expectError(await postJson('/api/status', { reference: 1, accessCode: 2 }), 400, 'invalid');
    await expectError(await postJson('/api/status', { reference: 'A-AAAAAAAA', accessCode: 'x', name: '王' }), 400, 'invalid');
    await expectError(await postJson('/api/status', '{'), 400, 'malformed_json');
    await expectError(await postJson('/api/status', 'x', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });
});
