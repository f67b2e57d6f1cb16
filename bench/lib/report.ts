/**
 * Shared helpers for the benchmarks: medians, machine facts, and the results file and tables
 * that `npm run bench` writes (bench/results/latest.json, docs/performance.md).
 */
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '#src/integrations/content-files.ts';

export const RESULTS = path.join(ROOT, 'bench/results/latest.json');
export const DOC = path.join(ROOT, 'docs/performance.md');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}

export interface Section {
  /** Markdown table (or text) that replaces the block between <!-- bench:name --> markers. */
  markdown: string;
  /** Raw figures for latest.json. */
  data: unknown;
  /** The command that produced the figures. */
  command: string;
}

/** Merges sections into latest.json and rewrites their blocks in docs/performance.md. */
export function publish(sections: Record<string, Section>): void {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  const m = machine();
  const merged = {
    ...previous,
    machine: m,
    ...Object.fromEntries(
      Object.entries(sections).map(([k, s]) => [k, { command: s.command, measuredAt: m.date, ...((s.data as object) ?? {}) }]),
    ),
  };
  writeFileSync(RESULTS, JSON.stringify(merged, null, 2) + '\n');
  let doc = readFileSync(DOC, 'utf8');
  for (const [name, s] of Object.entries(sections)) {
    const start = `<!-- bench:${name} -->`;
    const end = `<!-- /bench:${name} -->`;
    const block = `${start}\n_Measured ${m.date.slice(0, 10)} on ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, with \`${s.command}\`._\n\n${s.markdown}\n${end}`;
    const i = doc.indexOf(start);
    const j = doc.indexOf(end);
    if (i < 0 || j < 0) throw new Error(`docs/performance.md has no ${start} … ${end} block`);
    doc = doc.slice(0, i) + block + doc.slice(j + end.length);
  }
  writeFileSync(DOC, doc);
}

export function table(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);
