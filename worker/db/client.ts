import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema.ts';

export function database(d1: D1Database) {
  return drizzle(d1, { schema });
}
export type Database = ReturnType<typeof database>;

/** D1 reports a UNIQUE violation in the message of the error or of its cause. */
export function uniqueViolation(error: unknown, column: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const message = (e as { message?: string }).message ?? '';
    if (message.includes('UNIQUE constraint failed') && message.includes(column)) return true;
  }
  return false;
}
