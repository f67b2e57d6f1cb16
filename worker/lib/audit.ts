/**
 * Writing the audit log as a hash chain (lib/audit-chain.ts), in two steps that never wait on
 * each other: a row is inserted (D1 gives it the next id, one statement at a time), then
 * sealed — it and any row before it still without a hash get theirs, in id order, each from
 * the one before. A row's hash depends only on the rows before it, so two requests sealing at
 * the same moment compute the same hashes, and whichever writes first wins with the same
 * value: the chain cannot fork. A row left unsealed by a crash is sealed by the next write or
 * the nightly cron; rows from before the chain existed are sealed into it the first time.
 */
import type { Env } from '../env.ts';
import { GENESIS, rowHash, type AuditHead, type ChainRow } from './audit-chain.ts';

export interface AuditWrite {
  staffId: number;
  action: string;
  recordKind?: string | null;
  recordRef?: string | null;
  outcome: 'ok' | 'denied' | 'refused';
  detail?: string | null;
}

const COLUMNS = `id, at, staff_id AS staffId, action, record_kind AS recordKind, record_ref AS recordRef, outcome, detail,
  prev_hash AS prevHash, hash`;

/** Rows sealed per round trip; a longer backlog takes more rounds. */
const SEAL_BATCH = 200;
/** Rounds a request's own write may spend sealing: a long backlog is the cron's to finish. */
const REQUEST_SEAL_ROUNDS = 3;

/**
 * Gives every row without a hash its hash and link, from the last sealed row on; with `upTo`,
 * nothing when that row is sealed already (another writer sealed past it). At most `rounds`
 * batches: a request seals a few, the nightly cron the rest (the rows of a log from before the
 * chain, the first time). Answers how many.
 */
export async function sealAudit(d1: D1Database, upTo = Infinity, rounds = Infinity): Promise<number> {
  let sealed = 0;
  for (let round = 0; round < rounds; round++) {
    const { results } = await d1
      .prepare(
        `SELECT ${COLUMNS} FROM audit_log
         WHERE id >= coalesce((SELECT max(id) FROM audit_log WHERE hash IS NOT NULL), 0)
         ORDER BY id LIMIT ${SEAL_BATCH + 1}`,
      )
      .all<ChainRow>();
    if (results[0]?.hash && results[0].id >= upTo) return sealed;
    const rows = results[0]?.hash ? results : [null, ...results];
    const updates: D1PreparedStatement[] = [];
    let prev = rows[0]?.hash ?? GENESIS;
    for (const r of rows.slice(1)) {
      if (!r || r.hash) break;
      const hash = await rowHash(prev, r);
      updates.push(d1.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ? AND hash IS NULL').bind(prev, hash, r.id));
      prev = hash;
    }
    if (!updates.length) return sealed;
    await d1.batch(updates);
    sealed += updates.length;
    if (updates.length < SEAL_BATCH) return sealed;
  }
  return sealed;
}

/** Appends a row and seals it (with any row before it still unsealed). Answers the row's id. */
export async function appendAudit(d1: D1Database, entry: AuditWrite, at = Date.now()): Promise<number> {
  const { meta } = await d1
    .prepare('INSERT INTO audit_log (at, staff_id, action, record_kind, record_ref, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(at, entry.staffId, entry.action, entry.recordKind ?? null, entry.recordRef ?? null, entry.outcome, entry.detail ?? null)
    .run();
  await sealAudit(d1, meta.last_row_id, REQUEST_SEAL_ROUNDS);
  return meta.last_row_id;
}

/** The day in China (UTC+8) of an instant, as YYYY-MM-DD. */
const chinaDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** Where the head of a day is kept in AUDIT_BUCKET. */
export const headKey = (date: string) => `audit-head/${date}.json`;

/**
 * The nightly head: the last row's id and hash, written to AUDIT_BUCKET (a bucket with a lock
 * rule, docs/deploy.md, so nobody can overwrite or delete it) and printed in the cron's log
 * for the county to keep. A head once written for a day is never replaced.
 */
export async function writeAuditHead(env: Env, now: number): Promise<AuditHead | null> {
  await sealAudit(env.DB);
  const last = await env.DB.prepare('SELECT id, hash, at FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1').first<{
    id: number;
    hash: string;
    at: number;
  }>();
  if (!last) return null;
  const head: AuditHead = { date: chinaDate(now), id: last.id, hash: last.hash, at: last.at };
  console.log(`audit head ${head.date}: row ${head.id} ${head.hash}`);
  const key = headKey(head.date);
  if (!(await env.AUDIT_BUCKET.head(key))) {
    await env.AUDIT_BUCKET.put(key, JSON.stringify(head), { httpMetadata: { contentType: 'application/json' } });
  }
  return head;
}
