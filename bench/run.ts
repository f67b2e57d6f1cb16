/**
 * `npm run bench [-- name …]`: runs the benchmarks on this machine, writes
 * bench/results/latest.json and regenerates the tables in docs/performance.md.
 * Names: eligibility, build, site, search, lighthouse, api (default: all). `api` needs dist/ (npm run build).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../tests/support/server.ts';
import { runApi } from './api.ts';
import { runBuild, cleanup } from './build.ts';
import { runEligibility } from './eligibility.ts';
import { launchChromium } from './lib/browser.ts';
import { runLighthouse } from './lighthouse.ts';
import { copyProject, generateEntitlements } from './lib/project-copy.ts';
import { publish, type Section } from './lib/report.ts';
import { runSearch } from './search.ts';
import { runSite } from './site.ts';

const ALL = ['eligibility', 'build', 'site', 'search', 'lighthouse', 'api'] as const;
const wanted = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ALL);
const sections: Record<string, Section> = {};
const dirs: string[] = [];

function buildOnce(dir: string): void {
  const res = spawnSync(path.join(dir, 'node_modules/.bin/astro'), ['build'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (res.status !== 0) throw new Error(`astro build failed:\n${res.stderr}`);
}

try {
  if (wanted.has('eligibility')) {
    console.log('== eligibility');
    sections.eligibility = await runEligibility();
  }
  let sites: { real: string; large: string } | undefined;
  if (wanted.has('build')) {
    console.log('== build (real and +2,000 generated, 3 runs each)');
    const result = await runBuild();
    sections.build = result;
    sites = result.dirs;
    dirs.push(result.dirs.real, result.dirs.large);
  }
  if (wanted.has('site') || wanted.has('search') || wanted.has('lighthouse')) {
    if (!sites) {
      const real = copyProject();
      const large = copyProject();
      generateEntitlements(large, 2000);
      dirs.push(real, large);
      buildOnce(real);
      buildOnce(large);
      sites = { real, large };
    }
    const browser = await launchChromium();
    const real = await startServer({ root: sites.real, logLevel: 'warn' });
    const large = await startServer({ root: sites.large, logLevel: 'warn' });
    try {
      if (wanted.has('site')) {
        console.log('== site bytes');
        sections.site = await runSite(browser, real.url);
      }
      if (wanted.has('search')) {
        console.log('== search');
        sections.search = await runSearch(browser, { real: real.url, large: large.url });
      }
      if (wanted.has('lighthouse')) {
        console.log('== lighthouse');
        sections.lighthouse = await runLighthouse(real.url);
      }
    } finally {
      await browser.close();
      await real.stop();
      await large.stop();
    }
  }
  if (wanted.has('api')) {
    console.log('== api (wrk, 8/32/128 connections)');
    sections.api = await runApi();
  }
  publish(sections);
  for (const [name, s] of Object.entries(sections)) console.log(`\n## ${name}\n${s.markdown}`);
} finally {
  cleanup(dirs);
}
