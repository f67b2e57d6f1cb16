import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { ROOT } from '../support/content.ts';
import { builtPages } from '../support/pages.ts';

// Runs on the built site (npm test builds first), with the county settings it was built from.
const pages = builtPages().map((page) => ({ page, html: readFileSync(path.join(ROOT, 'dist', page, 'index.html'), 'utf8') }));
const countyNumbers = [county.hotline, county.civilAffairsPhone, ...Object.values(county.departmentPhones)].filter(Boolean);

describe('numbers people can call', () => {
  it('where a county number is unset, the page gives 12345, 110 and 120 to call instead', () => {
    const bare: string[] = [];
    let fallbacks = 0;
    for (const { page, html } of pages)
      for (const m of html.matchAll(/<span data-phone-unset(?:="([^"]*)")?>.*?<\/span>/gs)) {
        fallbacks++;
        // Under the emergency buttons (the search page's crisis card) it names 12345 only: 110 and 120 are right above it.
        const above = m[1] === 'emergency-shown' ? html.slice(0, m.index) : '';
        for (const tel of ['tel:12345', 'tel:110', 'tel:120'])
          if (!m[0].includes(`href="${tel}"`) && !(tel !== 'tel:12345' && above.includes(`href="${tel}"`))) bare.push(`${page}: ${tel}`);
      }
    expect(bare).toEqual([]);
    // The demo county publishes no numbers, so the fallback must be there; a county with every
    // number set has none to show.
    if (!county.hotline) expect(fallbacks).toBeGreaterThan(0);
  });

  it('every 「本县未成年人保护热线：」 is followed by the number or the national numbers', () => {
    const dead: string[] = [];
    for (const { page, html } of pages)
      for (const m of html.matchAll(/本县未成年人保护热线[：:]\s*(<[^>]*>)?/g)) {
        const next = m[1] ?? '';
        if (!next.startsWith('<a href="tel:') && !next.startsWith('<span data-phone-unset'))
          dead.push(`${page}: ${html.slice(m.index!, m.index! + 60)}`);
      }
    expect(dead).toEqual([]);
  });

  it('no page says only that a number is unpublished', () => {
    const alone = pages.filter(({ html }) => /尚未公布该号码|热线尚未公布[，。]?<\//.test(html)).map((p) => p.page);
    expect(alone).toEqual([]);
  });

  it('every tel: link dials a national number or one the county has set', () => {
    const national = ['110', '120', '119', '122', '12345', '12355', '12338', '12348'];
    const wrong = pages.flatMap(({ page, html }) =>
      [...html.matchAll(/href="tel:([^"]*)"/g)]
        .filter(([, n]) => !national.includes(n!) && !countyNumbers.includes(n!))
        .map(([, n]) => `${page}: ${n}`),
    );
    expect(wrong).toEqual([]);
  });
});
