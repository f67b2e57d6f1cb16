import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

/** GET /api/health: the Worker is up and D1 answers a real query (the last applied migration). */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  let db: { ok: boolean; migration: string | null };
  try {
    const row = await c.env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1').first<{ name: string }>();
    db = { ok: true, migration: row?.name ?? null };
  } catch (cause) {
    console.error('health: D1 query failed', cause instanceof Error ? cause.message : 'unknown');
    db = { ok: false, migration: null };
  }
  return c.json({ status: db.ok ? 'ok' : 'degraded', version: c.env.APP_VERSION, db }, db.ok ? 200 : 503);
});
