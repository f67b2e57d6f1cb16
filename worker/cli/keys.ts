/**
 * DATA_KEY rotation from the command line, against the local D1 (default) or production (--remote):
 *
 *   DATA_KEY="<new key>,<old key>" npm run keys:rotate -- --remote
 *   npm run keys:rotate                       # local: reads DATA_KEY from .dev.vars
 *
 * Re-encrypts every encrypted value under the first key of the ring, in batches, then retires
 * the old key's fingerprint, after which the Worker's DATA_KEY can hold the new key alone
 * (docs/deploy.md). Values written before fields were bound (v2, v1: bound to their record
 * only) are rewritten as v3, bound to their record and field — with the same key too, so a
 * run with one key does that alone. Each batch is committed as it goes: a run cut short is
 * resumed by running it again. It refuses a ring that lacks a key the data was written with.
 * Keys are read from the environment or .dev.vars, never from the command line (shell history).
 */
import { keyRing, KeyUnavailableError } from '../lib/crypto.ts';
import { missingDataKeys, retireOldDataKeys, rotateDataKey, staleCount } from '../lib/rotation.ts';
import { commandOptions, dataKeyFor, fail, openDatabase } from './database.ts';
import { t } from '#src/i18n/index.ts';

const { values, where } = commandOptions({ batch: { type: 'string', default: '100' } });

const command = process.argv[2];
if (command !== 'rotate') fail(t('cli.keys.usage'));
const dataKey = dataKeyFor(where);
if (!dataKey) fail(t('cli.keys.missing'));
let ring;
try {
  ring = await keyRing('DATA_KEY', dataKey);
} catch (error) {
  if (error instanceof KeyUnavailableError) fail(t('cli.keys.unusable', { problem: error.problem }));
  throw error;
}
const batch = Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 500) fail(t('cli.keys.batch'));
const sql = await openDatabase(where);
if ((await missingDataKeys(sql, dataKey)) > 0) fail(t('cli.keys.oldKeyMissing'));

console.log(t('cli.keys.start', { id: ring.active.id, keys: ring.keys.length, batch }));
const report = await rotateDataKey(sql, dataKey, batch, (p) =>
  console.log(
    t('cli.keys.progress', {
      table: p.table,
      column: p.column,
      rewritten: p.rewritten,
      upgraded: p.upgraded ? t('cli.keys.progressUpgraded', { upgraded: p.upgraded }) : '',
    }),
  ),
);
console.log(t('cli.keys.rewritten', { rewritten: report.rewritten, upgraded: report.upgraded }));
if (report.broken.length) {
  // Row ids only: which value, never what it holds.
  const where = report.broken.map((b) => t('cli.keys.brokenAt', { table: b.table, column: b.column, id: b.id })).join('、');
  fail(t('cli.keys.broken', { count: report.broken.length, where }));
}
const left = await staleCount(sql, dataKey);
if (left > 0) fail(t('cli.keys.left', { left }));
await retireOldDataKeys(sql, dataKey, Date.now());
await sql.close();
console.log(t(ring.keys.length > 1 ? 'cli.keys.done' : 'cli.keys.doneOneKey', { id: ring.active.id }));
