/**
 * Which keys of zh-CN.json the page scripts get a copy of (src/i18n/browser.ts), and the copy
 * itself. `node tests/fixtures/browser-messages.ts` rewrites src/generated/browser-messages.json
 * after one of these sentences was edited.
 */
export const BROWSER_PREFIXES = ['validators.', 'engine.', 'answer.', 'criteria.', 'rule.', 'material.', 'department.'] as const;

/** The copy, as written to src/generated/browser-messages.json. */
export function browserMessagesJson(messages: Readonly<Record<string, string>>): string {
  const copy = Object.fromEntries(Object.entries(messages).filter(([k]) => BROWSER_PREFIXES.some((p) => k.startsWith(p))));
  return JSON.stringify(copy, null, 2) + '\n';
}
