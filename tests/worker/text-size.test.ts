/**
 * 大字 without JavaScript: the header's button posts to /api/text-size, which keeps the choice
 * in a cookie and goes back to the page, never to another site; every page the Worker answers
 * then comes in large text, and is never kept for someone else by a shared cache.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { expectError, postForm } from './support/api.ts';

const press = (size: string, back?: string) =>
  postForm(
    '/api/text-size',
    back === undefined
      ? [['size', size]]
      : [
          ['size', size],
          ['return', back],
        ],
  );

describe('pressing 大字 without JavaScript', () => {
  it('keeps the choice for a year in a cookie for the whole site, and goes back to the page', async () => {
    const res = await press('large', '/entitlements/orphan-basic-living/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/entitlements/orphan-basic-living/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tonghu-text=large; /);
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${365 * 24 * 3600}`);
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('HttpOnly'); // the pages' script writes the same cookie
  });

  it('is Secure over https', async () => {
    const res = await exports.default.fetch('https://portal.test/api/text-size', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://portal.test' },
      body: 'size=large&return=%2Fhotlines%2F',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain('; Secure');
  });

  it('switches back to standard text the same way', async () => {
    const res = await press('standard', '/apply/?e=orphan-basic-living');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/apply/?e=orphan-basic-living');
    expect(res.headers.get('set-cookie')).toMatch(/^tonghu-text=standard; /);
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative address', '//evil.example/'],
    ['a backslash browsers read as a slash', '/\\evil.example/'],
    ['a tab browsers strip', '/\t/evil.example/'],
    ['a script address', 'javascript:alert(1)'],
    ['a relative path', 'entitlements/'],
    ['nothing', ''],
  ])('goes to the home page, never elsewhere, when the page to return to is %s', async (_, back) => {
    const res = await press('large', back);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it('goes to the home page when no page to return to is given', async () => {
    const res = await press('large');
    expect(res.headers.get('location')).toBe('/');
  });

  it.each([
    ['a size it does not know', [['size', 'huge']]],
    ['no size', [['return', '/']]],
    [
      'a field it does not take',
      [
        ['size', 'large'],
        ['colour', 'red'],
      ],
    ],
  ] as [string, [string, string][]][])('refuses %s with 400 in the error shape, and sets no cookie', async (_, fields) => {
    const res = await postForm('/api/text-size', fields);
    expect(res.headers.get('set-cookie')).toBeNull();
    await expectError(res, 400, 'invalid');
  });

  it('refuses a post from another site', async () => {
    const res = await press('large', '/');
    expect(res.status).toBe(303);
    const other = await postForm('/api/text-size', [['size', 'large']], { origin: 'https://evil.example' });
    expect(other.headers.get('set-cookie')).toBeNull();
    await expectError(other, 403, 'cross_origin');
  });

  it('refuses JSON: it is the form of a page', async () => {
    const res = await exports.default.fetch('http://portal.test/api/text-size', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: 'large' }),
    });
    await expectError(res, 415, 'unsupported_media_type');
  });
});

describe('a page for a reader who chose 大字', () => {
  const page = (cookie?: string) => exports.default.fetch('http://portal.test/report/done/', { headers: cookie ? { cookie } : {} });

  it('comes with the large-text class on <html>, varies by cookie and is kept by no shared cache', async () => {
    const res = await page('tonghu-text=large');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<html[^>]*class="text-large"/);
    expect(res.headers.get('vary')).toMatch(/cookie/i);
    expect(res.headers.get('cache-control')).toMatch(/no-store|private/);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('comes in standard text without the cookie, or after switching back', async () => {
    for (const cookie of [undefined, 'tonghu-text=standard', 'other=1']) {
      const res = await page(cookie);
      expect(await res.text()).not.toMatch(/<html[^>]*text-large/);
      expect(res.headers.get('vary')).toMatch(/cookie/i);
    }
  });

  it('leaves the API’s JSON untouched', async () => {
    const res = await exports.default.fetch('http://portal.test/api/health', { headers: { cookie: 'tonghu-text=large' } });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('vary') ?? '').not.toMatch(/cookie/i);
  });
});
