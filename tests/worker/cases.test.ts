/**
 * The child's file (一人一档): one file per child, whichever way the child comes in; found by
 * name, phone, ID number or any reference through the blind indexes, within the member's
 * scope only; merged and un-merged; paired once.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import reportFixture from '../fixtures/api/report.json' with { type: 'json' };
import { apply, caseOf, expectError, idNumber, key, postJson, type Receipt } from './support/api.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

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

  it('by staff directly for a child on file outside their scope: filed here, the other file not named, both shown to the county as possible duplicates', async () => {
    const county = await staffToken('county', ['*']);
    const child = { name: '邹小楠', birthDate: '2014-02-20', idNumber: idNumber('2014-02-20') };
    const elsewhere = await caseOf((await apply('chengguan', '南关村', child)).reference);
    const xihe = await staffToken('township', ['xihe']);
    const res = await staffFetch(xihe, '/cases', { body: { child, township: 'xihe', village: '柳树村' } });
    expect(res.status, await res.clone().text()).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(elsewhere);
    const { reference } = JSON.parse(text) as { reference: string };
    expect(((await read(county, elsewhere)) as CaseView & { possibleDuplicates: string[] }).possibleDuplicates).toEqual([reference]);
    // So is a village account's, for a child on file in another village of its township.
    const director = await staffToken('village', ['xihe'], { villages: ['新庄村'] });
    const mine = await staffFetch(director, '/cases', { body: { child, township: 'xihe', village: '新庄村' } });
    expect(mine.status, await mine.clone().text()).toBe(201);
    expect(await mine.text()).not.toContain(reference);
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

  it('un-merging gives a file back the status it had: 待核实 stays 待核实, 已结案 stays 已结案', async () => {
    const county = await staffToken('county', ['*']);
    const kept = await caseOf((await apply('qingshui', '河湾村', { name: '宁小溪', birthDate: '2016-08-08' })).reference);
    // A file opened from a report, the child not yet known: 待核实.
    const { reference: report } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    const triage = await (
      await staffFetch(county, `/reports/${report}/triage`, { body: { township: 'qingshui', newCase: true } })
    ).json<{ linkedCase: string }>();
    const unverified = triage.linkedCase;
    // A file closed (the family moved away).
    const closed = await caseOf((await apply('qingshui', '河湾村', { name: '宁小河', birthDate: '2016-09-09' })).reference);
    expect((await staffFetch(county, `/cases/${closed}/transitions`, { body: { to: 'closed', reason: '已迁出本县' } })).status).toBe(200);
    for (const [from, label] of [
      [unverified, '待核实'],
      [closed, '已结案'],
    ] as const) {
      expect((await read(county, from)).statusLabel).toBe(label);
      expect((await staffFetch(county, `/cases/${from}/merge`, { body: { into: kept, reason: '看起来是同一个孩子' } })).status).toBe(200);
      expect((await read(county, from)).statusLabel).toBe('已合并');
      const undone = await staffFetch(county, `/cases/${from}/unmerge`, { body: { reason: '核实后不是同一个孩子' } });
      expect(await undone.json()).toMatchObject({ reference: from, statusLabel: label });
      expect((await read(county, from)).statusLabel).toBe(label);
    }
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

  it('stays within the member’s townships: a child elsewhere is found by nothing — name, phone, ID number, A-, C- or R-', async () => {
    const county = await staffToken('county', ['*']);
    const xihe = await staffToken('township', ['xihe']);
    const chengguan = await staffToken('township', ['chengguan']);
    const child = { name: '何小川', birthDate: '2012-12-12', idNumber: idNumber('2012-12-12') };
    const mother = { name: '何秀英', relationship: 'mother', phone: '13700137001' };
    const a = await apply('chengguan', '北关村', child, { applicant: mother });
    const file = await caseOf(a.reference);
    const { reference: report } = await (await postJson('/api/reports', reportFixture, { 'idempotency-key': key() })).json<Receipt>();
    await staffFetch(county, `/reports/${report}/triage`, { body: { township: 'chengguan', case: file } });
    const queries = ['何小川', '何秀英', '137 0013 7001', child.idNumber, a.reference, file, report];
    // The file's own township finds the child by each of them …
    for (const q of queries)
      expect(
        (await search(chengguan, q)).items.map((i) => i.reference),
        q,
      ).toEqual([file]);
    // … another township by none, and the answer is the same as for a child who does not exist.
    for (const q of queries) expect(await search(xihe, q), q).toEqual({ items: [], more: false, offset: 0 });
    await expectError(await staffFetch(xihe, `/cases/${file}`), 404, 'not_found');
    expect(await auditRows(`action = 'read' AND record_ref = '${file}' AND outcome = 'denied'`)).toHaveLength(1);
  });

  it('an account limited to certain villages finds, reads and lists only the children of those villages', async () => {
    const director = await staffToken('village', ['qingshui'], { villages: ['清水村'] });
    const mine = await caseOf(
      (await apply('qingshui', '清水村', { name: '柳小岸', birthDate: '2014-04-04', idNumber: idNumber('2014-04-04') })).reference,
    );
    const otherChild = { name: '柳小岸', birthDate: '2015-05-15', idNumber: idNumber('2015-05-15') };
    const grandfather = { name: '柳大伯', relationship: 'grandparent', phone: '13600136001' };
    const other = await apply('qingshui', '河湾村', otherChild, { applicant: grandfather });
    const theirs = await caseOf(other.reference);
    expect((await search(director, '柳小岸')).items.map((i) => i.reference)).toEqual([mine]);
    for (const q of ['柳大伯', '136 0013 6001', otherChild.idNumber, other.reference, theirs])
      expect((await search(director, q)).items, q).toEqual([]);
    const list = await (await staffFetch(director, '/cases?limit=50')).json<SearchAnswer>();
    expect(list.items.map((i) => i.reference)).toContain(mine);
    expect(list.items.map((i) => i.reference)).not.toContain(theirs);
    await expectError(await staffFetch(director, `/cases/${theirs}`), 404, 'not_found');
    expect(await auditRows(`action = 'read' AND record_ref = '${theirs}' AND outcome = 'denied'`)).toHaveLength(1);
  });

  it('past 60 searches a minute an account gets 429 with Retry-After, audited without the query; another account still searches', async () => {
    const busy = await staffToken('county', ['*']);
    const statuses: number[] = [];
    // More than one window's worth, whenever the minute turns.
    for (let i = 0; i < 125; i++) statuses.push((await staffFetch(busy, `/cases?q=${encodeURIComponent('限流测试')}`)).status);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(60);
    expect(statuses).toContain(429);
    const limited = await staffFetch(busy, `/cases?q=${encodeURIComponent('限流测试')}`);
    if (limited.status === 429) {
      await expectError(limited, 429, 'too_many_requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const refused = await auditRows(`action = 'search' AND outcome = 'refused'`);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.detail).toBe('by name, rate limited');
    expect(JSON.stringify(refused)).not.toContain('限流测试');
    expect((await staffFetch(await staffToken('county', ['*']), `/cases?q=${encodeURIComponent('限流测试')}`)).status).toBe(200);
  });

  it('an application that joins a file in another township is found by its applicant’s phone by the staff of the file’s township', async () => {
    const chengguan = await staffToken('township', ['chengguan']);
    const dongshan = await staffToken('township', ['dongshan']);
    const child = { name: '孔小帆', birthDate: '2013-03-03', idNumber: idNumber('2013-03-03') };
    const first = await apply('chengguan', '南关村', child);
    const aunt = { name: '孔二姨', relationship: 'relative', phone: '13500135002' };
    // The family has moved: the aunt applies from 东山乡 for the same child.
    const second = await apply('dongshan', '东山村', child, { applicant: aunt });
    const file = await caseOf(first.reference);
    expect(await caseOf(second.reference)).toBe(file);
    expect((await search(chengguan, '135 0013 5002')).items.map((i) => i.reference)).toEqual([file]);
    expect((await search(chengguan, '孔二姨')).items.map((i) => i.reference)).toEqual([file]);
    // 东山乡 follows the application, not the file: the file stays out of its sight.
    expect((await search(dongshan, '135 0013 5002')).items).toEqual([]);
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
