/**
 * Files under a crash and through retention: families upload photos while wrangler and workerd
 * get SIGKILL; after a restart every acknowledged file is there and reads back byte-identical;
 * then half the applications are withdrawn and the nightly job runs past their retention
 * period — and the R2 store on disk holds exactly the files of the open applications: none of
 * the withdrawn ones, nothing left over from the crash.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { jpegBytes } from '../support/test-files.ts';
import { ownCaller } from '../support/callers.ts';
import { startServer, type DevServer } from '../support/server.ts';
import { PARAMS } from './params.ts';
import { record } from './record.ts';
import { applicationFor, d1, pool, staffToken, submit } from './support.ts';

let server: DevServer | undefined;
afterAll(async () => {
  await server?.stop();
});

const DAY = 86_400_000;
const PHOTO_BYTES = 150_000;

/**
 * Every object key of the documents bucket in the local R2 store of a server (miniflare's SQLite
 * and blob files on disk; the audit bucket's nightly heads sit beside them, under audit-head/),
 * the blob files that hold bytes, and those of them no object names.
 */
function r2OnDisk(persistDir: string): { keys: string[]; blobs: number; unnamed: string[] } {
  const objects = path.join(persistDir, 'v3/r2/miniflare-R2BucketObject');
  const keys: string[] = [];
  const named = new Set<string>();
  for (const file of existsSync(objects) ? readdirSync(objects) : []) {
    if (!file.endsWith('.sqlite') || file === 'metadata.sqlite') continue;
    const db = new DatabaseSync(path.join(objects, file), { readOnly: true });
    const rows = db.prepare('SELECT key, blob_id FROM _mf_objects').all() as { key: string; blob_id: string | null }[];
    for (const r of rows) {
      if (r.key.startsWith('files/')) keys.push(r.key);
      if (r.blob_id) named.add(r.blob_id);
    }
    db.close();
  }
  const dir = path.join(persistDir, 'v3/r2/tonghu-files/blobs');
  const blobs = existsSync(dir) ? readdirSync(dir) : [];
  return { keys, blobs: blobs.length, unnamed: blobs.filter((b) => !named.has(b)) };
}

async function uploadPhoto(base: string, r: { reference: string; accessCode: string }, seed: number) {
  const form = new FormData();
  form.set('accessCode', r.accessCode);
  form.set('item', 'childIdentity');
  form.append('file', new File([jpegBytes(PHOTO_BYTES, seed)], `photo-${seed}.jpg`, { type: 'image/jpeg' }));
  try {
    const res = await fetch(`${base}/api/applications/${r.reference}/files`, { method: 'POST', body: form, headers: ownCaller() });
    const body = (await res.json().catch(() => null)) as { files: { id: string }[] } | null;
    return { status: res.status, id: body?.files?.[0]?.id ?? null };
  } catch {
    return { status: 0, id: null }; // the server is gone
  }
}

describe('files', () => {
  it('kill -9 during uploads, restart: every acknowledged file reads back; after retention R2 holds the open applications’ files and nothing else', async () => {
    server = await startServer();
    const { persistDir, port } = server;
    const base = `http://127.0.0.1:${port}`;
    const n = PARAMS.fileApplications;
    const apps: { reference: string; accessCode: string }[] = [];
    for (let i = 0; i < n; i++) {
      const res = await submit(base, applicationFor(300_000 + i), `files-${i}-${crypto.randomUUID()}`, ownCaller());
      expect(res.status).toBe(201);
      apps.push(res.body as unknown as { reference: string; accessCode: string });
    }

    // Two photos per application, eight at a time; the kill comes once half of them are in.
    const acknowledged: { app: number; seed: number; id: string }[] = [];
    let failed = 0;
    let killed = false;
    await pool(n * 2, 8, async (k) => {
      const res = await uploadPhoto(base, apps[k >> 1]!, k);
      if (res.status === 201 && res.id) acknowledged.push({ app: k >> 1, seed: k, id: res.id });
      else failed += 1;
      if (!killed && acknowledged.length >= n) {
        killed = true;
        await server!.stop('SIGKILL');
      }
    });
    expect(killed).toBe(true);
    server = await startServer({ persistDir, port });

    const rows = new Set(d1<{ public_id: string }>(persistDir, 'SELECT public_id FROM files').map((r) => r.public_id));
    const missing = acknowledged.filter((a) => !rows.has(a.id));
    const token = await staffToken(persistDir, 'files-county', 'county', ['*']);
    let identical = 0;
    for (const a of acknowledged) {
      const res = await fetch(`${base}/api/staff/applications/${apps[a.app]!.reference}/files/${a.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (res.status === 200 && Buffer.compare(Buffer.from(bytes), Buffer.from(jpegBytes(PHOTO_BYTES, a.seed))) === 0) identical += 1;
    }

    // Every second family withdraws; the nightly job then runs past the retention period.
    const withdrawn = new Set<number>();
    for (let i = 0; i < n; i += 2) {
      const res = await fetch(`${base}/api/status/withdraw`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ownCaller() },
        body: JSON.stringify({ reference: apps[i]!.reference, accessCode: apps[i]!.accessCode }),
      });
      expect(res.status).toBe(200);
      withdrawn.add(i);
    }
    // The store is read while the server runs (SQLite in WAL mode has room for a reader).
    const stored = r2OnDisk(persistDir);
    const before = stored.keys;
    // A kill between the emulator's write of an object's bytes and of the object leaves bytes no
    // object names (R2 itself writes an object at once); after retention no other bytes may be left.
    const killLeftovers = new Set(stored.unnamed);
    // An object whose row never came: the kill fell between the R2 write and the D1 batch.
    const orphansBefore = before.filter((k) => !rows.has(k.slice('files/'.length))).length;
    const later = Date.now() + (county.retentionDays.closedApplications + 2) * DAY;
    const cron = await fetch(`${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent('0 19 * * *')}&time=${later}`);
    expect(cron.status).toBe(200);
    const keptRows = d1<{ public_id: string; reference: string }>(
      persistDir,
      'SELECT f.public_id, a.reference FROM files f JOIN applications a ON a.id = f.application_id',
    );
    // The emulator deletes an object's bytes a moment after the object (in the background).
    let after = r2OnDisk(persistDir);
    for (let i = 0; i < 50 && after.unnamed.some((b) => !killLeftovers.has(b)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = r2OnDisk(persistDir);
    }
    const withdrawnRefs = new Set([...withdrawn].map((i) => apps[i]!.reference));
    const expected = new Set(keptRows.map((r) => `files/${r.public_id}`));
    const ofWithdrawn = acknowledged.filter((a) => withdrawn.has(a.app) && after.keys.includes(`files/${a.id}`));
    const leftOver = after.keys.filter((k) => !expected.has(k));
    const lostOfOpen = [...expected].filter((k) => !after.keys.includes(k));
    record(
      'files',
      `${n} applications, two ${Math.round(PHOTO_BYTES / 1000)} KB photos each at 8 connections; SIGKILL after ${n} acknowledgements; restart; every second application withdrawn; the nightly job run ${county.retentionDays.closedApplications + 2} days later`,
      {
        'uploads acknowledged (201) before the kill': acknowledged.length,
        'uploads that failed (server gone)': failed,
        'acknowledged but missing after restart': missing.length,
        'acknowledged files read back byte-identical': `${identical}/${acknowledged.length}`,
        'objects in R2 before retention (of them without a row)': `${before.length} (${orphansBefore})`,
        'rows of withdrawn applications after retention': keptRows.filter((r) => withdrawnRefs.has(r.reference)).length,
        'objects of withdrawn applications left in R2': ofWithdrawn.length,
        'objects without a row left in R2': leftOver.length,
        'files of open applications lost': lostOfOpen.length,
        'objects / blobs in R2 after retention': `${after.keys.length} / ${after.blobs}`,
        'blobs no object names, left by the kill': killLeftovers.size,
      },
    );
    expect(missing).toEqual([]);
    expect(identical).toBe(acknowledged.length);
    expect(keptRows.filter((r) => withdrawnRefs.has(r.reference))).toEqual([]);
    expect(ofWithdrawn).toEqual([]);
    expect(leftOver).toEqual([]);
    expect(lostOfOpen).toEqual([]);
    expect(after.unnamed.filter((b) => !killLeftovers.has(b))).toEqual([]);
    expect(after.blobs).toBe(after.keys.length + after.unnamed.length);
  });
});
