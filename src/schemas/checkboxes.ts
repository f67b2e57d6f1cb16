/**
 * A group of checkboxes as the API takes it: every choice true or false. The checker's form
 * the form reader (src/forms/answers-reader.ts), in the browser and in the Worker, uses it. No zod here: the browser bundle stays small.
 */

/** The ticked choices true and the others false; none ticked means the question was not answered. */
export function tickedToFlags(ticked: readonly string[] | undefined, all: readonly string[]): Record<string, boolean> | undefined {
  if (!ticked?.length) return undefined;
  return Object.fromEntries(all.map((k) => [k, ticked.includes(k)]));
}
