/**
 * GET /search/?q=: the built /search/ page with its first results in it (worker/services/search.ts),
 * the box and filters filled in, the crisis card shown for a question about danger, and a link
 * to five more that works without JavaScript. Without q, the page as built.
 */
import { Hono, type Context } from 'hono';
import { escapeHtml as e } from '#src/check/results-html.ts';
import { PROTECTION_AREA_KEYS, PROTECTION_AREAS } from '#src/domain/protection-areas.ts';
import { t } from '#src/i18n/index.ts';
import { SEARCH_QUERY_MAX } from '#src/search/assets.ts';
import { askedFor, PAGE_SIZE } from '#src/search/engine.ts';
import type { AppEnv } from '../env.ts';
import { clientIp } from '../lib/client.ts';
import { completePage, type Fill } from '../lib/pages.ts';
import { TYPE_LABELS } from '#src/search/type-labels.ts';
import { searchSite, SERVED_RESULTS_MAX, type ServedRow } from '../services/search.ts';

export const searchPage = new Hono<AppEnv>();

/** The filters' values, as the page's two selects send them: anything else is no filter. */
const FILTER_VALUES = {
  type: new Set<string>(Object.values(TYPE_LABELS)),
  area: new Set<string>(PROTECTION_AREA_KEYS.map((a) => PROTECTION_AREAS[a].label)),
};

/** A page of results changes only with a new build: a browser may keep it (back and forward), asking again before use. */
const RESULTS_CACHE = { 'Cache-Control': 'private, no-cache' };

/** The rows as the island builds them (fill() in src/search/client.ts: change both), each with the key it keeps them by. */
function rowsHtml(rows: ServedRow[]): string {
  return rows
    .map((r, i) => {
      const excerpt = r.excerpt.map((p) => (p.mark ? `<mark>${e(p.text)}</mark>` : e(p.text))).join('');
      return `<li id="r${i + 1}" data-key="${e(r.key)}"><h2><a href="${e(r.url)}">${e(r.title)}</a></h2><span class="tag">${e(r.tag)}</span><p>${excerpt}</p></li>`;
    })
    .join('');
}

/** The page as built, saying why it has no results (the island, where it runs, searches anyway). */
const withoutResults = (c: Context<AppEnv>, status: string) =>
  completePage(c, '/search/', [{ selector: '#search-status', text: status }], 200, RESULTS_CACHE);

searchPage.get('/search/', async (c, next) => {
  // A search box drops line breaks; so does this, so the island asks the same question.
  const q = (c.req.query('q') ?? '').replace(/[\r\n]/g, '').trim();
  if (!q) return next();
  if (q.length > SEARCH_QUERY_MAX) return withoutResults(c, t('search.tooLong', { max: SEARCH_QUERY_MAX }));
  const filters: Record<string, string> = {};
  for (const name of ['type', 'area'] as const) {
    const value = c.req.query(name) ?? '';
    if (FILTER_VALUES[name].has(value)) filters[name] = value;
  }
  const asked = Number.parseInt(c.req.query('n') ?? '', 10);
  const shown = Math.min(SERVED_RESULTS_MAX, Math.max(PAGE_SIZE, Number.isFinite(asked) ? asked : PAGE_SIZE));
  // A search costs the Worker a few milliseconds of CPU: past the limit, the page as built.
  const { success } = (await c.env.SEARCH_PAGE_LIMITER?.limit({ key: clientIp(c) })) ?? { success: true };
  const served = success ? await searchSite(q, filters, shown, (work) => c.executionCtx.waitUntil(work)) : undefined;
  if (!served) return withoutResults(c, t('search.unavailable'));
  const left = served.total - served.rows.length;
  const more = new URLSearchParams({ q, ...filters, n: String(served.rows.length + PAGE_SIZE) });
  const fills: Fill[] = [
    { selector: '#search-crisis', show: served.crisis },
    {
      selector: '#search-status',
      text: served.total ? t('search.count', { n: served.total, q }) : t('search.none', { q }),
    },
    { selector: '#search-partial', show: served.partial },
    {
      selector: '#search-results',
      html: rowsHtml(served.rows),
      attrs: { 'data-for': askedFor(q, filters.type ?? '', filters.area ?? '') },
    },
  ];
  if (left > 0 && served.rows.length < SERVED_RESULTS_MAX)
    fills.push({
      selector: '#search-more-link',
      show: true,
      text: t('search.more', { n: left }),
      attrs: { href: `/search/?${more.toString()}#r${served.rows.length + 1}` },
    });
  const values = new URLSearchParams({ q, type: filters.type ?? '', area: filters.area ?? '' });
  return completePage(c, '/search/', fills, 200, RESULTS_CACHE, { form: '#search-form', values, partial: true });
});
