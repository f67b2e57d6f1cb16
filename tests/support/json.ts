/** Changes to a valid request body, for the bad-input tests of the Worker and of the reliability suite. */

/** A deep copy of `value` with the leaf at `path` replaced by `replacement`. */
export function setAt<T>(value: T, path: readonly (string | number)[], replacement: unknown): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy as T;
}
