/**
 * The part of the dictionary that modules shared with the page scripts read (the form checks,
 * the checker's engine): a generated copy of the zh-CN.json keys under BROWSER_PREFIXES, in
 * src/generated/browser-messages.json, so a page script carries those sentences and not the
 * whole dictionary (/check/ may load 30 KB of JavaScript). zh-CN.json stays the one place to
 * edit; after an edit there, `node tests/fixtures/browser-messages.ts` rewrites the copy, and
 * the i18n unit test fails while it is out of date.
 */
import copy from '../generated/browser-messages.json' with { type: 'json' };
import { format } from './format.ts';
import type { MessageKey } from './index.ts';
import type { BROWSER_PREFIXES } from './browser-messages.ts';

export type BrowserKey = Extract<MessageKey, `${(typeof BROWSER_PREFIXES)[number]}${string}`>;

/** t() for the shared modules: looks up a sentence of the copy and fills its {placeholders}. */
export function t(key: BrowserKey, vars: Record<string, string | number> = {}): string {
  return format((copy as Record<string, string>)[key] ?? key, vars);
}
