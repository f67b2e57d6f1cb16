import messages from './zh-CN.json' with { type: 'json' };

export type MessageKey = keyof typeof messages;

/** Looks up a UI string and fills {placeholders}; a missing variable stays visible so tests catch it. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export { messages };
