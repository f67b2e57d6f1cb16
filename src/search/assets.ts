/**
 * Where Pagefind's files are, for the three places that fetch them ahead of a search: the
 * header box on every page (CSS, on focus), the /search/ page's preload links, and the island.
 */
export const PAGEFIND_DIR = '/pagefind/';
export const PAGEFIND_SCRIPT = `${PAGEFIND_DIR}pagefind.js`;
/** Pagefind writes one WebAssembly file for languages it does not stem, Chinese among them. */
export const PAGEFIND_WASM = `${PAGEFIND_DIR}wasm.unknown.pagefind`;
/** The /search/ page's placeholder that the build replaces with the index's preload links. */
export const PRELOAD_PLACEHOLDER = '<!--pagefind-preload-->';
/** The meta element that tells the island which index the page was built with (metaCacheTag). */
export const INDEX_META = 'tonghu-search-index';
/**
 * Stands for the index's hash in the pages Astro writes (the index is built after them); the
 * build replaces it in every page once Pagefind has written the index.
 */
export const INDEX_TAG_PLACEHOLDER = '__tonghu_index__';

/**
 * Pagefind's entry, as Pagefind asks for it when told the index's hash (metaCacheTag): the same
 * address on every page, so the copy fetched on focus or by a preload link is the one it uses.
 */
export const pagefindEntry = (tag: string) => `${PAGEFIND_DIR}pagefind-entry.json?ts=${tag}`;

/**
 * The page list the build writes beside the index: for each Pagefind result id, what the island
 * shows before the result's fragment arrives (its address, title, type and area). Named by the
 * index's hash, so it is cached for good and never outlives its index.
 */
export const pageCatalog = (tag: string) => `${PAGEFIND_DIR}pages/${tag}.json`;
export type PageCatalog = Record<string, [url: string, title: string, type: string, area: string]>;
