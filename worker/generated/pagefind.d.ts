/**
 * The types of what the build writes here (writeWorkerSearch in src/integrations/pagefind.ts):
 * Pagefind's script as a function, and the page list. Present before any build, so the Worker
 * type-checks on a fresh clone.
 */
import type { PageCatalog } from '#src/search/assets.ts';
import type { Pagefind } from '#src/search/engine.ts';

/** Pagefind's createInstance, reading the index with `fetch` and running `wasmModule`. */
export declare function createPagefind(
  fetch: (input: string) => Promise<Response>,
  wasmModule: WebAssembly.Module,
  language: string,
): (options: { basePath: string; noWorker?: boolean; metaCacheTag?: string }) => Pagefind;

/** For each Pagefind result id: the page's address, title, type and area. */
export declare const PAGES: PageCatalog;
