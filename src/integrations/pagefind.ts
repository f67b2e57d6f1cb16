import type { AstroIntegration } from 'astro';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { close, createIndex } from 'pagefind';
import { REPORT_CATEGORIES } from '../domain/report-status.ts';
import { t } from '../i18n/index.ts';
import {
  PAGEFIND_DIR,
  PAGEFIND_SCRIPT,
  PAGEFIND_WASM,
  PRELOAD_PLACEHOLDER,
  SEARCH_DATA_ID,
  type PageCatalog,
  type SearchData,
} from '../search/assets.ts';
import { escapeHtml as escape } from '../check/results-html.ts';
import { indexTrailer } from '../search/index-terms.ts';
import { INDEX_MARKER } from '../search/synonyms.ts';

const BODY_END = '<!--pagefind-body-end-->';

/**
 * The form pages people look for by what they want to do. Their forms are not indexed (every
 * label would match), only their title, their lead and, for the report page, what can be reported.
 */
const TASK_PAGES = [
  { path: 'report', type: t('type.hotline'), extra: `${t('home.task.report.desc')} ${Object.values(REPORT_CATEGORIES).join('、')}` },
  { path: 'check', type: t('type.guide'), extra: t('home.task.check.desc') },
  { path: 'apply', type: t('type.guide'), extra: '' },
  { path: 'status', type: t('type.guide'), extra: t('home.status.link') },
  { path: 'volunteer', type: t('type.guide'), extra: t('home.task.volunteer.desc') },
];

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const firstH1 = (html: string) => decode(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();
const headingsOf = (html: string) => [...html.matchAll(/<h[23][^>]*>([\s\S]*?)<\/h[23]>/g)].map((m) => decode(m[1]!).trim());
const attr = (html: string, re: RegExp) => decode(re.exec(html)?.[1] ?? '');

/**
 * A content page's <main> with its trailer (src/search/index-terms.ts) at BODY_END. Only <main>
 * is handed over: Pagefind would skip the rest (the inline stylesheet, the header) anyway.
 */
function contentPage(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>') + '</main>'.length);
  const body = decode(main.slice(0, main.indexOf(BODY_END)).replace(/<nav[^>]*data-pagefind-ignore[\s\S]*?<\/nav>/g, ' '));
  const keywords = attr(html, /<meta name="keywords" content="([^"]*)"/)
    .split(',')
    .filter(Boolean);
  const trailer = indexTrailer({ title: firstH1(main), headings: headingsOf(main), body, keywords });
  return `<html lang="zh-CN"><body>${main.replace(BODY_END, trailer)}</body></html>`;
}

/** A form page reduced to its title and lead, under its type. */
function taskPage(html: string, page: (typeof TASK_PAGES)[number]): string {
  const title = firstH1(html);
  const lead = attr(html, /<meta name="description" content="([^"]*)"/);
  const body = `${title} ${lead} ${page.extra}`;
  return (
    `<html lang="zh-CN"><body><main data-pagefind-body><span hidden data-pagefind-filter="type:${escape(page.type)}"></span>` +
    `<h1>${escape(title)}</h1><p>${escape(lead)}</p><p>${escape(page.extra)}</p>` +
    `${indexTrailer({ title, headings: [], body, keywords: [] })}</main></body></html>`
  );
}

/** The site's pages under `dir` (404.html too). */
async function htmlFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(base, 'pagefind') && full !== path.join(base, '_astro')) out.push(...(await htmlFiles(full, base)));
    } else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out;
}

/**
 * Indexes the built site in `outDir` with Pagefind's Node API and writes dist/pagefind/. All
 * pages are handed to Pagefind at once (it indexes them in parallel). Returns the number of
 * pages indexed. The benchmark times this step against the stock CLI (bench/search.ts).
 */
export async function indexSite(outDir: string): Promise<number> {
  const { index, errors } = await createIndex({ forceLanguage: 'zh-cn' });
  if (!index) throw new Error(t('build.pagefind.noIndex', { errors: errors.join('; ') }));
  try {
    const files = await htmlFiles(outDir);
    const added = await Promise.all(
      files.map(async (file) => {
        const rel = path.relative(outDir, path.dirname(file)).split(path.sep).join('/');
        const url = rel ? `/${rel}/` : '/';
        const html = await readFile(file, 'utf8');
        const task = TASK_PAGES.find((p) => p.path === rel);
        const content = task ? taskPage(html, task) : html.includes(BODY_END) ? contentPage(html) : null;
        if (!content) return 0;
        const res = await index.addHTMLFile({ url, content });
        if (res.errors.length) throw new Error(t('build.pagefind.pageFailed', { url, errors: res.errors.join('; ') }));
        return 1;
      }),
    );
    const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(t('build.pagefind.writeFailed', { errors: written.errors.join('; ') }));
    return added.reduce<number>((a, b) => a + b, 0);
  } finally {
    await close();
  }
}

/**
 * What the site adds to Pagefind's bundle once it is written, all of it in /search/: the preload
 * links, and the data the first search needs (src/search/assets.ts, SearchData): Pagefind's
 * entry and metadata, and the page list the island shows results from before their fragments
 * arrive. Part of the Pagefind step: the benchmark times it with indexSite().
 */
export async function finishIndex(outDir: string): Promise<PageCatalog> {
  const bundle = path.join(outDir, 'pagefind');
  const entryFile = path.join(bundle, 'pagefind-entry.json');
  const entry = JSON.parse(await readFile(entryFile, 'utf8')) as {
    languages: Record<string, { hash: string; wasm: string | null }>;
  };
  const lang = entry.languages['zh-cn'];
  if (!lang) throw new Error(t('build.pagefind.noChinese'));
  if (`/pagefind/wasm.${lang.wasm ?? 'unknown'}.pagefind` !== PAGEFIND_WASM)
    throw new Error(t('build.pagefind.wasmRenamed', { wasm: String(lang.wasm) }));
  const unpack = async (file: string) => {
    const data = gunzipSync(await readFile(file));
    // Pagefind's files start with a signature after decompression.
    if (data.subarray(0, 12).toString() !== 'pagefind_dcd') throw new Error(t('build.pagefind.formatChanged', { file }));
    return data.subarray(12);
  };

  const pages: PageCatalog = {};
  for (const name of await readdir(path.join(bundle, 'fragment'))) {
    const frag = JSON.parse((await unpack(path.join(bundle, 'fragment', name))).toString()) as {
      url: string;
      meta: { title?: string };
      filters: Record<string, string[]>;
    };
    pages[name.replace(/\.pf_fragment$/, '')] = [
      frag.url,
      frag.meta.title ?? frag.url,
      frag.filters.type?.[0] ?? '',
      frag.filters.area?.[0] ?? '',
    ];
  }
  const metaName = `pagefind.${lang.hash}.pf_meta`;
  const data: SearchData = {
    files: {
      [`${PAGEFIND_DIR}pagefind-entry.json`]: (await readFile(entryFile)).toString('base64'),
      [`${PAGEFIND_DIR}${metaName}`]: (await readFile(path.join(bundle, metaName))).toString('base64'),
    },
    pages,
  };

  // Nearly every query asks for the dictionary's tokens, which sort together into one or two
  // index chunks: /search/ fetches those with the page.
  const chunks: string[] = [];
  for (const name of await readdir(path.join(bundle, 'index')))
    if ((await unpack(path.join(bundle, 'index', name))).includes(INDEX_MARKER.slice(0, 2))) chunks.push(`/pagefind/index/${name}`);

  const searchPage = path.join(outDir, 'search', 'index.html');
  const html = await readFile(searchPage, 'utf8');
  if (!html.includes(PRELOAD_PLACEHOLDER)) throw new Error(t('build.pagefind.noPreloadPlaceholder'));
  await writeFile(searchPage, html.replace(PRELOAD_PLACEHOLDER, await searchPreloads(outDir, html, chunks, data)));
  return pages;
}

/**
 * /search/'s preload links, most needed first (a browser talks to a server over six connections
 * at most, and a page's own module script would otherwise queue behind the rest): the island and
 * its imports, then Pagefind's script, WebAssembly and the token chunk(s); then the data.
 */
async function searchPreloads(outDir: string, html: string, chunks: string[], data: SearchData): Promise<string> {
  const island = /<script type="module" src="(\/_astro\/[^"]+)"/.exec(html)?.[1];
  if (!island) throw new Error(t('build.pagefind.noSearchScript'));
  const imports = [...(await readFile(path.join(outDir, island), 'utf8')).matchAll(/from"\.\/([^"]+\.js)"/g)].map((m) => `/_astro/${m[1]}`);
  // "<" escaped: a page title cannot end the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return [
    ...[island, ...imports, PAGEFIND_SCRIPT].map((href) => `<link rel="modulepreload" href="${href}">`),
    ...[PAGEFIND_WASM, ...chunks].map((href) => `<link rel="preload" href="${href}" as="fetch" crossorigin>`),
    `<script type="application/json" id="${SEARCH_DATA_ID}">${json}</script>`,
  ].join('');
}

/** Where the build writes the Worker's copy of Pagefind (not in git: every build writes it again). */
export const WORKER_SEARCH_DIR = fileURLToPath(new URL('../../worker/generated/', import.meta.url));

/**
 * The Worker's copy of Pagefind, for the first results it writes into /search/?q=
 * (worker/services/search.ts), so a link or the header box without JavaScript has its answer in
 * the page: Pagefind's own script from the bundle, made a function of the `fetch` it reads the
 * index with and of its WebAssembly module (a Worker cannot compile WebAssembly from bytes it
 * fetched; it imports the module, bundled with it), the page's language set to the index's (a
 * Worker has no <html lang>, and Chinese queries are cut into words only under zh); and the page
 * list (finishIndex's). Not part of the Pagefind step the benchmark compares with the
 * stock CLI, which has no server side.
 */
export async function writeWorkerSearch(outDir: string, pages: PageCatalog, target = WORKER_SEARCH_DIR): Promise<void> {
  const bundle = path.join(outDir, 'pagefind');
  let script = await readFile(path.join(bundle, 'pagefind.js'), 'utf8');
  const swap = (from: string | RegExp, to: string) => {
    const found = typeof from === 'string' ? script.split(from).length - 1 : (script.match(new RegExp(from, 'g'))?.length ?? 0);
    if (found !== 1) throw new Error(t('build.pagefind.workerPatch', { text: String(from) }));
    script = script.replace(from, to);
  };
  swap(/export\{createInstance,[^}]*\};?\s*$/, '');
  swap('var detectLanguage=()=>{', 'var detectLanguage=()=>language;var detectPageLanguage=()=>{');
  swap('this.backend({module_or_path:final_wasm})', 'this.backend({module_or_path:wasmModule})');
  const wasm = gunzipSync(await readFile(path.join(outDir, PAGEFIND_WASM)));
  if (wasm.subarray(0, 12).toString() !== 'pagefind_dcd') throw new Error(t('build.pagefind.formatChanged', { file: PAGEFIND_WASM }));
  await mkdir(target, { recursive: true });
  await writeFile(path.join(target, 'pagefind.wasm'), wasm.subarray(12));
  await writeFile(
    path.join(target, 'pagefind.js'),
    [
      '// Written by the build (writeWorkerSearch in src/integrations/pagefind.ts) from dist/pagefind/pagefind.js. Do not edit.',
      'export function createPagefind(fetch, wasmModule, language) {',
      script,
      'return createInstance;',
      '}',
      `export const PAGES = ${JSON.stringify(pages)};`,
      '',
    ].join('\n'),
  );
}

/** Builds the Pagefind index after every `astro build`, from the pages Astro just wrote. */
export function pagefind(): AstroIntegration {
  return {
    name: 'tonghu-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const outDir = fileURLToPath(dir);
        const pages = await indexSite(outDir);
        await writeWorkerSearch(outDir, await finishIndex(outDir));
        logger.info(`Pagefind: indexed ${pages} pages in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}
