/**
 * 申请材料 as checklists: every guide that can be applied for online names its documents as
 * items, keeping its own words; an application's list has each item once; a typo in an item is
 * a build error naming the file. And what a file is, told by its first bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistOf, MATERIAL_KEYS, MATERIALS, type MaterialLine } from '#src/domain/materials.ts';
import { pdfProblem, sniffType } from '#worker/lib/file-types.ts';
import { exeBytes, htmlBytes, jpegBytes, pdfBytes, pdfWithHiddenScript, pngBytes } from '../support/test-files.ts';
import { loadCollection, ROOT, validate } from '../support/content.ts';

const entitlements = loadCollection('entitlements');
const lines = (slug: string) => entitlements.find((e) => e.slug === slug)!.data.materials as MaterialLine[];

describe('the checklist of each 办事指南', () => {
  it.each(entitlements.filter((e) => e.data.access === 'online').map((e) => [e.slug] as const))(
    '%s, applied for online, asks for at least one document from every family',
    (slug) => {
      expect(lines(slug).some((l) => l.items.length && l.required)).toBe(true);
    },
  );

  it('keeps the words of the guide: each line is shown as it was written, with or without an item', () => {
    const source = readFileSync(path.join(ROOT, 'content/entitlements/caring-mother-pairing.mdx'), 'utf8');
    expect(lines('caring-mother-pairing').map((l) => l.text)).toEqual([
      '孩子的户口簿或居民身份证。',
      '现在照看孩子的人的居民身份证和联系电话。',
      '孩子就读的学校和年级。',
      '留守孩子：爸爸妈妈外出务工的基本情况（在哪里打工、联系电话）；残疾孩子：残疾人证或评估材料；生活困难家庭：低保等认定材料，有哪样带哪样。',
    ]);
    for (const l of lines('caring-mother-pairing')) expect(source).toContain(l.text);
    // A note names nothing to photograph; a line may name two documents.
    expect(lines('caring-mother-pairing')[2]).toEqual({ text: '孩子就读的学校和年级。', items: [], required: false });
    expect(lines('caring-mother-pairing')[3]!.items).toEqual(['disabilityProof', 'hardshipProof']);
  });

  it('a misspelt item fails the build with the file, the field and the items to choose from', () => {
    const source = readFileSync(path.join(ROOT, 'content/entitlements/nutrition-lunch.mdx'), 'utf8').replace(
      'item: childIdentity',
      'item: childIdentiy',
    );
    expect(() => validate('entitlements', 'content/entitlements/x.mdx', source)).toThrowError(
      /x\.mdx: materials\.0\.item\.0: 清单项请从 src\/domain\/materials\.ts 中选择/,
    );
  });

  it('every item of the catalogue is asked for by some guide, or is 其他材料', () => {
    const used = new Set(entitlements.flatMap((e) => (e.data.materials as MaterialLine[]).flatMap((l) => l.items)));
    expect(MATERIAL_KEYS.filter((k) => !used.has(k) && k !== 'other')).toEqual([]);
  });
});

describe("an application's list", () => {
  it('has each item once, required when any entitlement needs it from every family, required ones first', () => {
    const list = checklistOf([lines('nutrition-lunch'), lines('caring-mother-pairing'), lines('disabled-child-rehabilitation')]);
    expect(list.map((i) => i.item)).toEqual(['childIdentity', 'guardianIdentity', 'hardshipProof', 'disabilityProof']);
    // hardshipProof: required for 营养午餐, only 「按本县规定」 for 康复救助; disabilityProof: optional for
    // 代理妈妈, required for 康复救助. Each is required.
    expect(list.map((i) => i.required)).toEqual([true, true, true, true]);
    expect(list[0]).toEqual({
      item: 'childIdentity',
      title: MATERIALS.childIdentity.title,
      hint: MATERIALS.childIdentity.hint,
      required: true,
    });
  });

  it('an item only some families need can follow later', () => {
    const list = checklistOf([lines('minimum-living-allowance')]);
    expect(list.find((i) => i.item === 'disabilityProof')).toMatchObject({ required: false });
    expect(list.at(-1)!.item).toBe('disabilityProof');
  });

  it('is empty for help that needs nothing sent', () => {
    expect(checklistOf([lines('children-home')])).toEqual([]);
    expect(checklistOf([])).toEqual([]);
  });
});

describe('what a file is, by its first bytes', () => {
  it('knows JPEG, PNG, WebP and PDF, and nothing else, whatever the name says', () => {
    expect(sniffType(jpegBytes())).toBe('image/jpeg');
    expect(sniffType(pngBytes())).toBe('image/png');
    const webp = new Uint8Array(32);
    webp.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
    expect(sniffType(webp)).toBe('image/webp');
    expect(sniffType(pdfBytes())).toBe('application/pdf');
    expect(sniffType(exeBytes())).toBeNull();
    expect(sniffType(htmlBytes())).toBeNull();
    expect(sniffType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    // RIFF that is not WebP (a WAV file).
    webp.set([0x57, 0x41, 0x56, 0x45], 8);
    expect(sniffType(webp)).toBeNull();
  });

  it.each([
    ['/OpenAction << /S /JavaScript /JS (app.alert(1)) >>', 'active'],
    ['/AA << /O << /S /J#61vaScript >> >>', 'active'],
    ['/OpenAction << /S /Launch /F (cmd.exe) >>', 'active'],
    ['/Names << /EmbeddedFiles 9 0 R >>', 'active'],
    ['/Annots [<< /Subtype /FileAttachment /FS 9 0 R >>]', 'active'],
    ['/Encrypt 7 0 R', 'encrypted'],
    ['/Lang (zh-CN)', null],
  ] as const)('a PDF with %s: %s', async (extra, problem) => {
    expect(await pdfProblem(pdfBytes(extra))).toBe(problem);
  });

  it('reads inside compressed object streams, and not inside page content', async () => {
    expect(await pdfProblem(await pdfWithHiddenScript())).toBe('active');
    // pdfBytes' page content says "/JS 12 Tf": a font called JS, not a script.
    expect(await pdfProblem(pdfBytes())).toBeNull();
  });

  it('refuses an object stream it cannot read rather than trust it', async () => {
    const te = new TextEncoder();
    const pdf = te.encode(
      '%PDF-1.7\n6 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /LZWDecode /Length 4 >> stream\nabcd\nendstream endobj\n%%EOF',
    );
    expect(await pdfProblem(pdf)).toBe('unreadable');
  });
});
