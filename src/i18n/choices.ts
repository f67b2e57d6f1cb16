/**
 * t() for the checker's answer choices (eligibility/answers.ts), shown by the question registry on /check/ and /apply/: looks up a sentence in the generated copy src/generated/choice-messages.json
 * (the zh-CN.json keys under CHOICE_PREFIXES), so a page script carries these sentences and not the
 * whole dictionary. Edit zh-CN.json, then `node tests/fixtures/browser-messages.ts`.
 */
import copy from '../generated/choice-messages.json' with { type: 'json' };
import { format } from './format.ts';
import type { MessageKey } from './index.ts';
import type { CHOICE_PREFIXES } from './browser-messages.ts';

export type ChoiceKey = Extract<MessageKey, `${(typeof CHOICE_PREFIXES)[number]}${string}`>;

export function t(key: ChoiceKey, vars: Record<string, string | number> = {}): string {
  return format((copy as Record<string, string>)[key] ?? key, vars);
}
