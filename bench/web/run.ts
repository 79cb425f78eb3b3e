/**
 * The Users page's latency (issue 14): page load and every querying interaction,
 * measured in headless Chromium against `quarry serve` in this process, plus the
 * server-side time of each /ui/api endpoint. Not a test: it prints figures.
 *
 *   npm run build && node dist/bench/web/run.js                      # the demo store
 *   node dist/bench/web/run.js --store DIR --runs 7                  # any store
 *   node dist/bench/web/run.js --profiles 1000000                    # + a store with 1M CSV-imported profiles
 *
 * Each figure is the median of --runs runs (default 5), with the slowest run in brackets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resolveStore } from '../../src/cli/resolve-store.js';
import { importPeopleCsv } from '../../src/ingest/index.js';
import { buildServer, defaultServerOptions } from '../../src/server/index.js';
import { Store } from '../../src/store/index.js';
import { HAVE_CHROMIUM, launchChromium } from './chromium.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(opt('runs') ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms (max ${Math.max(...xs).toFixed(0)})`;

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function apiFigures(base: string, event: string): Promise<[string, number[]][]> {
  const post = (p: string, body: unknown) =>
    fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.text());
  const users = (await fetch(`${base}/ui/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"pageSize":1}' }).then((r) =>
    r.json(),
  )) as { rows: { distinctId: string }[] };
  const id = users.rows[0]?.distinctId ?? '';
  let page = 1;
  return [
    ['meta', await time(() => fetch(`${base}/ui/api/meta`).then((r) => r.text()))],
    ['users: first page', await time(() => post('/ui/api/users', { pageSize: 50 }))],
    ['users: next pages', await time(() => post('/ui/api/users', { pageSize: 50, page: ++page }))],
    [
      'users: property filter (new each run)',
      await time(() => post('/ui/api/users', { pageSize: 50, criteria: { type: 'property', where: `properties["$name"] != "x${Math.random()}"` } })),
    ],
    [
      'users: sort by $name (new each run)',
      await time(() =>
        post('/ui/api/users', {
          pageSize: 50,
          sort: '$name',
          desc: Math.random() < 2,
          criteria: { type: 'property', where: `properties["$email"] != "${Math.random()}"` },
        }),
      ),
    ],
    [
      'users: behaviour filter',
      await time(() =>
        post('/ui/api/users', { all: true, pageSize: 50, criteria: { type: 'behavior', event, count: { op: '>=', value: Math.ceil(Math.random() * 3) } } }),
      ),
    ],
    ['user: profile + feed + per day', await time(() => fetch(`${base}/ui/api/user?id=${encodeURIComponent(id)}&limit=25`).then((r) => r.text()))],
    ['counts: 30 days total vs unique', await time(() => post('/ui/api/counts', { event }))],
    [
      'jql: events-by-name',
      await time(() =>
        post('/ui/api/jql', {
          script: 'function main(){return Events({from_date:"2000-01-01",to_date:"2100-01-01"}).groupBy(["name"],mixpanel.reducer.count())}',
        }),
      ),
    ],
  ];
}

async function browserFigures(base: string): Promise<[string, number[]][]> {
  if (!HAVE_CHROMIUM) return [['browser', []]];
  const chromium = await launchChromium();
  try {
    const page: Page = await chromium.context.newPage();
    page.setDefaultTimeout(30_000);
    const count = page.getByRole('status', { name: 'Matching users' });
    const countSettled = () =>
      page.waitForFunction(() => {
        const el = document.querySelector('[aria-label="Matching users"]');
        return el !== null && el.getAttribute('aria-busy') === 'false' && /\d/.test(el.textContent ?? '');
      });
    const load = await time(async () => {
      await page.goto(base);
      await countSettled();
    });
    await count.waitFor();
    const filter = await time(async () => {
      await page.getByRole('button', { name: '+ Property filter' }).click();
      await page.getByLabel('Property', { exact: true }).fill('$name');
      await page.getByLabel('Operator').selectOption('is set');
      await page.waitForFunction(() => document.querySelector('[aria-label="Matching users"]')?.getAttribute('aria-busy') === 'true');
      await countSettled();
      await page.getByRole('button', { name: 'Remove filter 1' }).click();
      await countSettled();
    });
    const open = await time(async () => {
      await page.getByRole('table').locator('tbody tr').first().getByRole('link').first().click();
      await page.getByRole('heading', { name: 'Activity Feed' }).waitFor();
      await page.goBack();
      await countSettled();
    });
    const jql = await time(async () => {
      await page.goto(`${base}/?view=jql`);
      await page.getByLabel('Example').selectOption('events-by-name');
      await page.getByRole('button', { name: 'Run' }).click();
      await page.locator('p.stats').waitFor();
    });
    return [
      ['page load to the count shown', load],
      ['add a filter, then remove it (two queries, debounce 150 ms each)', filter],
      ['open a profile and come back', open],
      ['JQL console: load, pick an example, run', jql],
    ];
  } finally {
    await chromium.close();
  }
}

async function bigProfileStore(n: number): Promise<string> {
  const dir = path.join(os.tmpdir(), `quarry-bench-web-${n}`);
  if (Store.exists(dir)) return dir;
  const csv = path.join(os.tmpdir(), `quarry-bench-web-${n}.csv`);
  const out = fs.createWriteStream(csv);
  const plans = ['free', 'pro', 'team', 'enterprise'];
  const cities = ['Berlin', 'Paris', 'Tokyo', 'New York', 'Lima', 'Oslo'];
  out.write('$distinct_id,$email,$name,plan,age,$city\n');
  for (let i = 0; i < n; i++) {
    if (!out.write(`u${i},user${i}@example.com,User ${i},${plans[i % 4]},${18 + ((i * 7) % 60)},${cities[(i * 13) % 6]}\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  const t = performance.now();
  const store = Store.init(dir, { timezone: 'UTC' });
  const report = await importPeopleCsv(store, csv, { inferTypes: true, maxRows: n });
  console.log(`built ${dir}: ${report.summary('profiles')} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  fs.rmSync(csv);
  return dir;
}

async function measure(label: string, dir: string): Promise<void> {
  const t = performance.now();
  const server = await buildServer({ ...defaultServerOptions(dir), port: 0, log: false });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = server.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const first = performance.now();
  await fetch(`${base}/ui/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"pageSize":50}' }).then((r) => r.text());
  console.log(`\n## ${label}\nserver up in ${(first - t).toFixed(0)} ms; first users page right after start: ${(performance.now() - first).toFixed(0)} ms`);
  try {
    const store = Store.open(dir);
    const event = Object.keys(store.manifest.events[store.days().at(-1) ?? '']?.names ?? { Purchase: 1 })[0] ?? 'Purchase';
    console.log(`\n| server endpoint (${RUNS} runs) | median (max) |\n|---|---|`);
    for (const [name, xs] of await apiFigures(base, event)) console.log(`| ${name} | ${fmt(xs)} |`);
    const browser = await browserFigures(base);
    if (browser[0]![1].length === 0) console.log('\n(no Chromium: browser figures skipped; apt-get install chromium or set CHROMIUM_PATH)');
    else {
      console.log(`\n| in Chromium (${RUNS} runs) | median (max) |\n|---|---|`);
      for (const [name, xs] of browser) console.log(`| ${name} | ${fmt(xs)} |`);
    }
  } finally {
    await server.close();
  }
}

const explicit = opt('store');
const dir = explicit ?? (await resolveStore(undefined, () => {})).store.dir;
console.log(`quarry web bench · ${os.cpus().length} cores · node ${process.version} · ${new Date().toISOString()}`);
await measure(explicit ? `store ${explicit}` : 'demo store', dir);
const profiles = opt('profiles');
if (profiles) await measure(`${Number(profiles).toLocaleString('en-US')} CSV-imported profiles`, await bigProfileStore(Number(profiles)));
