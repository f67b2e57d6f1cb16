/**
 * The API under load: wrk (Debian's package) on loopback against wrangler dev, for
 * POST /api/applications, POST /api/status, POST /api/eligibility and a static page, at 8, 32
 * and 128 connections, in one run, endpoints interleaved. Throughput is reported as a ratio
 * to the static page measured alongside, since the machine is shared.
 *
 * The server is a throwaway copy of the project whose [[ratelimits]] are raised: status lookups
 * are limited to 5 a minute per reference in production, which would turn a benchmark of the
 * lookup into a benchmark of the 429. The limiter itself is exercised by the reliability suite.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '#src/integrations/content-files.ts';
import application from '#tests/fixtures/api/application.json' with { type: 'json' };
import eligibility from '#tests/fixtures/api/eligibility.json' with { type: 'json' };
import { submit } from '#tests/reliability/support.ts';
import { serveCopy, servingCopy } from './lib/project-copy.ts';
import { median, table, type Section } from './lib/report.ts';

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal here (no \u escapes in our fixtures)

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
}

function parseMs(text: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

export function wrk(url: string, connections: number, seconds: number, script?: string): WrkResult {
  const args = ['-t', String(Math.min(2, connections)), '-c', String(connections), '-d', `${seconds}s`, '--latency', '--timeout', '10s'];
  if (script) args.push('-s', script);
  args.push(url);
  const res = spawnSync('wrk', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`wrk failed: ${res.stderr || res.stdout}`);
  const out = res.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = parseMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = parseMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, non2xx, requests };
}

/**
 * A wrk script posting one application per request, each under an idempotency key of its own
 * (`keyPrefix-…`). `body` is a Lua expression, which may use the request's `thread_id` and `counter`.
 */
export function applicationsScript(keyPrefix: string, body: string): string {
  return `
-- A fresh seed per wrk run: with Lua's fixed default seed every run would send the same
-- idempotency keys, and all but the first would measure replays (or 409s for another body).
math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
local counter = 0
local thread_id = 0
function setup(thread) thread:set("tid", math.random(1, 1e9)) end
function init(args) thread_id = tid or math.random(1, 1e9) end
request = function()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "${keyPrefix}-" .. thread_id .. "-" .. counter .. "-" .. math.random(1, 1e9) }
  return wrk.format("POST", "/api/applications", headers, ${body})
end`;
}

/** wrk scripts: unique idempotency keys per request; lookups cycle through seeded receipts. */
function writeScripts(dir: string, receipts: { reference: string; accessCode: string }[]): Record<string, string> {
  const files: Record<string, string> = {
    applications: applicationsScript('bench', lua(JSON.stringify(application))),
    status: `
local bodies = { ${receipts.map((r) => lua(JSON.stringify(r))).join(', ')} }
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/status", { ["Content-Type"] = "application/json" }, bodies[(i % #bodies) + 1])
end`,
    eligibility: `
request = function()
  return wrk.format("POST", "/api/eligibility", { ["Content-Type"] = "application/json" }, ${lua(JSON.stringify(eligibility))})
end`,
  };
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = path.join(dir, `${name}.lua`);
    writeFileSync(paths[name], text);
  }
  return paths;
}

export const ENDPOINTS = ['static page', 'POST /api/applications', 'POST /api/status', 'POST /api/eligibility'] as const;

/**
 * A throwaway copy serving dist/ with every [[ratelimits]] binding raised, or removed (enforce()
 * lets a request through when its binding is missing), seeded with 50 applications.
 */
async function benchServer(limiter: 'raised' | 'removed') {
  const { dir, server: started, close } = await serveCopy(servingCopy(limiter));
  try {
    const original = readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8');
    const receipts: { reference: string; accessCode: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await submit(started.url, application, `seed-${i}-${Date.now()}`);
      if (res.status !== 201) throw new Error(`seeding application ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
      const { reference, accessCode } = res.body as { reference: string; accessCode: string };
      receipts.push({ reference, accessCode });
    }
    // One reference looked up once more than the smallest limit allows must still answer 200;
    // otherwise a limiter is in force and wrk would measure 429s.
    const smallest = Math.min(...[...original.matchAll(/\blimit\s*=\s*(\d+)/g)].map((m) => Number(m[1])));
    for (let i = 0; i <= smallest; i++) {
      const res = await fetch(`${started.url}/api/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(receipts[0]),
      });
      if (res.status !== 200)
        throw new Error(`lookup ${i + 1} in the copy with the limits ${limiter} answered ${res.status}: ${await res.text()}`);
    }
    return { server: started, scripts: writeScripts(dir, receipts), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The endpoints whose [[ratelimits]] checks come first: two for an application (caller, phone), three for a lookup (caller, reference and caller, reference). */
const LIMITED = ['POST /api/status', 'POST /api/applications'] as const;
type Limited = (typeof LIMITED)[number];

/**
 * What the rate-limit checks cost under wrangler dev: the same lookup and the same application
 * in a copy without the [[ratelimits]] bindings, next to the static page of that copy. Never shipped.
 */
async function withoutLimiters(seconds: number, runs: number) {
  const { server, scripts, close } = await benchServer('removed');
  try {
    const samples: Record<Limited | 'static page', WrkResult[]> = {
      'POST /api/status': [],
      'POST /api/applications': [],
      'static page': [],
    };
    for (let r = 0; r < runs; r++) {
      samples['POST /api/status'].push(wrk(server.url, 32, seconds, scripts.status));
      samples['POST /api/applications'].push(wrk(server.url, 32, seconds, scripts.applications));
      samples['static page'].push(wrk(`${server.url}/entitlements/orphan-basic-living/`, 32, seconds));
    }
    const staticRps = median(samples['static page'].map((x) => x.rps));
    return Object.fromEntries(
      LIMITED.map((name) => {
        const rps = median(samples[name].map((x) => x.rps));
        return [name, { rps, p99: median(samples[name].map((x) => x.p99)), staticRps, ratio: rps / staticRps }];
      }),
    ) as Record<Limited, { rps: number; p99: number; staticRps: number; ratio: number }>;
  } finally {
    await close();
  }
}

export async function runApi(options: { connections?: number[]; seconds?: number; runs?: number } = {}): Promise<Section> {
  const connections = options.connections ?? [8, 32, 128];
  const seconds = options.seconds ?? 8;
  const runs = options.runs ?? 3;
  const samples = new Map<string, WrkResult[]>();
  const { server, scripts, close } = await benchServer('raised');
  try {
    const targets: Record<(typeof ENDPOINTS)[number], [string, string | undefined]> = {
      'static page': [`${server.url}/entitlements/orphan-basic-living/`, undefined],
      'POST /api/applications': [server.url, scripts.applications],
      'POST /api/status': [server.url, scripts.status],
      'POST /api/eligibility': [server.url, scripts.eligibility],
    };
    wrk(targets['static page'][0], 8, 2); // warm up workerd
    for (let r = 0; r < runs; r++) {
      for (const c of connections) {
        for (const name of ENDPOINTS) {
          const [url, script] = targets[name];
          const k = `${name}@${c}`;
          samples.set(k, [...(samples.get(k) ?? []), wrk(url, c, seconds, script)]);
        }
      }
    }
  } finally {
    await close();
  }
  const rows = [...samples.entries()].map(([k, s]) => {
    const [endpoint, c] = k.split('@') as [string, string];
    return {
      endpoint,
      connections: Number(c),
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      non2xx: s.reduce((a, x) => a + x.non2xx, 0),
      requests: s.reduce((a, x) => a + x.requests, 0),
    };
  });
  const staticRps = (c: number) => rows.find((x) => x.endpoint === 'static page' && x.connections === c)!.rps;
  const withRatio = rows.map((x) => ({ ...x, ratioToStatic: x.rps / staticRps(x.connections) }));
  const at32 = withRatio.filter((x) => x.connections === 32 && x.endpoint !== 'static page');
  const noLimiter = await withoutLimiters(seconds, runs);
  const markdown =
    table(
      ['endpoint', 'connections', 'requests/s (median)', 'p50 (ms)', 'p99 (ms)', '÷ static page', 'non-2xx'],
      withRatio.map((x) => [
        x.endpoint,
        x.connections,
        x.rps.toFixed(0),
        x.p50.toFixed(1),
        x.p99.toFixed(1),
        x.endpoint === 'static page' ? '1.00' : x.ratioToStatic.toFixed(2),
        x.non2xx,
      ]),
    ) +
    `\n\nTargets at 32 connections (issue 4): API ≥ 50% of the static page's throughput, p99 < 50 ms. ` +
    `Only the ratio, measured side by side in this run, gets a verdict; p99 is an absolute time that moves with the machine, so its target is indicative only and p99 is shown without a mark.\n\n` +
    at32
      .map(
        (x) =>
          `- ${x.endpoint}: ${(x.ratioToStatic * 100).toFixed(0)}% of static ${x.ratioToStatic >= 0.5 ? '✅' : '❌'}, p99 ${x.p99.toFixed(1)} ms`,
      )
      .join('\n') +
    `\n\nThe same requests in a copy without the \`[[ratelimits]]\` bindings, so that their rate-limit checks (two for an application, three for a lookup) let every request through (never shipped), at 32 connections:\n\n` +
    LIMITED.map(
      (name) =>
        `- ${name}: ${noLimiter[name].rps.toFixed(0)} requests/s, **${(noLimiter[name].ratio * 100).toFixed(0)}%** of that copy's static page, p99 ${noLimiter[name].p99.toFixed(1)} ms`,
    ).join('\n');
  return { markdown, data: { seconds, runs, rows: withRatio, withoutLimiters: noLimiter }, command: 'npm run bench -- api' };
}
