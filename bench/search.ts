/**
 * Search in Chromium: bytes fetched from /pagefind/ and time from navigation to the first
 * result, on the real index and on the 2,000-extra-entitlement index, side by side.
 */
import type { Browser } from 'playwright-core';
import { kb, median, table, type Section } from './lib/report.ts';

export const SEARCH_QUERIES = ['孤儿 补贴', '代理妈妈', '低保', '残疾儿童 康复'];

async function once(browser: Browser, base: string, query: string): Promise<{ ms: number; bytes: number; requests: number }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const sizes: Promise<number>[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/pagefind/'))
      sizes.push(
        res
          .body()
          .then((b) => b.length)
          .catch(() => 0),
      );
  });
  await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`);
  await page.locator('#search-results li').first().waitFor({ timeout: 30_000 });
  const ms = await page.evaluate(() => performance.now());
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { ms, bytes, requests: sizes.length };
}

export async function runSearch(browser: Browser, sites: { real: string; large: string }, runs = 5): Promise<Section> {
  const rows: { site: string; query: string; ms: number; bytes: number; requests: number }[] = [];
  for (const query of SEARCH_QUERIES) {
    const samples: Record<'real' | 'large', { ms: number; bytes: number; requests: number }[]> = { real: [], large: [] };
    for (let i = 0; i < runs; i++) {
      samples.real.push(await once(browser, sites.real, query));
      samples.large.push(await once(browser, sites.large, query));
    }
    for (const site of ['real', 'large'] as const) {
      rows.push({
        site,
        query,
        ms: median(samples[site].map((s) => s.ms)),
        bytes: median(samples[site].map((s) => s.bytes)),
        requests: samples[site][0]!.requests,
      });
    }
  }
  const avg = (site: string, k: 'ms' | 'bytes') => median(rows.filter((r) => r.site === site).map((r) => r[k]));
  const data = { runs, rows, ratioTime: avg('large', 'ms') / avg('real', 'ms'), ratioBytes: avg('large', 'bytes') / avg('real', 'bytes') };
  const markdown =
    table(
      ['index', 'query', 'time to first result (ms, median)', 'bytes from /pagefind/ (KB)', 'requests'],
      rows.map((r) => [r.site === 'real' ? 'real' : '+2,000 generated', r.query, r.ms.toFixed(0), kb(r.bytes), r.requests]),
    ) +
    `\n\nLarge index ÷ real index, same run: time **${data.ratioTime.toFixed(2)}×**, bytes **${data.ratioBytes.toFixed(2)}×**. Time includes page load, the search island, Pagefind's WebAssembly and index chunks, over loopback.`;
  return { markdown, data, command: 'npm run bench -- search' };
}
