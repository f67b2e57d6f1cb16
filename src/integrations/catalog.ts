import type { AstroIntegration } from 'astro';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCatalog, ROOT } from './content-files.ts';

export const CATALOG_FILE = path.join(ROOT, 'src/generated/catalog.json');

export function catalogJson(): string {
  return JSON.stringify(buildCatalog(), null, 2) + '\n';
}

/**
 * Writes src/generated/catalog.json (each entitlement's slug, title, area, access, lead
 * department and materials) at the start of every build. The Worker imports it (which
 * entitlements can be applied for online, the checker's results for a form posted without
 * JavaScript; it cannot read MDX), and so does /check/'s script (src/check/results-html.ts).
 * A unit test fails when the committed file is out of date; under `astro dev` an edited
 * entitlement shows in /check/'s results after the next build.
 */
export function catalog(): AstroIntegration {
  return {
    name: 'tonghu-catalog',
    hooks: {
      'astro:build:start': ({ logger }) => {
        const next = catalogJson();
        let current = '';
        try {
          current = readFileSync(CATALOG_FILE, 'utf8');
        } catch {
          // first build
        }
        if (current !== next) {
          writeFileSync(CATALOG_FILE, next);
          logger.info('src/generated/catalog.json updated from content/entitlements/ (commit it)');
        }
      },
    },
  };
}
