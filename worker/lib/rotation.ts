/**
 * DATA_KEY rotation: every encrypted value (db/encrypted-columns.ts) not yet under the ring's
 * first key is decrypted with the ring and written again under that key, a batch at a time.
 * Each update is guarded by the old value, so a row changed meanwhile is left for the next
 * pass rather than overwritten. Once nothing is left under another key, the other DATA_KEY
 * fingerprints are retired and the old key can leave the secret (docs/deploy.md).
 *
 * The same code runs from the command line over `wrangler d1 execute` (cli/keys.ts) and in the
 * Worker tests over the D1 binding: it only needs a way to run SQL text.
 */
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from '../db/encrypted-columns.ts';
import { decryptJson, encryptJson, keyRing } from './crypto.ts';

export interface Sql {
  /** Rows of one SELECT. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs statements (each one complete SQL text), in order. */
  exec(statements: string[]): Promise<void>;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Values of a column not under `activeId` (v2 under another key, or v1 without an id). */
function stale(c: EncryptedColumn, activeId: string, limit: number): string {
  return `SELECT ${c.table}.id AS id, ${c.table}.${c.column} AS value, (${c.context}) AS context FROM ${c.table}
    WHERE ${c.table}.${c.column} IS NOT NULL AND ${c.table}.${c.column} NOT LIKE ${quote(`v2.${activeId}.%`)}
    ORDER BY ${c.table}.id LIMIT ${limit}`;
}

export interface RotationProgress {
  table: string;
  column: string;
  rewritten: number;
}

/**
 * Re-encrypts everything under the ring's first key, `batch` rows per statement batch;
 * reports each batch through `progress`. Answers how many values were rewritten.
 */
export async function rotateDataKey(sql: Sql, dataKey: string, batch = 100, progress?: (p: RotationProgress) => void): Promise<number> {
  const ring = await keyRing('DATA_KEY', dataKey);
  let total = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    // Rows whose update lost a race stay stale; a pass that gets nowhere stops.
    for (let guard = 0; guard < 1_000_000; guard++) {
      const rows = await sql.query<{ id: number; value: string; context: string | null }>(stale(c, ring.active.id, batch));
      if (!rows.length) break;
      const updates: string[] = [];
      for (const r of rows) {
        if (r.context === null) throw new Error(`${c.table}.${c.column} row ${r.id}: the record it belongs to is gone`);
        const plain = await decryptJson<unknown>(dataKey, r.context, r.value);
        const again = await encryptJson(dataKey, r.context, plain);
        updates.push(`UPDATE ${c.table} SET ${c.column} = ${quote(again)} WHERE id = ${r.id} AND ${c.column} = ${quote(r.value)}`);
      }
      await sql.exec(updates);
      total += rows.length;
      progress?.({ table: c.table, column: c.column, rewritten: rows.length });
    }
  }
  return total;
}

/** How many encrypted values are still under a key other than the ring's first. */
export async function staleCount(sql: Sql, dataKey: string): Promise<number> {
  const ring = await keyRing('DATA_KEY', dataKey);
  let n = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${c.column} NOT LIKE ${quote(`v2.${ring.active.id}.%`)}`,
    );
    n += row?.n ?? 0;
  }
  return n;
}

/**
 * Retires every recorded DATA_KEY other than the ring's first, once nothing is encrypted under
 * one: from then on the Worker no longer asks for the old key. Answers whether it did.
 */
export async function retireOldDataKeys(sql: Sql, dataKey: string, now: number): Promise<boolean> {
  if ((await staleCount(sql, dataKey)) > 0) return false;
  const { active } = await keyRing('DATA_KEY', dataKey);
  await sql.exec([
    // The new key is recorded first, so the Worker never sees a database with no DATA_KEY it knows.
    `INSERT INTO key_fingerprints (name, key_id, fingerprint, first_used_at) VALUES ('DATA_KEY', ${quote(active.id)}, ${quote(active.fingerprint)}, ${now}) ON CONFLICT DO NOTHING`,
    `UPDATE key_fingerprints SET retired_at = ${now} WHERE name = 'DATA_KEY' AND retired_at IS NULL AND fingerprint != ${quote(active.fingerprint)}`,
  ]);
  return true;
}

/** The recorded DATA_KEY fingerprints (not retired) that the ring does not hold: rotating without them would lose data. */
export async function missingDataKeys(sql: Sql, dataKey: string): Promise<number> {
  const ring = await keyRing('DATA_KEY', dataKey);
  const rows = await sql.query<{ fingerprint: string }>(
    "SELECT fingerprint FROM key_fingerprints WHERE name = 'DATA_KEY' AND retired_at IS NULL",
  );
  return rows.filter((r) => !ring.keys.some((k) => k.fingerprint === r.fingerprint)).length;
}
