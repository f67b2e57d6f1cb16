/**
 * GET /search/?q=: the built /search/ page with its first results in it (worker/services/search.ts),
 * the box and filters filled in, the crisis card shown for a question about danger, and a link
 * to five more that works without JavaScript. Without q, the page as built.
 */
import { Hono } from 'hono';
import { escapeHtml as e } from '#src/check/results-html.ts';
import { format } from '#src/i18n/format.ts';
import { t } from '#src/i18n/index.ts';
import { PAGE_SIZE } from '#src/search/engine.ts';
import type { AppEnv } from '../env.ts';
import { completePage } from '../lib/pages.ts';
import { searchSite, SERVED_QUERY_MAX, SERVED_RESULTS_MAX, type ServedRow } from '../services/search.ts';

export const searchPage = new Hono<AppEnv>();

/** The rows as the island builds them (src/search/client.ts), each with the key it keeps them by. */
function rowsHtml(rows: ServedRow[]): string {
  return rows
    .map((r, i) => {
      const excerpt = r.excerpt.map((p) => (p.mark ? `<mark>${e(p.text)}</mark>` : e(p.text))).join('');
      return `<li id="r${i + 1}" data-key="${e(r.key)}"><h2><a href="${e(r.url)}">${e(r.title)}</a></h2><span class="tag">${e(r.tag)}</span><p>${excerpt}</p></li>`;
    })
    .join('');
}

searchPage.get('/search/', async (c, next) => {
  const q = (c.req.query('q') ?? '').trim();
  if (!q || q.length > SERVED_QUERY_MAX) return next();
  const type = c.req.query('type') ?? '';
  const area = c.req.query('area') ?? '';
  const filters: Record<string, string> = {};
  if (type) filters.type = type;
  if (area) filters.area = area;
  const asked = Number.parseInt(c.req.query('n') ?? '', 10);
  const shown = Math.min(SERVED_RESULTS_MAX, Math.max(PAGE_SIZE, Number.isFinite(asked) ? asked : PAGE_SIZE));
  const served = await searchSite(q, filters, shown);
  if (!served) return next();
  const left = served.total - served.rows.length;
  const more = new URLSearchParams({ q, ...filters, n: String(served.rows.length + PAGE_SIZE) });
  return completePage(
    c,
    '/search/',
    [
      { selector: '#search-crisis', show: served.crisis },
      {
        selector: '#search-status',
        text: served.total ? format(t('search.count'), { n: served.total, q }) : format(t('search.none'), { q }),
      },
      { selector: '#search-partial', show: served.partial },
      { selector: '#search-results', html: rowsHtml(served.rows), attrs: { 'data-for': [q, type, area].join('\n') } },
      ...(left > 0 && served.rows.length < SERVED_RESULTS_MAX
        ? [
            {
              selector: '#search-more-link',
              show: true,
              text: format(t('search.more'), { n: left }),
              attrs: { href: `/search/?${more.toString()}#r${served.rows.length + 1}` },
            },
          ]
        : []),
    ],
    200,
    {},
    { form: '#search-form', values: new URLSearchParams({ q, type, area }), partial: true },
  );
});
