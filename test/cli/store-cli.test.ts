/**
 * The store commands through the real CLI (`node bin/quarry.js`, after `npm run build`):
 * init, import events, info, exit codes, the writer lock, and --help of every command
 * against golden files (regenerate with UPDATE_GOLDEN=1).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, Store } from '../../src/store/index.js';
import { cleanTemp, normalizeOutput, partitionEvents, runCli, tempDir } from '../helpers/index.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/events');
const fx = (n: string) => path.join(FIX, n);
const GOLDEN = path.resolve(import.meta.dirname, 'golden');

afterAll(cleanTemp);

async function newStore(timezone?: string): Promise<string> {
  const dir = path.join(tempDir('quarry-cli-'), 'store');
  const r = await runCli(['init', '--store', dir, ...(timezone ? ['--timezone', timezone] : [])]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return dir;
}
const manifestOf = (dir: string) => fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');

describe.concurrent('quarry init', () => {
  it('creates an empty store and says so', async () => {
    const dir = path.join(tempDir(), 'acme');
    const r = await runCli(['init', '--store', dir, '--timezone', 'Europe/Berlin', '--columns', '$email, plan']);
    expect(r).toEqual({ code: 0, signal: null, stdout: `created an empty store at ${dir} (timezone Europe/Berlin)\n`, stderr: '' });
    const s = Store.open(dir);
    expect(s.settings.timezone).toBe('Europe/Berlin');
    expect(s.settings.defaultColumns).toEqual(['$email', 'plan']);
    expect(s.eventCount).toBe(0);
  });

  it('an unknown timezone: exit 1, a message naming valid examples, nothing created', async () => {
    const dir = path.join(tempDir(), 's');
    const r = await runCli(['init', '--store', dir, '--timezone', 'Mars/Olympus']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('quarry: unknown timezone "Mars/Olympus": use an IANA name such as UTC, Europe/Berlin or America/Los_Angeles\n');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('refuses to overwrite a store', async () => {
    const dir = await newStore();
    const before = manifestOf(dir);
    const r = await runCli(['init', '--store', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`quarry: a quarry store already exists at ${dir}\n`);
    expect(manifestOf(dir)).toBe(before);
  });

  it('without --store: $QUARRY_STORE, else ./.quarry', async () => {
    const cwd = tempDir();
    const viaEnv = await runCli(['init'], { cwd, env: { QUARRY_STORE: 'envstore' } });
    expect(viaEnv.stdout).toBe(`created an empty store at ${path.join(cwd, 'envstore')} (timezone UTC)\n`);
    const plain = await runCli(['init'], { cwd });
    expect(plain.stdout).toBe(`created an empty store at ${path.join(cwd, '.quarry')} (timezone UTC)\n`);
    // import and info find ./.quarry by themselves.
    expect((await runCli(['import', 'events', fx('raw.jsonl')], { cwd })).code).toBe(0);
    expect(JSON.parse((await runCli(['info', '--json'], { cwd })).stdout).events).toBe(4);
  });
});

describe.concurrent('quarry import events', () => {
  it('clean input: the summary line on stdout, exit 0', async () => {
    const dir = await newStore();
    const r = await runCli(['import', 'events', fx('raw.jsonl'), fx('array.json.gz'), '--store', dir]);
    expect(r).toEqual({ code: 0, signal: null, stdout: 'read 8, imported 4 events, deduplicated 4, skipped 0\n', stderr: '' });
    expect(Store.open(dir).eventCount).toBe(4);
  });

  it('skipped records: still imported, the summary names them, exit 1', async () => {
    const dir = await newStore();
    const r = await runCli(['import', 'events', fx('broken-json-line.jsonl'), '--store', dir]);
    expect(r.code).toBe(1);
    // One line of counts, then one line per reason (a long report stays readable).
    expect(r.stdout).toBe(
      'read 4, imported 2 events, skipped 2\n  skipped 2 lines that are not valid JSON: broken-json-line.jsonl:2, broken-json-line.jsonl:5\n',
    );
    expect(r.stderr).toBe('');
    expect(Store.open(dir).eventCount).toBe(2);
  });

  it('--strict: nothing written, exit 1, the reasons on stderr', async () => {
    const dir = await newStore();
    await runCli(['import', 'events', fx('raw.jsonl'), '--store', dir]);
    const before = manifestOf(dir);
    const r = await runCli(['import', 'events', fx('raw.jsonl'), fx('bad-records.jsonl'), '--strict', '--store', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'quarry: import aborted (--strict): read 12, imported 0 events, skipped 6 (1 no "event" field: bad-records.jsonl:2; 1 event name missing or not a string: bad-records.jsonl:3; ' +
        '1 no "time" property: bad-records.jsonl:4; 1 unreadable "time": bad-records.jsonl:5; 1 "properties" is not an object: bad-records.jsonl:6; 1 not an event object: bad-records.jsonl:7). Nothing was written.\n',
    );
    expect(manifestOf(dir)).toBe(before);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('--json prints the report as JSON', async () => {
    const dir = await newStore();
    const r = await runCli(['import', 'events', fx('pipelines.json'), fx('truncated-array.json'), '--json', '--store', dir]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      read: 7,
      imported: 6,
      duplicates: 0,
      skipped: 1,
      reasons: { 'the JSON array is not closed (file truncated?)': { count: 1, places: ['truncated-array.json:4'] } },
      warnings: 0,
      warningReasons: {},
      notes: [],
    });
  });

  it('--timezone-shifted with a Berlin store', async () => {
    const dir = await newStore('Europe/Berlin');
    const f = path.join(tempDir(), 'old.jsonl');
    // Wall clock 2016-03-01 23:30 Berlin = 22:30 UTC.
    fs.writeFileSync(f, `{"event":"e","properties":{"time":${Date.UTC(2016, 2, 1, 23, 30) / 1000},"distinct_id":"u"}}\n`);
    const r = await runCli(['import', 'events', f, '--timezone-shifted', '--store', dir]);
    expect(r.stdout).toBe('read 1, imported 1 events, skipped 0\n');
    const s = Store.open(dir);
    expect(s.days()).toEqual(['2016-03-01']);
    expect(partitionEvents(s, '2016-03-01')[0]!.time).toBe(Date.UTC(2016, 2, 1, 22, 30));
  });

  it.each([
    [['import', 'events', 'no-such-file.json'], /^quarry: cannot read no-such-file\.json: no such file\n$/],
    [['import', 'events', fx('unknown-type.csv')], /unknown file type: expected JSON lines, a JSON array, or a \.gz of either/],
    [['import', 'events', fx('truncated-gzip.jsonl.gz')], /the gzip data is damaged/],
  ])('%j: exit 1 with a message, store untouched and unlocked', async (args, message) => {
    const dir = await newStore();
    const before = manifestOf(dir);
    const r = await runCli([...args, '--store', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(manifestOf(dir)).toBe(before);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('no store: exit 1 and how to create one', async () => {
    const cwd = tempDir();
    const r = await runCli(['import', 'events', fx('raw.jsonl')], { cwd });
    expect(r.code).toBe(1);
    // Reading commands fall back to the read-only demo store; writing ones say how to get a writable one.
    expect(r.stderr).toBe(
      `quarry: no store at ${path.join(cwd, '.quarry')}: this command changes data, and the built-in demo store that reading commands use is read-only.\n` +
        'For a writable copy of the demo data: quarry demo --store demo (then pass --store demo, or export QUARRY_STORE=demo).\n' +
        'For your own data: quarry init, then quarry import ...\n',
    );
    const r2 = await runCli(['import', 'events', fx('raw.jsonl'), '--store', 'x'], { cwd });
    expect(r2.stderr).toBe(
      `quarry: no store at ${path.join(cwd, 'x')}. Create one with: quarry init --store x (or a copy of the demo data: quarry demo --store x)\n`,
    );
  });

  it('while another process holds the writer lock: exit 1 naming its pid', async () => {
    const dir = await newStore();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: holder.pid, command: 'import events big.json', since: '2024-01-01T00:00:00.000Z' }));
      const r = await runCli(['import', 'events', fx('raw.jsonl'), '--store', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`is being written by another quarry process (pid ${holder.pid}, "import events big.json", since 2024-01-01T00:00:00.000Z)`);
      // Readers are not blocked.
      const info = await runCli(['info', '--json', '--store', dir]);
      expect(info.code).toBe(0);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe.concurrent('quarry init --buckets and quarry rebucket', () => {
  it('a bucketed store: the same events and answers, one directory per bucket; back to one bucket', async () => {
    const dir = path.join(tempDir(), 'b');
    expect(await runCli(['init', '--store', dir, '--buckets', '3'])).toMatchObject({
      code: 0,
      stdout: `created an empty store at ${dir} (timezone UTC, 3 user buckets)\n`,
    });
    expect((await runCli(['import', 'events', fx('raw.jsonl'), '--store', dir])).code).toBe(0);
    const s = Store.open(dir);
    expect(s.buckets).toBe(3);
    const day = s.days()[0]!;
    expect(fs.readdirSync(path.join(dir, 'events', day)).sort()).toEqual(s.manifest.events[day]!.buckets!.flatMap((b, k) => (b === null ? [] : [`b${k}`])));
    const info = await runCli(['info', '--store', dir]);
    expect(JSON.parse(info.stdout).buckets).toBe(3);
    expect((await runCli(['info', '--store', dir, '--format', 'table'])).stdout).toMatch(/, 3 user buckets per day\n/);
    const script = path.join(tempDir(), 'count.js');
    fs.writeFileSync(
      script,
      'function main() { return Events({from_date: "2000-01-01", to_date: "2100-01-01"}).groupBy(["name"], mixpanel.reducer.count()); }',
    );
    const count = ['run', script, '--store', dir, '--format', 'json'];
    const before = await runCli(count);
    expect(before).toMatchObject({ code: 0, stderr: '' });
    const r = await runCli(['rebucket', '--buckets', '1', '--store', dir]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^rebucketed .*: 3 -> 1 buckets, \d+ days, [\d,]+ events\n$/);
    expect(Store.open(dir).manifest.settings.buckets).toBeUndefined();
    expect((await runCli(count)).stdout).toBe(before.stdout);
    expect((await runCli(['rebucket', '--buckets', '1', '--store', dir])).stdout).toMatch(/already has 1 bucket: nothing to do/);
  });

  it('a bad bucket count: exit 1 and the range, no stack trace', async () => {
    const dir = path.join(tempDir(), 's');
    const r = await runCli(['init', '--store', dir, '--buckets', '0']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'quarry: --buckets must be a whole number from 1 to 4096, not 0\n' });
    expect(fs.existsSync(dir)).toBe(false);
    const store = await newStore();
    const r2 = await runCli(['rebucket', '--buckets', '2.5', '--store', store]);
    expect(r2).toMatchObject({ code: 1, stderr: 'quarry: --buckets must be a whole number from 1 to 4096, not 2.5\n' });
  });
});

describe.concurrent('quarry info', () => {
  it('text and --json agree with the imported data', async () => {
    const dir = await newStore('Europe/Berlin');
    await runCli(['import', 'events', fx('raw.jsonl'), fx('bom-crlf.jsonl'), '--store', dir]);
    const text = await runCli(['info', '--store', dir, '--format', 'table']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(normalizeOutput(text.stdout, { [dir]: '<store>' })).toBe(
      [
        'store      <store>',
        'timezone   Europe/Berlin',
        'events     6 on 2 days, 2016-03-01 to 2016-03-02',
        'users      3 distinct ids, 0 profiles',
        'cohorts    (none)',
        '',
        'event names:',
        '             2  view',
        '             1  a',
        '             1  b',
        '             1  purchase',
        '             1  signup',
        '',
        'event properties:',
        '  number   age',
        '  number   amount',
        '  string   coupon',
        '  string   page',
        '  boolean  paid',
        '  string   plan',
        '  json     tags',
        '',
        'profile properties:',
        '',
      ].join('\n'),
    );
    const json = await runCli(['info', '--json', '--store', dir]);
    expect(JSON.parse(json.stdout)).toEqual({
      store: dir,
      timezone: 'Europe/Berlin',
      events: 6,
      days: 2,
      from: '2016-03-01',
      to: '2016-03-02',
      eventNames: { view: 2, a: 1, b: 1, purchase: 1, signup: 1 },
      eventProperties: { age: 'number', amount: 'number', coupon: 'string', page: 'string', paid: 'boolean', plan: 'string', tags: 'json' },
      users: 3,
      profiles: 0,
      profileProperties: {},
      groups: {},
      cohorts: [],
      defaultColumns: ['$name', '$email', '$city', '$country_code'],
    });
  });

  it('a property typed differently on two days shows as mixed', async () => {
    const dir = await newStore();
    const f = path.join(tempDir(), 'm.jsonl');
    fs.writeFileSync(f, '{"event":"e","properties":{"time":1456790400,"x":1}}\n{"event":"e","properties":{"time":1456876800,"x":"one"}}\n');
    await runCli(['import', 'events', f, '--store', dir]);
    expect(JSON.parse((await runCli(['info', '--json', '--store', dir])).stdout).eventProperties).toEqual({ x: 'mixed' });
  });

  // BUG (src/cli/commands/info.ts, not fixed here): describeStore sums into plain
  // objects, so an event named "constructor" counts as "function Object() {...}1" and
  // properties named "constructor"/"toString" show as "mixed". The manifest itself is
  // right (src/store fixed); only the summary is wrong.
  it('names and keys such as "constructor" are counted like any other', async () => {
    const dir = await newStore();
    const f = path.join(tempDir(), 'p.jsonl');
    fs.writeFileSync(f, '{"event":"constructor","properties":{"time":1456790400,"toString":5}}\n');
    await runCli(['import', 'events', f, '--store', dir]);
    const info = JSON.parse((await runCli(['info', '--json', '--store', dir])).stdout);
    expect(info.eventNames).toEqual({ constructor: 1 });
    expect(info.eventProperties).toEqual({ toString: 'number' });
  });

  it('an empty store, and a directory that is not a store', async () => {
    const dir = await newStore();
    expect(JSON.parse((await runCli(['info', '--json', '--store', dir])).stdout)).toMatchObject({ events: 0, days: 0, from: null, to: null, users: 0 });
    const notStore = tempDir();
    const r = await runCli(['info', '--store', notStore]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`quarry: ${notStore} is not a quarry store (no manifest.json). Create one with: quarry init --store ${notStore}\n`);
  });
});

describe.concurrent('usage', () => {
  it('no command, an unknown command or option: exit 2', async () => {
    for (const args of [[], ['frobnicate'], ['info', '--no-such-option'], ['import']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/Run with --help for usage\.\n$/);
    }
  });
});

describe('--version', () => {
  it('prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(normalizeOutput(r.stdout)).toBe('<version>\n');
  });
});

describe('--help', () => {
  const commands = [
    [],
    ['run'],
    ['init'],
    ['import'],
    ['import', 'events'],
    ['import', 'people'],
    ['import', 'updates'],
    ['info'],
    ['demo'],
    ['repl'],
    ['users'],
    ['columns'],
    ['user'],
    ['profile'],
    ['count'],
    ['cohort'],
    ['serve'],
    ['export'],
    ['export', 'events'],
    ['export', 'people'],
    ['rebucket'],
    ['plan'],
    ['exec-shard'],
    ['merge'],
    ['finish'],
  ];
  it.concurrent.for(commands.map((c) => [c.join(' ') || '(top level)', c] as const))(
    '%s: exit 0, an example, matches the golden file',
    async ([, cmd], { expect }) => {
      const r = await runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      if (cmd.length) expect(r.stdout).toMatch(/\nExamples:\n {2}quarry /);
      const text = normalizeOutput(r.stdout);
      const file = path.join(GOLDEN, `help-${cmd.join('-') || 'quarry'}.txt`);
      if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) fs.writeFileSync(file, text);
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
    },
  );
});
