/**
 * Where the time of a navigation to /search/?q= goes: loads the page in Chromium (a fresh
 * context each run, nothing cached) from `wrangler dev` on the built dist/ and prints a timeline
 * from navigation start: the document, every resource (Resource Timing), the island's marks
 * (performance.mark in src/search/client.ts), WebAssembly compile, long tasks and the first
 * result painted. `node bench/search-timeline.ts [runs] [query]` after `npm run build`; SEARCH_URL
 * to use running servers (comma-separated: they are alternated and their medians compared),
 * QUIET=1 to print only the medians, PROFILE=1 for the page's JavaScript by self time,
 * TRACE=/tmp/x to write each run's Chromium trace (open it in DevTools' Performance panel).
 * A tool for finding where the time goes; the figures of record come from `npm run bench -- search`.
 */
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { launch } from '#tests/support/browser.ts';
import { startServer, type DevServer } from '#tests/support/server.ts';

const runs = Number(process.argv[2] ?? 3);
const query = process.argv[3] ?? '低保';

const INIT = `(() => {
  const t = (window.__timeline = []);
  const note = (what) => t.push([performance.now(), what]);
  for (const k of ['instantiate', 'compile', 'instantiateStreaming', 'compileStreaming']) {
    const f = WebAssembly[k];
    if (f) WebAssembly[k] = function (...a) { note('wasm ' + k + ' start'); return f.apply(this, a).then((r) => (note('wasm ' + k + ' end'), r)); };
  }
  new PerformanceObserver((l) => l.getEntries().forEach((e) => t.push([e.startTime, 'longtask ' + e.duration.toFixed(0) + ' ms']))).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, o) => {
    if (document.querySelector('#search-results li a[href]')) { note('first result li'); o.disconnect(); requestAnimationFrame(() => setTimeout(() => { note('first result painted'); console.log('timeline: painted'); })); }
  }).observe(document, { subtree: true, childList: true });
})();`;

let server: DevServer | undefined;
const bases = (process.env.SEARCH_URL ?? (server = await startServer({ logLevel: 'warn' })).url).split(',');
const firsts = new Map<string, number[]>(bases.map((b) => [b, []]));
const browser = await launch();
try {
  for (let i = 0; i < runs; i++)
    for (const base of bases) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      await context.addInitScript(INIT);
      const page = await context.newPage();
      const cdp = process.env.PROFILE ? await context.newCDPSession(page) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      if (process.env.TRACE)
        await browser.startTracing(page, {
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
        });
      const painted = page.waitForEvent('console', { predicate: (m) => m.text() === 'timeline: painted', timeout: 60_000 });
      await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
      await painted;
      await page.waitForLoadState('networkidle');
      const lines = await page.evaluate(() => {
        const out: [number, string][] = [...(window as unknown as { __timeline: [number, string][] }).__timeline];
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        out.push(
          [nav.requestStart, 'document requestStart'],
          [nav.responseStart, 'document responseStart'],
          [nav.responseEnd, 'document responseEnd'],
        );
        out.push(
          [nav.domInteractive, 'domInteractive'],
          [nav.domContentLoadedEventStart, 'DOMContentLoaded'],
          [nav.loadEventStart, 'load'],
        );
        for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
          const name = new URL(e.name).pathname.replace(/^\/(_astro|pagefind)\//, '$1/');
          out.push([e.startTime, `  ${name} start (${e.initiatorType})`]);
          out.push([e.responseStart, `  ${name} responseStart (wait ${(e.responseStart - e.requestStart).toFixed(0)} ms)`]);
          out.push([e.responseEnd, `  ${name} end (${e.encodedBodySize} B)`]);
        }
        for (const m of performance.getEntriesByType('mark')) out.push([m.startTime, `mark ${m.name}`]);
        return out.sort((a, b) => a[0] - b[0]).map(([ms, what]) => `${ms.toFixed(0).padStart(6)}  ${what}`);
      });
      firsts.get(base)!.push(
        Number(
          lines
            .find((l) => l.endsWith('first result painted'))!
            .trim()
            .split(/\s+/)[0],
        ),
      );
      if (!process.env.QUIET) {
        console.log(
          `\n== ${base} run ${i + 1}, ${query}, load average ${loadavg()
            .map((x) => x.toFixed(2))
            .join(' ')}`,
        );
        console.log(lines.join('\n'));
      }
      if (process.env.TRACE) writeFileSync(`${process.env.TRACE}.${i + 1}.json`, await browser.stopTracing());
      if (cdp) {
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
          profile: {
            nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
            samples: number[];
            timeDeltas: number[];
          };
        };
        const self = new Map<string, number>();
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        profile.samples.forEach((id, k) => {
          const f = byId.get(id)!.callFrame;
          const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
          self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[k + 1] ?? 0) / 1000);
        });
        console.log('-- self time (ms), top 25');
        for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(1).padStart(7)}  ${k}`);
      }
      await context.close();
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `\nfirst result, median of ${runs} (load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}):`,
  );
  for (const [b, xs] of firsts) console.log(`  ${b}: ${median(xs)} ms  [${xs.join(', ')}]`);
} finally {
  await browser.close();
  await server?.stop();
}
