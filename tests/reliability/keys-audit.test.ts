/**
 * The two commands an operator runs against a database, on a real local state as `npm start`
 * leaves it: `npm run keys:rotate` re-encrypts under a new DATA_KEY, after which a server with
 * the new key alone reads everything (and one with the old key alone is refused); and
 * `npm run audit:verify` passes on the chain the server wrote, against the head the nightly
 * cron put in R2, and names the row someone changed.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import { ROOT } from '../support/content.ts';
import { newPersistDir, startServer, TEST_SECRETS, type DevServer } from '../support/server.ts';
import { record } from './record.ts';
import { d1, staffToken } from './support.ts';

const persistDir = newPersistDir();
let server: DevServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(persistDir, { recursive: true, force: true, maxRetries: 3 });
});

/** `npm run audit:verify` / `npm run keys:rotate`, as package.json runs them, on this state folder. */
function npm(script: 'audit:verify' | 'keys:rotate', args: string[], env: Record<string, string> = {}) {
  const [file, command] = script === 'audit:verify' ? ['worker/cli/audit.ts', 'verify'] : ['worker/cli/keys.ts', 'rotate'];
  return spawnSync(process.execPath, [file, command, ...args, '--persist-to', persistDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true', ...env },
  });
}

const readAs = async (s: DevServer, token: string, reference: string) =>
  (await fetch(`${s.url}/api/staff/applications/${reference}`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('the operator commands on a local state', () => {
  it('keys:rotate moves every value to the new key; audit:verify passes, then names a changed row', async () => {
    server = await startServer({ persistDir, args: ['--test-scheduled'] });
    const res = await fetch(`${server.url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(application),
    });
    const { reference } = (await res.json()) as { reference: string };
    const token = await staffToken(persistDir, 'operator-county', 'county', ['*']);
    expect(await readAs(server, token, reference)).toBe(200);
    // The nightly cron writes the audit head to the local R2.
    const cron = await fetch(`${server.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('0 19 * * *')}`);
    if (cron.status === 404) await fetch(`${server.url}/__scheduled?cron=${encodeURIComponent('0 19 * * *')}`);
    for (let i = 0; i < 100 && !server.output().includes('audit head'); i++) await new Promise((r) => setTimeout(r, 100));
    await server.stop();

    const verified = npm('audit:verify', []);
    expect(verified.status, verified.stderr + verified.stdout).toBe(0);
    expect(verified.stdout).toContain('审计日志完整');
    expect(verified.stdout).toContain('链头');

    const fresh = randomBytes(32).toString('base64');
    const rotate = npm('keys:rotate', [], { DATA_KEY: `${fresh},${TEST_SECRETS.DATA_KEY}` });
    expect(rotate.status, rotate.stderr + rotate.stdout).toBe(0);
    expect(rotate.stdout).toContain('完成');
    // A ring without the key the data was written with is refused before anything is touched.
    const wrong = npm('keys:rotate', [], { DATA_KEY: randomBytes(32).toString('base64') });
    expect(wrong.status).toBe(2);

    // The new key alone reads what was written under the old one.
    server = await startServer({ persistDir, vars: { DATA_KEY: fresh } });
    const afterRotation = await readAs(server, token, reference);
    await server.stop();
    server = await startServer({ persistDir, healthy: false });
    const oldKeyAlone = await readAs(server, token, reference);
    await server.stop();
    server = undefined;

    // Someone with database rights rewrites one audit row.
    const target = d1<{ id: number }>(persistDir, "SELECT id FROM audit_log WHERE action = 'read' ORDER BY id LIMIT 1")[0]!.id;
    d1(persistDir, `UPDATE audit_log SET outcome = 'denied' WHERE id = ${target}`);
    const broken = npm('audit:verify', []);

    record('operator commands', 'npm run keys:rotate and npm run audit:verify against a local D1 and R2 written by wrangler dev', {
      'audit:verify on the chain as written': verified.status === 0 ? 'intact' : 'broken',
      'keys:rotate': rotate.status === 0 ? 'every value re-encrypted, old key retired' : 'failed',
      'staff read with the new key alone': afterRotation,
      'staff read with the old key alone': oldKeyAlone,
      'audit:verify after one row was changed': broken.status === 1 ? `names row ${target}` : 'missed it',
    });
    expect(afterRotation).toBe(200);
    expect(oldKeyAlone).toBe(503);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`第 ${target} 条`);
  });
});
