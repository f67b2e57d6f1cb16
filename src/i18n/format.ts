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
