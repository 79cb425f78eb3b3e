/**
 * The Users page and the JQL console in real headless Chromium (Debian's chromium,
 * or CHROMIUM_PATH), against `quarry serve` on a store made here, with every answer
 * checked against the CLI on the same store. A screenshot is taken at each step into
 * test/browser/artifacts/ (git-ignored); with UPDATE_DOCS_SCREENSHOTS=1 the screens
 * used by docs/web.md are written to docs/web/ as well.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, defaultServerOptions, type Server } from '../../src/server/index.js';
import { cleanTemp, REPO, runCli, tempDir, writeTemp } from '../helpers/index.js';
import { type Chromium, ENABLE_HINT, HAVE_CHROMIUM, launchChromium } from './chromium.js';

const ARTIFACTS = path.join(REPO, 'test', 'browser', 'artifacts');
const DOCS_SHOTS = path.join(REPO, 'docs', 'web');
const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

if (!HAVE_CHROMIUM) console.log(ENABLE_HINT);

/** Web-first assertions: retry until the page catches up (vitest's default of 1 s is too short for a cold page). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`quarry ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!HAVE_CHROMIUM)('Users page in Chromium', () => {
  let store: string;
  let server: Server;
  let base: string;
  let chromium: Chromium;
  let page: Page;
  let step = 0;

  /** Screenshot into the artifacts folder (and docs/web/NAME.png when asked). */
  async function shot(name: string, docs = false): Promise<void> {
    step++;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    if (docs && UPDATE_DOCS) {
      fs.mkdirSync(DOCS_SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(DOCS_SHOTS, `${name}.png`) });
    }
  }

  const count = () => page.getByRole('status', { name: 'Matching users' });
  async function countIs(n: number): Promise<void> {
    await poll(async () => (await count().textContent())?.replace(/[^\d]/g, '')).toBe(String(n));
    await poll(async () => count().getAttribute('aria-busy')).toBe('false');
  }

  beforeAll(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    store = path.join(tempDir('quarry-web-'), 'store');
    await cli(['demo', '--store', store, '--events', '20000']);
    server = await buildServer({ ...defaultServerOptions(store), port: 0, log: false });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = server.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    cleanTemp();
  });

  it('shows as many User Profiles as quarry users --count', async () => {
    await page.goto(base);
    const expected = Number(await cli(['users', '--count', '--store', store]));
    await countIs(expected);
    await poll(() => page.getByRole('table').locator('tbody tr').count()).toBe(50);
    await shot('users', true);
  });

  it('narrows the count with a property filter, showing the selector it becomes', async () => {
    await page.getByRole('button', { name: '+ Property filter' }).click();
    await page.getByLabel('Property', { exact: true }).fill('$country_code');
    await page.getByLabel('Operator').selectOption('equals');
    await page.getByLabel('Value', { exact: true }).fill('US');
    const where = 'properties["$country_code"] == "US"';
    await poll(() => page.getByLabel('Selector of filter 1').textContent()).toBe(where);
    const expected = Number(await cli(['users', '--count', '--where', where, '--store', store]));
    expect(expected).toBeGreaterThan(0);
    await countIs(expected);
    await shot('users-filtered', true);
    await page.getByRole('button', { name: 'Remove filter 1' }).click();
  });

  it('All Users includes users without a profile', async () => {
    await page.getByRole('button', { name: 'All Users' }).click();
    const all = Number(await cli(['users', '--all', '--count', '--store', store]));
    const profiles = Number(await cli(['users', '--count', '--store', store]));
    expect(all).toBeGreaterThan(profiles);
    await countIs(all);
    await poll(() => page.getByRole('button', { name: 'All Users' }).getAttribute('aria-pressed')).toBe('true');
    await shot('all-users');
    await page.getByRole('button', { name: 'User Profiles' }).click();
    await countIs(profiles);
  });

  it('opening a user shows their events, newest first, as quarry user prints them', async () => {
    // The user's name (the $name column) opens the profile.
    const link = page.getByRole('table').locator('tbody tr').first().getByRole('link').last();
    const id = decodeURIComponent((await link.getAttribute('href'))!.replace('?distinct_id=', ''));
    await link.click();
    await poll(() => page.url()).toMatch(/distinct_id=/);
    const cliUser = JSON.parse(await cli(['user', id, '--json', '--events', '25', '--store', store])) as { events: { name: string; localTime: string }[] };
    expect(cliUser.events.length).toBeGreaterThan(0);
    const feed = page.getByRole('list', { name: 'Events, newest first' }).locator('summary');
    await poll(() => feed.count()).toBe(cliUser.events.length);
    const shown = await feed.allTextContents();
    expect(shown.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(cliUser.events.map((e) => `${e.name} ${e.localTime.replace('T', ' ')}`));
    await feed.first().click();
    await shot('profile', true);
    await page.goBack();
    await countIs(Number(await cli(['users', '--count', '--store', store])));
  });

  it('a cohort saved in the page is listed by quarry cohort list with the same size', async () => {
    await page.getByRole('button', { name: '+ Behaviour filter' }).click();
    await page.getByLabel('Event', { exact: true }).fill('Purchase');
    await page.getByLabel('How often').selectOption('at least');
    await page.getByLabel('Times', { exact: true }).fill('2');
    await page.getByLabel('Days', { exact: true }).fill('');
    await poll(() => page.getByLabel('Selector of filter 1').textContent()).toBe('did "Purchase" at least 2 times');
    await page.getByRole('button', { name: 'Create Cohort' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Cohort' });
    await dialog.getByLabel('Cohort name').fill('Repeat buyers');
    await dialog.getByLabel('Description').fill('made in the browser test');
    await shot('create-cohort', true);
    await dialog.getByRole('button', { name: 'Save cohort' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Repeat buyers' }) });
    await row.waitFor({ state: 'visible' });
    const listed = JSON.parse(await cli(['cohort', 'list', '--json', '--store', store])) as { name: string; members: number }[];
    const saved = listed.find((c) => c.name === 'Repeat buyers');
    expect(saved).toBeDefined();
    expect(saved!.members).toBeGreaterThan(0);
    await poll(() => row.getByRole('cell').first().textContent()).toBe(saved!.members.toLocaleString('en-US'));
    await shot('cohorts', true);
  });

  it('the CSV wizard imports a header-less file with a chosen identifier column', async () => {
    await page.goto(base);
    const csv = writeTemp('people.csv', 'ada@example.com,web-1,pro\nbob@example.com,web-2,free\ncy@example.com,web-3,pro\n');
    await page.getByRole('button', { name: 'Import from CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles(csv);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByLabel('Property of column 1').fill('$email');
    await dialog.getByLabel('Property of column 3').fill('plan');
    await dialog.getByLabel('Identifier column ($distinct_id)').selectOption({ index: 2 });
    await shot('import-mapping', true);
    // Nothing is written before the import is confirmed.
    expect((await runCli(['user', 'web-2', '--json', '--store', store])).code).not.toBe(0);
    await dialog.getByRole('button', { name: 'Import profiles' }).click();
    await poll(() => dialog.getByRole('status').textContent()).toContain('imported 3');
    await shot('import-report', true);
    const bob = JSON.parse(await cli(['user', 'web-2', '--json', '--store', store])) as { profile: { properties: Record<string, unknown> } };
    expect(bob.profile.properties.$email).toBe('bob@example.com');
    expect(bob.profile.properties.plan).toBe('free');
    expect(bob.profile.properties).not.toHaveProperty('$distinct_id');
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('the JQL console runs an example and shows the same rows as quarry run', async () => {
    await page.goto(`${base}/?view=jql`);
    await page.getByLabel('Example').selectOption('events-by-name');
    await page.getByRole('button', { name: 'Run' }).click();
    const table = page.getByRole('table', { name: 'Result rows' });
    await table.waitFor({ state: 'visible' });
    const expected = JSON.parse(await cli(['run', path.join(REPO, 'examples', 'events-by-name.js'), '--store', store])) as { key: unknown[]; value: number }[];
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual(expected.map((r) => [...r.key.map(String), String(r.value)]));
    await shot('jql', true);
  });

  it('a script error highlights its line', async () => {
    const editor = page.getByLabel('JQL script');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(
      'function main() {\n  const x = 1;\n  return Events({from_date: "2024-03-01", to_date: "2024-03-02"}).map(e => e.nope.deeper);\n}\n',
    );
    await page.getByRole('button', { name: 'Run' }).click();
    const alert = page.getByRole('alert');
    await poll(() => alert.textContent()).toContain('Line 3');
    await poll(() => page.locator('.cm-error-line').count()).toBe(1);
    await poll(() => page.locator('.cm-error-line').textContent()).toContain('e.nope.deeper');
    await shot('jql-error', true);
  });

  it('Total vs Unique shows the counts quarry count gives', async () => {
    await page.goto(`${base}/?view=counts`);
    await page.getByLabel('Event', { exact: true }).selectOption('Purchase');
    await page.getByLabel('From', { exact: true }).fill('2024-03-01');
    await page.getByLabel('To', { exact: true }).fill('2024-03-31');
    await page.getByRole('button', { name: 'Count' }).click();
    const total = (await cli(['count', 'Purchase', '--from', '2024-03-01', '--to', '2024-03-31', '--store', store])).trim();
    const unique = (await cli(['count', 'Purchase', '--unique', '--from', '2024-03-01', '--to', '2024-03-31', '--store', store])).trim();
    const fmt = (t: string) => Number(t.replace(/[^\d]/g, '')).toLocaleString('en-US');
    await poll(() => page.getByRole('status').textContent()).toContain(`${fmt(total)} total, ${fmt(unique)} unique users`);
    await shot('total-vs-unique', true);
  });

  it('Add/Edit Profile warns when creating a profile that exists and writes nothing', async () => {
    await page.goto(base);
    await page.getByRole('button', { name: 'Add/Edit Profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add/Edit Profile' });
    await dialog.getByLabel('$distinct_id').fill('web-1');
    await dialog.getByLabel('Property 1 value').fill('Ada');
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => dialog.getByRole('status').textContent()).toContain('Not saved');
    await shot('add-edit-profile', true);
    const ada = JSON.parse(await cli(['user', 'web-1', '--json', '--store', store])) as { profile: { properties: Record<string, unknown> } };
    expect(ada.profile.properties).not.toHaveProperty('$name');
    await dialog.getByLabel('Update profile').check();
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await poll(() => dialog.getByRole('status').textContent()).toContain('Saved the profile web-1');
    const after = JSON.parse(await cli(['user', 'web-1', '--json', '--store', store])) as { profile: { properties: Record<string, unknown> } };
    expect(after.profile.properties.$name).toBe('Ada');
  });
});
