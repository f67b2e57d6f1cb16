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

const BEFORE_CASES = env.TEST_MIGRATIONS.filter((m) => m.name < '0005');
const FROM_CASES = env.TEST_MIGRATIONS.filter((m) => m.name >= '0005');

async function oldApplication(db: D1Database, reference: string, personal: unknown, village: string) {
  await db
    .prepare(
      `INSERT INTO applications (reference, access_hash, status, township, village, idempotency_key, request_hash, consent_version, consent_at, personal_enc, entitlements, risk_level, next_visit_due)
       VALUES (?, 'x', 'screening', 'dongshan', ?, ?, 'h', '2026-11-29', 0, ?, '["nutrition-lunch"]', 'orange', 1800000000000)`,
    )
    .bind(reference, village, `key-${reference}`, await encryptJson(env.DATA_KEY, reference, personal))
    .run();
  const { id } = (await db.prepare('SELECT id FROM applications WHERE reference = ?').bind(reference).first<{ id: number }>())!;
  await db.prepare('INSERT INTO visits (application_id, visited_at, staff_id) VALUES (?, 1790000000000, 1)').bind(id).run();
}

describe('upgrading a database from before child files', () => {
  it('files every application, keeps its visits and level, and makes the child findable after the backfill', async () => {
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
    await applyD1Migrations(db, FROM_CASES);

    const files = (await db.prepare('SELECT reference, status, risk_level, backfill_from FROM cases ORDER BY id').all()).results;
    expect(files).toEqual([
      { reference: 'C-3456789A', status: 'open', risk_level: 'orange', backfill_from: expect.any(Number) },
      { reference: 'C-3456789B', status: 'open', risk_level: 'orange', backfill_from: expect.any(Number) },
    ]);
    expect((await db.prepare('SELECT count(*) AS n FROM visits WHERE case_id IS NOT NULL').first<{ n: number }>())!.n).toBe(2);

    const upgraded = { ...env, DB: db };
    expect(await backfillCases(upgraded)).toBe(2);
    expect(await backfillCases(upgraded)).toBe(0);
    const member = { id: 1, name: 'county', role: 'county' as const, townships: ['*'] };
    const ctx = { env: upgraded, db: database(db), member, now: Date.now() };
    const found = await listCaseFiles(ctx, { q: '老申请人', limit: 20, offset: 0 });
    expect(found.items.map((i) => [i.reference, i.childName])).toEqual([['C-3456789A', '老档案']]);
    // The one opened from a report was never a named child: it is 待核实, with no made-up name.
    const fromReport = (await db.prepare("SELECT status, origin FROM cases WHERE reference = 'C-3456789B'").first())!;
    expect(fromReport).toEqual({ status: 'unverified', origin: 'report' });
    expect((await listCaseFiles(ctx, { q: '（待核实）', limit: 20, offset: 0 })).items).toEqual([]);
  });
});
