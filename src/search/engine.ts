/**
 * What a search finds and in what order, without a page: the island on /search/
 * (src/search/client.ts) and the Worker, which answers /search/?q= with the first results in the
 * HTML (worker/services/search.ts), run this same code over the same Pagefind index, so a
 * link, the header box without JavaScript and typing on the page give the same list. The steps,
 * and why, are in docs/search.md.
 */
import { CONTENT_TYPES, type ContentType } from '../domain/content-kinds.ts';
import type { PageCatalog } from './assets.ts';
import { TOPIC_FIELDS } from './index-terms.ts';
import type { Understood } from './query.ts';
import { INDEX_MARKER } from './synonyms.ts';

export interface Fragment {
  url: string;
  content: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
export interface Hit {
  id: string;
  score: number;
  data(): Promise<Fragment>;
}
/** The part of Pagefind's API a search uses (its script in the page, its copy in the Worker). */
export interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  preload(term: string, o?: object): Promise<void>;
  search(term: string | null, o?: { filters?: Record<string, string> }): Promise<{ results: Hit[] }>;
}

/** Results are shown five at a time. */
export const PAGE_SIZE = 5;
/** Pagefind's options, the same in the page and in the Worker. */
export const PAGEFIND_OPTIONS = {
  // The dictionary's tokens in a page's title weigh like its title; in its keywords, less.
  ranking: { metaWeights: { title: 5, [TOPIC_FIELDS.title]: 5, [TOPIC_FIELDS.keywords]: 2 } },
};
/**
 * For the same match, the page a person can act on comes first: an entitlement's 办事指南 or a
 * hotline (the report page is one) before the policy or the law that describes it. A query
 * that names a law gets the law first instead.
 */
const KIND_BOOST: Record<ContentType, number> = { entitlement: 1.6, hotline: 1.6, guide: 1.3, policy: 1, law: 1 };
const LAW_BOOST = 1.6;
export const REPORT_URL = '/report/';

/** A result to show: a page Pagefind found (and what the page list says of it), or the report page a crisis query always gets. */
export type Item = { hit: Hit; page?: PageCatalog[string] } | { report: true };
export const keyOf = (item: Item) => ('hit' in item ? item.hit.id : REPORT_URL);

export interface Asked {
  /** The type and area filters, by their labels (the values of the page's two selects). */
  filters: Record<string, string>;
  /** Each content type's label, as the pages give it to Pagefind's type filter. */
  typeLabels: Record<ContentType, string>;
}
export interface Found {
  items: Item[];
  /** No page has all of the question's meanings: these match some of them. */
  partial: boolean;
}

/**
 * The items for a question, best first. `early` gets the pages that match the dictionary's
 * words while the other words' index chunks are still on the way.
 */
export async function findItems(
  pf: Pagefind,
  pages: PageCatalog,
  u: Understood,
  asked: Asked,
  early?: (items: Item[]) => void,
): Promise<Found> {
  const kindOfType = new Map(CONTENT_TYPES.map((k) => [asked.typeLabels[k], k] as const));
  const type = asked.filters.type;
  // Crisis first: the report page is always among the first results (second, after the best match).
  const withReport = u.crisis && (!type || type === asked.typeLabels.hotline);
  const itemsOf = (hits: Hit[]): Item[] => {
    const items: Item[] = hits.map((hit) => ({ hit, page: pages[hit.id] })).filter((x) => !withReport || x.page?.[0] !== REPORT_URL);
    if (withReport) items.splice(Math.min(1, items.length), 0, { report: true });
    return items;
  };
  const ask = (t: string[]) => pf.search(t.join(' '), { filters: asked.filters }).then((r) => r.results);
  const boost = (h: Hit) => {
    const k = kindOfType.get(pages[h.id]?.[2] ?? '');
    if (!k) return 1;
    return u.namesLaw ? (k === 'law' ? LAW_BOOST : 1) : KIND_BOOST[k];
  };
  const ranked = (hs: Iterable<Hit>) => [...hs].map((h) => ({ ...h, score: h.score * boost(h) })).sort((a, b) => b.score - a.score);
  const found = await find(u, ask, ranked, early && ((hits) => early(itemsOf(hits))));
  return { items: itemsOf(found.hits), partial: found.partial };
}

type Ask = (terms: string[]) => Promise<Hit[]>;
type Rank = (hits: Iterable<Hit>) => Hit[];

/** Adds up each page's scores over several searches, leaving out the pages in `skip`. */
async function summed(ask: Ask, words: string[], skip?: Map<string, Hit>): Promise<Map<string, Hit>> {
  const sums = new Map<string, Hit>();
  for (const res of await Promise.all(words.map((w) => ask([w]))))
    for (const h of res) {
      if (skip?.has(h.id)) continue;
      const seen = sums.get(h.id);
      sums.set(h.id, seen ? { ...seen, score: seen.score + h.score } : h);
    }
  return sums;
}

/**
 * The dictionary's words must all match; the other words (ones the dictionary does not know,
 * often fillers such as 「这里」) raise the pages that have them but do not exclude the others.
 * When no page has all the dictionary's words, each word alone, merged by score (a page that
 * matches more of them adds up more), and the person is told.
 */
async function find(u: Understood, ask: Ask, ranked: Rank, early?: (hits: Hit[]) => void): Promise<{ hits: Hit[]; partial: boolean }> {
  const terms = u.concepts.map((c) => c.term);
  const core = u.concepts.filter((c) => c.group).map((c) => c.term);
  const asked = terms.length ? ask(terms) : Promise.resolve([]);
  let some: Hit[] = [];
  if (core.length && core.length < terms.length) {
    let answered = false;
    void asked.then(() => (answered = true));
    some = await ask(core);
    if (!answered && some.length) early?.(ranked(some));
  }
  const all = await asked;
  const merged = new Map<string, Hit>();
  for (const h of [...all, ...some]) if ((merged.get(h.id)?.score ?? -1) < h.score) merged.set(h.id, h);
  const strict = ranked(merged.values());
  // Fewer than a screenful: the pages that match some of the words follow, below those that match them all.
  const loose = strict.length < PAGE_SIZE && terms.length > 1 ? ranked((await summed(ask, terms, merged)).values()) : [];
  const hits = [...strict, ...loose];
  if (hits.length) return { hits, partial: !all.length && terms.length > 1 };
  return lastResort(u, ask, ranked);
}

/**
 * Nothing matched what the question means: every word of it, the one-character ones too, as
 * Pagefind would take them, all at once and then each alone. A real question gets something.
 */
async function lastResort(u: Understood, ask: Ask, ranked: Rank): Promise<{ hits: Hit[]; partial: boolean }> {
  if (!u.words.length) return { hits: [], partial: false };
  const all = await ask(u.words);
  if (all.length || u.words.length === 1) return { hits: ranked(all), partial: false };
  const hits = ranked((await summed(ask, u.words)).values());
  return { hits, partial: hits.length > 0 };
}

/**
 * What a list of results answers: the question and the two filters. The Worker writes it on the
 * list it puts in the page (data-for); the island keeps that list only for the same question.
 */
export const askedFor = (q: string, type: string, area: string) => [q, type, area].join('\n');

/** A piece of an excerpt: text, marked when it is a word that matched. */
export interface Piece {
  text: string;
  mark?: true;
}

/**
 * A line of the page around the first word that matched, in pieces, every matched word marked;
 * '…' where the line is cut. The page's text only, not the index-only trailer.
 */
export function excerpt(content: string, title: string, words: string[], length = 90): Piece[] {
  let text = (content.split(INDEX_MARKER)[0] ?? '').replace(/\s+/g, ' ').trim();
  if (text.startsWith(title)) text = text.slice(title.length).trim();
  let at = -1;
  for (const w of words) {
    const i = text.indexOf(w);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = at < 0 ? 0 : Math.max(0, at - 20);
  const end = Math.min(text.length, start + length);
  const slice = text.slice(start, end);
  const pieces: Piece[] = [];
  if (start > 0) pieces.push({ text: '…' });
  if (words.length) {
    const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    let last = 0;
    for (const m of slice.matchAll(pattern)) {
      if (m.index > last) pieces.push({ text: slice.slice(last, m.index) });
      pieces.push({ text: m[0], mark: true });
      last = m.index + m[0].length;
    }
    if (last < slice.length) pieces.push({ text: slice.slice(last) });
  } else pieces.push({ text: slice });
  if (end < text.length) pieces.push({ text: '…' });
  return pieces;
}

/** What a result row shows under its title: its type, and its area when it has one. */
export const tagOf = (...labels: string[]) => labels.filter(Boolean).join(' · ');
