/**
 * DATA_KEY rotation: every encrypted value (db/encrypted-columns.ts) not yet a v3 ciphertext
 * under the ring's first key — one under another key, or a v2/v1 one, bound to its record but
 * not to its field — is decrypted with the ring and written again as v3 under that key, bound
 * to its record and field, a batch at a time. Each batch is committed on its own, so a run cut
 * short is resumed by running it again.
 * Each update is guarded by the old value, so a row changed meanwhile is left for the next
 * pass rather than overwritten. Once nothing is left under another key, the other DATA_KEY
 * fingerprints are retired and the old key can leave the secret (docs/deploy.md).
 *
 * The same code runs from the command line over `wrangler d1 execute` (cli/keys.ts) and in the
 * Worker tests over the D1 binding: it only needs a way to run SQL text.
 */
import { ENCRYPTED_COLUMNS, fieldOf, type EncryptedColumn } from '../db/encrypted-columns.ts';
import { ciphertextVersion, decryptJson, encryptJson, keyRing, SealBrokenError } from './crypto.ts';

export interface Sql {
  /** Rows of one SELECT. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs statements (each one complete SQL text), in order. */
  exec(statements: string[]): Promise<void>;
}

/** SQL text quoted as a string literal, for statements written out as text (`Sql`). */
export const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * What a current value starts with: v3 under the active key. Compared with substr, not LIKE,
 * whose `_` would match any character of a key id.
 */
const current = (c: EncryptedColumn, activeId: string) => {
  const prefix = `v3.${activeId}.`;
  return `substr(${c.table}.${c.column}, 1, ${prefix.length}) = ${quote(prefix)}`;
};

/** Values of a column that are not current (under another key, or v2/v1: record only), after row `after`. */
function stale(c: EncryptedColumn, activeId: string, after: number, limit: number): string {
  return `SELECT ${c.table}.id AS id, ${c.table}.${c.column} AS value, (${c.context}) AS context FROM ${c.table}
    WHERE ${c.table}.id > ${after} AND ${c.table}.${c.column} IS NOT NULL AND NOT ${current(c, activeId)}
    ORDER BY ${c.table}.id LIMIT ${limit}`;
}

export interface RotationProgress {
  table: string;
  column: string;
  /** Values of this batch written again as v3 under the active key. */
  rewritten: number;
  /** Of those, how many were v2 or v1 (bound to their record only) and are now bound to their field too. */
  upgraded: number;
}

/** A value that does not open where it is (altered, or moved from another record or field): left as it is. */
export interface BrokenValue {
  table: string;
  column: string;
  id: number;
}

export interface RotationReport {
  rewritten: number;
  upgraded: number;
  broken: BrokenValue[];
}

/**
 * Re-encrypts everything as v3 under the ring's first key, `batch` rows per statement batch,
 * one pass over each column in the order of its rows; reports each batch through `progress`.
 * A value that does not open (SealBrokenError) is left as it is and named in the answer, so
 * one altered row cannot hold up the rest. A row changed while its batch was read keeps its
 * value (the guarded update), and a later run takes it.
 */
export async function rotateDataKey(
  sql: Sql,
  dataKey: string,
  batch = 100,
  progress?: (p: RotationProgress) => void,
): Promise<RotationReport> {
  const ring = await keyRing('DATA_KEY', dataKey);
  const total: RotationReport = { rewritten: 0, upgraded: 0, broken: [] };
  for (const c of ENCRYPTED_COLUMNS) {
    const field = fieldOf(c);
    for (let after = 0; ;) {
      const rows = await sql.query<{ id: number; value: string; context: string | null }>(stale(c, ring.active.id, after, batch));
      if (!rows.length) break;
      after = rows.at(-1)!.id;
      const updates: string[] = [];
      let upgraded = 0;
      for (const r of rows) {
        if (r.context === null) throw new Error(`${c.table}.${c.column} row ${r.id}: the record it belongs to is gone`);
        let plain: unknown;
        try {
          plain = await decryptJson<unknown>(dataKey, field, r.context, r.value);
        } catch (error) {
          if (!(error instanceof SealBrokenError)) throw error;
          total.broken.push({ table: c.table, column: c.column, id: r.id });
          continue;
        }
        const again = await encryptJson(dataKey, field, r.context, plain);
        if (ciphertextVersion(r.value) !== 'v3') upgraded++;
        updates.push(`UPDATE ${c.table} SET ${c.column} = ${quote(again)} WHERE id = ${r.id} AND ${c.column} = ${quote(r.value)}`);
      }
      if (updates.length) await sql.exec(updates);
      total.rewritten += updates.length;
      total.upgraded += upgraded;
      if (updates.length) progress?.({ table: c.table, column: c.column, rewritten: updates.length, upgraded });
    }
  }
  return total;
}

/** How many encrypted values are not yet v3 under the ring's first key (another key, or v2/v1). */
export async function staleCount(sql: Sql, dataKey: string): Promise<number> {
  const ring = await keyRing('DATA_KEY', dataKey);
  let n = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${c.table} WHERE ${c.table}.${c.column} IS NOT NULL AND NOT ${current(c, ring.active.id)}`,
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
