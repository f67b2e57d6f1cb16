/**
 * A throwaway copy of the project (sharing node_modules) for benchmarks that must change
 * the content, such as the generated 2,000-entitlement site. The working tree is untouched.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '#src/integrations/content-files.ts';
import { startServer, type DevServer, type ServerOptions } from '#tests/support/server.ts';

// .dev.vars holds this machine's local secrets: a copy in /tmp must not carry them. The servers
// started on a copy get test-only secrets from tests/support/server.ts (TEST_SECRETS).
const SKIP = new Set(['node_modules', 'dist', '.astro', '.wrangler', '.git', '.dev.vars', 'bench', 'tests']);

export function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tonghu-bench-'));
  for (const name of readdirSync(ROOT)) if (!SKIP.has(name)) cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Writes `count` entitlement pages made from the real ones, with distinct slugs and titles. */
export function generateEntitlements(dir: string, count: number): void {
  const src = path.join(ROOT, 'content/entitlements');
  const files = readdirSync(src).filter((f) => f.endsWith('.mdx'));
  for (let i = 0; i < count; i++) {
    const file = files[i % files.length]!;
    const text = readFileSync(path.join(src, file), 'utf8').replace(/^title: (.*)$/m, `title: $1（样例 ${i + 1}）`);
    writeFileSync(path.join(dir, 'content/entitlements', `generated-${String(i + 1).padStart(4, '0')}-${file}`), text);
  }
}

/**
 * Rewrites a file of the throwaway copy and returns how many places changed. Throws when
 * nothing matched, so a change to the source cannot quietly leave the patch undone.
 */
export function patch(file: string, pattern: RegExp, replacement: string): number {
  let count = 0;
  const text = readFileSync(file, 'utf8').replace(pattern, () => (count++, replacement));
  if (count === 0) throw new Error(`bench: ${pattern} no longer matches ${path.basename(file)}; update the patch`);
  writeFileSync(file, text);
  return count;
}

export const RATE_LIMIT_TABLE = /^\[\[ratelimits\]\]\n(?:\w+\s*=.*\n?)*/gm;

/**
 * A copy that serves the built site (dist/) with every [[ratelimits]] binding of wrangler.toml
 * raised out of the way, or removed (enforce() lets a request through when its binding is missing).
 */
export function servingCopy(limits: 'raised' | 'removed' = 'raised'): string {
  const dir = copyProject();
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  setLimits(dir, limits);
  return dir;
}

/** Raises (or removes) every [[ratelimits]] binding in the wrangler.toml of the copy `dir`; throws when one was missed. */
export function setLimits(dir: string, limits: 'raised' | 'removed' = 'raised'): void {
  const toml = path.join(dir, 'wrangler.toml');
  const tables = readFileSync(toml, 'utf8').match(RATE_LIMIT_TABLE)?.length ?? 0;
  const changed = limits === 'raised' ? patch(toml, /\blimit\s*=\s*\d+/g, 'limit = 100000000') : patch(toml, RATE_LIMIT_TABLE, '');
  if (changed !== tables) throw new Error(`bench: ${changed} of the ${tables} [[ratelimits]] tables of wrangler.toml were ${limits}`);
}

export interface ServedCopy {
  dir: string;
  server: DevServer;
  /** Stops the server and deletes the copy. */
  close: () => Promise<void>;
}

/** `wrangler dev` on the copy `dir` (logging warnings only); the copy is deleted when it does not start. */
export async function serveCopy(dir: string, options: Omit<ServerOptions, 'root'> = {}): Promise<ServedCopy> {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const server = await startServer({ root: dir, logLevel: 'warn', ...options });
    const close = async () => {
      await server.stop();
      remove();
    };
    return { dir, server, close };
  } catch (error) {
    remove();
    throw error;
  }
}
