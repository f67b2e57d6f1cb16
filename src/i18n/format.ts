/**
 * Fills {name} placeholders in a message. No imports, so the page scripts can use it without
 * pulling in the whole dictionary; a placeholder with no value stays visible so tests catch it.
 */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
