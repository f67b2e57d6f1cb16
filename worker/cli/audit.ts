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
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyChain, type AuditHead, type ChainRow } from '../lib/audit-chain.ts';
import { t } from '#src/i18n/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUCKET = 'tonghu-audit';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
    days: { type: 'string', default: '7' },
    page: { type: 'string', default: '2000' },
  },
});

function fail(message: string): never {
  console.error(t('cli.error', { message }));
  process.exit(2);
}

function wrangler(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const all = [...args, values.remote ? '--remote' : '--local'];
  if (values['persist-to']) all.push('--persist-to', values['persist-to']);
  return spawnSync(path.join(ROOT, 'node_modules/.bin/wrangler'), all, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
}

function query<T>(sql: string): T[] {
  const res = wrangler(['d1', 'execute', 'DB', '--yes', '--json', '--command', sql]);
  if (res.status !== 0) fail(t('cli.wranglerFailed', { output: res.stderr || res.stdout }));
  return (JSON.parse(res.stdout) as { results: T[] }[]).flatMap((r) => r.results);
}

const page = Number(values.page);
async function* rows(): AsyncIterable<ChainRow[]> {
  for (let after = 0; ;) {
    const batch = query<ChainRow>(
      `SELECT id, at, staff_id AS staffId, action, record_kind AS recordKind, record_ref AS recordRef, outcome, detail,
              prev_hash AS prevHash, hash FROM audit_log WHERE id > ${after} ORDER BY id LIMIT ${page}`,
    );
    if (!batch.length) return;
    yield batch;
    after = batch.at(-1)!.id;
  }
}

/** The newest head in R2 within the last `days` days (China dates), if any. */
function newestHead(days: number): AuditHead | null {
  for (let d = 0; d <= days; d++) {
    const date = new Date(Date.now() + 8 * 3600_000 - d * 86_400_000).toISOString().slice(0, 10);
    const res = wrangler(['r2', 'object', 'get', `${BUCKET}/audit-head/${date}.json`, '--pipe']);
    if (res.status === 0 && res.stdout.trim().startsWith('{')) return JSON.parse(res.stdout) as AuditHead;
  }
  return null;
}

if (process.argv[2] !== 'verify') fail(t('cli.audit.usage'));
const head = newestHead(Number(values.days));
const report = await verifyChain(rows(), head ? [head] : []);
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
