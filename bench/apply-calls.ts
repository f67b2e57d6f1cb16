/**
 * Where the time of one POST /api/applications and one POST /api/status goes, call by call:
 * `node --experimental-transform-types bench/apply-calls.ts [baseline-dir] [rounds]` (the flag: the
 * Worker's code has TypeScript that type stripping alone does not run). A baseline is made with
 * `git archive <commit> | tar -x -C <dir>` and `ln -s $PWD/node_modules <dir>/`. Not part of
 * `npm run bench` (it writes no table); docs/performance.md ("Where the targets are missed")
 * gives what it found.
 *
 * The Worker's own service code (createApplication, lookupStatus) runs in Node against the
 * bindings of `wrangler dev` (wrangler's getPlatformProxy: the local D1, the [[ratelimits]]
 * emulation and the local queue), each binding wrapped so that every call it makes is listed in
 * order with its time. With a baseline directory (a copy of the project at another commit, with
 * node_modules linked), its code runs too, interleaved with this one's on the same database in
 * the same run, so the two are compared side by side on a busy machine.
 *
 * Each call here crosses Node → workerd over loopback, dearer than the Worker's own call to the
 * local D1 inside workerd: what counts is the number of round trips and their ratios.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { getPlatformProxy } from 'wrangler';
import application from '#tests/fixtures/api/application.json' with { type: 'json' };
import { newPersistDir, TEST_SECRETS } from '#tests/support/server.ts';
import { ROOT } from '#src/integrations/content-files.ts';
import { copyProject, setLimits } from './lib/project-copy.ts';
import { median } from './lib/report.ts';

interface Call {
  what: string;
  ms: number;
  start: number;
  end: number;
}

/** How long the calls kept the caller waiting: the union of their intervals (concurrent calls count once). */
function waited(log: Call[]): number {
  let total = 0;
  let until = -Infinity;
  for (const c of [...log].sort((a, b) => a.start - b.start)) {
    if (c.end <= until) continue;
    total += c.end - Math.max(c.start, until);
    until = c.end;
  }
  return total;
}

function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ');
  if (/from "applications" where "applications"\."idempotency_key"/i.test(s)) return 'D1 replay: application by idempotency key';
  if (/from "case_index" (inner )?join "cases"/i.test(s)) return 'D1 find file: blind index joined with the file';
  if (/from "case_index"/i.test(s)) return 'D1 find file: case_index by blind index';
  if (/from "cases" where "cases"\."id" in/i.test(s)) return 'D1 find file: cases by id (follow merges)';
  return `D1 ${s.slice(0, 70)}`;
}

/** Calls that had to wait for one another: a call starting before the previous one ended does not count again. */
function roundTrips(log: Call[]): number {
  let n = 0;
  let until = -Infinity;
  for (const c of [...log].sort((a, b) => a.start - b.start)) {
    if (c.start >= until) n++;
    until = Math.max(until, c.end);
  }
  return n;
}

/** The bindings of `env`, each call timed into `log`. */
function timedEnv(env: Record<string, unknown>, log: Call[]): Record<string, unknown> {
  const real = new WeakMap<object, unknown>();
  const time = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      const end = performance.now();
      log.push({ what, ms: end - start, start, end });
    }
  };
  const statement = (s: Record<string, unknown>, text: string): object => {
    const wrapped = new Proxy(s, {
      get(target, p) {
        if (p === 'bind') return (...args: unknown[]) => statement((target.bind as (...a: unknown[]) => never)(...args), text);
        if (p === 'all' || p === 'raw' || p === 'run' || p === 'first')
          return (...args: unknown[]) => time(label(text), () => (target[p] as (...a: unknown[]) => Promise<unknown>)(...args));
        const v = Reflect.get(target, p) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    real.set(wrapped, s);
    return wrapped;
  };
  const db = env.DB as Record<string, (...a: unknown[]) => unknown>;
  const DB = {
    prepare: (text: string) => statement(db.prepare!(text) as Record<string, unknown>, text),
    batch: (statements: object[]) =>
      time(`D1 batch of ${statements.length}`, () => db.batch!(statements.map((s) => real.get(s) ?? s)) as Promise<unknown>),
    exec: (text: string) => db.exec!(text),
  };
  const out: Record<string, unknown> = { ...env, DB };
  for (const [name, binding] of Object.entries(env)) {
    if (name.endsWith('_LIMITER'))
      out[name] = {
        limit: (o: unknown) => time(`ratelimit ${name}`, () => (binding as { limit: (o: unknown) => Promise<unknown> }).limit(o)),
      };
  }
  const queue = env.SMS_QUEUE as { sendBatch: (m: unknown) => Promise<unknown>; send: (m: unknown) => Promise<unknown> };
  out.SMS_QUEUE = { sendBatch: (m: unknown) => time('queue SMS_QUEUE.sendBatch', () => queue.sendBatch(m)), send: queue.send.bind(queue) };
  return out;
}

type Code = {
  createApplication: (env: never, db: never, body: never, key: string, ip: string) => Promise<{ reference: string; accessCode: string }>;
  lookupStatus: (env: never, db: never, reference: string, code: string) => Promise<unknown>;
  database: (d1: never) => never;
};

async function load(root: string): Promise<Code> {
  const { createApplication } = await import(path.join(root, 'worker/services/applications.ts'));
  const { lookupStatus } = await import(path.join(root, 'worker/services/intake.ts'));
  const { database } = await import(path.join(root, 'worker/db/client.ts'));
  return { createApplication, lookupStatus, database };
}

const baseline = process.argv[2];
const rounds = Number(process.argv[3] ?? 60);
const dir = copyProject();
setLimits(dir);
const persist = newPersistDir(dir);
const proxy = await getPlatformProxy<Record<string, unknown>>({
  configPath: path.join(dir, 'wrangler.toml'),
  persist: { path: path.join(persist, 'v3') },
  envFiles: [],
  remoteBindings: false,
});
try {
  const variants: [string, Code][] = [['this tree', await load(ROOT)]];
  if (baseline) variants.unshift(['baseline', await load(path.resolve(baseline))]);
  const plain = { ...proxy.env, ...TEST_SECRETS } as Record<string, unknown>;
  const d1 = plain.DB as D1Database;
  // A round trip doing nothing, for scale.
  const nothing: number[] = [];
  const calls: Record<string, Record<string, number[]>> = {};
  const totals: Record<string, Record<string, number[]>> = {};
  const waits: Record<string, Record<string, number[]>> = {};
  const trips: Record<string, Record<string, number[]>> = {};
  const order: Record<string, Record<string, string[]>> = {};
  const receipts: { reference: string; accessCode: string }[] = [];
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await d1.prepare('SELECT 1').first();
    nothing.push(performance.now() - t0);
    // Alternate which variant goes first.
    for (const [name, code] of r % 2 ? [...variants].reverse() : variants) {
      for (const op of ['application', 'status'] as const) {
        const log: Call[] = [];
        const env = timedEnv(plain, log);
        const db = code.database(env.DB as never);
        const t1 = performance.now();
        if (op === 'application') {
          const receipt = await code.createApplication(
            env as never,
            db,
            structuredClone(application) as never,
            `calls-${Date.now()}-${n++}`,
            `10.0.0.${r % 250}`,
          );
          receipts.push(receipt);
        } else {
          const receipt = receipts[Math.floor(Math.random() * receipts.length)]!;
          await code.lookupStatus(env as never, db, receipt.reference, receipt.accessCode);
        }
        const total = performance.now() - t1;
        if (r === 0) continue; // first round: imports and isolates warming up
        const key = `${name} · ${op}`;
        ((totals[op] ??= {})[name] ??= []).push(total);
        ((waits[op] ??= {})[name] ??= []).push(waited(log));
        ((trips[op] ??= {})[name] ??= []).push(roundTrips(log));
        (order[op] ??= {})[name] = log.map((c) => c.what);
        for (const c of log) (((calls[key] ??= {})[c.what] ??= []) as number[]).push(c.ms);
      }
    }
  }
  const f = (x: number) => x.toFixed(2);
  console.log(`\n${rounds - 1} rounds; a SELECT 1 round trip: median ${f(median(nothing))} ms\n`);
  for (const op of ['application', 'status'] as const) {
    for (const [name] of variants) {
      const key = `${name} · ${op}`;
      console.log(
        `${key}: ${median(trips[op]![name]!)} round trips in a row, waiting on the bindings ${f(median(waits[op]![name]!))} ms ` +
          `(median; the whole call ${f(median(totals[op]![name]!))} ms, most of it the proxy's own work in Node). Calls in order:`,
      );
      const seen = new Set<string>();
      for (const what of order[op]![name]!) {
        if (seen.has(what)) continue;
        seen.add(what);
        const times = calls[key]![what]!;
        const per = times.length / (rounds - 1);
        console.log(`  ${what.padEnd(60)} ×${per.toFixed(1)}  median ${f(median(times))} ms`);
      }
    }
    console.log();
  }
} finally {
  await proxy.dispose();
  rmSync(persist, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
