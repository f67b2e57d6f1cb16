import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { headersFile } from '../config/security.ts';

/** Writes dist/_headers (security headers of the static site) from src/config/security.ts. */
export function securityHeaders(): AstroIntegration {
  return {
    name: 'tonghu-headers',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(dir);
        const astro = path.join(out, '_astro');
        const files = existsSync(astro) ? readdirSync(astro, { recursive: true, withFileTypes: true }) : [];
        const names = files
          .filter((f) => f.isFile())
          .map((f) => path.relative(astro, path.join(f.parentPath, f.name)).split(path.sep).join('/'));
        writeFileSync(path.join(out, '_headers'), headersFile(names));
      },
    },
  };
}
