/**
 * `npm run bench [-- name …]`: runs the benchmarks on this machine, writes
 * bench/results/latest.json and regenerates the tables in docs/performance.md.
 * Names: eligibility, build, site, search, lighthouse, api, sms, files, staff-search, roster (default: all).
 * BENCH_SEARCH_RUNS sets the runs per query and site of `search` (default 5).
 * `api`, `sms`, `files`, `staff-search` and `roster` need dist/ (npm run build).
 */
import type { Browser } from 'playwright-core';
import { launch } from '#tests/support/browser.ts';
import { startServer, type DevServer } from '#tests/support/server.ts';
import { runApi } from './api.ts';
import { build, runBuild, cleanup } from './build.ts';
import { runEligibility } from './eligibility.ts';
import { runFiles } from './files.ts';
import { runLighthouse } from './lighthouse.ts';
import { copyProject, generateEntitlements } from './lib/project-copy.ts';
import { publish, type Section } from './lib/report.ts';
import { buildStockSite, runSearch } from './search.ts';
import { runSite } from './site.ts';
import { runSms } from './sms.ts';
import { runRoster, runStaffSearch } from './staff.ts';

/** A bench part that drives Chromium, on a browser of its own, closed after. */
async function withBrowser(part: (browser: Browser) => Promise<Section>): Promise<Section> {
  const browser = await launch();
  try {
    return await part(browser);
  } finally {
    await browser.close();
  }
}

const ALL = ['eligibility', 'build', 'site', 'search', 'lighthouse', 'api', 'sms', 'files', 'staff-search', 'roster'] as const;
const wanted = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ALL);
const sections: Record<string, Section> = {};
const dirs: string[] = [];

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
      build(real);
      build(large);
      sites = { real, large };
    }
    const browser = await launch();
    const servers: DevServer[] = [];
    try {
      const real = await startServer({ root: sites.real, logLevel: 'warn' });
      servers.push(real);
      const large = await startServer({ root: sites.large, logLevel: 'warn' });
      servers.push(large);
      if (wanted.has('site')) {
        console.log('== site bytes');
        sections.site = await runSite(browser, real.url);
      }
      if (wanted.has('search')) {
        console.log('== search (this site against a stock Pagefind UI site built from the same pages)');
        const stockDir = buildStockSite(sites.real);
        dirs.push(stockDir);
        const stock = await startServer({ root: stockDir, logLevel: 'warn' });
        servers.push(stock);
        sections.search = await runSearch(
          browser,
          { ours: real.url, stock: stock.url, large: large.url },
          sites.real,
          Number(process.env.BENCH_SEARCH_RUNS ?? 5),
        );
      }
      if (wanted.has('lighthouse')) {
        console.log('== lighthouse');
        sections.lighthouse = await runLighthouse(real.url);
      }
    } finally {
      await browser.close();
      for (const server of servers) await server.stop();
    }
  }
  if (wanted.has('api')) {
    console.log('== api (wrk, 8/32/128 connections)');
    sections.api = await runApi();
  }
  if (wanted.has('sms')) {
    console.log('== sms (1,000 transitions to sent; applications with and without the outbox)');
    sections.sms = await runSms();
  }
  if (wanted.has('files')) {
    console.log('== files (5 MB upload next to a 5 MB download; Worker memory during a 10 MB upload)');
    sections.files = await withBrowser(runFiles);
  }
  if (wanted.has('staff-search')) {
    console.log('== staff search (100,000 files in one county)');
    sections['staff-search'] = await runStaffSearch();
  }
  if (wanted.has('roster')) {
    console.log('== roster (30 children, Chromium at 360 px)');
    sections.roster = await withBrowser(runRoster);
  }
  publish(sections);
  for (const [name, s] of Object.entries(sections)) console.log(`\n## ${name}\n${s.markdown}`);
} finally {
  cleanup(dirs);
}
