/**
 * The child's file (一人一档): one file per child, whichever way the child comes in; found by
 * name, phone, ID number or any reference through the blind indexes, within the member's
 * scope only; merged and un-merged; paired once.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import reportFixture from '../fixtures/api/report.json' with { type: 'json' };
import { idCheckDigit } from '#src/domain/validators.ts';
import { apply, caseOf, expectError, key, postJson, type Receipt } from './support/api.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

let serial = 0;
/** A valid resident ID number for a child born on the given date (GB 11643 check digit). */
function idNumber(birthDate: string): string {
  const first17 = `110105${birthDate.replace(/-/g, '')}${String(100 + (++serial % 900)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

interface CaseView {
  reference: string;
  status: string;
  statusLabel: string;
  child: { name?: string; birthDate?: string; idNumber?: string };
  applications: { reference: string }[];
  reports: { reference: string }[];
  screenings: { round: string; result: string }[];
  visits: { findings: string | null }[];
  timeline: { what: string }[];
  mergedFrom: string[];
}
interface SearchAnswer {
  items: { reference: string; childName: string | null }[];
  more: boolean;
}

const read = async (token: string, ref: string) => (await staffFetch(token, `/cases/${ref}`)).json<CaseView>();
const search = async (token: string, q: string) => {
  const res = await staffFetch(token, `/cases?q=${encodeURIComponent(q)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<SearchAnswer>();
};

describe('how a file starts', () => {
  it('from an application: the family’s application opens the child’s file, with the child and the applicant on it', async () => {
    const county = await staffToken('county', ['*']);
    const a = await apply('dongshan', '松林村', { name: '赵小雨', birthDate: '2016-03-02' });
    const file = await read(county, await caseOf(a.reference));
    expect(file.statusLabel).toBe('在档');
    expect(file.child).toMatchObject({ name: '赵小雨', birthDate: '2016-03-02' });
    expect(file.applications.map((x) => x.reference)).toEqual([a.reference]);
  });

  it('from a triaged report: 待核实, with nothing made up, until someone has seen the child', async () => {
    const county = await staffToken('county', ['*']);
    const { reference } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    const triage = await (
      await staffFetch(county, `/reports/${reference}/triage`, { body: { township: 'qingshui', newCase: true } })
    ).json<{ linkedCase: string }>();
    const file = await read(county, triage.linkedCase);
    expect(file.statusLabel).toBe('待核实');
    expect(file.child).toEqual({});
    expect(JSON.stringify(file)).not.toContain('待核实）');
    // The visit finds the child: the file says who it is, and is an ordinary one from then on.
    const named = await (
      await staffFetch(county, `/cases/${triage.linkedCase}/details`, {
        body: { child: { name: '钱小军', birthDate: '2015-07-01' }, village: '河湾村' },
      })
    ).json<CaseView>();
    expect(named.statusLabel).toBe('在档');
    expect((await search(county, '钱小军')).items.map((i) => i.reference)).toEqual([triage.linkedCase]);
  });

  it('from a screening record: a child newly found in the village is filed at once', async () => {
    const county = await staffToken('county', ['*']);
    const { id } = await (await staffFetch(county, '/screening-rounds', { body: { year: 2027, month: 2 } })).json<{ id: number }>();
    const village = await staffToken('village', ['xihe']);
    const res = await staffFetch(village, `/screening-rounds/${id}/records`, {
      body: {
        child: { name: '孙小燕', birthDate: '2018-10-10' },
        village: '柳树村',
        result: 'screened',
        targetGroups: ['leftBehind'],
        proposedLevel: 'yellow',
        reason: '父母都在外地，跟奶奶生活',
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { caseRef, filed } = await res.json<{ caseRef: string; filed: boolean }>();
    expect(filed).toBe(true);
    const file = await read(county, caseRef);
    expect(file.child.name).toBe('孙小燕');
    expect(file.screenings).toEqual([expect.objectContaining({ round: '2027-02', result: 'screened' })]);
    await staffFetch(county, `/screening-rounds/${id}/close`, { method: 'POST' });
  });

  it('by staff directly, and not twice for the same child', async () => {
    const township = await staffToken('township', ['chengguan']);
    const body = { child: { name: '周小花', birthDate: '2014-01-20' }, township: 'chengguan', village: '南关村' };
    const res = await staffFetch(township, '/cases', { body });
    expect(res.status).toBe(201);
    const { reference } = await res.json<{ reference: string }>();
    const again = await expectError(await staffFetch(township, '/cases', { body }), 409, 'already_on_file');
    expect(again.error.fields.reference).toBe(reference);
  });
});

describe('one file per child', () => {
  it('two applications with the same child ID number give one file listing both, even from two townships', async () => {
    const county = await staffToken('county', ['*']);
    const child = { name: '吴小明', birthDate: '2016-06-06', idNumber: idNumber('2016-06-06') };
    const first = await apply('dongshan', '松林村', child);
    const second = await apply('chengguan', '东街社区', { ...child, name: '吴晓明' });
    const file = await caseOf(first.reference);
    expect(await caseOf(second.reference)).toBe(file);
    expect((await read(county, file)).applications.map((a) => a.reference).sort()).toEqual([first.reference, second.reference].sort());
  });

  it('without an ID number, the same name and birth date in the same township is the same child; in another township it is not', async () => {
    const child = { name: '郑 小 宝', birthDate: '2019-02-14' };
    const a = await apply('qingshui', '清水村', child);
    const b = await apply('qingshui', '河湾村', { name: '郑小宝', birthDate: '2019-02-14' });
    const elsewhere = await apply('xihe', '西河村', child);
    expect(await caseOf(b.reference)).toBe(await caseOf(a.reference));
    expect(await caseOf(elsewhere.reference)).not.toBe(await caseOf(a.reference));
  });

  it('pairing a child twice through two applications is refused', async () => {
    const county = await staffToken('county', ['*']);
    const child = { name: '冯小乐', birthDate: '2015-05-05', idNumber: idNumber('2015-05-05') };
    const first = await apply('dongshan', '松林村', child);
    const second = await apply('dongshan', '松林村', child);
    const ready = async () => {
      const v = await (
        await postJson('/api/volunteers', { ...(await import('../fixtures/api/volunteer.json')).default }, { 'idempotency-key': key() })
      ).json<Receipt>();
      for (const to of ['reviewing', 'background_check'])
        await staffFetch(county, `/volunteers/${v.reference}/transitions`, { body: { to } });
      await staffFetch(county, `/volunteers/${v.reference}/background-check`, {
        body: {
          result: 'clear',
          checkedAt: new Date(Date.now() - 86_400_000).toISOString(),
          expiresAt: new Date(Date.now() + 300 * 86_400_000).toISOString(),
        },
      });
      for (const to of ['training', 'ready']) await staffFetch(county, `/volunteers/${v.reference}/transitions`, { body: { to } });
      return v.reference;
    };
    expect((await staffFetch(county, '/pairings', { body: { volunteer: await ready(), application: first.reference } })).status).toBe(201);
    await expectError(
      await staffFetch(county, '/pairings', { body: { volunteer: await ready(), application: second.reference } }),
      409,
      'child_already_paired',
    );
  });
});

describe('merging two files of the same child', () => {
  it('merges, shows both on the kept file, finds it by either, and undoes exactly; audited', async () => {
    const township = await staffToken('township', ['dongshan']);
    const a = await caseOf((await apply('dongshan', '松林村', { name: '陈小一', birthDate: '2016-01-01' })).reference);
    const b = await caseOf((await apply('dongshan', '松林村', { name: '陈晓一', birthDate: '2016-01-01' })).reference);
    expect(a).not.toBe(b);
    expect((await staffFetch(township, `/cases/${b}/merge`, { body: { into: a, reason: '同一个孩子，名字写错了一个字' } })).status).toBe(
      200,
    );
    const kept = await read(township, a);
    expect(kept.mergedFrom).toEqual([b]);
    expect(kept.applications).toHaveLength(2);
    expect((await search(township, '陈晓一')).items.map((i) => i.reference)).toEqual([a]);
    await expectError(await staffFetch(township, `/cases/${b}/unmerge`, { body: {} }), 400, 'invalid');
    expect((await staffFetch(township, `/cases/${b}/unmerge`, { body: { reason: '核实后不是同一个孩子' } })).status).toBe(200);
    expect((await read(township, a)).applications).toHaveLength(1);
    expect((await read(township, b)).statusLabel).toBe('在档');
    expect((await auditRows(`action IN ('merge', 'unmerge') AND outcome = 'ok'`)).map((r) => r.action)).toEqual(['merge', 'unmerge']);
  });

  it('is refused across townships unless county, and a village account may not merge at all', async () => {
    const dongshan = await staffToken('township', ['dongshan', 'xihe']);
    const village = await staffToken('village', ['dongshan']);
    const county = await staffToken('county', ['*']);
    const a = await caseOf((await apply('dongshan', '松林村', { name: '楚小二', birthDate: '2016-02-02' })).reference);
    const b = await caseOf((await apply('xihe', '西河村', { name: '楚小二', birthDate: '2016-02-02' })).reference);
    await expectError(await staffFetch(dongshan, `/cases/${b}/merge`, { body: { into: a, reason: '同一个孩子' } }), 403, 'forbidden');
    await expectError(await staffFetch(village, `/cases/${a}/merge`, { body: { into: a, reason: '同一个孩子' } }), 403, 'forbidden');
    expect((await staffFetch(county, `/cases/${b}/merge`, { body: { into: a, reason: '同一个孩子，搬家了' } })).status).toBe(200);
  });
});

describe('finding a child without decrypting the table', () => {
  it('by name, phone written any way, ID number, and any reference (A-, R-, C-); the query never goes into the log', async () => {
    const county = await staffToken('county', ['*']);
    const child = { name: '王小虎', birthDate: '2013-09-09', idNumber: idNumber('2013-09-09') };
    const grandmother = { name: '王秀兰', relationship: 'grandparent', phone: '13800138000' };
    const a = await apply('qingshui', '河湾村', child, { applicant: grandmother });
    const file = await caseOf(a.reference);
    const found = async (q: string) => (await search(county, q)).items.map((i) => i.reference);
    expect(await found('王小虎')).toEqual([file]);
    // The grandmother applied: her name and her phone find the child too.
    expect(await found('王秀兰')).toContain(file);
    expect(await found('138 0013 8000')).toContain(file);
    expect(await found('+86 13800138000')).toContain(file);
    expect(await found(child.idNumber.toLowerCase())).toEqual([file]);
    expect(await found(a.reference)).toEqual([file]);
    expect(await found(file)).toEqual([file]);
    const { reference: report } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    await staffFetch(county, `/reports/${report}/triage`, { body: { township: 'qingshui', case: file } });
    expect(await found(report)).toEqual([file]);
    expect((await search(county, '无此人')).items).toEqual([]);
    const searches = await auditRows(`action = 'search'`);
    expect(searches.length).toBeGreaterThanOrEqual(9);
    expect(JSON.stringify(searches)).not.toMatch(/王小虎|13800138000|王秀兰/);
    // Nothing in the index is the name or the phone.
    const index = (await env.DB.prepare('SELECT value FROM case_index').all()).results;
    expect(JSON.stringify(index)).not.toMatch(/王|138001/);
  });

  it('stays within the member’s townships: a child elsewhere is simply not found', async () => {
    const xihe = await staffToken('township', ['xihe']);
    const a = await apply('chengguan', '北关村', { name: '何小川', birthDate: '2012-12-12' });
    expect((await search(xihe, '何小川')).items).toEqual([]);
    expect((await search(xihe, a.reference)).items).toEqual([]);
    await expectError(await staffFetch(xihe, `/cases/${await caseOf(a.reference)}`), 404, 'not_found');
  });

  it('needs two characters, and pages its results', async () => {
    const county = await staffToken('county', ['*']);
    const body = await expectError(await staffFetch(county, '/cases?q=王'), 400, 'invalid');
    expect(body.error.fields.q).toContain('两个字');
    for (let i = 0; i < 3; i++) await apply('dongshan', '松林村', { name: `同名${i}`, birthDate: '2016-01-01' });
    const first = await (await staffFetch(county, '/cases?q=%E7%8E%8B%E7%A7%80%E5%85%B0&limit=2')).json<SearchAnswer>();
    expect(first.items).toHaveLength(2);
    expect(first.more).toBe(true);
  });
});

describe('the visit schedule, computed in SQL', () => {
  it('a 黄 child visited on 31 January is due on the last day of February, as the domain rule says', async () => {
    const county = await staffToken('county', ['*']);
    const file = await caseOf((await apply('dongshan', '松林村', { name: '月末', birthDate: '2016-01-01' })).reference);
    await staffFetch(county, `/cases/${file}/risk`, { body: { level: 'yellow', reason: '每月走访' } });
    // 10:30 on 31 January 2026 in China.
    const visitedAt = '2026-01-31T10:30:00+08:00';
    const res = await staffFetch(county, `/cases/${file}/visits`, { body: { visitedAt, findings: '月底走访' } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { nextVisitDue } = await res.json<{ nextVisitDue: string }>();
    expect(nextVisitDue).toBe(new Date('2026-02-28T10:30:00+08:00').toISOString());
    // An earlier visit saved later does not move the dates back.
    await staffFetch(county, `/cases/${file}/visits`, { body: { visitedAt: '2026-01-10T09:00:00+08:00', findings: '补录' } });
    const after = await env.DB.prepare('SELECT last_visit_at, next_visit_due FROM cases WHERE reference = ?')
      .bind(file)
      .first<Record<string, number>>();
    expect(after!.last_visit_at).toBe(Date.parse(visitedAt));
    expect(new Date(after!.next_visit_due!).toISOString()).toBe(nextVisitDue);
  });

  it('concurrent visits never move the last visit backwards', async () => {
    const county = await staffToken('county', ['*']);
    const file = await caseOf((await apply('dongshan', '松林村', { name: '并发', birthDate: '2016-01-01' })).reference);
    await staffFetch(county, `/cases/${file}/risk`, { body: { level: 'orange', reason: '每周走访' } });
    const base = Date.parse('2026-11-01T09:00:00+08:00');
    const days = [5, 1, 7, 3, 2, 6, 4, 8];
    await Promise.all(
      days.map((d) =>
        staffFetch(county, `/cases/${file}/visits`, {
          body: { visitedAt: new Date(base + d * 86_400_000).toISOString(), findings: `第${d}天` },
        }),
      ),
    );
    const row = await env.DB.prepare('SELECT last_visit_at, next_visit_due FROM cases WHERE reference = ?')
      .bind(file)
      .first<Record<string, number>>();
    expect(row!.last_visit_at).toBe(base + 8 * 86_400_000);
    expect(row!.next_visit_due).toBe(base + 15 * 86_400_000);
  });
});

describe('export for reporting upwards', () => {
  it('counts and non-personal columns by default; names only for the county, audited', async () => {
    const township = await staffToken('township', ['dongshan']);
    const county = await staffToken('county', ['*']);
    await apply('dongshan', '松林村', { name: '导出测试', birthDate: '2016-01-01' });
    const plain = await (await staffFetch(township, '/cases/export.csv')).text();
    expect(plain.split('\r\n')[0]).toContain('档案编号');
    expect(plain).not.toContain('导出测试');
    await expectError(await staffFetch(township, '/cases/export.csv?personal=1'), 403, 'forbidden');
    const personal = await staffFetch(county, '/cases/export.csv?personal=1');
    expect(personal.headers.get('content-disposition')).toContain('attachment');
    expect(await personal.text()).toContain('导出测试');
    expect(await auditRows(`action = 'export-personal' AND outcome = 'ok'`)).toHaveLength(1);
  });
});
