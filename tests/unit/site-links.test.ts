import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/content.ts';
import { builtPages } from '../support/pages.ts';

// Runs on the built site (npm test builds first): every internal link must reach a page or file.
const dist = path.join(ROOT, 'dist');

function resolves(href: string): boolean {
  const clean = decodeURI(href.split(/[?#]/)[0]!);
  if (clean.startsWith('/api/')) return true; // answered by the Worker, tested there
  const target = path.join(dist, clean);
  return clean.endsWith('/') ? existsSync(path.join(target, 'index.html')) : existsSync(target);
}

describe('internal links of the built site', () => {
  const pages = builtPages();

  it('the build wrote the pages', () => {
    expect(pages).toEqual(
      expect.arrayContaining(['/', '/entitlements/', '/policies/', '/laws/', '/hotlines/', '/search/', '/privacy/', '/accessibility/']),
    );
  });

  it('every href="/…" on every page resolves', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const html = readFileSync(path.join(dist, page, 'index.html'), 'utf8');
      for (const [, href] of html.matchAll(/\shref="(\/[^"]*)"/g)) if (!resolves(href!)) broken.push(`${page} → ${href}`);
    }
    expect(broken).toEqual([]);
  });
});
