import type { AstroIntegration } from 'astro';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { headersFile } from '../config/security.ts';

/** Writes dist/_headers (security headers of the static site) from src/config/security.ts. */
export function securityHeaders(): AstroIntegration {
  return {
    name: 'tonghu-headers',
    hooks: {
      'astro:build:done': ({ dir }) => writeFileSync(path.join(fileURLToPath(dir), '_headers'), headersFile()),
    },
  };
}
