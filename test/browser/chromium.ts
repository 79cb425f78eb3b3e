/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (or
 * CHROMIUM_PATH) driven by playwright-core. When it is missing the tests skip, and
 * one line says how to enable them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
export const ENABLE_HINT = `browser tests skipped: no Chromium at ${CHROMIUM}; enable them with \`apt-get install chromium\` or set CHROMIUM_PATH`;

export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own profile directory. */
export async function launchChromium(): Promise<Chromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser: context.browser()!,
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
