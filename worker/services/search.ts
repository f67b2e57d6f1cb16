/**
 * The first results of /search/?q=, found by the Worker with the island's own code
 * (src/search/engine.ts) over the same Pagefind index, so they are in the page the moment it
 * arrives: the header box and a shared link work without JavaScript, and with it the island
 * keeps these rows. Pagefind runs here as the build copied it (worker/generated/, see
 * writeWorkerSearch in src/integrations/pagefind.ts) and reads the index from the site's assets.
 * The question is not logged or stored; docs/search.md has the steps.
 */
import { t } from '#src/i18n/index.ts';
import { PAGEFIND_DIR, PAGEFIND_WASM } from '#src/search/assets.ts';
import { env as bindings } from 'cloudflare:workers';
import {
  excerpt,
  findItems,
  keyOf,
  PAGEFIND_OPTIONS,
  REPORT_URL,
  tagOf,
  type Item,
  type Pagefind,
  type Piece,
} from '#src/search/engine.ts';
import { surfaceWords, understand } from '#src/search/query.ts';
import { TYPE_LABELS } from '#src/search/type-labels.ts';
import { createPagefind, PAGES } from '../generated/pagefind.js';
import pagefindWasm from '../generated/pagefind.wasm';
import type { Env } from '../env.ts';

/** At most this many results in the page (the no-JavaScript "more" link asks for five more each time). */
export const SERVED_RESULTS_MAX = 50;

/** One result row: what the island's row shows. */
export interface ServedRow {
  key: string;
  url: string;
  title: string;
  tag: string;
  excerpt: Piece[];
}
export interface Served {
  crisis: boolean;
  partial: boolean;
  /** How many results there are in all. */
  total: number;
  rows: ServedRow[];
}

/**
 * Pagefind's files, inflated, kept for the isolate's life: a deployment's index never changes
 * under it. Only bytes are kept, never a stream, which belongs to one request.
 */
const FILES = new Map<string, Uint8Array>();

/** Pagefind's fetch: its files from the site's assets, inflated as the island does it (client.ts). */
async function pagefindFetch(input: string): Promise<Response> {
  const { pathname } = new URL(input, ASSETS_ORIGIN);
  // The module is bundled with the Worker; Pagefind's copy of it would only be inflated and dropped.
  if (pathname === PAGEFIND_WASM) return new Response('pagefind_dcd');
  const kept = FILES.get(pathname);
  if (kept) return new Response(kept);
  const res = await (bindings as unknown as Env).ASSETS.fetch(new Request(`${ASSETS_ORIGIN}${pathname}`));
  if (!res.ok || !res.body) return res;
  const body = pathname.endsWith('.json') ? res.body : res.body.pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  FILES.set(pathname, bytes);
  return new Response(bytes);
}
/** The assets binding reads only the path. */
const ASSETS_ORIGIN = 'https://assets.invalid';

/**
 * One Pagefind for the isolate, shared by its requests: starting one takes tens of milliseconds,
 * and each holds its index in WebAssembly memory that Pagefind never frees, so one per request
 * would grow without end. A file one request is fetching for it, another may wait for: the work
 * is kept alive past the page that started it (waitUntil), so a reader who leaves does not stall
 * the others. Dropped when it fails or is too slow, so the next request starts afresh.
 */
let shared: Promise<Pagefind> | undefined;
function pagefind(): Promise<Pagefind> {
  shared ??= (async () => {
    const pf = createPagefind(pagefindFetch, pagefindWasm, 'zh-cn')({ basePath: PAGEFIND_DIR, noWorker: true, metaCacheTag: 'worker' });
    await pf.options(PAGEFIND_OPTIONS);
    await pf.init();
    return pf;
  })();
  return shared;
}
/** Past this, the page goes out without results and the island answers (a cold start takes about 100 ms). */
const SEARCH_TIMEOUT_MS = 1000;

/**
 * The results for q (with the page's type and area filters), the first `shown` of them with their
 * excerpts; undefined when the index cannot be read in time, and the island answers as before.
 * `keepAlive` is the request's waitUntil.
 */
export async function searchSite(
  q: string,
  filters: Record<string, string>,
  shown: number,
  keepAlive: (work: Promise<unknown>) => void,
): Promise<Served | undefined> {
  const u = understand(q);
  const words = surfaceWords(u);
  const instance = pagefind();
  const found = (async (): Promise<Served> => {
    const { items, partial } = await findItems(await instance, PAGES, u, { filters, typeLabels: TYPE_LABELS });
    const rows = await Promise.all(items.slice(0, shown).map((item) => rowOf(item, words)));
    return { crisis: u.crisis, partial, total: items.length, rows };
  })();
  keepAlive(found.catch(() => undefined));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SEARCH_TIMEOUT_MS)));
  try {
    const served = await Promise.race([found, late]);
    if (served !== 'late') return served;
    console.error('search_unavailable: timeout');
  } catch (error) {
    // What failed, never the question (a message could quote it).
    console.error(`search_unavailable: ${error instanceof Error ? error.name : 'error'}`);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  // Start afresh next time, unless another request has already.
  if (shared === instance) shared = undefined;
  return undefined;
}

async function rowOf(item: Item, words: string[]): Promise<ServedRow> {
  const key = keyOf(item);
  if ('report' in item)
    return { key, url: REPORT_URL, title: t('report.title'), tag: TYPE_LABELS.hotline, excerpt: [{ text: t('report.lead') }] };
  const frag = await item.hit.data();
  const title = item.page?.[1] ?? frag.meta.title ?? frag.url;
  const tag = item.page ? tagOf(item.page[2], item.page[3]) : tagOf(...(frag.filters.type ?? []), ...(frag.filters.area ?? []));
  return { key, url: item.page?.[0] ?? frag.url, title, tag, excerpt: excerpt(frag.content, title, words) };
}
