/**
 * Upgrading a county that has applications from before child files existed: migration 0005
 * gives each application a file, and the cron fills in the encrypted child data and the blind
 * indexes, so staff find those children like any other.
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encryptJson } from '#worker/lib/crypto.ts';
import { backfillCases } from '#worker/services/case-backfill.ts';
import { listCaseFiles } from '#worker/services/staff/cases.ts';
import { database } from '#worker/db/client.ts';
import { idNumber } from './support/api.ts';

const BEFORE_CASES = env.TEST_MIGRATIONS.filter((m) => m.name < '0005');
const FROM_CASES = env.TEST_MIGRATIONS.filter((m) => m.name >= '0005');

async function oldApplication(
  db: D1Database,
  reference: string,
  personal: unknown,
  village: string,
  { township = 'dongshan', status = 'screening' } = {},
) {
  await db
    .prepare(
      `INSERT INTO applications (reference, access_hash, status, township, village, idempotency_key, request_hash, consent_version, consent_at, personal_enc, entitlements, risk_level, next_visit_due)
       VALUES (?, 'x', ?, ?, ?, ?, 'h', '2026-11-29', 0, ?, '["nutrition-lunch"]', 'orange', 1800000000000)`,
    )
    .bind(
      reference,
      status,
      township,
      village,
      `key-${reference}`,
      await encryptJson(env.DATA_KEY, 'applications.personal_enc', reference, personal),
    )
    .run();
  const { id } = (await db.prepare('SELECT id FROM applications WHERE reference = ?').bind(reference).first<{ id: number }>())!;
  await db.prepare('INSERT INTO visits (application_id, visited_at, staff_id) VALUES (?, 1790000000000, 1)').bind(id).run();
}

describe('upgrading a database from before child files', () => {
  it('files every application, keeps its visits and level, makes the child findable after the backfill, and makes one file of a child who applied twice', async () => {
    const db = env.UPGRADE_DB;
    await applyD1Migrations(db, BEFORE_CASES);
    await oldApplication(
      db,
      'A-3456789A',
      {
        applicant: { name: '老申请人', relationship: 'grandparent', phone: '13900001111' },
        child: { name: '老档案', birthDate: '2015-01-01' },
        address: '一组',
        circumstances: '',
      },
      '松林村',
    );
    await oldApplication(
      db,
      'A-3456789B',
      {
        applicant: { name: '（由报告建档）', relationship: 'childrenDirector', phone: '' },
        child: { name: '（待核实）', birthDate: '' },
        address: '村口',
        circumstances: '',
        source: { report: 'R-33333333' },
      },
      '松林村',
    );
    // A family that applied twice for the same child, before files existed: the first application
    // refused (its file closed), the second under way — with the ID number both times.
    const twice = { name: '两次申请', birthDate: '2014-04-04', idNumber: idNumber('2014-04-04') };
    const family = (phone: string) => ({ name: '同一家长', relationship: 'mother', phone });
    await oldApplication(db, 'A-4444444A', { applicant: family('13900002222'), child: twice, address: '二组' }, '松林村', {
      status: 'rejected',
    });
    await oldApplication(db, 'A-4444444B', { applicant: family('13900002222'), child: twice, address: '二组' }, '东山村');
    // Without an ID number: the same name and birth date in the township is the same child; in another township it is not.
    const noId = { name: '无证孩子', birthDate: '2016-06-06' };
    await oldApplication(db, 'A-5555555A', { applicant: family('13900003333'), child: noId, address: '三组' }, '松林村');
    await oldApplication(db, 'A-5555555B', { applicant: family('13900003333'), child: noId, address: '三组' }, '上坪村');
    await oldApplication(db, 'A-5555555C', { applicant: family('13900004444'), child: noId, address: '一组' }, '西河村', {
      township: 'xihe',
    });
    await applyD1Migrations(db, FROM_CASES);

    const files = (await db.prepare('SELECT reference, status, risk_level, backfill_from FROM cases ORDER BY id LIMIT 2').all()).results;
    expect(files).toEqual([
      { reference: 'C-3456789A', status: 'open', risk_level: 'orange', backfill_from: expect.any(Number) },
      { reference: 'C-3456789B', status: 'open', risk_level: 'orange', backfill_from: expect.any(Number) },
    ]);
    expect((await db.prepare('SELECT count(*) AS n FROM visits WHERE case_id IS NOT NULL').first<{ n: number }>())!.n).toBe(7);

    const upgraded = { ...env, DB: db };
    expect(await backfillCases(upgraded)).toBe(7);
    expect(await backfillCases(upgraded)).toBe(0);
    const member = { id: 1, name: 'county', role: 'county' as const, townships: ['*'] };
    const ctx = { env: upgraded, db: database(db), member, now: Date.now() };
    const found = await listCaseFiles(ctx, { q: '老申请人', limit: 20, offset: 0 });
    expect(found.items.map((i) => [i.reference, i.childName])).toEqual([['C-3456789A', '老档案']]);
    // The one opened from a report was never a named child: it is 待核实, with no made-up name.
    const fromReport = (await db.prepare("SELECT status, origin FROM cases WHERE reference = 'C-3456789B'").first())!;
    expect(fromReport).toEqual({ status: 'unverified', origin: 'report' });
    expect((await listCaseFiles(ctx, { q: '（待核实）', limit: 20, offset: 0 })).items).toEqual([]);

    // The two files of one child are one: the closed one merged into the one still followed,
    // which lists both applications; un-merging is open to staff as for any merge.
    const merged = async (like: string) =>
      (
        await db
          .prepare(
            'SELECT c.reference, c.status, k.reference AS kept FROM cases c LEFT JOIN cases k ON k.id = c.merged_into WHERE c.reference LIKE ? ORDER BY c.id',
          )
          .bind(like)
          .all()
      ).results;
    expect(await merged('C-4444444_')).toEqual([
      { reference: 'C-4444444A', status: 'merged', kept: 'C-4444444B' },
      { reference: 'C-4444444B', status: 'open', kept: null },
    ]);
    expect((await listCaseFiles(ctx, { q: '两次申请', limit: 20, offset: 0 })).items.map((i) => i.reference)).toEqual(['C-4444444B']);
    expect(await merged('C-5555555_')).toEqual([
      { reference: 'C-5555555A', status: 'open', kept: null },
      { reference: 'C-5555555B', status: 'merged', kept: 'C-5555555A' },
      { reference: 'C-5555555C', status: 'open', kept: null },
    ]);
    const event = await db
      .prepare("SELECT from_status, actor_kind FROM status_events WHERE kind = 'case' AND to_status = 'merged' ORDER BY id LIMIT 1")
      .first();
    expect(event).toEqual({ from_status: 'closed', actor_kind: 'system' });
  });

  it('moves index rows written under the wrong township (an applicant of a file in another township) to the file’s township', async () => {
    const db = env.UPGRADE_DB;
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    await db
      .prepare(
        `INSERT INTO cases (reference, status, township, village, origin) VALUES ('C-6666666A', 'open', 'dongshan', '松林村', 'application')`,
      )
      .run();
    const { id } = (await db.prepare(`SELECT id FROM cases WHERE reference = 'C-6666666A'`).first<{ id: number }>())!;
    await db.prepare(`INSERT INTO case_index (case_id, kind, value, township) VALUES (?, 'phone', 'v', 'xihe')`).bind(id).run();
    await backfillCases({ ...env, DB: db });
    expect(await db.prepare(`SELECT township FROM case_index WHERE case_id = ?`).bind(id).first()).toEqual({ township: 'dongshan' });
  });
});
