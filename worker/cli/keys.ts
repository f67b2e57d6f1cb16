/**
 * DATA_KEY rotation from the command line, against the local D1 (default) or production (--remote):
 *
 *   DATA_KEY="<new key>,<old key>" npm run keys:rotate -- --remote
 *   npm run keys:rotate                       # local: reads DATA_KEY from .dev.vars
 *
 * Re-encrypts every encrypted value under the first key of the ring, in batches, then retires
 * the old key's fingerprint, after which the Worker's DATA_KEY can hold the new key alone
 * (docs/deploy.md). Values written before fields were bound (v2, v1: bound to their record
 * only) are rewritten as v3, bound to their record and field — with the same key too, so a
 * run with one key does that alone. Each batch is committed as it goes: a run cut short is
 * resumed by running it again. It refuses a ring that lacks a key the data was written with.
 * Keys are read from the environment or .dev.vars, never from the command line (shell history).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { keyRing, KeyUnavailableError } from '../lib/crypto.ts';
import { missingDataKeys, retireOldDataKeys, rotateDataKey, staleCount, type Sql } from '../lib/rotation.ts';
import { t } from '#src/i18n/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function fail(message: string): never {
  console.error(t('cli.error', { message }));
  process.exit(2);
}

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
    batch: { type: 'string', default: '100' },
  },
});

function wrangler(args: string[]): string {
  const all = ['d1', 'execute', 'DB', values.remote ? '--remote' : '--local', '--yes', '--json', ...args];
  if (values['persist-to']) all.push('--persist-to', values['persist-to']);
  const res = spawnSync(path.join(ROOT, 'node_modules/.bin/wrangler'), all, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
  if (res.status !== 0) fail(t('cli.wranglerFailed', { output: res.stderr || res.stdout }));
  return res.stdout;
}

const sql: Sql = {
  async query<T>(text: string) {
    const out = JSON.parse(wrangler(['--command', text])) as { results: T[] }[];
    return out.flatMap((r) => r.results);
  },
  async exec(statements: string[]) {
    // A file, not --command: a batch of ciphertexts is longer than one argument may be.
    const dir = mkdtempSync(path.join(tmpdir(), 'tonghu-rotate-'));
    try {
      const file = path.join(dir, 'batch.sql');
      writeFileSync(file, statements.map((s) => `${s};`).join('\n'));
      wrangler(['--file', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function dataKeyFromDevVars(): string | undefined {
  const file = path.join(ROOT, '.dev.vars');
  if (!existsSync(file)) return undefined;
  return /^DATA_KEY="?([^"\n]*)"?$/m.exec(readFileSync(file, 'utf8'))?.[1];
}

const command = process.argv[2];
if (command !== 'rotate') fail(t('cli.keys.usage'));
const dataKey = process.env.DATA_KEY || (values.remote ? undefined : dataKeyFromDevVars());
if (!dataKey) fail(t('cli.keys.missing'));
let ring;
try {
  ring = await keyRing('DATA_KEY', dataKey);
} catch (error) {
  if (error instanceof KeyUnavailableError) fail(t('cli.keys.unusable', { problem: error.problem }));
  throw error;
}
const batch = Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 500) fail(t('cli.keys.batch'));
if ((await missingDataKeys(sql, dataKey)) > 0) fail(t('cli.keys.oldKeyMissing'));

console.log(t('cli.keys.start', { id: ring.active.id, keys: ring.keys.length, batch }));
const report = await rotateDataKey(sql, dataKey, batch, (p) =>
  console.log(
    t('cli.keys.progress', {
      table: p.table,
      column: p.column,
      rewritten: p.rewritten,
      upgraded: p.upgraded ? t('cli.keys.progressUpgraded', { upgraded: p.upgraded }) : '',
    }),
  ),
);
console.log(t('cli.keys.rewritten', { rewritten: report.rewritten, upgraded: report.upgraded }));
if (report.broken.length) {
  // Row ids only: which value, never what it holds.
  const where = report.broken.map((b) => t('cli.keys.brokenAt', { table: b.table, column: b.column, id: b.id })).join('、');
  fail(t('cli.keys.broken', { count: report.broken.length, where }));
}
const left = await staleCount(sql, dataKey);
if (left > 0) fail(t('cli.keys.left', { left }));
await retireOldDataKeys(sql, dataKey, Date.now());
console.log(t(ring.keys.length > 1 ? 'cli.keys.done' : 'cli.keys.doneOneKey', { id: ring.active.id }));
