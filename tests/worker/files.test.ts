/**
 * 申请材料 with the local R2: a family attaches photos and PDFs with the access code; what is not
 * a photo or a clean PDF, too big, or sent with a wrong code is refused with nothing stored;
 * the office asks for items with 需补充材料 and the upload brings the application back; staff
 * open files, audited and scoped; retention leaves nothing in R2.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { FILE_LIMITS } from '#src/domain/materials.ts';
import type { StatusAnswer } from '#src/domain/status-answer.ts';
import { runRetention } from '#worker/services/retention.ts';
import { ownCaller } from '../support/callers.ts';
import { exeBytes, htmlBytes, jpegBytes, pdfBytes, pdfWithHiddenScript, pngBytes } from '../support/test-files.ts';
import { apply, caseOf, count, expectError, postJson, type Receipt } from './support/api.ts';
import { sendInBatch } from './support/review.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

interface Part {
  name: string;
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
}

function upload(
  r: Receipt,
  item: string,
  parts: Part[],
  options: { headers?: Record<string, string>; code?: string; fields?: [string, string][] } = {},
): Promise<Response> {
  const form = new FormData();
  form.set('accessCode', options.code ?? r.accessCode);
  form.set('item', item);
  for (const [k, v] of options.fields ?? []) form.append(k, v);
  for (const p of parts) form.append('file', new File([p.bytes], p.name, { type: p.type }));
  return exports.default.fetch(`http://portal.test/api/applications/${r.reference}/files`, {
    method: 'POST',
    headers: { ...ownCaller(), ...options.headers },
    body: form,
  });
}

const photo = (name = '户口本.jpg', bytes = jpegBytes()) => ({ name, type: 'image/jpeg', bytes });

async function status(r: Receipt): Promise<StatusAnswer> {
  const res = await postJson('/api/status', r);
  expect(res.status).toBe(200);
  return res.json<StatusAnswer>();
}

async function objects(): Promise<string[]> {
  return (await env.FILES.list({ prefix: 'files/' })).objects.map((o) => o.key);
}

/** Nothing of a refused upload is anywhere: no row in D1, no object in R2. */
async function nothingStored(before: { rows: number; objects: number }) {
  expect(await count('files')).toBe(before.rows);
  expect((await objects()).length).toBe(before.objects);
}
const snapshot = async () => ({ rows: await count('files'), objects: (await objects()).length });

describe('attaching materials', () => {
  it('a photo and a PDF are stored encrypted, listed on /status/, and read back byte-identical by staff', async () => {
    const r = await apply();
    const jpeg = jpegBytes(200_000, 7);
    const res = await upload(r, 'childIdentity', [
      photo('户口本第一页.jpg', jpeg),
      { name: '户口本.pdf', type: 'application/pdf', bytes: pdfBytes() },
    ]);
    expect(res.status, await res.clone().text()).toBe(201);
    const { files } = await res.json<{ files: { id: string; item: string; size: number; type: string }[] }>();
    expect(files).toEqual([
      { id: expect.stringMatching(/^[A-Za-z0-9_-]{16,}$/), item: 'childIdentity', size: jpeg.length, type: 'image/jpeg' },
      { id: expect.any(String), item: 'childIdentity', size: pdfBytes().length, type: 'application/pdf' },
    ]);

    const answer = await status(r);
    expect(answer.materials.find((m) => m.item === 'childIdentity')).toEqual({
      item: 'childIdentity',
      title: '孩子的户口簿或居民身份证',
      required: true,
      received: 2,
      requested: false,
    });
    // The checklist of the two entitlements asked for, each item once, required ones first.
    expect(answer.materials.map((m) => [m.item, m.required])).toEqual([
      ['childIdentity', true],
      ['guardianIdentity', true],
      ['hardshipProof', true],
      ['disabilityProof', false],
    ]);

    // The object in R2 is not the file: the key is opaque, the bytes are ciphertext.
    const raw = await env.FILES.get(`files/${files[0]!.id}`);
    const stored = new Uint8Array(await raw!.arrayBuffer());
    expect(stored.length).toBe(jpeg.length + 16);
    expect(stored.slice(0, 4)).not.toEqual(jpeg.slice(0, 4));
    expect(Buffer.from(stored).includes(Buffer.from(jpeg.slice(1000, 1064)))).toBe(false);
    expect(raw!.key).not.toContain(r.reference);
    // Nothing the family typed is kept: not the file's name.
    const row = await env.DB.prepare('SELECT * FROM files WHERE public_id = ?').bind(files[0]!.id).first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain('户口本');

    const township = await staffToken('township', ['dongshan']);
    const read = await staffFetch(township, `/applications/${r.reference}/files/${files[0]!.id}`);
    expect(read.status).toBe(200);
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(jpeg);
    expect(read.headers.get('content-type')).toBe('image/jpeg');
    expect(read.headers.get('content-disposition')).toMatch(/^inline; filename="childIdentity-[\w-]{8}\.jpg"$/);
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(read.headers.get('content-security-policy')).toContain('sandbox');
    const pdf = await staffFetch(township, `/applications/${r.reference}/files/${files[1]!.id}`);
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(pdfBytes());
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(pdf.headers.get('content-security-policy')).toContain('sandbox');
  });

  /** A PDF whose `dictionary` would run or open something: refused as such. */
  const activePdf = (what: string, name: string, dictionary: string) =>
    [what, { name, type: 'application/pdf', bytes: pdfBytes(dictionary) }, 415, 'pdf_not_accepted'] as const;

  it.each([
    ['a Windows program renamed .jpg', { name: '户口本.jpg', type: 'image/jpeg', bytes: exeBytes() }, 415, 'file_type_not_accepted'],
    ['an HTML page named .png', { name: '照片.png', type: 'image/png', bytes: htmlBytes() }, 415, 'file_type_not_accepted'],
    activePdf('a PDF with /JavaScript', '证明.pdf', '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>'),
    activePdf('a PDF with /J#61vaScript spelled in hex', 'a.pdf', '/AA << /O << /S /J#61vaScript >> >>'),
    activePdf('a PDF that launches a program', 'a.pdf', '/OpenAction << /S /Launch /F (cmd.exe) >>'),
    activePdf('a PDF with an embedded file', 'a.pdf', '/Names << /EmbeddedFiles 9 0 R >>'),
    ['a file over 10 MB', { name: '扫描件.jpg', type: 'image/jpeg', bytes: jpegBytes(FILE_LIMITS.fileBytes + 1) }, 413, 'file_too_large'],
    ['an empty file', { name: '空.jpg', type: 'image/jpeg', bytes: new Uint8Array(0) }, 400, 'invalid'],
  ] as const)('%s is refused in plain Chinese naming the file, and nothing is stored', async (_, part, statusCode, code) => {
    const r = await apply();
    const before = await snapshot();
    // The bad file comes second: the good one with it is not kept either.
    const body = await expectError(await upload(r, 'childIdentity', [photo(), part as Part]), statusCode, code);
    expect(body.error.message).toContain(part.name);
    expect(body.error.fields.file).toBe(body.error.message);
    await nothingStored(before);
  });

  it('an object altered in R2, or put in the place of another file, is refused with 409, never shown and never a 500', async () => {
    const r = await apply();
    const res = await upload(r, 'childIdentity', [photo('a.jpg', jpegBytes(50_000, 3)), photo('b.jpg', jpegBytes(50_000, 4))]);
    const { files } = await res.json<{ files: { id: string }[] }>();
    const countyStaff = await staffToken('county', ['*']);
    const [a, b] = files.map((f) => `files/${f.id}`) as [string, string];
    // One byte changed in the first object.
    const bytes = new Uint8Array(await (await env.FILES.get(a))!.arrayBuffer());
    bytes[100] = bytes[100]! ^ 0xff;
    await env.FILES.put(a, bytes);
    await expectError(await staffFetch(countyStaff, `/applications/${r.reference}/files/${files[0]!.id}`), 409, 'record_unreadable');
    // The second object copied over the first one's place: it does not open as the first file.
    await env.FILES.put(a, await (await env.FILES.get(b))!.arrayBuffer());
    await expectError(await staffFetch(countyStaff, `/applications/${r.reference}/files/${files[0]!.id}`), 409, 'record_unreadable');
    // The second file still reads.
    expect((await staffFetch(countyStaff, `/applications/${r.reference}/files/${files[1]!.id}`)).status).toBe(200);
  });

  it('a script hidden in a compressed object stream is found; the words "/JS" in page content are not a script', async () => {
    const r = await apply();
    const before = await snapshot();
    const hidden = { name: '藏了脚本.pdf', type: 'application/pdf', bytes: await pdfWithHiddenScript() };
    await expectError(await upload(r, 'childIdentity', [hidden]), 415, 'pdf_not_accepted');
    await nothingStored(before);
    const encrypted = { name: '加密.pdf', type: 'application/pdf', bytes: pdfBytes('/Encrypt 7 0 R') };
    expect((await expectError(await upload(r, 'childIdentity', [encrypted]), 415, 'pdf_not_accepted')).error.message).toContain('密码');
    // pdfBytes() has "/JS" inside its page's content stream, and is accepted.
    expect((await upload(r, 'childIdentity', [{ name: 'ok.pdf', type: 'application/pdf', bytes: pdfBytes() }])).status).toBe(201);
  });

  it('a wrong access code, another reference or a volunteer reference: 404, nothing stored', async () => {
    const r = await apply();
    const other = await apply();
    const before = await snapshot();
    await expectError(await upload(r, 'childIdentity', [photo()], { code: other.accessCode }), 404, 'not_found');
    await expectError(await upload({ ...other, accessCode: r.accessCode }, 'childIdentity', [photo()]), 404, 'not_found');
    await expectError(await upload({ reference: 'V-AAAAAAAA', accessCode: r.accessCode }, 'childIdentity', [photo()]), 404, 'not_found');
    await nothingStored(before);
  });

  it('an application holds at most 30 MB; the file that would pass it is refused by name', async () => {
    const r = await apply();
    for (let i = 0; i < 3; i++)
      expect((await upload(r, 'childIdentity', [photo(`第${i}页.jpg`, jpegBytes(FILE_LIMITS.fileBytes, i))])).status).toBe(201);
    const before = await snapshot();
    const body = await expectError(
      await upload(r, 'guardianIdentity', [photo('身份证.jpg', jpegBytes(1000, 99))]),
      413,
      'application_files_full',
    );
    expect(body.error.message).toContain('身份证.jpg');
    expect(body.error.message).toContain('30.0 MB');
    await nothingStored(before);
  });

  it('one request carries at most 20 MB of files: more is refused with every limit and what to do, nothing stored', async () => {
    const r = await apply();
    const before = await snapshot();
    const parts = [0, 1, 2].map((i) => photo(`第${i}张.jpg`, jpegBytes(8 * 1024 * 1024, 40 + i)));
    const body = await expectError(await upload(r, 'childIdentity', parts), 413, 'payload_too_large');
    // The body is refused unread, so the files cannot be named; each limit is, with what to do.
    expect(body.error.message).toContain('分几次上传');
    expect(body.error.message).toContain('加起来不能超过 20.0 MB');
    expect(body.error.message).toContain('每个文件不能超过 10.0 MB');
    expect(body.error.message).toContain('一共不能超过 30.0 MB');
    expect(body.error.fields.file).toBe(body.error.message);
    await nothingStored(before);
  });

  it('the same Idempotency-Key stores nothing twice; the same key with other files is a conflict; the same file again is stored once', async () => {
    const r = await apply();
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const first = await (await upload(r, 'childIdentity', [photo()], { headers })).json<{ files: { id: string }[] }>();
    const again = await upload(r, 'childIdentity', [photo()], { headers });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    await expectError(
      await upload(r, 'childIdentity', [photo('另一张.jpg', jpegBytes(4096, 2))], { headers }),
      409,
      'idempotency_conflict',
    );
    const third = await (await upload(r, 'childIdentity', [photo()])).json<{ files: { id: string }[] }>();
    expect(third.files[0]!.id).toBe(first.files[0]!.id);
    expect(await count('files')).toBeGreaterThan(0);
    expect((await status(r)).materials.find((m) => m.item === 'childIdentity')!.received).toBe(1);
  });

  it('an item not on the checklist, a missing item or no file: 400 with the field named', async () => {
    const r = await apply();
    expect((await expectError(await upload(r, 'parentDeath', [photo()]), 400, 'invalid')).error.fields).toHaveProperty('item');
    expect((await expectError(await upload(r, 'nonsense', [photo()]), 400, 'invalid')).error.fields).toHaveProperty('item');
    expect((await expectError(await upload(r, 'childIdentity', []), 400, 'invalid')).error.fields).toHaveProperty('file');
    expect(
      (await expectError(await upload(r, 'childIdentity', [photo()], { fields: [['website', 'x']] }), 400, 'invalid')).error.fields,
    ).toHaveProperty('website');
    // 其他材料 is always there for what the guide or the office asks besides the list.
    expect((await upload(r, 'other', [photo()])).status).toBe(201);
    await expectError(
      await exports.default.fetch(`http://portal.test/api/applications/${r.reference}/files`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessCode: r.accessCode, item: 'childIdentity' }),
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('a withdrawn application takes no more files', async () => {
    const r = await apply();
    expect((await postJson('/api/status/withdraw', r)).status).toBe(200);
    await expectError(await upload(r, 'childIdentity', [photo()]), 409, 'not_allowed');
  });

  it('without JavaScript, the upload form gets the status page back: what came in, or why a file was refused', async () => {
    const r = await apply();
    const page = { accept: 'text/html,application/xhtml+xml', origin: 'http://portal.test' };
    const ok = await upload(r, 'childIdentity', [photo()], { headers: page, fields: [['idempotencyKey', crypto.randomUUID()]] });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await ok.text();
    expect(html).toContain('已收到「孩子的户口簿或居民身份证」的 1 个文件');
    expect(html).toContain('已收到 1 个文件');
    const refused = await upload(r, 'childIdentity', [{ name: '病毒.jpg', type: 'image/jpeg', bytes: exeBytes() }], { headers: page });
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('「病毒.jpg」不是照片或 PDF 文件');
    const wrong = await upload(r, 'childIdentity', [photo()], { headers: page, code: 'AAAA-AAAA-AAAA' });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('编号或查询码不对');
    // A form from another site is refused.
    await expectError(await upload(r, 'childIdentity', [photo()], { headers: { origin: 'https://evil.example' } }), 403, 'cross_origin');
  });
});

describe('需补充材料: the office asks for items, the family uploads them, the application goes back', () => {
  const move = (token: string, ref: string, body: Record<string, unknown>) =>
    staffFetch(token, `/applications/${ref}/transitions`, { body });
  /** 初步筛选: the township sends the child to the county, and the application is at 乡镇初审. */
  const toScreening = async (ref: string) => {
    const township = await staffToken('township', ['dongshan']);
    await sendInBatch(township, await caseOf(ref));
  };

  it('asked for two items, the application returns to 乡镇初审 once both have come, with a note on its timeline', async () => {
    const r = await apply();
    const township = await staffToken('township', ['dongshan']);
    await toScreening(r.reference);
    const asked = await move(township, r.reference, {
      to: 'needs_info',
      reason: '请补充孩子的户口簿和低保证',
      items: ['childIdentity', 'hardshipProof'],
    });
    expect(asked.status, await asked.clone().text()).toBe(200);

    let answer = await status(r);
    expect(answer.status).toBe('needs_info');
    expect(answer.materials.filter((m) => m.requested).map((m) => m.item)).toEqual(['childIdentity', 'hardshipProof']);

    await upload(r, 'childIdentity', [photo()]);
    answer = await status(r);
    expect(answer.status).toBe('needs_info');
    expect(answer.materials.filter((m) => m.requested).map((m) => m.item)).toEqual(['hardshipProof']);

    await upload(r, 'hardshipProof', [{ name: '低保证.png', type: 'image/png', bytes: pngBytes() }]);
    answer = await status(r);
    expect(answer.status).toBe('screening');
    expect(answer.materials.some((m) => m.requested)).toBe(false);
    expect(answer.timeline.at(-1)).toMatchObject({ status: 'screening', note: '已收到要求补充的材料，继续办理。' });
    const row = await env.DB.prepare('SELECT resume_status FROM applications WHERE reference = ?').bind(r.reference).first();
    expect(row).toEqual({ resume_status: null });
  });

  it('an item the checklist does not have can be asked for; a move out of needs_info by staff closes what was still open', async () => {
    const r = await apply();
    const county = await staffToken('county', ['*']);
    await toScreening(r.reference);
    await move(county, r.reference, { to: 'needs_info', reason: '请补充父母的死亡证明', items: ['parentDeath'] });
    expect((await status(r)).materials.find((m) => m.item === 'parentDeath')).toMatchObject({
      requested: true,
      required: false,
      received: 0,
    });
    // Now the family may upload it.
    expect((await upload(r, 'parentDeath', [photo('死亡证明.jpg', jpegBytes(5000, 3))])).status).toBe(201);
    expect((await status(r)).status).toBe('screening');

    await move(county, r.reference, { to: 'needs_info', reason: '请补充低保证', items: ['hardshipProof'] });
    await move(county, r.reference, { to: 'screening', internalNote: '已电话核实，不用再交' });
    expect((await status(r)).materials.some((m) => m.requested)).toBe(false);
    const open = await env.DB.prepare(
      'SELECT count(*) AS n FROM material_requests WHERE closed_at IS NULL AND received_at IS NULL',
    ).first();
    expect(open).toEqual({ n: 0 });
  });

  it('without items, 需补充材料 waits for staff as before; items with another move are refused', async () => {
    const r = await apply();
    const township = await staffToken('township', ['dongshan']);
    await toScreening(r.reference);
    // Taking the child in (入户调查) is the county's screening of the batch, not a move with items.
    await expectError(await move(township, r.reference, { to: 'investigating', items: ['childIdentity'] }), 403, 'forbidden');
    await expectError(await move(township, r.reference, { to: 'needs_info', reason: '补充', items: ['nonsense'] }), 400, 'invalid');
    await move(township, r.reference, { to: 'needs_info', reason: '请补充说明' });
    await upload(r, 'childIdentity', [photo()]);
    expect((await status(r)).status).toBe('needs_info');
  });
});

describe('staff read the materials, audited and scoped', () => {
  it('lists per item; a village account sees the list but cannot open a file; another township gets 403; every read is audited', async () => {
    const r = await apply();
    const { files } = await (await upload(r, 'childIdentity', [photo()])).json<{ files: { id: string }[] }>();
    const id = files[0]!.id;
    const village = await staffToken('village', ['dongshan']);
    const list = await staffFetch(village, `/applications/${r.reference}/files`);
    expect(list.status).toBe(200);
    const body = await list.json<{ canOpen: boolean; items: { item: string; files: { id: string; size: number; type: string }[] }[] }>();
    expect(body.canOpen).toBe(false);
    expect(body.items.find((i) => i.item === 'childIdentity')!.files).toEqual([
      { id, size: 4096, type: 'image/jpeg', uploadedAt: expect.any(String), uploadedBy: 'applicant' },
    ]);
    await expectError(await staffFetch(village, `/applications/${r.reference}/files/${id}`), 403, 'forbidden');

    // Another township is not even told the application exists.
    const elsewhere = await staffToken('township', ['chengguan']);
    await expectError(await staffFetch(elsewhere, `/applications/${r.reference}/files/${id}`), 404, 'not_found');
    await expectError(await staffFetch(elsewhere, `/applications/${r.reference}/files`), 404, 'not_found');
    const admin = await staffToken('admin', ['*']);
    await expectError(await staffFetch(admin, `/applications/${r.reference}/files/${id}`), 403, 'forbidden');

    const county = await staffToken('county', ['*']);
    await expectError(await staffFetch(county, `/applications/${r.reference}/files/AAAAAAAAAAAAAAAAAAAAAA`), 404, 'not_found');
    const other = await apply();
    await expectError(await staffFetch(county, `/applications/${other.reference}/files/${id}`), 404, 'not_found');
    expect((await staffFetch(county, `/applications/${r.reference}/files/${id}?as=thumbnail`)).status).toBe(200);

    const rows = await auditRows(`record_ref = '${r.reference}' AND action IN ('read-file', 'list-files')`);
    expect(rows.map((x) => [x.action, x.outcome])).toEqual([
      ['list-files', 'ok'],
      ['read-file', 'denied'],
      ['read-file', 'denied'],
      ['list-files', 'denied'],
      ['read-file', 'denied'],
      ['read-file', 'ok'],
    ]);
    expect(rows.at(-1)!.detail).toBe(`thumbnail childIdentity ${id}`);
  });

  it("the child's file lists the materials of each of its applications", async () => {
    const child = { name: '王小花', birthDate: '2016-03-01' };
    const first = await apply('dongshan', '松林村', child);
    const second = await apply('dongshan', '松林村', child);
    await upload(first, 'childIdentity', [photo()]);
    const fileRef = (await env.DB.prepare('SELECT c.reference FROM cases c JOIN applications a ON a.case_id = c.id WHERE a.reference = ?')
      .bind(first.reference)
      .first<{ reference: string }>())!.reference;
    const township = await staffToken('township', ['dongshan']);
    const res = await staffFetch(township, `/cases/${fileRef}/files`);
    expect(res.status).toBe(200);
    const body = await res.json<{ applications: { reference: string; items: { item: string; files: unknown[] }[] }[] }>();
    expect(body.applications.map((a) => a.reference).sort()).toEqual([first.reference, second.reference].sort());
    const firstItems = body.applications.find((a) => a.reference === first.reference)!.items;
    expect(firstItems.find((i) => i.item === 'childIdentity')!.files).toHaveLength(1);
  });
});

describe('retention', () => {
  const DAY = 86_400_000;
  it('deletes the files of an application whose personal data is deleted, R2 objects and rows; keeps those of open applications', async () => {
    const gone = await apply();
    const kept = await apply();
    const goneIds = (
      await (await upload(gone, 'childIdentity', [photo(), photo('b.jpg', jpegBytes(3000, 5))])).json<{ files: { id: string }[] }>()
    ).files;
    const keptIds = (await (await upload(kept, 'childIdentity', [photo('c.jpg', jpegBytes(3000, 6))])).json<{ files: { id: string }[] }>())
      .files;
    expect((await postJson('/api/status/withdraw', gone)).status).toBe(200);
    const longAgo = Date.now() - (county.retentionDays.closedApplications + 30) * DAY;
    await env.DB.prepare('UPDATE applications SET updated_at = ? WHERE reference = ?').bind(longAgo, gone.reference).run();

    const result = await runRetention(env, Date.now());
    expect(result.files).toBeGreaterThanOrEqual(2);
    const left = await objects();
    for (const f of goneIds) expect(left).not.toContain(`files/${f.id}`);
    for (const f of keptIds) expect(left).toContain(`files/${f.id}`);
    const { n } = (await env.DB.prepare(
      'SELECT count(*) AS n FROM files f JOIN applications a ON a.id = f.application_id WHERE a.reference = ?',
    )
      .bind(gone.reference)
      .first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  it('an object left without its row (a crash between R2 and D1) is deleted after a day, and only then', async () => {
    await env.FILES.put('files/left-over-by-a-crash', new Uint8Array(64));
    await runRetention(env, Date.now());
    expect(await objects()).toContain('files/left-over-by-a-crash');
    const result = await runRetention(env, Date.now() + 2 * DAY);
    expect(result.orphanFiles).toBeGreaterThanOrEqual(1);
    expect(await objects()).not.toContain('files/left-over-by-a-crash');
  });
});
