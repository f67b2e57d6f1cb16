import { afterAll, describe, expect, it } from 'vitest';
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
    const acknowledged: { reference: string; accessCode: string }[] = [];
    let killedAt = -1;
    let failed = 0;
    await pool(PARAMS.crashTotal, PARAMS.crashConnections, async (i) => {
      const res = await submit(`http://127.0.0.1:${port}`, applicationFor(100_000 + i), `crash-${i}-${crypto.randomUUID()}`);
      if (res.status === 201) acknowledged.push(res.body as unknown as { reference: string; accessCode: string });
      else failed += 1;
      if (acknowledged.length >= PARAMS.crashAfter && killedAt < 0) {
        killedAt = acknowledged.length;
        await server!.stop('SIGKILL'); // the whole process group: wrangler and both workerd processes
      }
    });
    expect(killedAt).toBeGreaterThan(0);
    // Restart on the same local state and look for every acknowledged submission.
    server = await startServer({ persistDir, port });
    const rows = d1<{ reference: string; access_hash: string }>(persistDir, "SELECT reference, access_hash FROM applications WHERE idempotency_key LIKE 'crash-%'");
    const byRef = new Map(rows.map((r) => [r.reference, r.access_hash]));
    const missing = acknowledged.filter((r) => byRef.get(r.reference) !== accessHashOf(r.reference, r.accessCode));
    const health = await fetch(`${server.url}/api/health`).then((r) => r.status);
    record('crash', `${PARAMS.crashTotal} submissions at ${PARAMS.crashConnections} connections; SIGKILL to wrangler and workerd after ${PARAMS.crashAfter} acknowledgements; restart on the same state`, {
      'acknowledged (201) before the kill': acknowledged.length,
      'requests that failed (server gone)': failed,
      'rows found after restart': rows.length,
      'acknowledged but missing': missing.length,
      'health after restart': health,
    });
    expect(missing).toEqual([]);
    expect(health).toBe(200);
  });
});
