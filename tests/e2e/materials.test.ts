/**
 * 申请材料 on a phone (360 px): the grandmother applies, photographs two documents on the next
 * page and sees each upload's progress; the township asks for one more with 需补充材料; she
 * sends it from /status/ and the application goes on. With JavaScript and without; axe clean.
 * The photos are drawn in the browser by the test: no binary fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { FILE_LIMITS } from '#src/domain/materials.ts';
import { exeBytes } from '../support/test-files.ts';
import { baseURL, expectAccessible, phone, scrollsSideways, useBrowser, withoutSiteScripts } from './support/browser.ts';
import { choose, lookUp, receipt } from './support/journeys.ts';
import { sendInBatch, staffAdd, staffAuth, staffPost } from './support/staff.ts';

const browser = useBrowser();
/** A big photo of a 户口簿 page (3,000 × 4,000 px PNG) and a small one of an ID card, drawn by the browser. */
let bigPhoto: Buffer;
let smallPhoto: Buffer;

async function draw(page: Page, width: number, height: number, label: string): Promise<Buffer> {
  const url = await page.evaluate(
    ({ width, height, label }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      const gradient = ctx.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#f5e6c8');
      gradient.addColorStop(1, '#c9a66b');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#8b0000';
      ctx.font = `${Math.round(width / 10)}px sans-serif`;
      ctx.fillText(label, width / 10, height / 3);
      for (let i = 0; i < 400; i++) ctx.fillRect((i * 7919) % width, (i * 104729) % height, 9, 9);
      return canvas.toDataURL('image/png');
    },
    { width, height, label },
  );
  return Buffer.from(url.split(',')[1]!, 'base64');
}

beforeAll(async () => {
  const context = await browser().newContext();
  const page = await context.newPage();
  await page.goto(`${baseURL()}/`);
  bigPhoto = await draw(page, 3000, 4000, '居民户口簿');
  smallPhoto = await draw(page, 1200, 760, '居民身份证');
  await context.close();
});

/** The township reviews and asks for the 低保证 with 需补充材料. */
async function askForHardshipProof(reference: string): Promise<string> {
  const token = staffAdd(`东山乡审核员${reference}`, 'township', '东山乡');
  await sendInBatch(token, reference);
  await staffPost(
    token,
    `/applications/${reference}/transitions`,
    { to: 'needs_info', reason: '请补充低保证的照片', items: ['hardshipProof'] },
    200,
  );
  return token;
}

/**
 * The console, signed in with `token`, at `hash`: on a phone of its own, since a session is a
 * cookie of the browser (another account on the same phone would find the first one signed in).
 * The caller closes its context.
 */
async function staffConsole(token: string, hash: string): Promise<Page> {
  const page = await (await phone(browser())).newPage();
  await page.goto(`/staff/${hash}`);
  await page.getByLabel('工作人员令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

/** The width and height in a JPEG's frame header. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  for (let i = 2; i + 9 < bytes.length;) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3)
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    i += 2 + length;
  }
  return null;
}

const item = (page: Page, title: string) => page.locator('li.material', { has: page.getByRole('heading', { name: title, exact: true }) });

let families = 0;

/**
 * /apply/ for 营养午餐补助, filled in as a grandmother with a phone of her own (submissions are
 * limited per phone); with JavaScript step by step, without it all at once.
 */
async function fillApplication(page: Page, js: boolean): Promise<void> {
  families += 1;
  await page.goto('/apply/?e=nutrition-lunch');
  const next = () => page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('您的姓名').fill('王秀兰');
  await choose(page, '您和孩子是什么关系', '祖父母或外祖父母');
  await page.getByLabel('您的手机号码').fill(`1380013${String(families).padStart(4, '0')}`);
  if (js) await next();
  await page.getByLabel('孩子的姓名').fill(js ? '李小明' : '李小军');
  await page.getByLabel('年', { exact: true }).fill('2017');
  await page.getByLabel('月', { exact: true }).fill('5');
  await page.getByLabel('日', { exact: true }).fill('10');
  await page.getByLabel('孩子住在哪个村（社区）').selectOption({ label: '东山乡 松林村' });
  await page.getByLabel('详细住址').fill('三组 12 号');
  if (js) await next();
  if (js) await next();
  // Under the choice: the materials the chosen help needs, each once, required ones marked.
  const preview = page.locator('#apply-materials-preview');
  await preview.getByRole('heading', { name: '孩子的户口簿或居民身份证' }).waitFor();
  expect(await preview.textContent()).toContain('家庭困难或孩子特殊情况的认定材料');
  // She is told here that the photos come on the next page, and nothing here asks for a file.
  expect(await page.locator('.materials-preview').textContent()).toContain('这一步不用上传。提交申请后，下一页会逐项列出这些材料');
  expect(await page.locator('#apply-form input[type=file]').count()).toBe(0);
  if (js) {
    await expectAccessible(page, 'apply: entitlements and their materials');
    await page.getByLabel('代理妈妈（爱心妈妈）一对一结对').check();
    // Ticking another adds what it needs, and nothing twice.
    await preview.getByRole('heading', { name: '残疾人证，或医疗机构出具的诊断、评估证明' }).waitFor();
    expect(await preview.getByRole('heading', { name: '孩子的户口簿或居民身份证' }).count()).toBe(1);
    await next();
  }
  await page.getByLabel('我已阅读隐私说明，同意工作人员为办理申请使用以上信息').check();
  if (js) await next();
  // Checking her answers, the last thing before the button says where the photos go.
  if (js) expect(await page.locator('#apply-materials-next').textContent()).toBe('提交后，下一页可以拍照上传申请材料。');
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/apply\/done\/$/);
}

/** The file the server keeps for an item, read back through the staff API. */
async function storedFile(token: string, reference: string, itemKey: string): Promise<Uint8Array> {
  const list = await fetch(`${baseURL()}/api/staff/applications/${reference}/files`, { headers: await staffAuth(token) });
  const { items } = (await list.json()) as { items: { item: string; files: { id: string }[] }[] };
  const id = items.find((i) => i.item === itemKey)!.files[0]!.id;
  const res = await fetch(`${baseURL()}/api/staff/applications/${reference}/files/${id}`, {
    headers: await staffAuth(token),
  });
  return new Uint8Array(await res.arrayBuffer());
}

describe('materials, with JavaScript', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await phone(browser());
  });
  afterAll(async () => {
    await context.close();
  });

  it('the grandmother photographs two documents after applying, sees each upload go, and later sends the one the office asked for from /status/', async () => {
    const page = await context.newPage();
    await fillApplication(page, true);
    const { reference, code } = await receipt(page);
    await page.getByRole('heading', { name: '申请材料' }).waitFor();
    await expectAccessible(page, 'apply done: materials');
    expect(await scrollsSideways(page)).toBe(false);

    // A slow village network, so each file's progress can be seen moving.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 50,
      downloadThroughput: -1,
      uploadThroughput: 120 * 1024,
    });

    await item(page, '孩子的户口簿或居民身份证')
      .getByLabel(/拍照或选择文件/)
      .setInputFiles({ name: '户口簿.png', mimeType: 'image/png', buffer: bigPhoto });
    await item(page, '监护人（照看孩子的人）的居民身份证')
      .getByLabel(/拍照或选择文件/)
      .setInputFiles({ name: '身份证.png', mimeType: 'image/png', buffer: smallPhoto });
    const bars = page.locator('ul.uploads progress');
    await expect.poll(() => bars.count()).toBe(2);
    expect(await bars.first().getAttribute('aria-label')).toBe('户口簿.png 的上传进度');
    // Part of the way: neither nothing nor done.
    await expect
      .poll(
        () => bars.evaluateAll((els) => els.some((p) => (p as HTMLProgressElement).value > 0 && (p as HTMLProgressElement).value < 100)),
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect.poll(() => page.locator('ul.uploads li.done').count(), { timeout: 30_000 }).toBe(2);
    expect(await item(page, '孩子的户口簿或居民身份证').locator('.material-received').textContent()).toBe('已收到 1 个文件');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expectAccessible(page, 'apply done: uploaded');

    // The township opens the materials in the console: the photos as thumbnails, and asks for the 低保证.
    const token = staffAdd(`东山乡审核员${reference}`, 'township', '东山乡');
    await sendInBatch(token, reference);
    const office = await staffConsole(token, `#/materials/${reference}`);
    await office.getByRole('heading', { name: `申请 ${reference} 的材料` }).waitFor();
    const thumbs = office.locator('img.material-thumb');
    await expect
      .poll(() => thumbs.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length), { timeout: 15_000 })
      .toBe(2);
    await expectAccessible(office, 'staff: materials');
    expect(await scrollsSideways(office)).toBe(false);
    // On the application's own page the photos (each an audited opening) wait until asked for.
    await office.goto(`/staff/#/applications/${reference}`);
    const photos = office.getByRole('button', { name: '显示照片（2 张）' });
    await photos.waitFor();
    expect(await office.locator('img.material-thumb').count()).toBe(0);
    await expectAccessible(office, 'staff: application page, photos not shown yet');
    await photos.click();
    await expect
      .poll(() => thumbs.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length), { timeout: 15_000 })
      .toBe(2);
    await office.goto(`/staff/#/materials/${reference}`);
    await office.getByRole('heading', { name: `申请 ${reference} 的材料` }).waitFor();
    const ask = office.locator('form', { has: office.getByRole('heading', { name: '要求补充材料（需补充材料）' }) });
    await ask.getByLabel('家庭困难或孩子特殊情况的认定材料').check();
    await ask.getByLabel('原因和说明（会显示在家庭的查询页）').fill('请补充低保证的照片');
    await ask.getByRole('button', { name: '通知家庭补充' }).click();
    await office.getByText('已通知家庭补充材料').waitFor();
    await item(office, '家庭困难或孩子特殊情况的认定材料').getByText('已要求补充').waitFor();
    await office.context().close();

    // A 儿童主任 sees what came and what is missing, not the documents.
    const village = await staffConsole(staffAdd(`松林村儿童主任${reference}`, 'village', '东山乡'), `#/materials/${reference}`);
    await village.getByText('不能打开文件').waitFor();
    expect(await village.locator('img.material-thumb').count()).toBe(0);
    expect(await item(village, '孩子的户口簿或居民身份证').textContent()).toContain('第 1 个文件');
    await expectAccessible(village, 'staff: materials for a village account');
    await village.context().close();

    // The photo was shrunk in the browser: a JPEG, 2,000 px on its long side.
    const kept = await storedFile(token, reference, 'childIdentity');
    expect([kept[0], kept[1]]).toEqual([0xff, 0xd8]);
    expect(jpegSize(kept)).toEqual({ width: 1500, height: FILE_LIMITS.photoLongSide });

    const later = await context.newPage();
    expect(await lookUp(later, reference, code)).toBe('需补充材料');
    const asked = item(later, '家庭困难或孩子特殊情况的认定材料');
    expect(await asked.textContent()).toContain('工作人员要求补充');
    expect(await item(later, '孩子的户口簿或居民身份证').textContent()).toContain('已收到 1 个文件');
    await expectAccessible(later, 'status: materials asked for');
    await asked.getByLabel(/拍照或选择文件/).setInputFiles({ name: '低保证.png', mimeType: 'image/png', buffer: smallPhoto });
    // It came in, and the application goes back to where it was: the page says both.
    await later.getByText('已收到「家庭困难或孩子特殊情况的认定材料」的 1 个文件。').waitFor();
    expect(await later.locator('#status-result-label').textContent()).toBe('乡镇初审');
    expect(await later.locator('#status-result-timeline').textContent()).toContain('已收到要求补充的材料，继续办理。');
    await expectAccessible(later, 'status: after the upload');
  }, 180_000); // a slow network on purpose, seven axe checks and two sign-ins

  it('a file that is not a photo is refused in words that name it, and the others go on', async () => {
    const page = await context.newPage();
    await fillApplication(page, true);
    const target = item(page, '孩子的户口簿或居民身份证');
    await target.getByLabel(/拍照或选择文件/).setInputFiles([
      { name: '病毒.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(exeBytes()) },
      { name: '户口簿.png', mimeType: 'image/png', buffer: smallPhoto },
    ]);
    await target.locator('ul.uploads li.done').waitFor();
    expect(await target.locator('ul.uploads li.failed').textContent()).toContain('「病毒.jpg」不是照片或 PDF 文件');
    await expectAccessible(page, 'apply done: a refused file');
  });
});

describe('materials, without JavaScript', () => {
  it('the same journey with plain forms: upload on the next page, then the item asked for from /status/', async () => {
    const context = await phone(browser(), { javaScriptEnabled: false });
    const page = await context.newPage();
    await fillApplication(page, false);
    const { reference, code } = await receipt(page);
    const first = item(page, '孩子的户口簿或居民身份证');
    await first.getByLabel(/拍照或选择文件/).setInputFiles({ name: '户口簿.png', mimeType: 'image/png', buffer: smallPhoto });
    await first.getByRole('button', { name: /^上传/ }).click();
    await page.getByText('已收到「孩子的户口簿或居民身份证」的 1 个文件。').waitFor();
    // The answer is the application's status page, with the forms again for the next item.
    expect(await page.locator('#status-result-label').textContent()).toBe('已提交');
    const second = item(page, '监护人（照看孩子的人）的居民身份证');
    await second.getByLabel(/拍照或选择文件/).setInputFiles({ name: '身份证.png', mimeType: 'image/png', buffer: smallPhoto });
    await second.getByRole('button', { name: /^上传/ }).click();
    await page.getByText('已收到「监护人（照看孩子的人）的居民身份证」的 1 个文件。').waitFor();

    // A file that is not a photo comes back with what to do, the page otherwise the same.
    const third = item(page, '家庭困难或孩子特殊情况的认定材料');
    await third.getByLabel(/拍照或选择文件/).setInputFiles({ name: '病毒.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(exeBytes()) });
    await third.getByRole('button', { name: /^上传/ }).click();
    await page.locator('#status-materials .error-summary').waitFor();
    expect(await page.locator('#status-materials .error-summary').textContent()).toContain('「病毒.jpg」不是照片或 PDF 文件');
    expect(await item(page, '孩子的户口簿或居民身份证').textContent()).toContain('已收到 1 个文件');

    await askForHardshipProof(reference);
    expect(await lookUp(page, reference, code)).toBe('需补充材料');
    const asked = item(page, '家庭困难或孩子特殊情况的认定材料');
    expect(await asked.textContent()).toContain('工作人员要求补充');
    await asked.getByLabel(/拍照或选择文件/).setInputFiles({ name: '低保证.png', mimeType: 'image/png', buffer: smallPhoto });
    await asked.getByRole('button', { name: /^上传/ }).click();
    await page.getByText('已收到「家庭困难或孩子特殊情况的认定材料」的 1 个文件。').waitFor();
    expect(await page.locator('#status-result-label').textContent()).toBe('乡镇初审');
    await context.close();
  });

  it('the pages with upload forms pass axe as someone without JavaScript sees them', async () => {
    const context = await withoutSiteScripts(browser());
    const page = await context.newPage();
    await fillApplication(page, false);
    await expectAccessible(page, 'apply done without JavaScript');
    expect(await scrollsSideways(page)).toBe(false);
    const first = item(page, '孩子的户口簿或居民身份证');
    await first.getByLabel(/拍照或选择文件/).setInputFiles({ name: '病毒.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(exeBytes()) });
    await first.getByRole('button', { name: /^上传/ }).click();
    await page.locator('#status-materials .error-summary').waitFor();
    await expectAccessible(page, 'a refused upload without JavaScript');
    await context.close();
  });
});
