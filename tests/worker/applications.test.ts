import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/api/application.json' with { type: 'json' };
import { ALPHABET, ACCESS_CODE_BITS } from '#src/domain/reference-code.ts';
import { PERSONAL } from '../support/personal-data.ts';
import { ownCaller } from '../support/callers.ts';
import { count, expectError, key, postForm, postJson } from './support/api.ts';

interface Receipt {
  reference: string;
  accessCode: string;
  status: string;
}

/**
 * The body with a phone number of its idempotency key's own: submissions are limited per phone,
 * and a replay (the same key) is the same body.
 */
function ownPhone(body: unknown, idempotencyKey: string | null): unknown {
  const b = body as { applicant?: { phone?: string } };
  if (!idempotencyKey || typeof b !== 'object' || !b?.applicant?.phone) return body;
  let h = 0;
  for (const ch of idempotencyKey) h = (h * 31 + ch.charCodeAt(0)) % 1e8;
  return { ...b, applicant: { ...b.applicant, phone: `139${String(h).padStart(8, '0')}` } };
}

const apply = (body: unknown, idempotencyKey: string | null = key(), headers: Record<string, string> = {}) =>
  postJson(
    '/api/applications',
    ownPhone(body, idempotencyKey),
    idempotencyKey ? { 'idempotency-key': idempotencyKey, ...headers } : headers,
  );

const lookup = (reference: string, accessCode: string, headers: Record<string, string> = {}) =>
  postJson('/api/status', { reference, accessCode }, headers);

describe('POST /api/applications, then POST /api/status', () => {
  it('stores an application and answers with a reference and an access code, then shows 已提交', async () => {
    const res = await apply(fixture);
    expect(res.status).toBe(201);
    const receipt = await res.json<Receipt>();
    expect(receipt.reference).toMatch(new RegExp(`^A-[${ALPHABET}]{8}$`));
    expect(receipt.accessCode).toMatch(new RegExp(`^[${ALPHABET}]{4}-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`));
    expect(receipt.status).toBe('submitted');
    expect(ACCESS_CODE_BITS).toBeGreaterThanOrEqual(50);

    const status = await lookup(receipt.reference, receipt.accessCode);
    expect(status.status).toBe(200);
    const body = await status.json<Record<string, unknown>>();
    expect(body).toMatchObject({ reference: receipt.reference, kind: 'application', status: 'submitted', statusLabel: '已提交' });
    expect(body.timeline).toEqual([{ status: 'submitted', label: '已提交', at: expect.any(String), note: null }]);
    expect(typeof body.nextStep).toBe('string');
    // The office that handles it on the family's side: the township's, where the child lives.
    expect(body.contact).toMatchObject({ office: expect.stringContaining('东山乡') });
  });

  it('shows nothing personal in a status answer', async () => {
    const receipt = await (await apply(fixture)).json<Receipt>();
    const text = await (await lookup(receipt.reference, receipt.accessCode)).text();
    for (const secret of [...PERSONAL.application, 'dongshan', '外地打工']) {
      expect(text).not.toContain(secret);
    }
  });

  it('accepts the code typed in lower case or without dashes, and the reference without its dash', async () => {
    const receipt = await (await apply(fixture)).json<Receipt>();
    const res = await lookup(receipt.reference.replace('-', '').toLowerCase(), receipt.accessCode.replace(/-/g, '').toLowerCase());
    expect(res.status).toBe(200);
  });

  it('gives a wrong code and an unknown reference the same answer', async () => {
    const receipt = await (await apply(fixture)).json<Receipt>();
    const wrongCode = await lookup(receipt.reference, 'AAAA-AAAA-AAAA');
    const unknownRef = await lookup('A-AAAAAAAA', receipt.accessCode);
    const malformed = await lookup('hello', 'world');
    const bodies = await Promise.all([wrongCode, unknownRef, malformed].map(async (r) => [r.status, await r.text()]));
    expect(bodies[0]![0]).toBe(404);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('limits lookups of one reference from one caller: past the limit 429 with Retry-After, for the right code too', async () => {
    const receipt = await (await apply(fixture)).json<Receipt>();
    const caller = ownCaller();
    // Wrong and right codes in turn, 12 calls: the limit is 5 a minute, so even if the minute
    // turns over once during the loop, some calls land past the limit, among them a right code.
    const calls: { right: boolean; status: number; retryAfter: string | null }[] = [];
    for (let i = 0; i < 12; i++) {
      const right = i % 2 === 1;
      const res = await lookup(receipt.reference, right ? receipt.accessCode : 'AAAA-AAAA-AAAA', caller);
      calls.push({ right, status: res.status, retryAfter: res.headers.get('retry-after') });
    }
    // The first five are within the limit of whichever minute they fall in.
    expect(calls.slice(0, 5).map((c) => c.status)).toEqual([404, 200, 404, 200, 404]);
    for (const c of calls) expect(c.status).toBe(c.status === 429 ? 429 : c.right ? 200 : 404);
    const limited = calls.filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    for (const c of limited) expect(Number(c.retryAfter)).toBeGreaterThan(0);
    // Guessing gains nothing: while the reference is limited, the right code is held back too.
    expect(limited.some((c) => c.right)).toBe(true);
  });

  it('someone who knows a reference cannot lock its owner out: the owner, from elsewhere, still gets the status', async () => {
    const receipt = await (await apply(fixture)).json<Receipt>();
    const stranger = ownCaller();
    const tries = [];
    for (let i = 0; i < 8; i++) tries.push((await lookup(receipt.reference, 'AAAA-AAAA-AAAA', stranger)).status);
    expect(tries).toContain(429);
    const owner = await lookup(receipt.reference, receipt.accessCode, ownCaller());
    expect(owner.status).toBe(200);
  });

  it('many callers guessing one reference together meet the looser limit per reference', async () => {
    const receipt = await (await apply(fixture)).json<Receipt>();
    const statuses: number[] = [];
    // 61 callers, one guess each: more than two windows' worth (30 a minute).
    for (let i = 0; i < 61; i++) statuses.push((await lookup(receipt.reference, 'AAAA-AAAA-AAAA', ownCaller())).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
  });

  it('limits lookups from one caller across references', async () => {
    const headers = ownCaller();
    const statuses: number[] = [];
    // 61 different references: more than two windows' worth (30 a minute), so a window that
    // turns over during the loop still leaves some calls over the limit.
    for (let i = 0; i < 61; i++)
      statuses.push((await lookup(`A-34${ALPHABET[Math.floor(i / 30)]}${ALPHABET[i % 30]}6789`, 'AAAA-AAAA-AAAA', headers)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
  });
});

describe('idempotency', () => {
  it('replaying an idempotency key returns the first answer and stores one application', async () => {
    const before = [await count('applications'), await count('status_events')];
    const k = key();
    const first = await apply(fixture, k);
    const second = await apply(fixture, k);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    // One application and its one 已提交 event.
    expect([await count('applications'), await count('status_events')]).toEqual([before[0]! + 1, before[1]! + 1]);
  });

  it('a key reused with a different body is refused with 409 and stores nothing', async () => {
    const k = key();
    await apply(fixture, k);
    const before = await count('applications');
    await expectError(await apply({ ...fixture, circumstances: '另一份申请' }, k), 409, 'idempotency_conflict');
    expect(await count('applications')).toBe(before);
  });

  it('a missing key is refused', async () => {
    const before = await count('applications');
    await expectError(await apply(fixture, null), 400, 'idempotency_key_required');
    expect(await count('applications')).toBe(before);
  });

  it('20 submissions at once get 20 distinct references, all retrievable', async () => {
    const before = await count('applications');
    const receipts = await Promise.all(Array.from({ length: 20 }, () => apply(fixture).then((r) => r.json<Receipt>())));
    expect(new Set(receipts.map((r) => r.reference)).size).toBe(20);
    expect(await count('applications')).toBe(before + 20);
    for (const r of receipts) expect((await lookup(r.reference, r.accessCode)).status).toBe(200);
  });

  it('20 concurrent replays of one key store a single application', async () => {
    const before = await count('applications');
    const k = key();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => apply(fixture, k).then(async (r) => [r.status, await r.text()] as const)),
    );
    expect(new Set(answers.map((a) => a[1])).size).toBe(1);
    expect(answers.every((a) => a[0] === 201)).toBe(true);
    expect(await count('applications')).toBe(before + 1);
  });
});

describe('personal data at rest', () => {
  it('cannot be read from the raw table', async () => {
    const k = key();
    const sent = ownPhone(fixture, k) as typeof fixture;
    const receipt = await (await apply(fixture, k)).json<Receipt>();
    const row = await env.DB.prepare('SELECT * FROM applications WHERE reference = ?')
      .bind(receipt.reference)
      .first<Record<string, unknown>>();
    const raw = JSON.stringify(row);
    for (const secret of [
      fixture.applicant.name,
      sent.applicant.phone,
      fixture.child.name,
      fixture.child.idNumber,
      fixture.address.detail,
      fixture.circumstances,
      '2017-05-10',
      'workingAway',
      'minimumLivingAllowance',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(String(row!.personal_enc)).toMatch(/^v3\.[A-Za-z0-9_-]{8}\./);
    expect(String(row!.access_hash)).not.toContain(receipt.accessCode.replace(/-/g, ''));
    // What staff filter on stays readable.
    expect(row).toMatchObject({ township: 'dongshan', village: '松林村', status: 'submitted', consent_version: '2026-12-02' });
    expect(JSON.parse(String(row!.entitlements))).toEqual(fixture.entitlements);
    expect(row!.prescreen_matches).toBe(2);
  });
});

describe('the no-JavaScript form post', () => {
  const formFields = (k: string): [string, string][] => [
    ['idempotencyKey', k],
    ['applicant.name', '王秀兰'],
    ['applicant.relationship', 'grandparent'],
    ['applicant.phone', '138 0013 8000'],
    ['child.name', '李小明'],
    ['child.birthYear', '2017'],
    ['child.birthMonth', '5'],
    ['child.birthDay', '10'],
    ['child.idNumber', ''],
    ['address.place', 'dongshan/松林村'],
    ['address.detail', '三组 12 号'],
    ['answers.father', 'workingAway'],
    ['answers.mother', 'workingAway'],
    ['answers.household.assistance', 'minimumLivingAllowance'],
    ['answers.child.disabled', ''],
    ['answers.situations', 'none'],
    ['entitlements', 'caring-mother-pairing'],
    ['entitlements', 'nutrition-lunch'],
    ['consent.privacyNotice', '2026-12-02'],
    ['consent.agreed', 'yes'],
    ['website', ''],
  ];

  it('redirects to the confirmation page with the receipt in an encrypted one-time cookie, never in the address', async () => {
    const before = await count('applications');
    const res = await postForm('/api/applications', formFields(key()));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/apply/done/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/tonghu_receipt=v3\./);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/apply\/done\//);
    expect(cookie).not.toMatch(/A-[A-Z0-9]{8}/);
    expect(await count('applications')).toBe(before + 1);
  });

  it('refuses a post from another site', async () => {
    const before = await count('applications');
    const res = await postForm('/api/applications', formFields(key()), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await count('applications')).toBe(before);
  });

  it('answers a form with mistakes with a 400 page that lists them, and stores nothing', async () => {
    const before = await count('applications');
    const fields = formFields(key()).map(([k, v]): [string, string] =>
      k === 'applicant.phone' ? [k, '12345'] : k === 'consent.agreed' ? [k, ''] : [k, v],
    );
    const res = await postForm('/api/applications', fields);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('手机号码应为 11 位');
    expect(html).toContain('请阅读隐私说明，并勾选同意');
    expect(await count('applications')).toBe(before);
  });
});
