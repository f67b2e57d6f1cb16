/**
 * Debian's Chromium (/usr/bin/chromium, or CHROME_PATH), never a downloaded browser, for the
 * browser tests and the benchmarks. Imports nothing from vitest.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling Google on this closed network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, headless: true, args: CHROMIUM_FLAGS });
}
