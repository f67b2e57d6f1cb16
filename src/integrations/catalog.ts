import type { AstroIntegration } from 'astro';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCatalog, ROOT } from './content-files.ts';

export const CATALOG_FILE = path.join(ROOT, 'src/generated/catalog.json');

export function catalogJson(): string {
  return JSON.stringify(buildCatalog(), null, 2) + '\n';
}

/**
 * Writes src/generated/catalog.json (slug, title, area, access of every entitlement) at the
 * start of every build. The Worker imports it to know which entitlements can be applied for
 * online; it cannot read MDX. A unit test fails when the committed file is out of date.
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
