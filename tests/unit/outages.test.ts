/** Which failures are outages (503 with Retry-After) and which stay bugs (500). */
import { describe, expect, it } from 'vitest';
import { outageOf } from '#worker/lib/errors.ts';
import { KeyUnavailableError } from '#worker/lib/crypto.ts';

const d1 = (message: string) => new Error('Failed query: select 1', { cause: new Error(message) });

describe('outageOf', () => {
  it.each([
    ['D1_ERROR: Network connection lost.', 'db_unavailable'],
    ['D1 DB is overloaded. Requests queued for too long.', 'db_unavailable'],
    ['D1_ERROR: attempt to write a readonly database: SQLITE_READONLY', 'db_unavailable'],
    ['D1_ERROR: database is locked: SQLITE_BUSY', 'db_unavailable'],
    ['D1 DB storage operation exceeded timeout which caused object to be reset.', 'db_unavailable'],
    ['D1_ERROR: no such table: key_fingerprints: SQLITE_ERROR', 'migrations_pending'],
    ['D1_ERROR: table audit_log has no column named hash: SQLITE_ERROR', 'migrations_pending'],
  ])('%s → 503 %s', (message, code) => {
    const e = outageOf(d1(message));
    expect(e?.status).toBe(503);
    expect(e?.code).toBe(code);
    expect(e?.headers['Retry-After']).toMatch(/^\d+$/);
  });

  it('a key that cannot be used is an outage too', () => {
    expect(outageOf(new Error('x', { cause: new KeyUnavailableError('DATA_KEY', 'mismatch') }))?.code).toBe('keys_unavailable');
  });

  it.each([
    [new TypeError("Cannot read properties of undefined (reading 'id')")],
    [d1('D1_ERROR: UNIQUE constraint failed: applications.reference: SQLITE_CONSTRAINT')],
    [new Error('unknown ciphertext format')],
  ])('%s stays a bug (500)', (err) => {
    expect(outageOf(err)).toBeNull();
  });
});
