import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /api/health', () => {
  it('reports ok, the version and the last migration after a real D1 query', async () => {
    const res = await exports.default.fetch('http://portal.test/api/health');
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; version: string; db: { ok: boolean; migration: string | null } }>();
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(body.db.ok).toBe(true);
    expect(body.db.migration).toMatch(/^\d{4}_.+\.sql$/);
  });

  it('sends security headers and no-store on API answers', async () => {
    const res = await exports.default.fetch('http://portal.test/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unknown /api path with 404 in the error shape', async () => {
    const res = await exports.default.fetch('http://portal.test/api/nope');
    expect(res.status).toBe(404);
    const body = await res.json<{ error: { code: string; message: string; fields: object } }>();
    expect(body.error).toMatchObject({ code: 'not_found', fields: {} });
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
