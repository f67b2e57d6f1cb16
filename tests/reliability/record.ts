/**
 * Each scenario records what it tried and found. At full size the figures go to
 * bench/results/reliability.json and the tables of docs/reliability.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/content.ts';
import { PARAMS } from './params.ts';

const FILE = path.join(ROOT, 'bench/results/reliability.json');
const DOC = path.join(ROOT, 'docs/reliability.md');

export function record(scenario: string, tried: string, found: Record<string, string | number | boolean>): void {
  console.log(`[${scenario}] tried: ${tried}`);
  console.log(
    `[${scenario}] found: ${Object.entries(found)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  if (PARAMS.size !== 'full') return;
  const all = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {};
  all[scenario] = { tried, found, measuredAt: new Date().toISOString() };
  writeFileSync(FILE, JSON.stringify(all, null, 2) + '\n');
  const start = `<!-- reliability:${scenario} -->`;
  const end = `<!-- /reliability:${scenario} -->`;
  let doc = readFileSync(DOC, 'utf8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < 0) return;
  const rows = Object.entries(found)
    .map(([k, v]) => `| ${k} | ${v} |`)
    .join('\n');
  doc =
    doc.slice(0, i) +
    `${start}\n_Run ${new Date().toISOString().slice(0, 10)} with \`RELIABILITY_SIZE=full npm run test:reliability\`._\n\nTried: ${tried}\n\n| found | |\n|---|---|\n${rows}\n${end}` +
    doc.slice(j + end.length);
  writeFileSync(DOC, doc);
}
