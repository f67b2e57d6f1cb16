/**
 * The search island on /search/: the only JavaScript of the public content pages' search. It
 * reads ?q= (&type=, &area=) so the header box works as a plain form, searches as the person
 * types (never in the middle of an input-method composition) and on Enter, and renders each
 * result as soon as its fragment arrives, five at a time. Nothing is sent anywhere: Pagefind
 * runs in the page. The steps, and why, are in docs/search.md.
 */
import { CONTENT_TYPES, type ContentType } from '../domain/content-kinds.ts';
import { format } from '../i18n/format.ts';
import { INDEX_META, PAGEFIND_SCRIPT } from './assets.ts';
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

/** A result to show: a Pagefind hit, or the report page a crisis query always gets. */
type Item = { hit: Hit } | { report: true };

export async function runSearch(): Promise<void> {
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
  const indexTag = document.querySelector<HTMLMetaElement>(`meta[name="${INDEX_META}"]`)?.content;

  const params = new URL(location.href).searchParams;
  input.value = params.get('q') ?? '';
  typeSelect.value = params.get('type') ?? '';
  areaSelect.value = params.get('area') ?? '';

  // Loading starts now, not at the first query: the page's preload links have the files on the way.
  const pagefind: Promise<Pagefind> = (async () => {
    const pf = (await import(/* @vite-ignore */ PAGEFIND_SCRIPT)) as Pagefind;
    // In the page rather than in Pagefind's web worker: one script fewer to fetch, and this index
    // is small enough that a search takes a few milliseconds. The tag lets the entry be preloaded.
    await pf.options({ noWorker: true, ranking: { metaWeights: TOPIC_WEIGHTS }, ...(indexTag ? { metaCacheTag: indexTag } : {}) });
    await pf.init();
    return pf;
  })();
  // Which kind each page is, from the type filter alone (no page is fetched for this).
  let kinds: Promise<Map<string, ContentType>> | undefined;
  const kindsOf = (pf: Pagefind) =>
    (kinds ??= Promise.all(
      CONTENT_TYPES.map(async (k) =>
        (await pf.search(null, { filters: { type: messages.types[k] } })).results.map((r) => [r.id, k] as const),
      ),
    ).then((pairs) => new Map(pairs.flat())));

  // Ready before the first keystroke: the kinds, the chunk(s) holding the dictionary's tokens (first,
  // last and the marker span them), and the word segmenter, whose first use loads its dictionary.
  void pagefind.then((pf) => {
    void kindsOf(pf);
    void pf.preload(`${SYNONYM_GROUPS[0]!.token} ${SYNONYM_GROUPS.at(-1)!.token} ${INDEX_MARKER}`);
  });
  understand('孤儿');

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
   * matches more of them adds up more), and the person is told.
   */
  async function find(pf: Pagefind, u: Understood): Promise<{ hits: Hit[]; partial: boolean }> {
    const terms = u.concepts.map((c) => c.term);
    const core = u.concepts.filter((c) => c.group).map((c) => c.term);
    const f = filters();
    const ask = (t: string[]) => pf.search(t.join(' '), { filters: f }).then((r) => r.results);
    const [all, some, kind] = await Promise.all([
      terms.length ? ask(terms) : Promise.resolve([]),
      core.length && core.length < terms.length ? ask(core) : Promise.resolve([]),
      kindsOf(pf),
    ]);
    const merged = new Map<string, Hit>();
    for (const h of [...all, ...some]) if ((merged.get(h.id)?.score ?? -1) < h.score) merged.set(h.id, h);
    const boost = (h: Hit) => {
      const k = kind.get(h.id);
      if (!k) return 1;
      return u.namesLaw ? (k === 'law' ? LAW_BOOST : 1) : KIND_BOOST[k];
    };
    const ranked = (hs: Iterable<Hit>) => [...hs].map((h) => ({ ...h, score: h.score * boost(h) })).sort((a, b) => b.score - a.score);
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
  let shown: { items: Item[]; next: number; words: string[] } | undefined;

  function resultItem(url: string, title: string, tag: string, excerpt: Node[]): HTMLLIElement {
    const li = document.createElement('li');
    const h = document.createElement('h2');
    const a = document.createElement('a');
    a.href = url;
    a.textContent = title;
    h.append(a);
    const t = document.createElement('span');
    t.className = 'tag';
    t.textContent = tag;
    const p = document.createElement('p');
    p.append(...excerpt);
    li.append(h, t, p);
    return li;
  }

  /** Renders the next five items in order, each as soon as its own fragment has arrived. */
  async function renderMore(run: number): Promise<HTMLLIElement | undefined> {
    if (!shown) return;
    const batch = shown.items.slice(shown.next, shown.next + PAGE_SIZE);
    shown.next += batch.length;
    const loads = batch.map((item) => ('hit' in item ? item.hit.data() : null));
    let first: HTMLLIElement | undefined;
    for (const [i, item] of batch.entries()) {
      let li: HTMLLIElement | undefined;
      if ('report' in item) {
        li = resultItem(REPORT_URL, messages.reportTitle, messages.types.hotline, [document.createTextNode(messages.reportLead)]);
      } else {
        const frag = await loads[i]!;
        if (run !== current) return;
        // The crisis list carries the report page already.
        if (frag.url === REPORT_URL && shown.items.some((x) => 'report' in x)) continue;
        const title = frag.meta.title ?? frag.url;
        const tag = [...(frag.filters.type ?? []), ...(frag.filters.area ?? [])].join(' · ');
        li = resultItem(frag.url, title, tag, excerpt(frag.content, title, shown.words));
      }
      list.append(li);
      first ??= li;
    }
    const left = shown.items.length - shown.next;
    more.hidden = left <= 0;
    more.textContent = format(messages.more, { n: left });
    return first;
  }

  async function search(): Promise<void> {
    const run = ++current;
    const q = input.value.trim();
    const u = understand(q);
    crisis.hidden = !u.crisis;
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      partial.hidden = true;
      more.hidden = true;
      shown = undefined;
      return;
    }
    status.textContent = messages.loading;
    const pf = await pagefind;
    const found = await find(pf, u);
    // Newer words are waiting: show their answer, not this one's.
    if (run !== current || again) return;
    const items: Item[] = found.hits.map((hit) => ({ hit }));
    // Crisis first: the report page is always among the first results (second, after the best match).
    if (u.crisis && (!typeSelect.value || typeSelect.value === messages.types.hotline))
      items.splice(Math.min(1, items.length), 0, { report: true });
    list.replaceChildren();
    partial.hidden = !found.partial;
    shown = { items, next: 0, words: surfaceWords(u) };
    await renderMore(run);
    if (run !== current) return;
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
  more.addEventListener('click', async () => {
    const first = await renderMore(current);
    first?.querySelector('a')?.focus();
  });
  if (input.value.trim()) schedule();
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
