import messages from './zh-CN.json' with { type: 'json' };
import { format } from './format.ts';

export type MessageKey = keyof typeof messages;

/** Looks up a UI string and fills its {placeholders}. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return format(messages[key], vars);
}

export { messages };
