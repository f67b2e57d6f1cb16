/**
 * t() for the checker's rules and shared criteria (eligibility/rules/, criteria.ts), which only /check/'s script and the Worker run: looks up a sentence in the generated copy src/generated/rule-messages.json
 * (the zh-CN.json keys under RULE_PREFIXES), so a page script carries these sentences and not the
 * whole dictionary. Edit zh-CN.json, then `node tests/fixtures/browser-messages.ts`.
 */
import copy from '../generated/rule-messages.json' with { type: 'json' };
import { format } from './format.ts';
import type { MessageKey } from './index.ts';
import type { RULE_PREFIXES } from './browser-messages.ts';

export type RuleKey = Extract<MessageKey, `${(typeof RULE_PREFIXES)[number]}${string}`>;

export function t(key: RuleKey, vars: Record<string, string | number> = {}): string {
  return format((copy as Record<string, string>)[key] ?? key, vars);
}
