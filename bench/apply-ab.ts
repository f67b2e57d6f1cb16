/**
 * Before and after, side by side: `node bench/apply-ab.ts <baseline-dir> [runs] [seconds]`. Two
 * `wrangler dev` servers — a copy of <baseline-dir> (the project at another commit) and a copy
 * of this tree, both serving this tree's dist/ with the [[ratelimits]] raised as in `npm run
 * bench -- api` — and wrk at 32 connections on each one's static page, POST /api/applications
 * and POST /api/status, the two servers taking turns within each run. Prints requests/s and the
 * ratio to the same server's static page; writes no table (docs/performance.md says what it found).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '#src/integrations/content-files.ts';
import application from '#tests/fixtures/api/application.json' with { type: 'json' };
import { submit } from '#tests/reliability/support.ts';
import { applicationsScript, wrk, type WrkResult } from './api.ts';
import { copyProject, serveCopy, setLimits, type ServedCopy } from './lib/project-copy.ts';
import { median } from './lib/report.ts';

const lua = (s: string) => JSON.stringify(s);

/** A copy of `source` (this tree, or a baseline), with this tree's dist/ and the limits raised. */
function copyOf(source: string): string {
  const dir = copyProject();
  if (source !== ROOT) {
    for (const name of ['worker', 'src', 'content', 'migrations', 'wrangler.toml', 'package.json'])
      cpSync(path.join(source, name), path.join(dir, name), { recursive: true, force: true });
  }
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  setLimits(dir);
  return dir;
}

async function serve(source: string): Promise<ServedCopy & { scripts: Record<'applications' | 'status', string> }> {
  const served = await serveCopy(copyOf(source));
  const receipts: unknown[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await submit(served.server.url, application, `seed-${i}-${Date.now()}`);
    if (res.status !== 201) throw new Error(`seeding answered ${res.status}`);
    receipts.push({ reference: res.body!.reference, accessCode: res.body!.accessCode });
  }
  const scripts = {
    applications: path.join(served.dir, 'ab-applications.lua'),
    status: path.join(served.dir, 'ab-status.lua'),
  };
  writeFileSync(scripts.applications, applicationsScript('ab', lua(JSON.stringify(application))));
  writeFileSync(
    scripts.status,
    `local bodies = { ${receipts.map((r) => lua(JSON.stringify(r))).join(', ')} }
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/status", { ["Content-Type"] = "application/json" }, bodies[(i % #bodies) + 1])
end`,
  );
  return { ...served, scripts };
}

const baseline = path.resolve(process.argv[2] ?? '');
if (!readFileSync(path.join(baseline, 'worker/index.ts'), 'utf8')) throw new Error('usage: node bench/apply-ab.ts <baseline-dir>');
const runs = Number(process.argv[3] ?? 3);
const seconds = Number(process.argv[4] ?? 8);
const servers = { baseline: await serve(baseline), 'this tree': await serve(ROOT) };
try {
  const samples: Record<string, WrkResult[]> = {};
  const add = (k: string, r: WrkResult) => (samples[k] ??= []).push(r);
  for (const s of Object.values(servers)) wrk(`${s.server.url}/entitlements/orphan-basic-living/`, 8, 2);
  for (let r = 0; r < runs; r++) {
    const names = Object.keys(servers) as (keyof typeof servers)[];
    for (const name of r % 2 ? names.reverse() : names) {
      const s = servers[name];
      add(`${name} static`, wrk(`${s.server.url}/entitlements/orphan-basic-living/`, 32, seconds));
      add(`${name} applications`, wrk(s.server.url, 32, seconds, s.scripts.applications));
      add(`${name} status`, wrk(s.server.url, 32, seconds, s.scripts.status));
    }
  }
  for (const name of Object.keys(servers)) {
    const rps = (what: string) => median(samples[`${name} ${what}`]!.map((x) => x.rps));
    const non2xx = (what: string) => samples[`${name} ${what}`]!.reduce((a, x) => a + x.non2xx, 0);
    console.log(
      `${name}: static ${rps('static').toFixed(0)}/s; applications ${rps('applications').toFixed(0)}/s ` +
        `(${((rps('applications') / rps('static')) * 100).toFixed(0)}%, non-2xx ${non2xx('applications')}, p99 ${median(samples[`${name} applications`]!.map((x) => x.p99)).toFixed(0)} ms); ` +
        `status ${rps('status').toFixed(0)}/s (${((rps('status') / rps('static')) * 100).toFixed(0)}%, non-2xx ${non2xx('status')}, p99 ${median(samples[`${name} status`]!.map((x) => x.p99)).toFixed(0)} ms)`,
    );
  }
  console.log(`(${runs} runs of ${seconds} s at 32 connections, the two servers taking turns)`);
} finally {
  await Promise.all(Object.values(servers).map((s) => s.close()));
}
