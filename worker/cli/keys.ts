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

const ROOT = path.resolve(import.meta.dirname, '../..');

function fail(message: string): never {
  console.error(`错误：${message}`);
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
  if (res.status !== 0) fail(`wrangler d1 execute 失败：\n${res.stderr || res.stdout}`);
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
if (command !== 'rotate') fail('用法：DATA_KEY="<新密钥>,<旧密钥>" npm run keys:rotate -- [--remote] [--batch 100]');
const dataKey = process.env.DATA_KEY || (values.remote ? undefined : dataKeyFromDevVars());
if (!dataKey) fail('请在环境变量 DATA_KEY 里给出密钥环（新密钥在前，旧密钥在后，用逗号分开），与 Worker 的 DATA_KEY 相同');
let ring;
try {
  ring = await keyRing('DATA_KEY', dataKey);
} catch (error) {
  if (error instanceof KeyUnavailableError) fail(`DATA_KEY 不能使用（${error.problem}）：每个密钥都要是 32 字节随机数的 base64`);
  throw error;
}
const batch = Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 500) fail('--batch 请写 1 到 500 之间的整数');
if ((await missingDataKeys(sql, dataKey)) > 0) fail('DATA_KEY 里缺少加密现有数据时用过的密钥：请把旧密钥放在新密钥后面，一起给出，再运行');

console.log(
  `把全部加密数据改用密钥 ${ring.active.id} 重新加密，每条绑定到所在记录和字段（共 ${ring.keys.length} 个密钥，每批 ${batch} 条）…`,
);
const report = await rotateDataKey(sql, dataKey, batch, (p) =>
  console.log(`  ${p.table}.${p.column}：${p.rewritten} 条${p.upgraded ? `（其中 ${p.upgraded} 条原来只绑定记录）` : ''}`),
);
console.log(`已重新加密 ${report.rewritten} 条，其中 ${report.upgraded} 条原来只绑定记录、现在也绑定字段。`);
if (report.broken.length) {
  // Row ids only: which value, never what it holds.
  const where = report.broken.map((b) => `${b.table}.${b.column} 第 ${b.id} 行`).join('、');
  fail(`${report.broken.length} 条打不开（被改动过，或从别的记录、别的字段移过来），没有改动：${where}。请核查这些记录；旧密钥先不要停用`);
}
const left = await staleCount(sql, dataKey);
if (left > 0) fail(`还有 ${left} 条没有改完（运行期间有人修改了它们）：请再运行一次，已改完的不会重做`);
await retireOldDataKeys(sql, dataKey, Date.now());
console.log(
  ring.keys.length > 1
    ? `完成：旧密钥已停用。现在可以把 Worker 的 DATA_KEY 改为只有新密钥 ${ring.active.id}。`
    : `完成：全部数据都在密钥 ${ring.active.id} 下，绑定到所在记录和字段。`,
);
