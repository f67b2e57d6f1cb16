/**
 * What the operator commands (staff:add, keys:rotate, audit:verify) share: their options, the
 * way to the database and the audit bucket (--remote, --persist-to), the DATA_KEY, and how they
 * give up.
 *
 * Locally, the D1 and R2 that `wrangler dev` keeps in .wrangler/state (or --persist-to), through
 * wrangler's own platform proxy: one workerd for the whole command, however many statements it
 * runs. With --remote, production through `wrangler d1 execute --remote` and `wrangler r2 object
 * get --remote`, one call each, as the account's credentials allow.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { t } from '#src/i18n/index.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The message on stderr, and exit code 2: the command was not run as asked. */
export function fail(message: string): never {
  console.error(t('cli.error', { message }));
  process.exit(2);
}

export { quote } from '../lib/rotation.ts';

/** The local DATA_KEY, from the .dev.vars that `npm start` wrote. */
function dataKeyFromDevVars(): string | undefined {
  const file = path.join(ROOT, '.dev.vars');
  if (!existsSync(file)) return undefined;
  return /^DATA_KEY="?([^"\n]*)"?$/m.exec(readFileSync(file, 'utf8'))?.[1];
}

/** DATA_KEY from the environment; locally, failing that, from .dev.vars. */
export const dataKeyFor = (where: Where): string | undefined => process.env.DATA_KEY || (where.remote ? undefined : dataKeyFromDevVars());

export interface Database {
  /** The rows of one statement. */
  query<T>(sql: string): Promise<T[]>;
  /** Statements run together, in order. */
  exec(statements: string[]): Promise<void>;
  /** The text of an object in the audit bucket, or null when there is none. */
  auditObject(key: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface Where {
  remote: boolean;
  /** The state folder of `wrangler dev --persist-to` (local only). */
  persistTo?: string;
}

/** The options that say where: every command takes them. */
const WHERE_OPTIONS = {
  remote: { type: 'boolean', default: false },
  'persist-to': { type: 'string' },
} as const;

/** The options after the command's name (`npm run x -- …`): the command's own, and where (WHERE_OPTIONS). */
export function commandOptions<const O extends NonNullable<ParseArgsConfig['options']>>(options: O) {
  const { values } = parseArgs({ args: process.argv.slice(3), options: { ...options, ...WHERE_OPTIONS } });
  // parseArgs types the values by the options at the call, not within this generic function.
  const { remote, 'persist-to': persistTo } = values as { remote: boolean; 'persist-to'?: string };
  return { values, where: { remote, persistTo } satisfies Where };
}

const AUDIT_BUCKET = 'tonghu-audit';

export async function openDatabase(where: Where): Promise<Database> {
  return where.remote ? remote() : local(where.persistTo);
}

interface LocalEnv {
  DB: D1Database;
  AUDIT_BUCKET: R2Bucket;
}

async function local(persistTo: string | undefined): Promise<Database> {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  process.env.WRANGLER_SEND_METRICS = 'false';
  const { getPlatformProxy } = await import('wrangler');
  // wrangler dev keeps its state in <folder>/v3; the proxy is given that v3 folder itself.
  const state = path.join(path.resolve(ROOT, persistTo ?? '.wrangler/state'), 'v3');
  let proxy: Awaited<ReturnType<typeof getPlatformProxy<LocalEnv>>>;
  try {
    proxy = await getPlatformProxy<LocalEnv>({ configPath: path.join(ROOT, 'wrangler.toml'), persist: { path: state } });
  } catch (error) {
    fail(t('cli.wranglerFailed', { output: error instanceof Error ? error.message : String(error) }));
  }
  const { DB, AUDIT_BUCKET: bucket } = proxy.env;
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      await proxy.dispose();
      fail(t('cli.wranglerFailed', { output: error instanceof Error ? error.message : String(error) }));
    }
  };
  return {
    query: <T>(sql: string) => run(async () => (await DB.prepare(sql).all<T>()).results),
    exec: (statements) => run(async () => void (await DB.batch(statements.map((s) => DB.prepare(s))))),
    auditObject: (key) => run(async () => (await bucket.get(key))?.text() ?? null),
    close: () => proxy.dispose(),
  };
}

function wrangler(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(path.join(ROOT, 'node_modules/.bin/wrangler'), [...args, '--remote'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
}

function d1(args: string[]): { results: unknown[] }[] {
  const res = wrangler(['d1', 'execute', 'DB', '--yes', '--json', ...args]);
  if (res.status !== 0) fail(t('cli.wranglerFailed', { output: res.stderr || res.stdout }));
  return JSON.parse(res.stdout) as { results: unknown[] }[];
}

function remote(): Database {
  return {
    query: async <T>(sql: string) => d1(['--command', sql]).flatMap((r) => r.results as T[]),
    async exec(statements) {
      // A file, not --command: a batch of ciphertexts is longer than one argument may be.
      const dir = mkdtempSync(path.join(tmpdir(), 'tonghu-sql-'));
      try {
        const file = path.join(dir, 'batch.sql');
        writeFileSync(file, statements.map((s) => `${s};`).join('\n'));
        d1(['--file', file]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async auditObject(key) {
      const res = wrangler(['r2', 'object', 'get', `${AUDIT_BUCKET}/${key}`, '--pipe']);
      return res.status === 0 ? res.stdout : null;
    },
    close: async () => {},
  };
}
