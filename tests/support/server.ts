/**
 * Starts `wrangler dev` on a free loopback port with its own local D1 state, the way
 * `npm start` does, for the browser tests, the reliability suite and the benchmarks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './content.ts';

export interface DevServer {
  url: string;
  port: number;
  persistDir: string;
  process: ChildProcess;
  /** Everything the Worker printed (for the privacy check on logs). */
  output: () => string;
  /**
   * Ends wrangler and workerd, then deletes the D1 state folder if startServer made it. SIGKILL
   * stands for a crash and keeps the folder: a server restarted on it deletes it when stopped.
   */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Test-only secrets: never the ones in .dev.vars or production. */
export const TEST_SECRETS = {
  DATA_KEY: 'dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmZ2g=',
  HMAC_KEY: 'dGVzdC1obWFjLWtleS0wMTIzNDU2Nzg5YWJjZGVmZ2g=',
  INDEX_KEY: 'dGVzdC1pbmRleC1rZXktMDEyMzQ1Njc4OWFiY2RlZmc=',
};

const WRANGLER = path.join(ROOT, 'node_modules/.bin/wrangler');
const ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** State folders made by startServer in this process: its own to delete, unlike one a caller passes in. */
const madeHere = new Set<string>();

export function newPersistDir(root = ROOT): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tonghu-d1-'));
  const res = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], {
    cwd: root,
    env: ENV,
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`wrangler d1 migrations apply failed:\n${res.stdout}\n${res.stderr}`);
  }
  return dir;
}

export interface ServerOptions {
  persistDir?: string;
  port?: number;
  vars?: Record<string, string>;
  /** Project directory to serve (a benchmark's throwaway copy); the repository by default. */
  root?: string;
  /** wrangler's --log-level; benchmarks use 'warn' so printing a line per request costs nothing. */
  logLevel?: 'debug' | 'info' | 'log' | 'warn' | 'error';
  /** Further `wrangler dev` flags (--test-scheduled, to run the cron at a chosen time). */
  args?: string[];
  /** Whether /api/health must say ok before the server counts as up (false: any answer, e.g. a 503 for a wrong key). */
  healthy?: boolean;
}

export async function startServer(options: ServerOptions = {}): Promise<DevServer> {
  const root = options.root ?? ROOT;
  if (!existsSync(path.join(root, 'dist/index.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  const persistDir = options.persistDir ?? newPersistDir(root);
  if (!options.persistDir) madeHere.add(persistDir);
  const removeState = () => {
    if (madeHere.delete(persistDir)) rmSync(persistDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const port = options.port ?? (await freePort());
  // Test servers sign staff in with the token alone (allowed on loopback only, lib/staff-session.ts);
  // the sign-in test turns the second factor back on (vars: { STAFF_SECOND_FACTOR: 'on' }).
  const vars = { ...TEST_SECRETS, STAFF_SECOND_FACTOR: 'off', ...options.vars };
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistDir, '--show-interactive-dev-session=false'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  if (options.logLevel) args.push('--log-level', options.logLevel);
  args.push(...(options.args ?? []));
  const child = spawn(WRANGLER, args, { cwd: root, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      removeState();
      throw new Error(`wrangler dev exited early:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok || (options.healthy === false && res.status === 503)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      removeState();
      throw new Error(`wrangler dev did not answer /api/health within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    persistDir,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        try {
          process.kill(-child.pid!, signal); // the whole group: wrangler and workerd
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // the group is gone already
        }
      }
      if (signal !== 'SIGKILL') removeState();
    },
  };
}

const sessions = new Map<string, string>();

/**
 * A staff session for a personal token on a test server (whose second factor is off): what a
 * script sends as `Authorization: Bearer ts_…`, as docs/api.md shows. One per server and token.
 */
export async function staffSession(url: string, token: string): Promise<string> {
  const key = `${url} ${token}`;
  let session = sessions.get(key);
  if (!session) {
    const res = await fetch(`${url}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, bearer: true }),
    });
    if (res.status !== 201) throw new Error(`staff sign-in failed: ${res.status} ${await res.text()}`);
    session = ((await res.json()) as { session: string }).session;
    sessions.set(key, session);
  }
  return session;
}

export interface StaffAccount {
  name: string;
  role: string;
  /** A township's name, or `all` (county, admin). */
  township: string;
  /** With the role `department`: the member department's key (`education`, …). */
  department?: string;
  /** The phone the sign-in code goes to, encrypted under the test servers' DATA_KEY. */
  phone?: string;
}

/**
 * An account made by the documented command (`npm run staff:add`) in a test server's local D1;
 * its personal token, the last line the command prints.
 */
export function addStaffAccount(persistDir: string, account: StaffAccount): string {
  const res = spawnSync(
    'npm',
    [
      'run',
      '--silent',
      'staff:add',
      '--',
      '--name',
      account.name,
      '--role',
      account.role,
      ...(account.department ? ['--department', account.department] : []),
      '--township',
      account.township,
      ...(account.phone ? ['--phone', account.phone] : []),
      '--persist-to',
      persistDir,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATA_KEY: TEST_SECRETS.DATA_KEY } },
  );
  if (res.status !== 0) throw new Error(`npm run staff:add failed:\n${res.stderr}`);
  return res.stdout.trim().split('\n').at(-1)!;
}
