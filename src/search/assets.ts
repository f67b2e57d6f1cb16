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
