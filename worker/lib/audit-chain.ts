/**
 * The audit log's hash chain, as pure code shared by the Worker (lib/audit.ts writes it) and
 * the command line (cli/audit.ts verifies it): each row's hash covers the hash of the row
 * before it and the row's own fields, so changing, removing or inserting a row breaks every
 * link after it, and the nightly head (an R2 object the database cannot rewrite) pins the end.
 */
import { sha256Hex } from './crypto.ts';

/** What the first row of the chain points back to. */
export const GENESIS = '0'.repeat(64);

export interface ChainRow {
  id: number;
  at: number;
  staffId: number;
  action: string;
  recordKind: string | null;
  recordRef: string | null;
  outcome: string;
  detail: string | null;
  prevHash: string | null;
  hash: string | null;
}

/** SHA-256 (hex) of the previous hash and the row's fields, in a fixed order. */
export function rowHash(prevHash: string, r: Omit<ChainRow, 'prevHash' | 'hash'>): Promise<string> {
  const fields = [r.id, r.at, r.staffId, r.action, r.recordKind, r.recordRef, r.outcome, r.detail];
  return sha256Hex(`tonghu-audit-v1\n${prevHash}\n${JSON.stringify(fields)}`);
}

/** The end of the chain on a given day, as the nightly cron writes it to R2 and to its log. */
export interface AuditHead {
  date: string;
  id: number;
  hash: string;
  at: number;
}

export interface ChainReport {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** Rows at the end not sealed yet (written a moment ago; the next write or the nightly cron seals them). */
  pending: number;
  /** The last sealed row's id and hash. */
  head: { id: number; hash: string } | null;
  /** The first row that does not fit, and why. */
  broken?: { id: number; why: 'hash' | 'link' | 'gap' | 'unsealed' | 'head' };
}

/**
 * Checks rows given in id order (as many pages as needed): ids without gaps, each row's
 * prev_hash the hash of the row before (GENESIS for the first), each hash what the fields
 * give. Only the last rows may still be unsealed. With `heads`, each one's row must be in the
 * chain with that very hash, so rows removed from the end are found too.
 */
export async function verifyChain(pages: AsyncIterable<ChainRow[]>, heads: AuditHead[] = []): Promise<ChainReport> {
  let prev: ChainRow | null = null;
  let last: ChainRow | null = null;
  let checked = 0;
  let pending = 0;
  const pinned = new Map(heads.map((h) => [h.id, h.hash]));
  const seen = new Set<number>();
  const report = (broken?: ChainReport['broken']): ChainReport => ({
    ok: !broken,
    checked,
    pending,
    head: last?.hash ? { id: last.id, hash: last.hash } : null,
    ...(broken ? { broken } : {}),
  });
  let firstPending: number | null = null;
  for await (const rows of pages) {
    for (const r of rows) {
      if (prev && r.id !== prev.id + 1) return report({ id: prev.id + 1, why: 'gap' });
      prev = r;
      if (r.hash === null) {
        firstPending ??= r.id;
        pending++;
        continue;
      }
      // A sealed row after an unsealed one: that one was stripped of its hash.
      if (firstPending !== null) return report({ id: firstPending, why: 'unsealed' });
      if (r.prevHash !== (last?.hash ?? GENESIS)) return report({ id: r.id, why: 'link' });
      if ((await rowHash(r.prevHash, r)) !== r.hash) return report({ id: r.id, why: 'hash' });
      if (pinned.has(r.id) && pinned.get(r.id) !== r.hash) return report({ id: r.id, why: 'head' });
      seen.add(r.id);
      checked++;
      last = r;
    }
  }
  // A head past the end: rows were removed from the end of the log.
  const lost = heads.filter((h) => !seen.has(h.id)).sort((a, b) => a.id - b.id)[0];
  if (lost) return report({ id: lost.id, why: 'head' });
  return report();
}
