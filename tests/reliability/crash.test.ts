import { afterAll, describe, expect, it } from 'vitest';
import { ownCaller } from '../support/callers.ts';
import { startServer, type DevServer } from '../support/server.ts';
import { PARAMS } from './params.ts';
import { record } from './record.ts';
import { accessHashOf, applicationFor, d1, pool, submit } from './support.ts';

let server: DevServer | undefined;
afterAll(async () => {
  await server?.stop();
});

describe('crash', () => {
  it('kill -9 in the middle of a load, restart on the same state: every submission that got a 201 is still there', async () => {
    server = await startServer();
    const persistDir = server.persistDir;
    const port = server.port;
    // Every 201, with its key; the receipt too when the body arrived before the kill.
    const acknowledged: { key: string; receipt: { reference: string; accessCode: string } | null }[] = [];
    let killedAt = -1;
    let failed = 0;
    await pool(PARAMS.crashTotal, PARAMS.crashConnections, async (i) => {
      const key = `crash-${i}-${crypto.randomUUID()}`;
      const res = await submit(`http://127.0.0.1:${port}`, applicationFor(100_000 + i), key, ownCaller());
      if (res.status === 201) acknowledged.push({ key, receipt: res.body as unknown as { reference: string; accessCode: string } | null });
      else failed += 1;
      if (acknowledged.length >= PARAMS.crashAfter && killedAt < 0) {
        killedAt = acknowledged.length;
        await server!.stop('SIGKILL'); // the whole process group: wrangler and both workerd processes
      }
    });
    expect(killedAt).toBeGreaterThan(0);
    // Restart on the same local state and look for every acknowledged submission.
    server = await startServer({ persistDir, port });
    const rows = d1<{ reference: string; access_hash: string; idempotency_key: string }>(
      persistDir,
      "SELECT reference, access_hash, idempotency_key FROM applications WHERE idempotency_key LIKE 'crash-%'",
    );
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    const hashes = await Promise.all(
      acknowledged.map(({ receipt }) => (receipt ? accessHashOf(receipt.reference, receipt.accessCode) : null)),
    );
    const missing = acknowledged.filter(({ key, receipt }, k) => {
      const row = byKey.get(key);
      return !row || (receipt !== null && (row.reference !== receipt.reference || row.access_hash !== hashes[k]));
    });
    const health = await fetch(`${server.url}/api/health`).then((r) => r.status);
    record(
      'crash',
      `${PARAMS.crashTotal} submissions at ${PARAMS.crashConnections} connections; SIGKILL to wrangler and workerd after ${PARAMS.crashAfter} acknowledgements; restart on the same state`,
      {
        'acknowledged (201) before the kill': acknowledged.length,
        '… of which the body was cut off by the kill': acknowledged.filter((a) => a.receipt === null).length,
        'requests that failed (server gone)': failed,
        'rows found after restart': rows.length,
        'acknowledged but missing': missing.length,
        'health after restart': health,
      },
    );
    expect(missing).toEqual([]);
    expect(health).toBe(200);
  });
});
