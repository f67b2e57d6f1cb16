/**
 * The search island on /search/: the only JavaScript of the public content pages' search. It
 * reads ?q= (&type=, &area=) so the header box works as a plain form, searches as the person
 * types (never in the middle of an input-method composition) and on Enter, and renders each
 * result as soon as its fragment arrives, five at a time. Nothing is sent anywhere: Pagefind
 * runs in the page. The steps, and why, are in docs/search.md.
 */
import { CONTENT_TYPES, type ContentType } from '../domain/content-kinds.ts';
import { format } from '../i18n/format.ts';
import { PAGEFIND_DIR, PAGEFIND_SCRIPT, SEARCH_DATA_ID, type PageCatalog, type SearchData } from './assets.ts';
import { TOPIC_FIELDS } from './index-terms.ts';
import { surfaceWords, understand, type Understood } from './query.ts';
import { INDEX_MARKER, SYNONYM_GROUPS } from './synonyms.ts';

interface Fragment {
  url: string;
  content: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface Hit {
  id: string;
  score: number;
  data(): Promise<Fragment>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  preload(term: string, o?: object): Promise<void>;
  search(term: string | null, o?: { filters?: Record<string, string> }): Promise<{ results: Hit[] }>;
}
interface Messages {
  loading: string;
  none: string;
  count: string;
  partial: string;
  more: string;
  reportTitle: string;
  reportLead: string;
  types: Record<ContentType, string>;
}

const PAGE_SIZE = 5;
/**
 * For the same match, the page a person can act on comes first: an entitlement's 办事指南 or a
 * hotline (the report page is one) before the policy or the law that describes it. A query
 * that names a law gets the law first instead.
 */
const KIND_BOOST: Record<ContentType, number> = { entitlement: 1.6, hotline: 1.6, guide: 1.3, policy: 1, law: 1 };
const LAW_BOOST = 1.6;
/** The dictionary's tokens in a page's title weigh like its title; in its keywords, less. */
const TOPIC_WEIGHTS = { title: 5, [TOPIC_FIELDS.title]: 5, [TOPIC_FIELDS.keywords]: 2 };
const REPORT_URL = '/report/';

/** A result to show: a page Pagefind found (and what the page list says of it), or the report page a crisis query always gets. */
type Item = { hit: Hit; page?: PageCatalog[string] } | { report: true };
const keyOf = (item: Item) => ('hit' in item ? item.hit.id : REPORT_URL);

export async function runSearch(): Promise<void> {
  performance.mark('island start');
  // The build writes the entry, the metadata and the page list into the page (absent only
  // before a build has indexed the site): no round trip for them.
  const dataElement = document.getElementById(SEARCH_DATA_ID);
  const data: SearchData = dataElement ? (JSON.parse(dataElement.textContent!) as SearchData) : { files: {}, pages: {} };
  servePagefindFiles(data.files);
  // Loading starts first: the page's preload links have the other files on the way.
  const pagefind: Promise<Pagefind> = (async () => {
    const pf = (await import(/* @vite-ignore */ PAGEFIND_SCRIPT)) as Pagefind;
    performance.mark('pagefind imported');
    // In the page rather than in Pagefind's web worker: one script fewer to fetch, and this index
    // is small enough that a search takes a few milliseconds.
    await pf.options({ noWorker: true, ranking: { metaWeights: TOPIC_WEIGHTS } });
    await pf.init();
    performance.mark('pagefind init done');
    return pf;
  })();
  const form = document.getElementById('search-form') as HTMLFormElement;
  const input = form.elements.namedItem('q') as HTMLInputElement;
  const typeSelect = form.elements.namedItem('type') as HTMLSelectElement;
  const areaSelect = form.elements.namedItem('area') as HTMLSelectElement;
  const status = document.getElementById('search-status')!;
  const partial = document.getElementById('search-partial')!;
  const crisis = document.getElementById('search-crisis')!;
  const list = document.getElementById('search-results')!;
  const more = document.getElementById('search-more') as HTMLButtonElement;
  const messages = JSON.parse(document.getElementById('search-messages')!.textContent!) as Messages;
  const kindOfType = new Map(CONTENT_TYPES.map((k) => [messages.types[k], k] as const));

  const params = new URL(location.href).searchParams;
  input.value = params.get('q') ?? '';
  typeSelect.value = params.get('type') ?? '';
  areaSelect.value = params.get('area') ?? '';

  // Ready before the first keystroke: the chunk(s) holding the dictionary's tokens (first, last
  // and the marker span them) and, on an empty page, the word segmenter, whose first use loads
  // its dictionary (with ?q= the first search does that).
  void pagefind.then((pf) => pf.preload(`${SYNONYM_GROUPS[0]!.token} ${SYNONYM_GROUPS.at(-1)!.token} ${INDEX_MARKER}`));
  if (!input.value.trim()) understand('你好');

  function filters(): Record<string, string> {
    const f: Record<string, string> = {};
    if (typeSelect.value) f.type = typeSelect.value;
    if (areaSelect.value) f.area = areaSelect.value;
    return f;
  }

  /**
   * Nothing matched what the question means: every word of it, the one-character ones too, as
   * Pagefind would take them, all at once and then each alone. A real question gets something.
   */
  async function lastResort(
    u: Understood,
    ask: (t: string[]) => Promise<Hit[]>,
    ranked: (hs: Iterable<Hit>) => Hit[],
  ): Promise<{ hits: Hit[]; partial: boolean }> {
    if (!u.words.length) return { hits: [], partial: false };
    const all = await ask(u.words);
    if (all.length || u.words.length === 1) return { hits: ranked(all), partial: false };
    const sums = new Map<string, Hit>();
    for (const res of await Promise.all(u.words.map((w) => ask([w]))))
      for (const h of res) {
        const seen = sums.get(h.id);
        sums.set(h.id, seen ? { ...seen, score: seen.score + h.score } : h);
      }
    const hits = ranked(sums.values());
    return { hits, partial: hits.length > 0 };
  }

  /**
   * The dictionary's words must all match; the other words (ones the dictionary does not know,
   * often fillers such as 「这里」) raise the pages that have them but do not exclude the others.
   * When no page has all the dictionary's words, each word alone, merged by score (a page that
   * matches more of them adds up more), and the person is told. `early` gets the pages that
   * match the dictionary's words while the other words' index chunks are still on the way.
   */
  async function find(
    pf: Pagefind,
    pages: PageCatalog,
    u: Understood,
    early: (hits: Hit[]) => void,
  ): Promise<{ hits: Hit[]; partial: boolean }> {
    const terms = u.concepts.map((c) => c.term);
    const core = u.concepts.filter((c) => c.group).map((c) => c.term);
    const f = filters();
    const ask = (t: string[]) => pf.search(t.join(' '), { filters: f }).then((r) => r.results);
    const boost = (h: Hit) => {
      const k = kindOfType.get(pages[h.id]?.[2] ?? '');
      if (!k) return 1;
      return u.namesLaw ? (k === 'law' ? LAW_BOOST : 1) : KIND_BOOST[k];
    };
    const ranked = (hs: Iterable<Hit>) => [...hs].map((h) => ({ ...h, score: h.score * boost(h) })).sort((a, b) => b.score - a.score);
    const asked = terms.length ? ask(terms) : Promise.resolve([]);
    let some: Hit[] = [];
    if (core.length && core.length < terms.length) {
      let answered = false;
      void asked.then(() => (answered = true));
      some = await ask(core);
      if (!answered && some.length) early(ranked(some));
    }
    const all = await asked;
    const merged = new Map<string, Hit>();
    for (const h of [...all, ...some]) if ((merged.get(h.id)?.score ?? -1) < h.score) merged.set(h.id, h);
    const strict = ranked(merged.values());
    // Fewer than a screenful: the pages that match some of the words follow, below those that match them all.
    let loose: Hit[] = [];
    if (strict.length < PAGE_SIZE && terms.length > 1) {
      const sums = new Map<string, Hit>();
      for (const res of await Promise.all(terms.map((t) => ask([t])))) {
        for (const h of res) {
          if (merged.has(h.id)) continue;
          const seen = sums.get(h.id);
          sums.set(h.id, seen ? { ...seen, score: seen.score + h.score } : h);
        }
      }
      loose = ranked(sums.values());
    }
    const hits = [...strict, ...loose];
    if (hits.length) return { hits, partial: !all.length && terms.length > 1 };
    return lastResort(u, ask, ranked);
  }

  // One search at a time; what is typed meanwhile is preloaded and searched as soon as it is free.
  let running: Promise<void> | undefined;
  let again = false;
  let current = 0;
  /** What the list shows: the run's items, how many are in the list, and each item's row. */
  let view: { run: number; items: Item[]; next: number; words: string[]; rows: Map<string, HTMLLIElement> } | undefined;

  function fill(li: HTMLLIElement, url: string, title: string, tag: string): void {
    const h = document.createElement('h2');
    const a = document.createElement('a');
    a.href = url;
    a.textContent = title;
    h.append(a);
    const t = document.createElement('span');
    t.className = 'tag';
    t.textContent = tag;
    li.replaceChildren(h, t, document.createElement('p'));
  }

  /**
   * A result's row: its title, link and type at once from the page list, its excerpt when its
   * fragment arrives. A page the list lacks stays hidden until its fragment has arrived.
   */
  function row(item: Item, words: string[]): HTMLLIElement {
    const li = document.createElement('li');
    if ('report' in item) {
      fill(li, REPORT_URL, messages.reportTitle, messages.types.hotline);
      li.querySelector('p')!.textContent = messages.reportLead;
      return li;
    }
    const page = item.page;
    if (page) fill(li, page[0], page[1], [page[2], page[3]].filter(Boolean).join(' · '));
    else li.hidden = true;
    void item.hit.data().then((frag) => {
      const title = page?.[1] ?? frag.meta.title ?? frag.url;
      if (!page) {
        fill(li, frag.url, title, [...(frag.filters.type ?? []), ...(frag.filters.area ?? [])].join(' · '));
        li.hidden = false;
      }
      li.querySelector('p')!.replaceChildren(...excerpt(frag.content, title, words));
    });
    return li;
  }

  /** Adds the next five items to the list; returns the first row added. */
  function renderMore(): HTMLLIElement | undefined {
    if (!view) return;
    const batch = view.items.slice(view.next, view.next + PAGE_SIZE);
    view.next += batch.length;
    const rows = batch.map((item) => {
      const key = keyOf(item);
      const li = view!.rows.get(key) ?? row(item, view!.words);
      view!.rows.set(key, li);
      return li;
    });
    list.append(...rows);
    const left = view.items.length - view.next;
    more.hidden = left <= 0;
    more.textContent = format(messages.more, { n: left });
    return rows[0];
  }

  /** Shows a run's items from the top. Rows this run showed already are kept, excerpt and all. */
  function show(run: number, items: Item[], words: string[]): void {
    const rows = view?.run === run ? view.rows : new Map<string, HTMLLIElement>();
    view = { run, items, next: 0, words, rows };
    list.replaceChildren();
    renderMore();
  }

  async function search(): Promise<void> {
    const run = ++current;
    const q = input.value.trim();
    performance.mark('search start');
    const u = understand(q);
    performance.mark('understood');
    crisis.hidden = !u.crisis;
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      partial.hidden = true;
      more.hidden = true;
      view = undefined;
      return;
    }
    status.textContent = messages.loading;
    const pf = await pagefind;
    performance.mark('pagefind ready');
    // A result's address, title and type, so it shows before its fragment arrives.
    const pages = data.pages;
    const words = surfaceWords(u);
    // Crisis first: the report page is always among the first results (second, after the best match).
    const withReport = u.crisis && (!typeSelect.value || typeSelect.value === messages.types.hotline);
    const itemsOf = (hits: Hit[]): Item[] => {
      const items: Item[] = hits.map((hit) => ({ hit, page: pages[hit.id] })).filter((x) => !withReport || x.page?.[0] !== REPORT_URL);
      if (withReport) items.splice(Math.min(1, items.length), 0, { report: true });
      return items;
    };
    const found = await find(pf, pages, u, (hits) => {
      if (run === current && !again) show(run, itemsOf(hits), words);
    });
    performance.mark('found');
    // Newer words are waiting: show their answer, not this one's.
    if (run !== current || again) return;
    const items = itemsOf(found.hits);
    partial.hidden = !found.partial;
    show(run, items, words);
    status.textContent = items.length ? format(messages.count, { n: items.length, q }) : format(messages.none, { q });
  }

  function schedule(): void {
    if (running) {
      again = true;
      const terms = understand(input.value).concepts.map((c) => c.term);
      if (terms.length) void pagefind.then((pf) => pf.preload(terms.join(' '), { filters: filters() }));
      return;
    }
    running = search().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
  }

  function keepInAddress(): void {
    const url = new URL(location.href);
    url.search = '';
    for (const [k, v] of [
      ['q', input.value.trim()],
      ['type', typeSelect.value],
      ['area', areaSelect.value],
    ] as const)
      if (v) url.searchParams.set(k, v);
    history.replaceState(null, '', url);
  }

  // An input method composes a word in several steps: search only the word it commits.
  let composing = false;
  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => {
    composing = false;
    keepInAddress();
    schedule();
  });
  input.addEventListener('input', (event) => {
    if (composing || (event as InputEvent).isComposing) return;
    keepInAddress();
    schedule();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    keepInAddress();
    schedule();
  });
  for (const select of [typeSelect, areaSelect])
    select.addEventListener('change', () => {
      keepInAddress();
      schedule();
    });
  more.addEventListener('click', () => {
    renderMore()?.querySelector('a')?.focus();
  });
  if (input.value.trim()) schedule();
}

/** Pagefind's own files: its WebAssembly, metadata, index and filter chunks and fragments. */
const PAGEFIND_FILE = new RegExp(`^${PAGEFIND_DIR}.*\\.(pagefind|pf_\\w+)$`);

/**
 * Pagefind's fetches: the files the page carries are answered from it, and Pagefind's own files
 * arrive inflated. They are gzip inside, and Pagefind inflates them in JavaScript; a file that
 * starts with its signature instead is taken as it is. The browser's own DecompressionStream is
 * several times faster, on the page's one thread that also has to read the question and show
 * the results.
 */
function servePagefindFiles(files: Record<string, string>): void {
  const fetchFile = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    const inline = url.origin === location.origin ? files[url.pathname] : undefined;
    const res = inline === undefined ? await fetchFile(input, init) : new Response(Uint8Array.from(atob(inline), (c) => c.charCodeAt(0)));
    if (
      typeof DecompressionStream === 'undefined' ||
      !res.ok ||
      !res.body ||
      url.origin !== location.origin ||
      !PAGEFIND_FILE.test(url.pathname)
    )
      return res;
    return new Response(res.body.pipeThrough(new DecompressionStream('gzip')), { status: res.status, statusText: res.statusText });
  };
}

/**
 * A line of the page around the first word that matched, with every matched word marked. Built
 * from text nodes, so nothing in a page's text can become HTML here.
 */
function excerpt(content: string, title: string, words: string[], length = 90): Node[] {
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
  const nodes: Node[] = [];
  if (start > 0) nodes.push(document.createTextNode('…'));
  if (words.length) {
    const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    let last = 0;
    for (const m of slice.matchAll(pattern)) {
      if (m.index > last) nodes.push(document.createTextNode(slice.slice(last, m.index)));
      const mark = document.createElement('mark');
      mark.textContent = m[0];
      nodes.push(mark);
      last = m.index + m[0].length;
    }
    if (last < slice.length) nodes.push(document.createTextNode(slice.slice(last)));
  } else nodes.push(document.createTextNode(slice));
  if (end < text.length) nodes.push(document.createTextNode('…'));
  return nodes;
}
