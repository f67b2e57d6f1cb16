/**
 * Asks the site's own search page each query, as a person would (the words typed into the box),
 * and reads what the page shows: the first results and whether the emergency card is up.
 * Used by the regression suite; the page must already be on /search/.
 */
import type { Page } from 'playwright-core';
import type { SearchCase } from '../fixtures/search-queries.ts';
import { ownCaller } from './callers.ts';
import { servedPaths } from './served-search.ts';

export interface Answer {
  case: SearchCase;
  /** Paths of the results, in order (the first ten at most). */
  paths: string[];
  crisisShown: boolean;
  /** Rank (1-based) of the first expected page, or 0 when it is not in the first three. */
  rank: number;
}

export async function ask(page: Page, c: SearchCase): Promise<Answer> {
  await page.locator('#q').fill(c.query);
  await page
    .locator('#search-status')
    .filter({ hasText: new RegExp(`(找到|没有找到).*「${c.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}」`) })
    .waitFor();
  const paths = await page
    .locator('#search-results li h2 a')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const crisisShown = await page.locator('#search-crisis').isVisible();
  return { case: c, paths, crisisShown, rank: rankOf(c, paths) };
}

/** Rank (1-based) of the first expected page among the first three, or 0. */
const rankOf = (c: SearchCase, paths: string[]) => paths.slice(0, 3).findIndex((p) => c.expect.includes(p)) + 1;

/**
 * Asks the Worker the question as a link would (/search/?q=), without a browser, and reads the
 * results and the emergency card from the HTML it answers with.
 */
export async function askServer(base: string, c: SearchCase): Promise<Answer> {
  // Each question from a caller of its own, as from many phones: one address is held back past 60 a minute.
  const html = await (await fetch(`${base}/search/?q=${encodeURIComponent(c.query)}`, { headers: ownCaller() })).text();
  const paths = servedPaths(html);
  const crisisShown = /<section id="search-crisis"(?![^>]*\shidden)[^>]*>/.test(html);
  return { case: c, paths, crisisShown, rank: rankOf(c, paths) };
}
