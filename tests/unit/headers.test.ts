/** The static site's headers (dist/_headers): HSTS everywhere, a year's caching only for files that exist. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_RULES_MAX, headersFile, HSTS } from '#src/config/security.ts';
import { ROOT } from '../support/content.ts';

describe('headersFile', () => {
  const file = headersFile(['index.BbkX04E8.js', 'age.BvwXt5vN.js']);

  it('sends HSTS and the security headers on every path', () => {
    expect(file).toContain(`/*\n`);
    expect(file).toContain(`  Strict-Transport-Security: ${HSTS}`);
  });

  it('caches each built file for a year by its own name, never the /_astro/ folder, so a 404 there is never immutable', () => {
    expect(file).toContain('/_astro/age.BvwXt5vN.js\n  Cache-Control: public, max-age=31536000, immutable');
    expect(file).toContain('/_astro/index.BbkX04E8.js\n  Cache-Control: public, max-age=31536000, immutable');
    expect(file).not.toMatch(/^\/_astro\/\*/m);
  });

  it('stops the build rather than write more rules than _headers takes', () => {
    expect(() => headersFile(Array.from({ length: HEADER_RULES_MAX }, (_, i) => `f${i}.js`))).toThrow(/rules/);
  });

  it('is what the build wrote (npm test builds first), one rule per file in dist/_astro/', () => {
    const built = readFileSync(path.join(ROOT, 'dist/_headers'), 'utf8');
    expect(built).not.toMatch(/^\/_astro\/\*/m);
    for (const name of readdirSync(path.join(ROOT, 'dist/_astro'))) expect(built).toContain(`/_astro/${name}\n`);
  });
});
