/**
 * Build time (astro build + Pagefind index) for the real content and for a generated set of
 * 2,000 extra entitlement pages, built side by side in throwaway copies of the project.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { copyProject, generateEntitlements } from './lib/project-copy.ts';
import { median, table, type Section } from './lib/report.ts';

/** Every file under `dir` (recursively) and its size. */
function filesUnder(dir: string): { name: string; bytes: number }[] {
  const files: { name: string; bytes: number }[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(dir, name));
    if (stat.isFile()) files.push({ name, bytes: stat.size });
  }
  return files;
}

/** `astro build` (Pagefind runs in its last hook) in `dir`; the seconds it took. */
export function build(dir: string): number {
  const started = performance.now();
  const res = spawnSync(path.join(dir, 'node_modules/.bin/astro'), ['build'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`astro build failed in ${dir}:\n${res.stdout}\n${res.stderr}`);
  return seconds;
}

function measure(dir: string): { seconds: number; pages: number; indexBytes: number } {
  const seconds = build(dir);
  const dist = path.join(dir, 'dist');
  return {
    seconds,
    pages: filesUnder(dist).filter((f) => f.name.endsWith('.html')).length,
    indexBytes: filesUnder(path.join(dist, 'pagefind')).reduce((sum, f) => sum + f.bytes, 0),
  };
}

export async function runBuild(runs = 3, generated = 2000): Promise<Section & { dirs: { real: string; large: string } }> {
  const real = copyProject();
  const large = copyProject();
  generateEntitlements(large, generated);
  const realRuns: ReturnType<typeof measure>[] = [];
  const largeRuns: ReturnType<typeof measure>[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // Alternate the two builds so a busy moment on the shared machine hits both alike.
      realRuns.push(measure(real));
      largeRuns.push(measure(large));
    }
  } catch (error) {
    cleanup([real, large]);
    throw error;
  }
  const r = { seconds: median(realRuns.map((x) => x.seconds)), pages: realRuns[0]!.pages, indexBytes: realRuns[0]!.indexBytes };
  const l = { seconds: median(largeRuns.map((x) => x.seconds)), pages: largeRuns[0]!.pages, indexBytes: largeRuns[0]!.indexBytes };
  const perPage = (x: typeof r) => (x.seconds / x.pages) * 1000;
  const data = {
    runs,
    real: { ...r, msPerPage: perPage(r) },
    generated: { ...l, extraEntitlements: generated, msPerPage: perPage(l) },
    ratioPerPage: perPage(l) / perPage(r),
  };
  const markdown =
    table(
      ['site', 'pages', 'build + index (s, median)', 'ms per page', 'Pagefind index (KB)'],
      [
        ['real content', r.pages, r.seconds.toFixed(1), perPage(r).toFixed(1), (r.indexBytes / 1024).toFixed(0)],
        [
          `real + ${generated} generated entitlements`,
          l.pages,
          l.seconds.toFixed(1),
          perPage(l).toFixed(1),
          (l.indexBytes / 1024).toFixed(0),
        ],
      ],
    ) + `\n\nPer-page cost of the large site relative to the real one: **${data.ratioPerPage.toFixed(2)}×** (same run, builds alternated).`;
  return { markdown, data, command: 'npm run bench -- build', dirs: { real, large } };
}

export function cleanup(dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
