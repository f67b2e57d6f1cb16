/**
 * Search, side by side in one Chromium run: this site against a stock Pagefind site built from
 * the same pages (the pagefind CLI with its defaults, and the Default UI that ships in the
 * pagefind package, started the documented way). Both are served by `wrangler dev` and timed by
 * the same script inside the page: a capture listener notes the `input` event, a
 * MutationObserver notes when the first result with its link is in the list, and the time is
 * taken once the frame that shows it is painted. Also: the bytes
 * each fetches from /pagefind/, and the Pagefind step of the build against the stock CLI.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { finishIndex, indexSite } from '#src/integrations/pagefind.ts';
import { PRELOAD_PLACEHOLDER, SEARCH_DATA_ID } from '#src/search/assets.ts';
import { copyProject } from './lib/project-copy.ts';
import { kb, median, table, type Section } from './lib/report.ts';

const SEARCH_QUERIES = ['低保', '孤儿 补贴', '代理妈妈', '残疾儿童 康复', '流浪', '心理咨询'];

interface Site {
  name: 'this site' | 'stock Pagefind UI';
  url: string;
  /** Where the results are listed: the first `li` with a link in it is the first result. */
  list: string;
  /** The search box. */
  input: string;
}

/**
 * Written to both sites' pages before anything runs: the one timing method for both. The first
 * result counts once it is painted (the task after the next animation frame, which paints it),
 * and the page says so on the console: the bench waits for that message rather than polling the
 * page, whose evaluations would take the page's one thread while it is still loading.
 */
function timingScript(list: string): string {
  return `(() => {
    const b = (window.__bench = { typed: null, first: null });
    document.addEventListener('input', () => { if (b.typed === null) b.typed = performance.now(); }, true);
    new MutationObserver((_, o) => {
      if (!document.querySelector(${JSON.stringify(`${list} li a[href]`)})) return;
      o.disconnect();
      requestAnimationFrame(() => setTimeout(() => { b.first = performance.now(); console.log('${FIRST_RESULT}'); }));
    }).observe(document, { subtree: true, childList: true });
  })();`;
}
const FIRST_RESULT = 'bench: first result painted';

const STOCK_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>搜索</title><link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script><script src="/search/stock.js"></script></head>
<body><main><h1>搜索</h1><div id="search"></div></main></body></html>`;
// The site's CSP forbids inline script, so the documented start-up lives in a file.
const STOCK_SCRIPT = `window.addEventListener('DOMContentLoaded', () => {
  const ui = new PagefindUI({ element: '#search' });
  const q = new URLSearchParams(location.search).get('q');
  if (q) ui.triggerSearch(q);
});`;

/** The stock site: this site's built pages, indexed by the stock CLI, with the Default UI on /search/. */
export function buildStockSite(builtCopy: string): string {
  const dir = copyProject();
  const dist = path.join(dir, 'dist');
  cpSync(path.join(builtCopy, 'dist'), dist, { recursive: true });
  rmSync(path.join(dist, 'pagefind'), { recursive: true, force: true });
  mkdirSync(path.join(dist, 'search'), { recursive: true });
  writeFileSync(path.join(dist, 'search', 'index.html'), STOCK_PAGE);
  writeFileSync(path.join(dist, 'search', 'stock.js'), STOCK_SCRIPT);
  stockIndex(dist);
  return dir;
}

/** The stock CLI on `dist`, from the node_modules beside it (copyProject links one); its wall time. */
function stockIndex(dist: string): number {
  const started = performance.now();
  const res = spawnSync(path.join(dist, '../node_modules/.bin/pagefind'), ['--site', dist], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`pagefind CLI failed:\n${res.stdout}\n${res.stderr}`);
  return performance.now() - started;
}

/** Puts /search/ in `dist` back as Astro wrote it, before the Pagefind step filled in its preload links and data. */
export function unfill(dist: string): void {
  const file = path.join(dist, 'search', 'index.html');
  const filled = new RegExp(
    `(?:<link rel="(?:module)?preload"[^>]*>)*<script type="application/json" id="${SEARCH_DATA_ID}">[^<]*</script>`,
  );
  const html = readFileSync(file, 'utf8');
  if (!filled.test(html)) throw new Error('bench: /search/ has no Pagefind data to take out; update unfill()');
  writeFileSync(file, html.replace(filled, PRELOAD_PLACEHOLDER));
}

/** The Pagefind step alone, on the same built pages: our Node-API step against the stock CLI, alternated. */
async function indexingStep(builtCopy: string, runs: number): Promise<{ ours: number; stock: number; oursPages: number }> {
  const scratch = copyProject();
  const ours: number[] = [];
  const stock: number[] = [];
  let oursPages = 0;
  try {
    const a = path.join(scratch, 'ours');
    const b = path.join(scratch, 'stock');
    for (const d of [a, b]) cpSync(path.join(builtCopy, 'dist'), d, { recursive: true });
    for (let i = 0; i < runs; i++) {
      unfill(a);
      rmSync(path.join(a, 'pagefind'), { recursive: true, force: true });
      const started = performance.now();
      oursPages = await indexSite(a);
      // The site's step is Pagefind's index and what the build adds to it (/search/'s preloads and data).
      await finishIndex(a);
      ours.push(performance.now() - started);
      rmSync(path.join(b, 'pagefind'), { recursive: true, force: true });
      stock.push(stockIndex(b));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { ours: median(ours), stock: median(stock), oursPages };
}

interface Sample {
  ms: number;
  /** Navigation only: the page's first contentful paint, the soonest anything of it is on screen. */
  firstPaint: number;
  /** Everything fetched from /pagefind/ (script, WebAssembly, metadata, index, fragments). */
  bytes: number;
  /** What the query itself fetched: index and filter chunks and fragments. */
  queryBytes: number;
  fragments: number;
}

function collect(page: Page): { done: () => Promise<{ bytes: number; queryBytes: number; fragments: number }>; reset: () => void } {
  let requests: Request[] = [];
  // Pagefind's Default UI searches in a web worker: its requests are the page's too.
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/pagefind/')) requests.push(r);
  });
  return {
    reset: () => (requests = []),
    done: async () => {
      let bytes = 0;
      let queryBytes = 0;
      let fragments = 0;
      for (const r of requests) {
        const res = await r.response();
        if (!res) continue;
        await res.finished();
        const size = (await r.sizes()).responseBodySize;
        bytes += size;
        if (/\/pagefind\/(index|fragment|filter)\//.test(r.url())) queryBytes += size;
        if (r.url().includes('/fragment/')) fragments += 1;
      }
      return { bytes, queryBytes, fragments };
    },
  };
}

/** Resolves once the page says its first result is painted (timingScript); set up before the page acts. */
function firstResult(page: Page): () => Promise<{ typed: number | null; first: number }> {
  const painted = page.waitForEvent('console', { predicate: (m) => m.text() === FIRST_RESULT, timeout: 30_000 });
  return async () => {
    await painted;
    // The fragments of the first screen of results are still arriving: let them, for the bytes.
    await page.waitForLoadState('networkidle');
    return page.evaluate(() => (window as unknown as { __bench: { typed: number | null; first: number } }).__bench);
  };
}

async function navigation(browser: Browser, site: Site, query: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.addInitScript(timingScript(site.list));
  const page = await context.newPage();
  const net = collect(page);
  const painted = firstResult(page);
  await page.goto(`${site.url}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
  const { first } = await painted();
  const firstPaint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
  const n = await net.done();
  await context.close();
  return { ms: first, firstPaint, ...n };
}

async function typing(browser: Browser, site: Site, query: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.addInitScript(timingScript(site.list));
  const page = await context.newPage();
  const net = collect(page);
  await page.goto(`${site.url}/search/`);
  // A loaded search page: the box has focus and whatever either site loads up front has arrived.
  await page.locator(site.input).focus();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  net.reset();
  const painted = firstResult(page);
  // One input event with the whole word, as an input method commits it.
  await page.keyboard.insertText(query);
  const { typed, first } = await painted();
  const n = await net.done();
  await context.close();
  return { ms: first - typed!, firstPaint: Number.NaN, ...n };
}

export async function runSearch(
  browser: Browser,
  sites: { ours: string; stock: string; large: string },
  builtCopy: string,
  runs = 5,
): Promise<Section> {
  const ours: Site = { name: 'this site', url: sites.ours, list: '#search-results', input: '#q' };
  const stock: Site = { name: 'stock Pagefind UI', url: sites.stock, list: '.pagefind-ui__results', input: '.pagefind-ui__search-input' };
  const large: Site = { ...ours, url: sites.large };
  const rows: { site: string; query: string; typing: Sample; navigation: Sample }[] = [];
  const pick = (xs: Sample[]): Sample => ({
    ms: median(xs.map((x) => x.ms)),
    firstPaint: median(xs.map((x) => x.firstPaint)),
    bytes: median(xs.map((x) => x.bytes)),
    queryBytes: median(xs.map((x) => x.queryBytes)),
    fragments: median(xs.map((x) => x.fragments)),
  });
  for (const query of SEARCH_QUERIES) {
    const samples = new Map<Site, { typing: Sample[]; navigation: Sample[] }>([
      [ours, { typing: [], navigation: [] }],
      [stock, { typing: [], navigation: [] }],
      [large, { typing: [], navigation: [] }],
    ]);
    for (let i = 0; i < runs; i++) {
      // Alternate the sites so a busy moment on the shared machine hits both alike.
      for (const site of [ours, stock, large]) {
        const s = samples.get(site)!;
        s.navigation.push(await navigation(browser, site, query));
        if (site !== large) s.typing.push(await typing(browser, site, query));
      }
    }
    for (const site of [ours, stock])
      rows.push({ site: site.name, query, typing: pick(samples.get(site)!.typing), navigation: pick(samples.get(site)!.navigation) });
    rows.push({ site: 'this site, +2,000 pages', query, typing: pick([]), navigation: pick(samples.get(large)!.navigation) });
  }
  const step = await indexingStep(builtCopy, runs);
  const of = (site: string, k: 'typing' | 'navigation', f: keyof Sample) => median(rows.filter((r) => r.site === site).map((r) => r[k][f]));
  const summary = {
    typingMs: { ours: of('this site', 'typing', 'ms'), stock: of('stock Pagefind UI', 'typing', 'ms') },
    navigationMs: { ours: of('this site', 'navigation', 'ms'), stock: of('stock Pagefind UI', 'navigation', 'ms') },
    firstPaintMs: { ours: of('this site', 'navigation', 'firstPaint'), stock: of('stock Pagefind UI', 'navigation', 'firstPaint') },
    navigationBytes: { ours: of('this site', 'navigation', 'bytes'), stock: of('stock Pagefind UI', 'navigation', 'bytes') },
    // Counted over the whole navigation: the chunks this site preloads with the page count too.
    queryBytes: { ours: of('this site', 'navigation', 'queryBytes'), stock: of('stock Pagefind UI', 'navigation', 'queryBytes') },
    typedBytes: { ours: of('this site', 'typing', 'bytes'), stock: of('stock Pagefind UI', 'typing', 'bytes') },
    indexingMs: { ours: step.ours, stock: step.stock, oursPages: step.oursPages },
  };
  const ratio = (x: { ours: number; stock: number }) => x.ours / x.stock;
  const ok = (b: boolean) => (b ? '✅' : '❌');
  /** A measure of this site next to the stock UI's, their ratio, and the issue's target. */
  const compare = (measure: string, x: { ours: number; stock: number }, show: (n: number) => string, target: string) => [
    measure,
    show(x.ours),
    show(x.stock),
    `${ratio(x).toFixed(2)}×`,
    target,
  ];
  const ms = (n: number) => n.toFixed(0);
  const targets = table(
    ['measure (median of all queries)', 'this site', 'stock Pagefind UI', 'ratio', 'target'],
    [
      compare(
        'typing → first result (ms)',
        summary.typingMs,
        ms,
        `≤ 120 ms and ≤ 0.35× ${ok(summary.typingMs.ours <= 120 && ratio(summary.typingMs) <= 0.35)}`,
      ),
      compare(
        'navigation to /search/?q= → first result (ms)',
        summary.navigationMs,
        ms,
        `≤ 300 ms ${ok(summary.navigationMs.ours <= 300)}`,
      ),
      compare('navigation to /search/?q= → the page first painted (ms)', summary.firstPaintMs, ms, '—'),
      compare(
        'bytes for the query: index and filter chunks and fragments (KB)',
        summary.queryBytes,
        kb,
        `≤ 1.0× ${ok(ratio(summary.queryBytes) <= 1)}`,
      ),
      compare('bytes fetched after typing, on a loaded page (KB)', summary.typedBytes, kb, '—'),
      compare(
        'bytes from /pagefind/, navigation to first screen (KB)',
        summary.navigationBytes,
        kb,
        `≤ 1.0× ${ok(ratio(summary.navigationBytes) <= 1)}`,
      ),
      compare('Pagefind step of the build (ms)', summary.indexingMs, ms, `≤ 1.5× ${ok(ratio(summary.indexingMs) <= 1.5)}`),
    ],
  );
  const detail = table(
    [
      'site',
      'query',
      'typing → first result (ms)',
      'navigation → first result (ms)',
      'navigation → first paint (ms)',
      'query bytes (KB)',
      'all /pagefind/ bytes, navigation (KB)',
      'fragments',
    ],
    rows.map((r) => [
      r.site,
      r.query,
      r.site.includes('2,000') ? '—' : r.typing.ms.toFixed(0),
      r.navigation.ms.toFixed(0),
      r.navigation.firstPaint.toFixed(0),
      kb(r.navigation.queryBytes),
      kb(r.navigation.bytes),
      r.navigation.fragments,
    ]),
  );
  const markdown = `${targets}\n\nBy query (medians of ${runs} runs each, sites alternated):\n\n${detail}\n\nThe Pagefind step indexes ${step.oursPages} pages here (the content pages and five form pages by their title and lead) and the pages with \`data-pagefind-body\` for the stock CLI, from the same built HTML.`;
  return { markdown, data: { runs, queries: SEARCH_QUERIES, summary, rows }, command: 'npm run bench -- search' };
}
