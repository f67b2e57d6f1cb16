/**
 * Lighthouse mobile scores (performance, accessibility) for the pages people land on, with
 * Debian's Chromium. Lighthouse simulates a mid-range phone on a slow 4G connection.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROME_PATH, CHROMIUM_FLAGS } from '#tests/support/browser.ts';
import { median, table, type Section } from './lib/report.ts';
import { SITE_PAGES } from './site.ts';

export async function runLighthouse(base: string, runs = 3): Promise<Section> {
  // chrome-launcher rather than playwright: Lighthouse drives the browser over its own port.
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS] });
  const rows: { page: string; performance: number; accessibility: number; lcpMs: number }[] = [];
  try {
    for (const page of SITE_PAGES) {
      const samples: { performance: number; accessibility: number; lcpMs: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const result = await lighthouse(base + page, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
        });
        const lhr = result!.lhr;
        samples.push({
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? 0,
        });
      }
      rows.push({
        page,
        performance: median(samples.map((s) => s.performance)),
        accessibility: median(samples.map((s) => s.accessibility)),
        lcpMs: median(samples.map((s) => s.lcpMs)),
      });
    }
  } finally {
    chrome.kill();
  }
  const markdown = table(
    ['page', 'performance (target 100)', 'accessibility (target 100)', 'largest contentful paint (simulated slow 4G)'],
    rows.map((r) => [
      `\`${r.page}\``,
      `${r.performance} ${r.performance >= 100 ? '✅' : '❌'}`,
      `${r.accessibility} ${r.accessibility >= 100 ? '✅' : '❌'}`,
      `${(r.lcpMs / 1000).toFixed(1)} s`,
    ]),
  );
  return { markdown, data: { runs, rows }, command: 'npm run bench -- lighthouse' };
}
