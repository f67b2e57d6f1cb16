/**
 * Where Pagefind's files are, for the three places that fetch them ahead of a search: the
 * header box on every page (CSS, on focus), the /search/ page's preload links, and the island.
 */
export const PAGEFIND_DIR = '/pagefind/';
export const PAGEFIND_SCRIPT = `${PAGEFIND_DIR}pagefind.js`;
/** Pagefind writes one WebAssembly file for languages it does not stem, Chinese among them. */
export const PAGEFIND_WASM = `${PAGEFIND_DIR}wasm.unknown.pagefind`;
/** The /search/ page's placeholder that the build replaces with the index's preload links and data. */
export const PRELOAD_PLACEHOLDER = '<!--pagefind-preload-->';
/** The longest question the search boxes take (maxlength) and the Worker answers. */
export const SEARCH_QUERY_MAX = 100;
/** The id of the JSON the build writes into /search/ (SearchData). */
export const SEARCH_DATA_ID = 'search-index';

/**
 * For each Pagefind result id, what the island shows before the result's fragment arrives:
 * its address, title, type and area.
 */
export type PageCatalog = Record<string, [url: string, title: string, type: string, area: string]>;

/**
 * What the first search needs and /search/ carries in its HTML, written by the build once the
 * index exists (src/integrations/pagefind.ts): Pagefind's entry and metadata (its files by
 * path, base64, as Pagefind wrote them; the island answers Pagefind's fetches of them) and the
 * page list. Small (about 5 KB gzip), and three round trips fewer before the first result.
 */
export interface SearchData {
  files: Record<string, string>;
  pages: PageCatalog;
}
