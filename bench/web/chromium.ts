/**
 * Headless Chromium for the web bench and the browser tests (test/browser/chromium.ts):
 * Debian's `chromium` package (or CHROMIUM_PATH) driven by playwright-core, with a
 * fresh profile directory each launch. It lives in bench/ because bench/ is compiled
 * (tsconfig.build.json) and the tests can import it from there; playwright-core is a
 * dev dependency, so it stays out of src/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);

/** Quiet and self-contained: no GPU, no sandbox (containers), no network of its own. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a caller may add to the launch: viewport, downloads and the like. */
export type ChromiumOptions = Omit<NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>, 'executablePath' | 'headless' | 'args'>;

export interface ChromiumContext {
  context: BrowserContext;
  /** Close the browser and remove its profile directory. */
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own profile directory. */
export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumContext> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { ...options, executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
