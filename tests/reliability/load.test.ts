import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownCaller } from '../support/callers.ts';
import { startServer, type DevServer } from '../support/server.ts';
import { PARAMS } from './params.ts';
import { record } from './record.ts';
import { accessHashOf, applicationFor, d1, person, pool, submit } from './support.ts';

/** A file's text, or null when it is gone: SQLite's -wal and -shm files come and go while the server runs. */
function readIfThere(file: string): string | null {
  try {
    return readFileSync(file).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

let server: DevServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Receipt {
  reference: string;
  accessCode: string;
}
const receipts: (Receipt & { i: number })[] = [];

describe('load', () => {
  it(`${PARAMS.loadTotal} applications at ${PARAMS.loadConnections} connections: every 201 retrievable, none lost, none duplicated`, async () => {
    const started = performance.now();
    const keys = Array.from({ length: PARAMS.loadTotal }, (_, i) => `load-${i}-${crypto.randomUUID()}`);
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    // The first loadReplays submissions are sent a second time, with the same key, concurrently with the rest.
    const jobs = [...keys.map((k, i) => [i, k] as const), ...keys.slice(0, PARAMS.loadReplays).map((k, i) => [i, k] as const)];
    const answers = await pool(jobs.length, PARAMS.loadConnections, async (j) => {
      const [i, key] = jobs[j]!;
      const res = await submit(server.url, applicationFor(i), key, ownCaller());
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      // What a refusal said, so a failed run tells why (503 db_unavailable, 429 too_many_requests …).
      const code = (res.body as { error?: { code?: string } } | null)?.error?.code;
      if (res.status !== 201) codes.set(`${res.status} ${code ?? ''}`.trim(), (codes.get(`${res.status} ${code ?? ''}`.trim()) ?? 0) + 1);
      return { i, ...res };
    });
    const seconds = (performance.now() - started) / 1000;
    const created = answers.filter((a) => a.status === 201);
    const firsts = new Map<number, Receipt>();
    for (const a of created) {
      const r = a.body as unknown as Receipt;
      const seen = firsts.get(a.i);
      // A replay must answer with the very same receipt.
      if (seen) expect(r).toEqual(seen);
      else firsts.set(a.i, r);
    }
    for (const [i, r] of firsts) receipts.push({ i, ...r });

    const rows = d1<{ reference: string; access_hash: string; idempotency_key: string }>(
      server.persistDir,
      "SELECT reference, access_hash, idempotency_key FROM applications WHERE idempotency_key LIKE 'load-%'",
    );
    const byRef = new Map(rows.map((r) => [r.reference, r]));
    const hashes = await Promise.all(receipts.map((r) => accessHashOf(r.reference, r.accessCode)));
    const lost = receipts.filter((r, k) => byRef.get(r.reference)?.access_hash !== hashes[k]);
    const duplicated = rows.length - new Set(rows.map((r) => r.idempotency_key)).size;

    // A sample through the real endpoint (the rest is checked against D1: lookups are rate-limited).
    const sample = receipts.slice(0, PARAMS.loadLookups);
    const looked = await Promise.all(
      sample.map((r, k) =>
        fetch(`${server.url}/api/status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...ownCaller() },
          body: JSON.stringify({ reference: r.reference, accessCode: r.accessCode }),
        }).then((res) => res.status),
      ),
    );
    record(
      'load',
      `${PARAMS.loadTotal} applications (+${PARAMS.loadReplays} replays of the same keys) at ${PARAMS.loadConnections} connections against wrangler dev`,
      {
        'answers 201': created.length,
        'answers other': [...codes.entries()].map(([s, n]) => `${s}×${n}`).join(' ') || '0',
        'distinct receipts': receipts.length,
        'rows in D1': rows.length,
        'lost (201 not retrievable)': lost.length,
        'duplicated (rows per key > 1)': duplicated,
        'sample lookups 200': `${looked.filter((s) => s === 200).length}/${sample.length}`,
        seconds: seconds.toFixed(1),
        'submissions per second': (jobs.length / seconds).toFixed(0),
      },
    );
    expect(created.length).toBe(jobs.length);
    expect(receipts.length).toBe(PARAMS.loadTotal);
    expect(rows.length).toBe(PARAMS.loadTotal);
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(looked.every((s) => s === 200)).toBe(true);
  });

  it('privacy: no name, phone or ID number sent in the load appears in the logs or the raw D1 files', async () => {
    const sent = new Set(
      receipts.flatMap(({ i }) => {
        const p = person(i);
        return [p.name, p.phone, p.idNumber, p.childName];
      }),
    );
    // Everything shaped like a value that was sent, found in a text: one pass, whatever its size.
    const SHAPES = /测试(?:申请人|孩子)\d+号|139\d{8}|\d{17}[\dX]/g;
    const found = (text: string) => new Set([...text.matchAll(SHAPES)].map((m) => m[0]).filter((v) => sent.has(v)));
    const logs = server.output();
    const inLogs = found(logs);
    // The SQLite files themselves, including the WAL and free pages.
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(server.persistDir);
    let bytes = 0;
    const inFiles = new Set<string>();
    for (const f of files) {
      const text = readIfThere(f);
      if (text === null) continue;
      bytes += text.length;
      for (const v of found(text)) inFiles.add(v);
    }
    // And through SQL, every table as text.
    const inDump = found(JSON.stringify(['applications', 'status_events'].map((t) => d1(server.persistDir, `SELECT * FROM ${t}`))));
    record(
      'privacy',
      `searched the worker's log output (${logs.length} bytes), the D1 files (${files.length} files, ${bytes} bytes) and a SQL dump for the ${sent.size} names, phones and ID numbers sent`,
      {
        'found in logs': inLogs.size,
        'found in D1 files': inFiles.size,
        'found in SQL dump': inDump.size,
      },
    );
    expect(sent.size).toBeGreaterThan(0);
    // The search itself works: the values are found in the text they were sent in.
    expect(found(JSON.stringify(applicationFor(receipts[0]!.i))).size).toBe(4);
    expect([...inLogs]).toEqual([]);
    expect([...inFiles]).toEqual([]);
    expect([...inDump]).toEqual([]);
  });
});
