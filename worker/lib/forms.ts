/**
 * Plain HTML form posts (application/x-www-form-urlencoded), for people without JavaScript:
 * the fields are turned into the same object the JSON API takes, then validated by the same
 * schema. Empty fields count as not answered.
 */
export interface FormSpec {
  /** Fields that may repeat (checkboxes): always arrays. */
  arrays?: string[];
  /** Fields whose value 'true' / 'false' means a boolean. */
  booleans?: string[];
  /** Fields holding a whole number. */
  numbers?: string[];
  /** Fields read by the route itself and left out of the object. */
  skip?: string[];
}

type Fields = Record<string, unknown>;

const isGroup = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The group at `path` ('child', 'answers.household'), made when missing. A field of the same
 * name as a group (a form posting `child=x`) leaves a plain value there: it is replaced, and
 * the schema then names what is missing.
 */
export function groupAt(target: Fields, path: string): Fields {
  let node = target;
  for (const part of path.split('.')) {
    if (!isGroup(node[part])) node[part] = {};
    node = node[part] as Fields;
  }
  return node;
}

/** Sets `a.b.c` in `target`, making (or replacing) the groups on the way. */
export function setPath(target: Fields, path: string, value: unknown): void {
  const parts = path.split('.');
  const node = parts.length > 1 ? groupAt(target, parts.slice(0, -1).join('.')) : target;
  node[parts.at(-1)!] = value;
}

export function formToObject(form: URLSearchParams, spec: FormSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = new Set(form.keys());
  for (const name of names) {
    if (spec.skip?.includes(name) || name.includes('__proto__') || name.includes('constructor')) continue;
    const values = form
      .getAll(name)
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (spec.arrays?.includes(name)) {
      setPath(out, name, values);
      continue;
    }
    const value = values[0];
    if (value === undefined) continue;
    if (spec.booleans?.includes(name)) setPath(out, name, value === 'true' ? true : value === 'false' ? false : value);
    else if (spec.numbers?.includes(name)) setPath(out, name, /^-?\d+$/.test(value) ? Number(value) : value);
    else setPath(out, name, value);
  }
  return out;
}

/** 年/月/日 in three boxes → YYYY-MM-DD (left as typed when incomplete, so validation names it). */
export function dateFromParts(y?: string, m?: string, d?: string): string | undefined {
  if (!y && !m && !d) return undefined;
  return `${(y ?? '').trim()}-${(m ?? '').trim().padStart(2, '0')}-${(d ?? '').trim().padStart(2, '0')}`;
}
