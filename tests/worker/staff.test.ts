import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { apply, caseOf, expectError, key, postJson } from './support/api.ts';
import { auditRows, staffAccount, staffFetch, staffSession, staffToken } from './support/staff.ts';

const move = (token: string, ref: string, body: Record<string, unknown>) => staffFetch(token, `/applications/${ref}/transitions`, { body });

describe('authentication', () => {
  it('no session, a made-up one, a personal token, an expired or revoked account: 401 in the error shape', async () => {
    await expectError(await staffFetch('', '/dashboard'), 401, 'unauthorised');
    await expectError(await staffFetch(`ts_${'a'.repeat(43)}`, '/dashboard'), 401, 'unauthorised');
    await expectError(await staffFetch('th_not-a-real-token-at-all-000000', '/dashboard'), 401, 'unauthorised');
    const expired = await staffToken('county', ['*'], { expiresAt: Date.now() - 1000 });
    await expectError(await staffFetch(expired, '/dashboard'), 401, 'unauthorised');
    const admin = await staffToken('admin', ['*']);
    const { id } = await staffAccount('township', ['清水镇']);
    const session = await staffSession(id);
    expect((await staffFetch(session, '/me')).status).toBe(200);
    await staffFetch(admin, `/accounts/${id}/revoke`, { method: 'POST' });
    await expectError(await staffFetch(session, '/me'), 401, 'unauthorised');
  });
});

describe('scope by township (属地管理)', () => {
  it("a township account cannot read or change another township's case: refused, audited, and the child's file is not even said to exist", async () => {
    const other = await apply('chengguan', '东街社区');
    const file = await caseOf(other.reference);
    const dongshan = await staffToken('township', ['dongshan'], { name: '东山乡审核员' });
    await expectError(await staffFetch(dongshan, `/applications/${other.reference}`), 404, 'not_found');
    await expectError(await move(dongshan, other.reference, { to: 'screening' }), 404, 'not_found');
    await expectError(await staffFetch(dongshan, `/cases/${file}/risk`, { body: { level: 'red', reason: '试图越权' } }), 404, 'not_found');
    await expectError(await staffFetch(dongshan, `/cases/${file}`), 404, 'not_found');
    const denied = await auditRows(`record_ref IN ('${other.reference}', '${file}') AND outcome = 'denied'`);
    expect(denied.map((r) => r.action)).toEqual(['read', 'transition', 'risk', 'read']);
    expect(await env.DB.prepare('SELECT status FROM applications WHERE reference = ?').bind(other.reference).first()).toEqual({
      status: 'submitted',
    });
    expect(await env.DB.prepare('SELECT risk_level FROM cases WHERE reference = ?').bind(file).first()).toEqual({ risk_level: null });
  });

  it('lists only the townships in scope', async () => {
    const mine = await apply('xihe', '西河村');
    const theirs = await apply('qingshui', '清水村');
    const xihe = await staffToken('township', ['xihe']);
    const { items } = await (
      await staffFetch(xihe, '/applications?limit=200')
    ).json<{ items: { reference: string; township: string }[] }>();
    expect(items.map((i) => i.reference)).toContain(mine.reference);
    expect(items.map((i) => i.reference)).not.toContain(theirs.reference);
    expect(new Set(items.map((i) => i.township))).toEqual(new Set(['xihe']));
    await expectError(await staffFetch(xihe, '/applications?township=qingshui'), 403, 'forbidden');
  });
});

describe('认定审核 through the staff API', () => {
  it('no account can carry an application to a decision by itself: the moves belong to the procedure (review.test.ts)', async () => {
    const r = await apply();
    const county = await staffToken('county', ['*']);
    for (const to of ['screening', 'investigating', 'assessing', 'approved', 'rejected']) {
      const res = await move(county, r.reference, { to, reason: '试图直接认定' });
      // 403 where the procedure makes that move, 409 where there is no such move from 已提交 at all.
      expect([403, 409], `${to}: ${await res.clone().text()}`).toContain(res.status);
    }
    const status = await (await postJson('/api/status', r)).json<{ statusLabel: string }>();
    expect(status.statusLabel).toBe('已提交');
  });

  it('staff can ask for missing material at a step of the review: with a reason, shown to the family, and back to where it was', async () => {
    const r = await apply();
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const file = await caseOf(r.reference);
    await staffFetch(township, '/batches', { body: { cases: [file] } });
    const noReason = await expectError(await move(county, r.reference, { to: 'needs_info' }), 400, 'invalid');
    expect(noReason.error.fields.reason).toBeDefined();
    expect(
      (await move(county, r.reference, { to: 'needs_info', reason: '请补充户口簿复印件', internalNote: '奶奶耳背，打电话要大声' })).status,
    ).toBe(200);
    await expectError(await move(county, r.reference, { to: 'assessing' }), 409, 'not_allowed');
    expect((await move(county, r.reference, { to: 'screening' })).status).toBe(200);
    const status = await (await postJson('/api/status', r)).json<{ statusLabel: string; timeline: { note: string | null }[] }>();
    expect(status.statusLabel).toBe('乡镇初审');
    expect(status.timeline.map((t) => t.note)).toContain('原因：请补充户口簿复印件');
    expect(JSON.stringify(status)).not.toContain('耳背');
    const detail = await (
      await staffFetch(county, `/applications/${r.reference}`)
    ).json<{ timeline: { internalNote: string | null }[]; personal: { applicant: { name: string } } }>();
    expect(detail.timeline.map((t) => t.internalNote)).toContain('奶奶耳背，打电话要大声');
    expect(detail.personal.applicant.name).toBe(application.applicant.name);
  });

  it('every read of a case is in the audit log, which only the admin can list', async () => {
    const r = await apply();
    const county = await staffToken('county', ['*'], { name: '县民政局张科长' });
    await staffFetch(county, `/applications/${r.reference}`);
    const admin = await staffToken('admin', ['*']);
    const { items } = await (
      await staffFetch(admin, '/audit?limit=500')
    ).json<{ items: { staffName: string; action: string; recordRef: string | null; outcome: string }[] }>();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ staffName: '县民政局张科长', action: 'read', recordRef: r.reference, outcome: 'ok' }),
      ]),
    );
    await expectError(await staffFetch(county, '/audit'), 403, 'forbidden');
    await expectError(await staffFetch(admin, `/applications/${r.reference}`), 403, 'forbidden');
  });

  it('a village 儿童主任 sees what a visit needs, not the ID number or the screening answers', async () => {
    const r = await apply();
    const village = await staffToken('village', ['dongshan']);
    const detail = await (
      await staffFetch(village, `/applications/${r.reference}`)
    ).json<{ personal: { child: Record<string, unknown>; applicant: { phone: string } }; screening: unknown }>();
    expect(detail.personal.applicant.phone).toMatch(/^1\d{10}$/);
    expect(detail.personal.child.idNumber).toBeUndefined();
    expect(detail.screening).toBeNull();
    await expectError(await move(village, r.reference, { to: 'screening' }), 403, 'forbidden');
  });

  it('bad input to the staff API gets a 4xx in the error shape', async () => {
    const r = await apply();
    const county = await staffToken('county', ['*']);
    await expectError(await move(county, r.reference, { to: 'screening', extra: 1 }), 400, 'invalid');
    await expectError(await move(county, r.reference, {}), 400, 'invalid');
    await expectError(await staffFetch(county, '/applications/not-a-ref'), 400, 'invalid');
    await expectError(await staffFetch(county, '/applications/A-AAAAAAAA'), 404, 'not_found');
    await expectError(
      await staffFetch(county, `/cases/${await caseOf(r.reference)}/risk`, { body: { level: 'purple', reason: 'x' } }),
      400,
      'invalid',
    );
    await expectError(
      await staffFetch(county, `/cases/${await caseOf(r.reference)}/visits`, { body: { visitedAt: 'yesterday', findings: 'x' } }),
      400,
      'invalid',
    );
    await expectError(await staffFetch(county, '/applications?limit=9999'), 400, 'invalid');
  });
});

describe('script and SQL payloads in what families type', () => {
  it('come back to staff exactly as typed, as JSON data, never as markup', async () => {
    const payload = `<img src=x onerror="alert(1)">'); DROP TABLE applications;--`;
    const res = await postJson('/api/applications', { ...application, circumstances: payload }, { 'idempotency-key': key() });
    const { reference } = await res.json<{ reference: string }>();
    const county = await staffToken('county', ['*']);
    const detail = await staffFetch(county, `/applications/${reference}`);
    expect(detail.headers.get('content-type')).toContain('application/json');
    expect(detail.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await detail.json<{ personal: { circumstances: string } }>()).personal.circumstances).toBe(payload);
  });
});
