import { exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { format } from '#src/i18n/format.ts';
import { t } from '#src/i18n/index.ts';
import { SEARCH_QUERY_MAX } from '#src/search/assets.ts';
import { ownCaller } from '../support/callers.ts';
import { servedPaths as rows } from '../support/served-search.ts';

/**
 * /search/?q= as the Worker answers it, over the built site's own index (npm test builds first):
 * the first results are in the HTML. What a person sees and does with them is tested in
 * Chromium (tests/e2e/search.test.ts), and every regression question is asked both ways there.
 */
afterEach(() => {
  vi.restoreAllMocks();
});

const get = async (query: string) => {
  const res = await exports.default.fetch(`http://portal.test/search/?${query}`, { headers: ownCaller() });
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') };
};
/** The first match of `re` in the page, or '' (the page itself is too long to print when a test fails). */
const part = (html: string, re: RegExp) => re.exec(html)?.[0] ?? '';

describe('GET /search/?q=', () => {
  it('has the first five results, the count and a link to five more in the page', async () => {
    const { status, html, type } = await get(`q=${encodeURIComponent('低保')}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(rows(html)).toHaveLength(5);
    expect(rows(html)[0]).toBe('/entitlements/minimum-living-allowance/');
    expect(part(html, /<p id="search-status"[^>]*>[^<]*/)).toMatch(new RegExp(`>${format(t('search.count'), { n: '\\d+', q: '低保' })}$`));
    expect(part(html, /<mark>低保<\/mark>/)).not.toBe('');
    expect(part(html, /<a id="search-more-link"[^>]*>[^<]*/)).toMatch(
      / href="\/search\/\?q=%E4%BD%8E%E4%BF%9D&n=10#r6">显示更多结果（还有 \d+ 条）$/,
    );
    expect(part(html, /<input type="search" id="q"[^>]*>/)).toContain(' value="低保"');
    // An ordinary question: the emergency card stays hidden.
    expect(part(html, /<section id="search-crisis"[^>]*>/)).toMatch(/ hidden/);
  });

  it('shows the emergency card and puts the report page second for a child in danger', async () => {
    const { html } = await get(`q=${encodeURIComponent('邻居家孩子经常被打')}`);
    expect(part(html, /<section id="search-crisis"[^>]*>/)).not.toMatch(/ hidden/);
    expect(rows(html)[1]).toBe('/report/');
  });

  it('keeps the filters chosen and shows only what they allow', async () => {
    const { html } = await get(`q=${encodeURIComponent('监护')}&type=${encodeURIComponent('法律')}`);
    expect(rows(html).length).toBeGreaterThan(0);
    expect(rows(html).every((p) => p!.startsWith('/laws/'))).toBe(true);
    expect(part(html, /<option value="法律"[^>]*>/)).toMatch(/ selected/);
  });

  it('shows more on the next page without JavaScript, up to fifty', async () => {
    expect(rows((await get(`q=${encodeURIComponent('低保')}&n=10`)).html)).toHaveLength(10);
    const most = (await get(`q=${encodeURIComponent('孩子')}&n=100000`)).html;
    expect(rows(most)).toHaveLength(50);
    expect(part(most, /<a id="search-more-link"[^>]*>/)).toMatch(/ hidden/);
    expect(rows((await get(`q=${encodeURIComponent('低保')}&n=abc`)).html)).toHaveLength(5);
  });

  it('takes only the filters the page offers, like the page does', async () => {
    const all = rows((await get(`q=${encodeURIComponent('低保')}`)).html);
    for (const odd of ['foo', encodeURIComponent('法律\n'), encodeURIComponent('<b>')]) {
      const { html } = await get(`q=${encodeURIComponent('低保')}&type=${odd}&area=${odd}`);
      expect(rows(html)).toEqual(all);
      expect(part(html, /<ol id="search-results"[^>]*>/)).toContain('data-for="低保\n\n"');
    }
  });

  it('writes the question into the page as text only, and never into the log', async () => {
    const said = [vi.spyOn(console, 'log'), vi.spyOn(console, 'error'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'info')];
    const question = `<script>alert(1)</script>"' onfocus="x张小明低保`;
    const { status, html } = await get(`q=${encodeURIComponent(question)}`);
    expect(status).toBe(200);
    // In an attribute (the box, the list's data-for, the 大字 form's way back) it cannot end the attribute; as text it is escaped.
    expect(html.replace(/="[^"]*"/g, '').includes('<script>alert')).toBe(false);
    expect(part(html, /<p id="search-status"[^>]*>[^<]*/)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;"\' onfocus="x张小明低保');
    expect(part(html, /<input type="search" id="q"(?:[^>"]|"[^"]*")*>/)).toContain(
      'value="<script>alert(1)</script>&quot;\' onfocus=&quot;x张小明低保"',
    );
    const logged = said.flatMap((spy) => spy.mock.calls.flat().map(String)).join('\n');
    expect(logged).not.toContain('张小明');
  });

  it('leaves an empty question to the page as built, and says when one is too long', async () => {
    for (const query of ['', 'q=', 'q=%20%0A']) {
      const { status, html } = await get(query);
      expect(status).toBe(200);
      expect(rows(html)).toEqual([]);
      expect(part(html, /<p id="search-status"[^>]*>[^<]*/)).toMatch(/>$/);
    }
    const long = await get(`q=${encodeURIComponent('低保'.repeat(60))}`);
    expect(rows(long.html)).toEqual([]);
    expect(part(long.html, /<p id="search-status"[^>]*>[^<]*/)).toBe(
      `<p id="search-status" role="status" aria-live="polite">${format(t('search.tooLong'), { max: SEARCH_QUERY_MAX })}`,
    );
  });

  it('answers a caller who searches too often with the page as built, which says so', async () => {
    const caller = ownCaller();
    const ask = () =>
      exports.default.fetch(`http://portal.test/search/?q=${encodeURIComponent('流浪')}`, { headers: caller }).then((r) => r.text());
    // 60 a minute, counted per clock minute: within two minutes' worth, one is held back.
    const answered: number[] = [];
    let held = '';
    for (let i = 0; i < 121 && !held; i++) {
      const html = await ask();
      if (rows(html).length) answered.push(rows(html).length);
      else held = html;
    }
    expect(answered.length).toBeGreaterThanOrEqual(60);
    expect(new Set(answered)).toEqual(new Set([5]));
    expect(part(held, /<p id="search-status"[^>]*>[^<]*/)).toBe(
      `<p id="search-status" role="status" aria-live="polite">${t('search.unavailable')}`,
    );
    // Another caller is not held back.
    expect(rows((await get(`q=${encodeURIComponent('流浪')}`)).html)).toHaveLength(5);
  });
});
