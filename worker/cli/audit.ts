/**
 * Checks the audit log's hash chain, against the local D1 (default) or production (--remote):
 *
 *   npm run audit:verify                  # local, with the heads in the local R2
 *   npm run audit:verify -- --remote      # production D1 and the AUDIT_BUCKET heads
 *
 * Reads every row in id order, recomputes each hash and link (worker/lib/audit-chain.ts), and
 * compares with the newest nightly head found in R2 (the last --days days): it names the first
 * row that was changed, removed or inserted, and exits 1 then. Nothing is written.
 */
import { verifyChain, type AuditHead, type ChainRow } from '../lib/audit-chain.ts';
import { commandOptions, fail, openDatabase } from './database.ts';
import { t } from '#src/i18n/index.ts';

const { values, where } = commandOptions({
  days: { type: 'string', default: '7' },
  page: { type: 'string', default: '2000' },
});

if (process.argv[2] !== 'verify') fail(t('cli.audit.usage'));
const db = await openDatabase(where);
const page = Number(values.page);
async function* rows(): AsyncIterable<ChainRow[]> {
  for (let after = 0; ;) {
    const batch = await db.query<ChainRow>(
      `SELECT id, at, staff_id AS staffId, action, record_kind AS recordKind, record_ref AS recordRef, outcome, detail,
              prev_hash AS prevHash, hash FROM audit_log WHERE id > ${after} ORDER BY id LIMIT ${page}`,
    );
    if (!batch.length) return;
    yield batch;
    after = batch.at(-1)!.id;
  }
}

/** The newest head in R2 within the last `days` days (China dates), if any. */
async function newestHead(days: number): Promise<AuditHead | null> {
  for (let d = 0; d <= days; d++) {
    const date = new Date(Date.now() + 8 * 3600_000 - d * 86_400_000).toISOString().slice(0, 10);
    const text = await db.auditObject(`audit-head/${date}.json`);
    if (text?.trim().startsWith('{')) return JSON.parse(text) as AuditHead;
  }
  return null;
}

const head = await newestHead(Number(values.days));
const report = await verifyChain(rows(), head ? [head] : []);
await db.close();
console.log(
  head ? t('cli.audit.head', { date: head.date, id: head.id, hash: head.hash.slice(0, 16) }) : t('cli.audit.noHead', { days: values.days }),
);
if (report.ok) {
  console.log(
    t('cli.audit.ok', {
      checked: report.checked,
      newest: report.head ? t('cli.audit.newest', { id: report.head.id, hash: report.head.hash.slice(0, 16) }) : '',
    }),
  );
  if (report.pending) console.log(t('cli.audit.pending', { pending: report.pending }));
} else {
  const why = {
    hash: t('cli.audit.why.hash'),
    link: t('cli.audit.why.link'),
    gap: t('cli.audit.why.gap'),
    unsealed: t('cli.audit.why.unsealed'),
    head: t('cli.audit.why.head'),
  }[report.broken!.why];
  console.error(t('cli.audit.broken', { id: report.broken!.id, why, checked: report.checked }));
  process.exit(1);
}
