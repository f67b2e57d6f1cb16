/**
 * What a phone downloads to show a page: gzip bytes of the HTML and CSS needed for the first
 * render, and of every script, measured in Chromium against wrangler dev serving dist/.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { kb, median, table, type Section } from './lib/report.ts';

export const SITE_PAGES = ['/', '/entitlements/orphan-basic-living/', '/check/', '/apply/', '/search/'] as const;
const CONTENT_PAGES = new Set(['/', '/entitlements/orphan-basic-living/']);

interface PageBytes {
  page: string;
  firstRender: number;
  js: number;
  scripts: number;
}

async function measure(browser: Browser, base: string, page: string): Promise<PageBytes> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const tab = await context.newPage();
  const bodies: Promise<{ type: string; bytes: number }>[] = [];
  tab.on('response', (res) => {
    const type = res.request().resourceType();
    bodies.push(
      res
        .body()
        .then((b) => ({ type, bytes: gzipSync(b, { level: 6 }).length }))
        .catch(() => ({ type, bytes: 0 })),
    );
  });
  await tab.goto(base + page, { waitUntil: 'load' });
  await tab.waitForTimeout(200);
  const all = await Promise.all(bodies);
  await context.close();
  const sum = (types: string[]) => all.filter((b) => types.includes(b.type)).reduce((a, b) => a + b.bytes, 0);
  return {
    page,
    firstRender: sum(['document', 'stylesheet']),
    js: sum(['script']),
    scripts: all.filter((b) => b.type === 'script').length,
  };
}

export async function runSite(browser: Browser, base: string, runs = 3): Promise<Section> {
  const rows: (PageBytes & { targetFirstRender: number; targetJs: number | null })[] = [];
  for (const page of SITE_PAGES) {
    const samples: PageBytes[] = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(browser, base, page));
    rows.push({
      page,
      firstRender: median(samples.map((s) => s.firstRender)),
      js: median(samples.map((s) => s.js)),
      scripts: samples[0]!.scripts,
      targetFirstRender: 14 * 1024,
      targetJs: CONTENT_PAGES.has(page) ? 0 : page === '/check/' ? 30 * 1024 : null,
    });
  }
  const markdown = table(
    ['page', 'HTML + CSS, first render (KB gzip)', 'target', 'JavaScript (KB gzip)', 'target'],
    rows.map((r) => [
      `\`${r.page}\``,
      kb(r.firstRender),
      `≤ 14 ${r.firstRender <= r.targetFirstRender ? '✅' : '❌'}`,
      `${kb(r.js)} (${r.scripts} file${r.scripts === 1 ? '' : 's'})`,
      r.targetJs === null ? '—' : `≤ ${r.targetJs / 1024} ${r.js <= r.targetJs ? '✅' : '❌'}`,
    ]),
  );
  return { markdown, data: { runs, pages: rows }, command: 'npm run bench -- site' };
}
