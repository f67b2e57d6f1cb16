/**
 * Every encrypted column of the schema is in the list key rotation and the retention check
 * read, and a value sealed for one column of a record opens in that column only.
 */
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '#worker/db/schema.ts';
import { ENCRYPTED_COLUMNS, fieldOf } from '#worker/db/encrypted-columns.ts';
import { ciphertextVersion, decryptJson, encryptJson, keyRing, SealBrokenError } from '#worker/lib/crypto.ts';

const KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i * 7)));

/** What the Worker wrote before fields were bound: v2, the record's reference alone as additional data. */
async function v2(context: string, value: unknown): Promise<string> {
  const ring = await keyRing('DATA_KEY', KEY);
  const k = await crypto.subtle.importKey('raw', ring.active.raw, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const te = new TextEncoder();
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(context) }, k, te.encode(JSON.stringify(value))),
  );
  return `v2.${ring.active.id}.${btoa(String.fromCharCode(...iv))}.${btoa(String.fromCharCode(...ct))}`;
}

describe('worker/db/encrypted-columns.ts', () => {
  it('lists every *_enc column of worker/db/schema.ts, and nothing else', () => {
    const tables: SQLiteTable[] = Object.values(schema as Record<string, unknown>).filter((t) => t instanceof SQLiteTable);
    const inSchema = tables
      .flatMap((t) => {
        const { name, columns } = getTableConfig(t);
        return columns.filter((c) => c.name.endsWith('_enc')).map((c) => `${name}.${c.name}`);
      })
      .sort();
    expect(inSchema.length).toBeGreaterThan(10);
    expect(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort()).toEqual(inSchema);
    expect(ENCRYPTED_COLUMNS.map(fieldOf).sort()).toEqual(inSchema);
  });
});

describe('a value bound to its record and field (v3)', () => {
  it('opens in its own column of its own record', async () => {
    const sealed = await encryptJson(KEY, 'volunteers.personal_enc', 'V-TEST0001', { phone: '13900139000' });
    expect(ciphertextVersion(sealed)).toBe('v3');
    expect(await decryptJson(KEY, 'volunteers.personal_enc', 'V-TEST0001', sealed)).toEqual({ phone: '13900139000' });
  });

  it('does not open in another column of the same record (a phone moved into a name), nor in another record', async () => {
    const phone = await encryptJson(KEY, 'sms_outbox.phone_enc', 'A-TEST0001', '13900139000');
    await expect(decryptJson(KEY, 'sms_outbox.message_enc', 'A-TEST0001', phone)).rejects.toBeInstanceOf(SealBrokenError);
    await expect(decryptJson(KEY, 'sms_outbox.phone_enc', 'A-TEST0002', phone)).rejects.toBeInstanceOf(SealBrokenError);
    const internal = await encryptJson(KEY, 'status_events.internal_note_enc', 'A-TEST0001', '只给工作人员看');
    await expect(decryptJson(KEY, 'status_events.public_note_enc', 'A-TEST0001', internal)).rejects.toMatchObject({
      name: 'SealBrokenError',
      field: 'status_events.public_note_enc',
    });
  });

  it('cannot pass for a v2 value by its label: a v3 value relabelled v2 does not open either', async () => {
    const sealed = await encryptJson(KEY, 'applications.personal_enc', 'A-TEST0001', { name: '周小花' });
    await expect(decryptJson(KEY, 'applications.personal_enc', 'A-TEST0001', sealed.replace(/^v3\./, 'v2.'))).rejects.toBeInstanceOf(
      SealBrokenError,
    );
  });

  it('still reads a v2 value (bound to its record only), in any column of that record', async () => {
    const old = await v2('A-TEST0001', { name: '周小花' });
    expect(await decryptJson(KEY, 'applications.personal_enc', 'A-TEST0001', old)).toEqual({ name: '周小花' });
    await expect(decryptJson(KEY, 'applications.personal_enc', 'A-TEST0002', old)).rejects.toBeInstanceOf(SealBrokenError);
  });

  it('refuses a value that is no ciphertext at all as broken, not as a key problem', async () => {
    await expect(decryptJson(KEY, 'cases.personal_enc', 'C-TEST0001', '{"name":"周小花"}')).rejects.toBeInstanceOf(SealBrokenError);
  });
});
