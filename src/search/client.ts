/**
 * The search island: the only JavaScript on the public content pages. It reads the query
 * from the address (?q=, &type=, &area=), so the header search box works as a plain form,
 * asks Pagefind, and lists the results. Nothing is sent anywhere: Pagefind runs in the page.
 */
import { format } from '../i18n/format.ts';

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  search(q: string, o?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

const PAGE_SIZE = 10;

export async function runSearch(): Promise<void> {
  const form = document.getElementById('search-form') as HTMLFormElement;
  const input = form.elements.namedItem('q') as HTMLInputElement;
  const typeSelect = form.elements.namedItem('type') as HTMLSelectElement;
  const areaSelect = form.elements.namedItem('area') as HTMLSelectElement;
  const status = document.getElementById('search-status')!;
  const list = document.getElementById('search-results')!;
  const messages = JSON.parse(document.getElementById('search-messages')!.textContent!) as { loading: string; none: string; count: string };

  const params = new URL(location.href).searchParams;
  input.value = params.get('q') ?? '';
  typeSelect.value = params.get('type') ?? '';
  areaSelect.value = params.get('area') ?? '';

  let pagefind: Pagefind | undefined;
  async function load(): Promise<Pagefind> {
    if (!pagefind) {
      const url = '/pagefind/pagefind.js';
      pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
      await pagefind.options({ excerptLength: 40 });
    }
    return pagefind;
  }

  async function search(): Promise<void> {
    const q = input.value.trim();
    list.replaceChildren();
    if (!q) {
      status.textContent = '';
      return;
    }
    status.textContent = messages.loading;
    const filters: Record<string, string> = {};
    if (typeSelect.value) filters.type = typeSelect.value;
    if (areaSelect.value) filters.area = areaSelect.value;
    const found = await (await load()).search(q, { filters });
    const page = await Promise.all(found.results.slice(0, PAGE_SIZE).map((r) => r.data()));
    for (const r of page) {
      const li = document.createElement('li');
      const h = document.createElement('h2');
      const a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.meta.title ?? r.url;
      h.append(a);
      const p = document.createElement('p');
      p.innerHTML = r.excerpt; // Pagefind escapes page text and adds only <mark>.
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = [...(r.filters.type ?? []), ...(r.filters.area ?? [])].join(' · ');
      li.append(h, tag, p);
      list.append(li);
    }
    status.textContent = found.results.length ? format(messages.count, { n: found.results.length, q }) : format(messages.none, { q });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.search = '';
    for (const [k, v] of [
      ['q', input.value.trim()],
      ['type', typeSelect.value],
      ['area', areaSelect.value],
    ] as const)
      if (v) url.searchParams.set(k, v);
    history.replaceState(null, '', url);
    void search();
  });
  typeSelect.addEventListener('change', () => form.requestSubmit());
  areaSelect.addEventListener('change', () => form.requestSubmit());
  await search();
}
