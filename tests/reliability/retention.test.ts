/**
 * Retention on an aged database: a county's worth of work is done through the API — families
 * apply and go through 认定审核 (a batch, a visit, an evaluation with its plan, decisions, a
 * referral a department answers), volunteers sign up and are screened, paired and paused,
 * reports come in and are triaged, children are visited, screened and given a risk level, text messages go out — and
 * everything is brought to its end (withdrawn, rejected, approved and then the file closed,
 * reports closed). Then the nightly cron runs at a fixed time past the county's periods. A
 * search of every column of every table, every encrypted value decrypted, finds the names,
 * phones, ID numbers and free text before, and none of them after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { ENCRYPTED_COLUMNS, fieldOf, type EncryptedField } from '#worker/db/encrypted-columns.ts';
import { decryptJson } from '#worker/lib/crypto.ts';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { NAMED_REPORTER } from '../support/personal-data.ts';
import { ownCaller } from '../support/callers.ts';
import { startServer, TEST_SECRETS, type DevServer } from '../support/server.ts';
import { record } from './record.ts';
import { d1, staffToken } from './support.ts';

let server: DevServer;
beforeAll(async () => {
  server = await startServer({ args: ['--test-scheduled'] });
});
afterAll(async () => {
  await server?.stop();
});

async function call(path: string, init: { method?: string; body?: unknown; token?: string; key?: boolean } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...ownCaller(),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.key ? { 'idempotency-key': crypto.randomUUID() } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${init.method ?? 'POST'} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, string>;
}

/** Every personal value the work below writes: what the fixtures hold, and what staff type. */
const NOTES = {
  reject: '家庭收入超过了标准线',
  visit: '孩子在家，奶奶腿脚不便',
  companions: '社工小周',
  risk: '父母长期外出，奶奶年迈',
  screenReason: '留守，需要每月走访',
  screenNotes: '邻居说孩子常去网吧',
  contact: '周末陪孩子写作业',
  endPairing: '志愿者搬去外地',
  override: '邻乡的志愿者离得更近',
  close: '孩子已随父母迁往外省',
  triage: '邻居再次打电话反映',
  inactive: '志愿者生病，暂停三个月',
  situation: '孩子上三年级，性格内向，成绩中等',
  means: '奶奶种两亩地，每月养老金一百多元',
  guardianship: '奶奶是实际监护人，身体尚可',
  measure: '请学校老师每周和孩子谈一次心',
  publicNote: '下个月开始按时发放',
  referral: '请班主任每周关注孩子情绪',
  referralDone: '班主任已建立每周谈心记录',
};

function personalValues(): string[] {
  return [
    application.applicant.name,
    application.applicant.phone,
    application.child.name,
    application.child.idNumber,
    application.address.detail,
    application.circumstances,
    volunteer.name,
    volunteer.phone,
    volunteer.idNumber,
    volunteer.experience,
    report.description,
    report.where.place,
    NAMED_REPORTER.name,
    NAMED_REPORTER.phone,
    ...Object.values(NOTES),
  ];
}

/** Every text in the database: every column of every row, and every encrypted value decrypted. */
async function everything(): Promise<string> {
  const tables = d1<{ name: string }>(
    server.persistDir,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_cf%' ESCAPE '\\'",
  ).map((t) => t.name);
  // One wrangler call for all the tables, one for all the encrypted columns.
  const plain = d1(server.persistDir, tables.map((t) => `SELECT * FROM ${t}`).join('; '));
  const sealed = d1<{ field: EncryptedField; value: string; context: string }>(
    server.persistDir,
    ENCRYPTED_COLUMNS.map(
      (c) =>
        `SELECT '${fieldOf(c)}' AS field, ${c.table}.${c.column} AS value, (${c.context}) AS context FROM ${c.table} WHERE ${c.table}.${c.column} IS NOT NULL`,
    ).join('; '),
  );
  const opened = await Promise.all(sealed.map((r) => decryptJson(TEST_SECRETS.DATA_KEY, r.field, r.context, r.value)));
  return [JSON.stringify(plain), ...opened.map((o) => JSON.stringify(o))].join('\n');
}

describe('an aged database', () => {
  it('keeps no name, phone, ID number or free text once everything is over and the periods have passed', async () => {
    const countyToken = await staffToken(server.persistDir, 'retention-county', 'county', ['*']);

    // Families: one withdraws, one is refused, one is approved (its child's file closes later).
    const family = (n: number) => ({
      ...application,
      child: { ...application.child, idNumber: undefined, name: `${application.child.name}${n}` },
    });
    const withdrawn = await call('/api/applications', { body: family(1), key: true });
    await call('/api/status/withdraw', { body: { reference: withdrawn.reference, accessCode: withdrawn.accessCode } });
    const refused = await call('/api/applications', { body: family(2), key: true });
    const approved = await call('/api/applications', { body: application, key: true });
    const fileOf = (reference: string) =>
      d1<{ reference: string }>(
        server.persistDir,
        `SELECT c.reference FROM cases c JOIN applications a ON a.case_id = c.id WHERE a.reference = '${reference}'`,
      )[0]!.reference;
    const refusedFile = fileOf(refused.reference!);
    const file = fileOf(approved.reference!);

    // 认定审核: the township sends both children; the county declines one with a reason and takes
    // the other in; the township visits, evaluates with a plan; the county decides and refers a
    // measure to 教育局, which answers.
    const townshipToken = await staffToken(server.persistDir, 'retention-township', 'township', ['dongshan']);
    const educationToken = await staffToken(server.persistDir, 'retention-education', 'department', ['dongshan'], {
      department: 'education',
    });
    const batch = await call('/api/staff/batches', { token: townshipToken, body: { cases: [refusedFile, file] } });
    await call(`/api/staff/batches/${batch.id}/screen`, {
      token: countyToken,
      body: {
        items: [
          { case: refusedFile, decision: 'declined', reason: NOTES.reject },
          { case: file, decision: 'accepted' },
        ],
      },
    });
    await call(`/api/staff/cases/${file}/visits`, {
      token: townshipToken,
      body: { visitedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), findings: NOTES.visit, with: NOTES.companions },
    });
    const plan = (await call(`/api/staff/cases/${file}/evaluations`, {
      token: townshipToken,
      body: {
        situation: NOTES.situation,
        means: NOTES.means,
        guardianship: NOTES.guardianship,
        proposedLevel: 'yellow',
        plan: [
          { entitlement: 'caring-mother-pairing', department: 'womensFederation' },
          { entitlement: 'nutrition-lunch', department: 'education' },
          { measure: NOTES.measure, department: 'education' },
        ],
      },
    })) as unknown as { items: { id: number }[] };
    await call(`/api/staff/cases/${file}/decisions`, {
      token: countyToken,
      body: { items: plan.items.map((i) => ({ planItem: i.id, decision: 'approved', publicNote: NOTES.publicNote })) },
    });
    const referral = await call(`/api/staff/cases/${file}/referrals`, {
      token: countyToken,
      body: {
        planItem: plan.items[2]!.id,
        department: 'education',
        dueBy: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        request: NOTES.referral,
      },
    });
    await call(`/api/staff/referrals/${referral.id}/response`, {
      token: educationToken,
      body: { outcome: 'done', note: NOTES.referralDone },
    });

    // The child's file: a follow-up visit, a risk level, a 摸底排查 record.
    await call(`/api/staff/cases/${file}/visits`, {
      token: countyToken,
      body: { visitedAt: new Date(Date.now() - 86_400_000).toISOString(), findings: NOTES.visit, with: NOTES.companions },
    });
    await call(`/api/staff/cases/${file}/risk`, { token: countyToken, body: { level: 'yellow', reason: NOTES.risk } });
    const round = await call('/api/staff/screening-rounds', { token: countyToken, body: { year: 2026, month: county.screeningMonths[0] } });
    await call(`/api/staff/screening-rounds/${round.id}/records`, {
      token: countyToken,
      body: {
        caseRef: file,
        village: application.address.village,
        result: 'screened',
        proposedLevel: 'yellow',
        reason: NOTES.screenReason,
        notes: NOTES.screenNotes,
      },
    });

    // A 爱心妈妈 screened, paired with the child (from another township, with a reason), in touch, then the pairing ends and she pauses.
    const mother = await call('/api/volunteers', { body: { ...volunteer, serve: { township: 'qingshui', village: '清水村' } }, key: true });
    const move = (to: string, reason?: string) =>
      call(`/api/staff/volunteers/${mother.reference}/transitions`, { token: countyToken, body: { to, ...(reason ? { reason } : {}) } });
    await move('reviewing');
    await move('background_check');
    await call(`/api/staff/volunteers/${mother.reference}/background-check`, {
      token: countyToken,
      body: {
        result: 'clear',
        checkedAt: new Date(Date.now() - 86_400_000).toISOString(),
        expiresAt: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      },
    });
    await move('training');
    await move('ready');
    const pairing = await call('/api/staff/pairings', {
      token: countyToken,
      body: { volunteer: mother.reference, case: file, overrideReason: NOTES.override },
    });
    await call(`/api/staff/pairings/${pairing.id}/contacts`, {
      token: countyToken,
      body: { at: new Date().toISOString(), note: NOTES.contact },
    });
    await call(`/api/staff/pairings/${pairing.id}/end`, { token: countyToken, body: { reason: NOTES.endPairing } });
    await move('inactive', NOTES.inactive);
    // Another volunteer is refused, a third withdraws.
    const refusedVolunteer = await call('/api/volunteers', { body: volunteer, key: true });
    await call(`/api/staff/volunteers/${refusedVolunteer.reference}/transitions`, {
      token: countyToken,
      body: { to: 'rejected', reason: NOTES.reject },
    });
    const leaving = await call('/api/volunteers', { body: volunteer, key: true });
    await call('/api/status/withdraw', { body: { reference: leaving.reference, accessCode: leaving.accessCode } });

    // A named reporter's report: triaged into a new file, verified, closed; the file closes too.
    const seen = await call('/api/reports', { body: { ...report, reporter: NAMED_REPORTER }, key: true });
    const triaged = await call(`/api/staff/reports/${seen.reference}/triage`, {
      token: countyToken,
      body: { township: report.where.township, newCase: true, internalNote: NOTES.triage },
    });
    await call(`/api/staff/reports/${seen.reference}/transitions`, { token: countyToken, body: { to: 'verified' } });
    await call(`/api/staff/reports/${seen.reference}/transitions`, {
      token: countyToken,
      body: { to: 'closed', internalNote: NOTES.triage },
    });
    for (const ref of [file, triaged.linkedCase!])
      await call(`/api/staff/cases/${ref}/transitions`, { token: countyToken, body: { to: 'closed', reason: NOTES.close } });

    const values = personalValues();
    const before = await everything();
    const foundBefore = values.filter((v) => before.includes(v));
    // The search finds what is there: every value was written somewhere.
    expect(foundBefore).toEqual(values);

    // The nightly cron, run at a time past every period the county sets.
    const days = Math.max(county.retentionDays.closedApplications, county.retentionDays.closedReports) + 1;
    const at = Date.now() + days * 86_400_000;
    const query = `cron=${encodeURIComponent('0 19 * * *')}&time=${at}`;
    let cron = await fetch(`${server.url}/cdn-cgi/handler/scheduled?${query}`);
    if (cron.status === 404) cron = await fetch(`${server.url}/__scheduled?${query}`);
    expect(cron.status).toBe(200);
    // The cron's tasks run after the answer (waitUntil): wait for retention's line in the log.
    for (let i = 0; i < 100 && !server.output().includes('retention: purged'); i++) await new Promise((r) => setTimeout(r, 100));

    const after = await everything();
    const left = values.filter((v) => after.includes(v));
    const purged = d1<{ n: number }>(
      server.persistDir,
      'SELECT (SELECT count(*) FROM applications WHERE purged_at IS NOT NULL) + (SELECT count(*) FROM volunteers WHERE purged_at IS NOT NULL) + (SELECT count(*) FROM reports WHERE purged_at IS NOT NULL) + (SELECT count(*) FROM cases WHERE purged_at IS NOT NULL) AS n',
    )[0]!.n;
    record(
      'retention',
      `a database aged ${days} days past a county's work (3 applications, 3 volunteers, 1 report, 3 child files, 认定审核 with a batch, an evaluation, decisions and a referral, visits, risk, screening, a pairing, text messages), by the nightly cron at a fixed time`,
      {
        'personal values written': values.length,
        'found before the cron': foundBefore.length,
        'records purged': purged,
        'personal values left after': left.length ? left.join('、') : 0,
      },
    );
    expect(left).toEqual([]);
  });
});
