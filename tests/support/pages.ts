import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './content.ts';

/** Every page the build wrote, as URL paths (/, /entitlements/foo/ …). */
export function builtPages(): string[] {
  const dist = path.join(ROOT, 'dist');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'pagefind' && name !== '_astro') walk(full);
      } else if (name === 'index.html') {
        out.push(`/${path.relative(dist, dir).split(path.sep).join('/')}${dir === dist ? '' : '/'}`);
      }
    }
  };
  walk(dist);
  return out.sort();
}
