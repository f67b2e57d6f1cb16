/** Every encrypted column of the schema is in the list key rotation and the retention check read. */
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '#worker/db/schema.ts';
import { ENCRYPTED_COLUMNS } from '#worker/db/encrypted-columns.ts';

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
  });
});
