/**
 * Fills {name} placeholders in a message. No imports, so the page scripts can use it without
 * pulling in the whole dictionary; a placeholder with no value stays visible so tests catch it.
 */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * A lookup over the messages a page embedded for its script (the dictionary itself stays out of
 * the bundle). A key the page did not embed shows as itself, so a test catches it.
 */
export function sayFrom(table: Readonly<Record<string, string>>): (key: string) => string {
  return (key) => table[key] ?? key;
}

/** The last part of a dictionary key: 'answer.hukou.local' → 'local'. */
type LastPart<K extends string> = K extends `${string}.${infer Rest}` ? LastPart<Rest> : K;

/**
 * A table of choices {key: label}, in order, from the choices' dictionary keys and the t() that
 * reads them: a choice's key is the last part of its message key, so the two cannot drift apart.
 */
export function labelTable<const K extends string>(
  t: (key: K) => string,
  keys: readonly K[],
): { readonly [P in K as LastPart<P>]: string } {
  return Object.fromEntries(keys.map((k) => [k.slice(k.lastIndexOf('.') + 1), t(k)])) as { readonly [P in K as LastPart<P>]: string };
}
