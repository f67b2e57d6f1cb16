/**
 * Signing in to the console as a case worker does, in Chromium, on a server of this file's own
 * with the second factor on (the other browser tests switch it off, as a developer's machine
 * may): the token in a password field, then a passkey — Chromium's virtual authenticator
 * (CDP WebAuthn) standing in for the phone's fingerprint — or the code the county's SMS platform
 * (a local server, the one outside service) receives. The session stays in an HttpOnly cookie:
 * the page's scripts and storage never hold it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffAccount, startServer, type DevServer } from '../support/server.ts';
import { startSmsPlatform, type SmsPlatform } from '../support/sms-platform.ts';
import { expectAccessible, launch, scrollsSideways } from './support/browser.ts';

let browser: Browser;
let server: DevServer;
let platform: SmsPlatform;
/** WebAuthn wants a domain for its relying party, not an IP address: the server as http://localhost:port. */
let origin: string;
beforeAll(async () => {
  platform = await startSmsPlatform();
  [browser, server] = await Promise.all([launch(), startServer({ vars: { ...platform.vars, STAFF_SECOND_FACTOR: 'on' } })]);
  origin = server.url.replace('127.0.0.1', 'localhost');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await platform?.close();
});

/** `npm run staff:add` against this file's server (with the key the phone is encrypted under); the token is its last line. */
function staffAdd(name: string, role: string, phone?: string): string {
  return addStaffAccount(server.persistDir, { name, role, township: 'all', phone });
}

async function phoneContext(): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: origin,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

/** A platform authenticator with fingerprint (user verification), as on a phone. */
async function withFingerprint(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
}

async function enterToken(page: Page, token: string): Promise<void> {
  const field = page.getByLabel('工作人员令牌');
  expect(await field.getAttribute('type'), 'the secret is not shown on screen').toBe('password');
  await field.fill(token);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

const signedIn = (page: Page) => page.locator('#console:not([hidden]) #view h2').first().waitFor();

describe('staff sign-in in Chromium', () => {
  it(
    'the first time: token, then a passkey set up on the phone; after signing out, the passkey signs in again',
    { timeout: 240_000 },
    async () => {
      const token = staffAdd('县民政局赵科长', 'county');
      const context = await phoneContext();
      const page = await context.newPage();
      const authenticator = await withFingerprint(page);
      await page.goto('/staff/');
      await enterToken(page, token);
      await page.getByRole('heading', { name: '第二步：确认是您本人' }).waitFor();
      await expect.poll(() => page.locator('#passkey-lead').textContent()).toContain('还没有通行密钥');
      expect(await page.locator('#sms-part').isHidden(), 'no phone registered: no SMS offered').toBe(true);
      await expectAccessible(page, 'the second step of the sign-in');
      expect(await scrollsSideways(page)).toBe(false);
      await page.getByRole('button', { name: '设置通行密钥并登录' }).click();
      await signedIn(page);
      expect(await page.locator('#whoami').textContent()).toContain('县民政局赵科长');
      expect(await authenticator.credentials()).toHaveLength(1);

      // The session is an HttpOnly cookie: nothing the page's scripts can read, nothing in storage.
      expect(await page.evaluate(() => [document.cookie, sessionStorage.length, localStorage.length])).toEqual(['', 0, 0]);
      const cookie = (await context.cookies()).find((c) => c.name === '__Host-tonghu-staff')!;
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
      // A reload keeps the session (the page asks who is signed in).
      await page.reload();
      await signedIn(page);

      await page.getByRole('button', { name: '退出' }).click();
      await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
      await page.reload();
      await page.getByLabel('工作人员令牌').waitFor();
      expect(await page.locator('#console').isHidden(), 'signing out ended the session on the server').toBe(true);

      await enterToken(page, token);
      await page.getByRole('button', { name: '用通行密钥登录' }).click();
      await signedIn(page);

      // The member's passkeys: the one set up at the first sign-in.
      await page.getByRole('link', { name: '通行密钥' }).click();
      await page.getByRole('heading', { name: '我的通行密钥' }).waitFor();
      expect(await page.locator('#view table tbody tr').count()).toBe(1);
      await expectAccessible(page, 'my passkeys');
      await context.close();
    },
  );

  it('with the code sent by SMS: a wrong code is said plainly, the right one signs in', { timeout: 240_000 }, async () => {
    const phone = '13912345678';
    const token = staffAdd('东山乡钱主任', 'township', phone);
    const context = await phoneContext();
    const page = await context.newPage();
    await page.goto('/staff/');
    await enterToken(page, token);
    await page.getByRole('button', { name: '发送短信验证码到 139****5678' }).click();
    await expect.poll(() => page.locator('#code-status').textContent()).toContain('验证码已发送到 139****5678');
    const message = await platform.next(phone, 'staffSignIn');
    const code = /(\d{6})/.exec(message.text)![1]!;
    expect(message.text).not.toContain('钱主任');

    await page.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '用验证码登录' }).click();
    await expect.poll(() => page.locator('#second-problem').textContent()).toContain('验证码不对');
    await expectAccessible(page, 'a wrong code');

    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '用验证码登录' }).click();
    await signedIn(page);
    expect(await page.locator('#whoami').textContent()).toContain('东山乡钱主任');
    await context.close();
  });
});
