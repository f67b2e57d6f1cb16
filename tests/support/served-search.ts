/** Reads the Worker's answer to /search/?q= (no DOM: the Worker tests use it too). */

/** The addresses of the results the Worker wrote into a /search/ page (rowsHtml, worker/routes/search.ts), in order. */
export const servedPaths = (html: string): string[] =>
  [...html.matchAll(/<li id="r\d+" data-key="[^"]*"><h2><a href="([^"]+)"/g)].map((m) => m[1]!);
