/** What POST /api/status answers, with JavaScript (JSON) and without (the /status/ page). */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import { STATUS_WORDS } from '#src/status/words.ts';
import { statusLines, type StatusAnswer } from '#src/domain/status-answer.ts';
import { t } from '#src/i18n/index.ts';
import { decryptJson } from '#worker/lib/crypto.ts';
import { apply, count, expectError, key, postForm, postJson, type Receipt } from './support/api.ts';

describe('a status lookup', () => {
  it('of a record in a status this release does not know shows the status as it is, and who to ask', async () => {
    const r = await apply();
    await env.DB.prepare("UPDATE applications SET status = 'archived_by_older_release' WHERE reference = ?").bind(r.reference).run();
    const res = await postJson('/api/status', r);
    expect(res.status).toBe(200);
    const answer = await res.json<StatusAnswer>();
    expect(answer).toMatchObject({ status: 'archived_by_older_release', statusLabel: 'archived_by_older_release', canWithdraw: false });
    expect(answer.nextStep).toContain('乡镇（街道）');
  });

  it('without JavaScript shows the same timeline and contact lines as the page with it', async () => {
    const r = await apply();
    const json = await (await postJson('/api/status', r)).json<StatusAnswer>();
    const res = await postForm('/api/status', [
      ['reference', r.reference],
      ['accessCode', r.accessCode],
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    const lines = statusLines(json, STATUS_WORDS);
    for (const line of lines.timeline) expect(html).toContain(`<li>${line}</li>`);
    expect(html).toContain(lines.contact);
  });
});

describe('public intakes', () => {
  it("refuse a child's date of birth in the future, naming the field, and store nothing", async () => {
    const before = await count('applications');
    const body = await expectError(
      await postJson(
        '/api/applications',
        { ...application, child: { ...application.child, birthDate: '2999-01-01' } },
        { 'idempotency-key': key() },
      ),
      400,
      'invalid',
    );
    expect(body.error.fields['child.birthDate']).toBe(t('check.err.dateFuture'));
    expect(await count('applications')).toBe(before);
  });

  it('take a report whose reporter left name and phone blank as anonymous', async () => {
    const res = await postJson(
      '/api/reports',
      { ...report, reporter: { role: 'none', name: '', phone: '', followUp: false } },
      { 'idempotency-key': key() },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { reference } = await res.json<Receipt>();
    const row = await env.DB.prepare('SELECT personal_enc FROM reports WHERE reference = ?')
      .bind(reference)
      .first<{ personal_enc: string }>();
    expect(
      (await decryptJson<{ contact: unknown }>(env.DATA_KEY, 'reports.personal_enc', reference, row!.personal_enc)).contact,
    ).toBeNull();
  });
});
