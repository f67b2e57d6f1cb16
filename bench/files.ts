/**
 * Materials (issue 14) under `wrangler dev`, in one run, side by side:
 * - a 5 MB photo sent to POST /api/applications/:reference/files until its 201 (multipart
 *   parsed, bytes checked and hashed, encrypted, written to R2, its row in D1), next to a 5 MB
 *   static file downloaded from the same server, interleaved; p50 of each and their ratio;
 * - the same from the family's side in Chromium: a 5 MB photo chosen on /status/ until 「已上传」
 *   (the browser redraws it at 2,000 px as JPEG first, then sends what is left);
 * - the Worker's memory during a 10 MB upload: the resident set of the workerd processes of a
 *   fresh server, read from /proc every 2 ms from before the request until after its answer;
 *   the peak above the level just before is what the upload cost (median of several servers).
 *
 * The server is a throwaway copy serving dist/ plus the 5 MB file; its limits are the real ones
 * (a few uploads a minute per caller pass them), each upload from a caller address of its own.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from '#src/integrations/content-files.ts';
import { submit } from '#tests/reliability/support.ts';
import { ownCaller } from '#tests/support/callers.ts';
import { jpegBytes } from '#tests/support/test-files.ts';
import { startServer, type DevServer } from '#tests/support/server.ts';
import application from '#tests/fixtures/api/application.json' with { type: 'json' };
import { copyProject } from './lib/project-copy.ts';
import { median, table, type Section } from './lib/report.ts';

const MB = 1024 * 1024;
const STATIC_FILE = 'bench-5mb.bin';

async function newApplication(url: string): Promise<{ reference: string; accessCode: string }> {
  const res = await submit(url, application, `bench-files-${crypto.randomUUID()}`, ownCaller());
  if (res.status !== 201) throw new Error(`applying answered ${res.status}`);
  return res.body as unknown as { reference: string; accessCode: string };
}

async function upload(
  url: string,
  r: { reference: string; accessCode: string },
  bytes: Uint8Array<ArrayBuffer>,
  expect = 201,
): Promise<number> {
  const form = new FormData();
  form.set('accessCode', r.accessCode);
  form.set('item', 'childIdentity');
  form.append('file', new File([bytes], 'photo.jpg', { type: 'image/jpeg' }));
  const started = performance.now();
  const res = await fetch(`${url}/api/applications/${r.reference}/files`, { method: 'POST', body: form, headers: ownCaller() });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== expect) throw new Error(`upload answered ${res.status}, not ${expect}`);
  return ms;
}

async function download(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/${STATIC_FILE}`);
  const size = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200 || size !== 5 * MB) throw new Error(`static download answered ${res.status}, ${size} bytes`);
  return performance.now() - started;
}

/** The workerd processes of a server: wrangler's process group. */
function workerdPids(server: DevServer): number[] {
  const group = server.process.pid!;
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === group && stat.includes('(workerd)');
      } catch {
        return false;
      }
    })
    .map(Number);
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** The peak resident set above the level before, per workerd process, while `work` runs; the largest. */
async function peakDuring(pids: number[], work: () => Promise<unknown>): Promise<{ before: number; peak: number }> {
  const before = new Map(pids.map((p) => [p, rss(p)]));
  const peak = new Map(before);
  let running = true;
  const sampler = (async () => {
    while (running) {
      for (const p of pids) peak.set(p, Math.max(peak.get(p)!, rss(p)));
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  await work();
  await new Promise((r) => setTimeout(r, 50));
  running = false;
  await sampler;
  const deltas = pids.map((p) => ({ before: before.get(p)!, peak: peak.get(p)! - before.get(p)! }));
  return deltas.sort((a, b) => b.peak - a.peak)[0]!;
}

/** A photo of about 5 MB drawn by Chromium (4,000 × 3,000, noisy so JPEG keeps it large), and the time from choosing it to 「已上传」. */
async function inBrowser(browser: Browser, url: string, runs: number): Promise<{ ms: number[]; photoBytes: number; sentBytes: number }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${url}/status/`);
  const photo = Buffer.from(
    (
      await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 4000;
        canvas.height = 3000;
        const ctx = canvas.getContext('2d')!;
        const image = ctx.createImageData(4000, 3000);
        for (let i = 0; i < image.data.length; i += 4) {
          const v = (i * 2654435761) >>> 24;
          image.data[i] = v;
          image.data[i + 1] = (v * 7) & 255;
          image.data[i + 2] = (v * 13) & 255;
          image.data[i + 3] = 255;
        }
        ctx.putImageData(image, 0, 0);
        return canvas.toDataURL('image/jpeg', 0.62);
      })
    ).split(',')[1]!,
    'base64',
  );
  const ms: number[] = [];
  let sentBytes = 0;
  page.on('response', async (res) => {
    if (res.url().includes('/files') && res.status() === 201)
      sentBytes = ((await res.json()) as { files: { size: number }[] }).files[0]!.size;
  });
  for (let i = 0; i < runs; i++) {
    const r = await newApplication(url);
    await page.goto(`${url}/status/`);
    await page.getByLabel('编号', { exact: true }).fill(r.reference);
    await page.getByLabel('查询码', { exact: true }).fill(r.accessCode);
    await page.getByRole('button', { name: '查询' }).click();
    const input = page.locator('li.material').first().locator('input[type=file]');
    await input.waitFor();
    const started = performance.now();
    await input.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('ul.uploads li.done').first().waitFor({ timeout: 60_000 });
    ms.push(performance.now() - started);
  }
  await context.close();
  return { ms, photoBytes: photo.length, sentBytes };
}

/**
 * Each measurement on a fresh server, warmed up by a small upload (so the code has run once):
 * a process that has handled big uploads before keeps memory it reuses, and would show less.
 * `stored`: a 10 MB upload taken whole; `parsedOnly`: the same sent with a wrong access code,
 * answered 404 once the body is parsed — what the multipart body costs before any of our work.
 */
async function memoryOfUploads(dir: string, runs: number) {
  const result = { stored: [] as number[], parsedOnly: [] as number[], download: [] as number[], before: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['stored', 'parsedOnly'] as const) {
      const server = await startServer({ root: dir, logLevel: 'warn' });
      try {
        const pids = workerdPids(server);
        if (!pids.length) throw new Error('no workerd process found in the server’s process group');
        await upload(server.url, await newApplication(server.url), jpegBytes(64 * 1024, 99));
        await download(server.url);
        const r = await newApplication(server.url);
        const target = kind === 'stored' ? r : { ...r, accessCode: 'AAAA-AAAA-AAAA' };
        const ten = jpegBytes(10 * MB, 100 + i);
        const m = await peakDuring(pids, () => upload(server.url, target, ten, kind === 'stored' ? 201 : 404));
        result[kind].push(m.peak);
        if (kind === 'stored') {
          result.before.push(m.before);
          result.download.push((await peakDuring(pids, () => download(server.url))).peak);
        }
      } finally {
        await server.stop();
      }
    }
  }
  return result;
}

export async function runFiles(browser: Browser, options: { runs?: number; memoryRuns?: number } = {}): Promise<Section> {
  const runs = options.runs ?? 9;
  const memoryRuns = options.memoryRuns ?? 3;
  const dir = copyProject();
  let server: DevServer | undefined;
  try {
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', STATIC_FILE), Buffer.alloc(5 * MB, 7));
    server = await startServer({ root: dir, logLevel: 'warn' });
    const url = server.url;
    const photo = jpegBytes(5 * MB, 5);

    // Warm up both paths, then interleave: upload, download, upload, download …
    await download(url);
    await upload(url, await newApplication(url), jpegBytes(5 * MB, 1));
    const up: number[] = [];
    const again: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await newApplication(url);
      up.push(await upload(url, r, photo));
      // The same photo again: parsed, checked and hashed, found stored, nothing encrypted or written.
      again.push(await upload(url, r, photo));
      down.push(await download(url));
    }
    const browserRuns = await inBrowser(browser, url, Math.max(3, Math.ceil(runs / 3)));
    await server.stop();
    server = undefined;
    const memory = await memoryOfUploads(dir, memoryRuns);

    const p50Up = median(up);
    const p50Down = median(down);
    const p50Browser = median(browserRuns.ms);
    const peak = median(memory.stored);
    const markdown =
      table(
        ['measure', 'p50', 'runs', '÷ 5 MB static download'],
        [
          ['5 MB static download (same server, same run)', `${p50Down.toFixed(0)} ms`, runs, '1.00'],
          ['5 MB photo → `POST /api/applications/:reference/files` → 201', `${p50Up.toFixed(0)} ms`, runs, (p50Up / p50Down).toFixed(2)],
          [
            'the same photo sent again (found stored: nothing encrypted or written)',
            `${median(again).toFixed(0)} ms`,
            runs,
            (median(again) / p50Down).toFixed(2),
          ],
          [
            `Chromium: a ${(browserRuns.photoBytes / MB).toFixed(1)} MB photo chosen on /status/ → 「已上传」 (redrawn at 2,000 px, ${(browserRuns.sentBytes / MB).toFixed(2)} MB sent)`,
            `${p50Browser.toFixed(0)} ms`,
            browserRuns.ms.length,
            (p50Browser / p50Down).toFixed(2),
          ],
        ],
      ) +
      '\n\n' +
      table(
        ['Worker memory (workerd resident set, sampled every 2 ms, fresh server each)', 'median', 'runs'],
        [
          ['peak above the level before, during a 10 MB upload (stored)', `${(peak / MB).toFixed(1)} MB`, memoryRuns],
          [
            'the same 10 MB with a wrong access code (body parsed, then 404)',
            `${(median(memory.parsedOnly) / MB).toFixed(1)} MB`,
            memoryRuns,
          ],
          ['a 5 MB static download (for comparison)', `${(median(memory.download) / MB).toFixed(1)} MB`, memoryRuns],
          ['resident set before the 10 MB upload', `${(median(memory.before) / MB).toFixed(0)} MB`, memoryRuns],
        ],
      );
    return {
      markdown,
      data: {
        runs,
        uploadMs: up,
        againMs: again,
        downloadMs: down,
        browserMs: browserRuns.ms,
        browserPhotoBytes: browserRuns.photoBytes,
        browserSentBytes: browserRuns.sentBytes,
        p50Up,
        p50Down,
        p50Browser,
        ratio: p50Up / p50Down,
        memoryPeakBytes: memory.stored,
        parsedOnlyPeakBytes: memory.parsedOnly,
        downloadPeakBytes: memory.download,
      },
      command: 'npm run bench -- files',
    };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
