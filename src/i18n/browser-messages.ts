/**
 * Which keys of zh-CN.json the page scripts get a copy of, and the copies themselves. Each copy
 * is read by one small lookup (src/i18n/browser.ts, choices.ts, rules.ts), so a page script
 * carries only the sentences of the modules it imports: /report/ and /status/ get no rule text,
 * /apply/ the answer choices but not the rules. `node tests/fixtures/browser-messages.ts`
 * rewrites every copy after one of these sentences was edited.
 */
export const BROWSER_PREFIXES = ['validators.', 'engine.', 'material.', 'department.'] as const;
/** The checker's answer choices (eligibility/answers.ts): the question registry's options, on /check/ and /apply/. */
export const CHOICE_PREFIXES = ['answer.'] as const;
/** The checker's rules and shared criteria (eligibility/rules/, criteria.ts): only /check/'s script and the Worker. */
export const RULE_PREFIXES = ['criteria.', 'rule.'] as const;

/** Each copy: its file under src/ and the prefixes of the keys it holds. */
export const COPIES: Readonly<Record<string, readonly string[]>> = {
  'src/generated/browser-messages.json': BROWSER_PREFIXES,
  'src/generated/choice-messages.json': CHOICE_PREFIXES,
  'src/generated/rule-messages.json': RULE_PREFIXES,
};

/** A copy of the keys under `prefixes`, as written to its file. */
export function messagesJson(messages: Readonly<Record<string, string>>, prefixes: readonly string[]): string {
  const copy = Object.fromEntries(Object.entries(messages).filter(([k]) => prefixes.some((p) => k.startsWith(p))));
  return JSON.stringify(copy, null, 2) + '\n';
}
