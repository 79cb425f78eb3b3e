/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (or
 * CHROMIUM_PATH) driven by playwright-core. When it is missing the tests skip, and
 * one line says how to enable them.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium as launch } from '../../bench/web/chromium.js';

export { CHROMIUM, HAVE_CHROMIUM };
export const ENABLE_HINT = `browser tests skipped: no Chromium at ${CHROMIUM}; enable them with \`apt-get install chromium\` or set CHROMIUM_PATH`;

export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own profile directory (bench/web/chromium.ts). */
export async function launchChromium(): Promise<Chromium> {
  const { context, close } = await launch({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  return { browser: context.browser()!, context, close };
}
