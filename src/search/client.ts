/**
 * The search island on /search/: the only JavaScript of the public content pages' search. It
 * reads ?q= (&type=, &area=) so the header box works as a plain form, searches as the person
 * types (never in the middle of an input-method composition) and on Enter, and renders each
 * result as soon as its fragment arrives, five at a time. Nothing is sent anywhere: Pagefind
 * runs in the page. The steps, and why, are in docs/search.md.
 */
import type { ContentType } from '../domain/content-kinds.ts';
import { format } from '../i18n/format.ts';
import { PAGEFIND_DIR, PAGEFIND_SCRIPT, SEARCH_DATA_ID, SEARCH_QUERY_MAX, type SearchData } from './assets.ts';
import { askedFor, excerpt, findItems, keyOf, PAGE_SIZE, PAGEFIND_OPTIONS, REPORT_URL, tagOf, type Item, type Pagefind } from './engine.ts';
import { surfaceWords, understand } from './query.ts';
import { SYNONYM_GROUPS, INDEX_MARKER } from './synonyms.ts';

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
    await pf.options({ noWorker: true, ...PAGEFIND_OPTIONS });
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

  // A link to /search/?q= comes with its first results, from the Worker (worker/services/search.ts):
  // the island's own search finds the same pages and keeps those rows, excerpt and all, rather
  // than blanking them until each fragment arrives. The Worker's link to more results is for
  // pages without JavaScript; once the island shows a list, its button does that.
  const served = new Map([...list.querySelectorAll<HTMLLIElement>('li[data-key]')].map((li) => [li.dataset.key!, li]));
  const servedFor = list.dataset.for;
  /** The status line, written only when it changes: a screen reader reads each change aloud. */
  const say = (text: string) => {
    if (status.textContent !== text) status.textContent = text;
  };

  // The address's question, unless the box says something already: the Worker filled it in, and
  // the person may have typed while this script was on its way.
  const params = new URL(location.href).searchParams;
  if (!input.value) input.value = params.get('q') ?? '';
  if (!typeSelect.value) typeSelect.value = params.get('type') ?? '';
  if (!areaSelect.value) areaSelect.value = params.get('area') ?? '';

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

  // One search at a time; what is typed meanwhile is preloaded and searched as soon as it is free.
  let running: Promise<void> | undefined;
  let again = false;
  let current = 0;
  /** What the list shows: the run's items, how many are in the list, and each item's row. */
  let view: { run: number; items: Item[]; next: number; words: string[]; rows: Map<string, HTMLLIElement> } | undefined;

  /** A result row's markup; the Worker writes the same for the rows it puts in the page (rowsHtml, worker/routes/search.ts). */
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
    if (page) fill(li, page[0], page[1], tagOf(page[2], page[3]));
    else li.hidden = true;
    void item.hit.data().then((frag) => {
      const title = page?.[1] ?? frag.meta.title ?? frag.url;
      if (!page) {
        fill(li, frag.url, title, tagOf(...(frag.filters.type ?? []), ...(frag.filters.area ?? [])));
        li.hidden = false;
      }
      li.querySelector('p')!.replaceChildren(...marked(frag.content, title, words));
    });
    return li;
  }

  /** Adds the next five items (or `count`) to the list; returns the first row added. */
  function renderMore(count = PAGE_SIZE): HTMLLIElement | undefined {
    if (!view) return;
    const batch = view.items.slice(view.next, view.next + count);
    view.next += batch.length;
    const rows = batch.map((item) => {
      const key = keyOf(item);
      const li = view!.rows.get(key) ?? served.get(key) ?? row(item, view!.words);
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
  function show(run: number, items: Item[], words: string[], count = PAGE_SIZE): void {
    const rows = view?.run === run ? view.rows : new Map<string, HTMLLIElement>();
    view = { run, items, next: 0, words, rows };
    list.replaceChildren();
    document.getElementById('search-more-link')?.remove();
    renderMore(count);
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
    const answered = servedFor === askedFor(q, typeSelect.value, areaSelect.value);
    if (!answered) served.clear();
    // The answer is in the page already: nothing to announce until this search has its own.
    if (!answered) say(messages.loading);
    const pf = await pagefind;
    performance.mark('pagefind ready');
    const words = surfaceWords(u);
    const found = await findItems(pf, data.pages, u, { filters: filters(), typeLabels: messages.types }, (items) => {
      if (run === current && !again) show(run, items, words, Math.max(PAGE_SIZE, served.size));
    });
    performance.mark('found');
    // Newer words are waiting: show their answer, not this one's.
    if (run !== current || again) return;
    const items = found.items;
    partial.hidden = !found.partial;
    // As many as the Worker showed (its link to more shows ten, fifteen…).
    show(run, items, words, Math.max(PAGE_SIZE, served.size));
    say(items.length ? format(messages.count, { n: items.length, q }) : format(messages.none, { q }));
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
  // A question longer than the box takes came by a hand-made address: the Worker has said so.
  if (input.value.trim() && input.value.length <= SEARCH_QUERY_MAX) schedule();
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

/** An excerpt (engine.ts) as text nodes and <mark>s: nothing in a page's text can become HTML here. */
function marked(content: string, title: string, words: string[]): Node[] {
  return excerpt(content, title, words).map((piece) => {
    if (!piece.mark) return document.createTextNode(piece.text);
    const mark = document.createElement('mark');
    mark.textContent = piece.text;
    return mark;
  });
}
