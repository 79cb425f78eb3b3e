/**
 * Issue 10, "a new user's first hour", command by command, as child processes:
 * CSV import without a header, CSV output that reads back, the REPL's keys, silent
 * zeros, --out into a missing folder, standard input, one output rule, tables that
 * fit the terminal, argument errors, progress on a terminal, the demo store, and the
 * smaller items. Terminal cases run under a pseudo-terminal (util-linux `script`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { HAS_SCRIPT, runInTty, startInTty } from '../helpers/pty.js';
import { cleanup, makeStore, quarry, REPO, tempDir, writeFile } from './users-helpers.js';

let store = '';
beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
  store = makeStore();
});
afterAll(cleanup);

const emptyStore = () => {
  const s = path.join(tempDir(), 'store');
  expect(quarry(['init', '--store', s]).code).toBe(0);
  return s;
};
/** Every profile with its properties ($last_seen, the import time, left out). */
const profiles = (s: string) =>
  (
    JSON.parse(quarry(['users', '--store', s, '--columns', '*', '--sort', '$distinct_id', '--json']).stdout) as Array<{
      $distinct_id: string;
      $properties: Record<string, unknown>;
    }>
  ).map(({ $distinct_id, $properties: { $last_seen: _, ...rest } }) => ({ $distinct_id, $properties: rest }));

describe('1. a CSV without a header row', () => {
  const NO_HEADER = 'u1,ann@x.com,Ann\nu2,bob@x.com,Bob\n';

  it('is refused (exit 1, nothing written) with the command that reads it', () => {
    const s = emptyStore();
    const r = quarry(['import', 'people', writeFile('h.csv', NO_HEADER), '--store', s]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('h.csv: the first row looks like data, not a header ("ann@x.com" is an email address)');
    expect(r.stderr).toContain("--no-header --columns '$distinct_id,$email,prop3'");
    expect(quarry(['users', '--store', s, '--count']).stdout).toBe('0\n');
  });

  it('an id already in the store in the header row is data too', () => {
    const r = quarry(['import', 'people', writeFile('ids.csv', 'a,Ann\nb,Bob\n'), '--store', store, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"a" is a distinct_id already in the store');
  });

  it('--no-header --columns imports every row, the first one included', () => {
    const s = emptyStore();
    const r = quarry(['import', 'people', writeFile('h.csv', NO_HEADER), '--store', s, '--no-header', '--columns', '$distinct_id,$email,$name']);
    expect(r.code).toBe(0);
    expect(profiles(s)).toEqual([
      { $distinct_id: 'u1', $properties: { $email: 'ann@x.com', $name: 'Ann' } },
      { $distinct_id: 'u2', $properties: { $email: 'bob@x.com', $name: 'Bob' } },
    ]);
  });

  it('semicolons and tabs are detected; --delimiter chooses; a header-less semicolon file is refused the same way', () => {
    const s = emptyStore();
    const semi = quarry(['import', 'people', writeFile('s.csv', '$distinct_id;$name;city\nu1;Ann;Köln\nu2;"Bob; Jr.";Bonn\n'), '--store', s]);
    expect(semi.code).toBe(0);
    expect(semi.stderr).toContain('fields are separated by ";" (detected; --delimiter to choose)');
    const tab = quarry(['import', 'people', writeFile('t.tsv', '$distinct_id\tplan\nu3\tpro\n'), '--store', s]);
    expect(tab.code).toBe(0);
    const pipe = quarry(['import', 'people', writeFile('p.csv', '$distinct_id|plan\nu4|free\n'), '--store', s, '--delimiter', '|']);
    expect(pipe.code).toBe(0);
    expect(profiles(s).map((p) => [p.$distinct_id, p.$properties])).toEqual([
      ['u1', { $name: 'Ann', $city: 'Köln' }],
      ['u2', { $name: 'Bob; Jr.', $city: 'Bonn' }],
      ['u3', { plan: 'pro' }],
      ['u4', { plan: 'free' }],
    ]);
    const bad = quarry(['import', 'people', writeFile('h2.csv', 'u9;ann@x.com;Ann\nu8;bob@x.com;Bob\n'), '--store', s]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--no-header --columns '$distinct_id,$email,prop3'");
    expect(quarry(['import', 'people', writeFile('x.csv', 'a\n'), '--store', s, '--delimiter', ';;']).code).toBe(2);
  });

  it('--dry-run prints what would be created and updated, and writes nothing', () => {
    const s = emptyStore();
    quarry(['profile', 'set', 'u1', 'plan=free', '--store', s]);
    const before = fs.readFileSync(path.join(s, 'manifest.json'), 'utf8');
    const r = quarry(['import', 'people', writeFile('d.csv', '$distinct_id,plan\nu1,pro\nu2,free\nu3,pro\n'), '--store', s, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read 3, would import 3 profiles (2 new, 1 updated)');
    expect(r.stdout).toContain(
      'dry run: nothing was written. 2 profiles would be created, 1 updated; the first ones:\n  u1  {"plan":"pro"}\n  u2  {"plan":"free"}\n',
    );
    expect(fs.readFileSync(path.join(s, 'manifest.json'), 'utf8')).toBe(before);
  });

  it('cohort create --from-csv: a header cell "email" is a header, and emails stand for their profiles', () => {
    const s = makeStore();
    const r = quarry(['cohort', 'create', 'Mailed', '--from-csv', writeFile('m.csv', 'email\nann@x.io\nBOB@x.io\nnobody@x.io\n'), '--store', s]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created static cohort "Mailed": 2 ids');
    expect(r.stderr).toContain('1 email(s) in');
    const ids = JSON.parse(quarry(['cohort', 'members', 'Mailed', '--store', s, '--json']).stdout).map((u: { $distinct_id: string }) => u.$distinct_id);
    expect(ids.sort()).toEqual(['a', 'b']);
  });
});

describe('2. CSV output', () => {
  it('quotes values with line breaks; LF line ends by default, --crlf for the RFC form; it re-imports unchanged', () => {
    const s = makeStore();
    quarry(['profile', 'set', 'a', 'note=line one\nline two', 'quote=say "hi", ok', '--store', s]);
    const out = path.join(tempDir(), 'p.csv');
    expect(quarry(['users', '--store', s, '--columns', '*', '--sort', '$distinct_id', '--out', out]).code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('"line one\nline two"');
    expect(text).toContain('"say ""hi"", ok"');
    expect(text.includes('\r')).toBe(false);
    const copy = emptyStore();
    expect(quarry(['import', 'people', out, '--store', copy, '--infer-types']).code).toBe(0);
    expect(profiles(copy)).toEqual(profiles(s));
    const crlf = quarry(['users', '--store', s, '--columns', 'note', '--sort', '$distinct_id', '--format', 'csv', '--crlf']).stdout;
    expect(crlf.startsWith('$distinct_id,note\r\na,"line one\nline two"\r\n')).toBe(true);
  });

  it('run --format csv quotes a value holding a line break', () => {
    const q = writeFile(
      'nl.js',
      'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-01"}).map(function (e) { return {name: e.name, text: "a\\nb"}; }); }',
    );
    const r = quarry(['run', q, '--store', store, '--format', 'csv']);
    expect(r.stdout).toBe('name,text\nLogin,"a\nb"\n');
  });
});

describe('3. the REPL', () => {
  it.runIf(HAS_SCRIPT)(
    'Ctrl-C cancels a running query and returns to the prompt; the next query runs; Ctrl-C twice on an empty line leaves',
    async () => {
      const t = startInTty(['repl', '--store', store], { env: { HOME: tempDir() } });
      try {
        await t.waitFor(/quarry> /);
        t.send('Events({from_date: "2024-03-01", to_date: "2024-03-31"}).filter(function (e) { while (true) {} })\r');
        // The expression waited for a possible .method( line, then ran: the "..." prompt is erased.
        await t.waitFor(/\.\.\. \x1b\[5G\r\x1b\[K/);
        await new Promise((r) => setTimeout(r, 300));
        t.send('\x03');
        await t.waitFor(/\(cancelled\)[\s\S]*quarry> /);
        const from = t.output().length;
        // Multi-line: an object left open, and a chain typed one call per line.
        t.send('Events({\r');
        t.send('  from_date: "2024-03-01",\r');
        // Pasted: the chain's last lines arrive together.
        t.send('  to_date: "2024-03-31"})\r  .groupBy(["name"], mixpanel.reducer.count())\r');
        await t.waitFor(/Purchase\s+6/, 20_000, from);
        await t.waitFor(/quarry> (\x1b\[\d+G)?$/, 20_000, from); // the prompt is back (the cursor moved after it)
        t.send('\x03');
        await t.waitFor(/press Ctrl\+C again/, 20_000, from);
        t.send('\x03');
        expect(await t.closed).toBe(0);
        const after = t.output().slice(from);
        // The chain ran once, whole: no partial result (a raw event list) before the grouped one.
        expect(after).not.toContain('"distinct_id"');
        expect(after.match(/Purchase\s+6/g)).toHaveLength(1);
      } finally {
        t.child.kill();
      }
    },
    60_000,
  );
});

describe('4. silent zeros', () => {
  it('count: unknown event names and --by properties get did-you-mean notes; reversed dates are a usage error', () => {
    const r = quarry(['count', 'Purchse', '--store', store]);
    expect([r.code, r.stdout]).toEqual([0, '0\n']);
    expect(r.stderr).toContain('note: no event is named "Purchse" in this store (did you mean "Purchase"?)');
    expect(quarry(['count', 'purchase', '--store', store]).stderr).toContain('(did you mean "Purchase"?)');
    const by = quarry(['count', 'Purchase', '--by', 'methd', '--store', store]);
    expect(by.stderr).toContain('no event has the property "methd" (--by) (did you mean "method"?)');
    const rev = quarry(['count', 'Purchase', '--from', '2024-03-31', '--to', '2024-03-01', '--store', store]);
    expect(rev.code).toBe(2);
    expect(rev.stderr).toBe('quarry: --from 2024-03-31 is after --to 2024-03-01: swap them\n');
  });

  it('a number compared with a property stored as text gets the number(...) hint', () => {
    const s = emptyStore();
    const ev = writeFile('e.jsonl', JSON.stringify({ event: 'Purchase', properties: { time: 1711800000, distinct_id: 'x', amount: '120' } }) + '\n');
    quarry(['import', 'events', ev, '--store', s]);
    const r = quarry(['count', 'Purchase', '--where', 'properties["amount"] > 100', '--store', s]);
    expect(r.stdout).toBe('0\n');
    expect(r.stderr).toContain(
      'properties["amount"] is stored as text, and text is never > a number; to compare it as a number write number(properties["amount"]) > 100',
    );
    expect(quarry(['count', 'Purchase', '--where', 'number(properties["amount"]) > 100', '--store', s]).stdout).toBe('1\n');
    const u = quarry(['users', '--where', 'properties["age"] > 35 and properties["pln"] == "pro"', '--store', store, '--count']);
    expect(u.stderr).toContain('no profile has the property "pln" (did you mean "plan"?)');
  });

  it('cohort create: an unknown event and an empty window say so', () => {
    const s = makeStore();
    const r = quarry(['cohort', 'create', 'X', '--did', 'Purchse', '--within', '30d', '--store', s]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no event is named "Purchse" in this store (did you mean "Purchase"?)');
    expect(r.stderr).toMatch(
      /the window the last 30 day\(s\) up to \d{4}-\d\d-\d\d holds no events: this store's events run from 2024-02-01 to 2024-03-30; to count back from the data's last day, add --as-of 2024-03-30/,
    );
    // And again wherever the cohort is read without --as-of: it is empty every time.
    const empty = /^note: cohort "X": the window the last 30 day\(s\) up to \d{4}-\d\d-\d\d holds no events: .* add --as-of 2024-03-30$/m;
    for (const args of [
      ['cohort', 'list'],
      ['cohort', 'show', 'X'],
      ['cohort', 'members', 'X', '--count'],
      ['users', '--all', '--cohort', 'X', '--count'],
    ]) {
      const read = quarry([...args, '--store', s]);
      expect(read.code, args.join(' ')).toBe(0);
      expect(read.stderr, args.join(' ')).toMatch(empty);
    }
    // With --as-of the window holds events: no note.
    expect(quarry(['cohort', 'members', 'X', '--count', '--as-of', '2024-03-30', '--store', s]).stderr).not.toContain('holds no events');
  });

  it('JQL keeps hosted semantics (no error, exit 0); --warn prints the same hints', () => {
    const q = writeFile(
      'q.js',
      'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-31", event_selectors: [{event: "Purchse"}]}).reduce(mixpanel.reducer.count()); }',
    );
    const plain = quarry(['run', q, '--store', store]);
    expect([plain.code, plain.stdout, plain.stderr]).toEqual([0, '[0]\n', '']);
    const warned = quarry(['run', q, '--store', store, '--warn']);
    expect([warned.code, warned.stdout]).toEqual([0, '[0]\n']);
    expect(warned.stderr).toContain('hint: no event is named "Purchse" in this store (did you mean "Purchase"?)');
  });
});

describe('5. --out into a missing folder', () => {
  it.each([
    ['users', ['users']],
    ['run', ['run', '-']],
    ['count', ['count', 'Purchase', '--format', 'csv']],
    ['cohort export', ['cohort', 'export']],
    ['cohort members', ['cohort', 'members', 'X']],
    ['user', ['user', 'a']],
  ])('%s: exit 2 and what to do, no stack trace', (_, args) => {
    const out = path.join(tempDir(), 'no', 'such', 'dir', 'out.csv');
    const r = quarry([...args, '--store', store, '--out', out], { input: 'function main() { return [1]; }' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${out}: the folder ${path.dirname(out)} does not exist; create it first`);
    expect(r.stderr).not.toMatch(/\n\s+at |Unhandled|internal error/);
  });
});

describe('6. - is standard input', () => {
  it('import events -, import people - (JSON or CSV), users --ids -, cohort create --from-csv -', () => {
    const s = emptyStore();
    const ev = [
      { event: 'A', properties: { time: 1711800000, distinct_id: 'p' } },
      { event: 'B', properties: { time: 1711800001, distinct_id: 'q' } },
    ];
    const r = quarry(['import', 'events', '-', '--store', s], { input: ev.map((e) => JSON.stringify(e)).join('\n') });
    expect([r.code, r.stdout]).toEqual([0, 'read 2, imported 2 events, skipped 0\n']);
    expect(quarry(['import', 'people', '-', '--store', s], { input: '[{"$distinct_id":"p","$properties":{"plan":"pro"}}]' }).code).toBe(0);
    expect(quarry(['import', 'people', '-', '--store', s], { input: '$distinct_id,plan\nq,free\n' }).code).toBe(0);
    expect(profiles(s)).toEqual([
      { $distinct_id: 'p', $properties: { plan: 'pro' } },
      { $distinct_id: 'q', $properties: { plan: 'free' } },
    ]);
    expect(JSON.parse(quarry(['users', '--ids', '-', '--store', s, '--json'], { input: 'q\n' }).stdout)).toEqual([{ $distinct_id: 'q', $properties: {} }]);
    expect(quarry(['cohort', 'create', 'Q', '--from-csv', '-', '--store', s], { input: 'q\n' }).stdout).toContain('created static cohort "Q": 1 ids');
  });
});

describe('7. one output rule', () => {
  it('into a pipe: JSON from every listing command; --json is --format json; --format chooses', () => {
    expect(JSON.parse(quarry(['count', 'Purchase', 'Login', '--store', store]).stdout)).toEqual([
      { event: 'Purchase', events: 6 },
      { event: 'Login', events: 3 },
    ]);
    expect(JSON.parse(quarry(['info', '--store', store]).stdout).events).toBe(9);
    expect(JSON.parse(quarry(['cohort', 'list', '--store', store]).stdout)).toEqual([]);
    const q = writeFile(
      'c.js',
      'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-31"}).groupBy(["name"], mixpanel.reducer.count()); }',
    );
    const json = quarry(['run', q, '--store', store]).stdout;
    expect(JSON.parse(json)).toEqual([
      { key: ['Login'], value: 2 },
      { key: ['Purchase'], value: 6 },
    ]);
    expect(quarry(['run', q, '--store', store, '--json']).stdout).toBe(json);
    expect(quarry(['run', q, '--store', store, '--format', 'table']).stdout).toBe('key.0     value\n────────  ─────\nLogin         2\nPurchase      6\n');
    expect(quarry(['run', q, '--store', store, '--json', '--format', 'csv']).code).toBe(2);
  });

  it.runIf(HAS_SCRIPT)('on a terminal: a table from run, count and users', () => {
    const q = writeFile(
      'c.js',
      'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-31"}).groupBy(["name"], mixpanel.reducer.count()); }',
    );
    expect(runInTty(['run', q, '--store', store]).output).toContain('key.0     value\n────────  ─────\nLogin         2\nPurchase      6\n');
    expect(runInTty(['count', 'Purchase', 'Login', '--store', store]).output).toMatch(/event\s+events\n─+\s+─+\nPurchase\s+6\nLogin\s+3\n/);
    expect(runInTty(['users', '--store', store, '--columns', '$name', '--sort', '$distinct_id']).output).toContain('4 users · showing 1–4 · page 1 of 1');
  });
});

describe('8. tables fit the terminal', () => {
  it.runIf(HAS_SCRIPT)('columns shrink to the terminal width with "…"; --wide keeps them whole; CJK counts two columns', () => {
    const s = makeStore();
    quarry(['profile', 'set', 'a', `bio=${'x'.repeat(80)}`, 'city=東京都渋谷区', '--store', s]);
    const args = ['users', '--store', s, '--columns', 'bio,city,$email', '--sort', '$distinct_id'];
    const narrow = runInTty(args, { cols: 60 })
      .output.split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('users ·'));
    for (const l of narrow) expect([...l].length).toBeLessThanOrEqual(60);
    expect(narrow.find((l) => l.startsWith('a '))).toMatch(/x…/);
    const wide = runInTty([...args, '--wide'], { cols: 60 }).output;
    expect(wide).toContain('x'.repeat(80));
    expect(wide).toContain('東京都渋谷区');
  });
});

describe('9. argument errors say what to type', () => {
  it('--where without a value, --limit ten, quarry user without an id, --events -1', () => {
    const w = quarry(['users', '--store', store, '--where']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain(`--where needs a value, e.g. --where 'properties["plan"] == "pro"'`);
    const l = quarry(['users', '--store', store, '--limit', 'ten']);
    expect([l.code, l.stderr]).toEqual([2, 'quarry: --limit needs a whole number >= 1, got "ten" (e.g. --limit 20)\n']);
    const u = quarry(['user', '--store', store]);
    expect([u.code, u.stderr]).toEqual([2, 'quarry: quarry user needs a distinct_id: quarry user ID (list ids with: quarry users, or quarry users --all)\n']);
    expect(quarry(['user', 'a', '--store', store, '--events', '-1']).code).toBe(2);
    const did = quarry(['cohort', 'create', 'X', '--did', '--store', store]);
    expect([did.code, did.stderr]).toEqual([
      2,
      'quarry: --did needs a value, an event name: --did Purchase (a value starting with "-" takes the = form: --did=VALUE)\n',
    ]);
  });

  it('--where=... takes a selector that starts with "-"', () => {
    const r = quarry(['count', 'Purchase', '--where=-properties["amount"] < -50', '--store', store]);
    expect([r.code, r.stdout]).toEqual([0, '2\n']);
  });

  it('mixpanel.reducer.cnt() names the reducer that does not exist', () => {
    const q = writeFile('cnt.js', 'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-31"}).reduce(mixpanel.reducer.cnt()); }');
    const r = quarry(['run', q, '--store', store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TypeError: mixpanel.reducer.cnt is not a function: mixpanel.reducer has no reducer "cnt" (did you mean "count"');
  });

  it('the users --help example is quoted for the shell', () => {
    expect(quarry(['users', '--help']).stdout).toContain(`--sort '$name' --columns '$name,$email'`);
  });
});

describe('10. progress on long queries', () => {
  const slow =
    'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-31"}).filter(function (e) { var t = Date.now(); while (Date.now() - t < 250) {} return true; }).reduce(mixpanel.reducer.count()); }';
  it.runIf(HAS_SCRIPT)(
    'a progress line on a terminal (stderr), erased when the result comes',
    () => {
      const r = runInTty(['run', writeFile('slow.js', slow), '--store', store, '--format', 'json']);
      expect(r.code).toBe(0);
      expect(r.output).toMatch(/running: \d+\/\d+ partitions, [\d,]+ rows scanned, \d+\.\d s/);
      expect(r.output).toContain('[8]');
    },
    30_000,
  );

  it('nothing when stderr is not a terminal', async () => {
    const r = await runCli(['run', writeFile('slow.js', slow), '--store', store], { env: { CI: '' } });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '[8]\n', '']);
  }, 30_000);
});

describe('11. the demo store', () => {
  it('a write without a store suggests a writable copy: quarry demo --store DIR', async () => {
    const r = await runCli(['cohort', 'create', 'Buyers', '--did', 'Purchase'], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('For a writable copy of the demo data: quarry demo --store demo');
  });

  it("the docs' cohort examples give real answers on a demo copy", () => {
    const demo = path.join(tempDir(), 'demo');
    expect(quarry(['demo', '--store', demo, '--events', '20000']).code).toBe(0);
    const buyers = quarry(['cohort', 'create', 'Buyers', '--did', 'Purchase', '--at-least', '3', '--within', '30d', '--as-of', '2024-03-31', '--store', demo]);
    const n = Number(/: (\d+) members as of 2024-03-31/.exec(buyers.stdout)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(quarry(['cohort', 'members', 'Buyers', '--count', '--as-of', '2024-03-31', '--store', demo]).stdout).toBe(`${n}\n`);
    const march = quarry(['cohort', 'create', 'March', '--did', 'Purchase', '--from', '2024-03-01', '--to', '2024-03-31', '--store', demo]);
    expect(Number(/: (\d+) members now/.exec(march.stdout)?.[1])).toBeGreaterThan(0);
    // Without --as-of the window ends today, long after the demo data: a note says so.
    const now = quarry(['cohort', 'create', 'Recent', '--did', 'Purchase', '--within', '30d', '--store', demo]);
    expect(now.stderr).toMatch(
      /holds no events: this store's events run from 2024-01-0\d to 2024-03-31; to count back from the data's last day, add --as-of 2024-03-31/,
    );
  }, 60_000);
});

describe('12. smaller items', () => {
  it('--page past the end says so; user --events 0; the next-page hint is a date', () => {
    const t = quarry(['users', '--store', store, '--format', 'table', '--limit', '2', '--page', '9']);
    expect(t.stdout).toBe('4 users; page 9 is past the end (the last page is 2: --page 2)\n');
    const c = quarry(['users', '--store', store, '--format', 'csv', '--limit', '2', '--page', '9']);
    expect(c.stderr).toContain('warning: page 9 is past the end');
    const z = quarry(['user', 'a', '--events', '0', '--store', store, '--format', 'table']);
    expect(z.code).toBe(0);
    expect(z.stdout).toContain('older events: --before 2024-03-30T12:00:00.001');
  });

  it('group profiles: listed with users --group-key, edited with profile --group-key', () => {
    const s = emptyStore();
    expect(
      quarry([
        'import',
        'people',
        writeFile('g.csv', '$group_id,name,seats\nacme,Acme,10\nbeta,Beta,3\n'),
        '--group-key',
        'company_id',
        '--infer-types',
        '--store',
        s,
      ]).code,
    ).toBe(0);
    expect(quarry(['profile', 'set', 'acme', 'plan=enterprise', '--group-key', 'company_id', '--store', s]).stdout).toBe('acme: set plan\n');
    expect(quarry(['profile', 'unset', 'beta', 'seats', '--group-key', 'company_id', '--store', s]).stdout).toBe('beta: unset seats\n');
    const csv = quarry(['users', '--group-key', 'company_id', '--columns', '$name,plan,seats', '--store', s, '--format', 'csv']).stdout;
    expect(csv).toBe('$group_id,$name,plan,seats\nacme,Acme,enterprise,10\nbeta,Beta,,\n');
    expect(quarry(['users', '--group-key', 'company_id', '--where', 'properties["seats"] > 5', '--store', s, '--count']).stdout).toBe('1\n');
    expect(quarry(['profile', 'delete', 'beta', '--group-key', 'company_id', '--store', s]).stdout).toBe('beta: profile deleted\n');
    const unknown = quarry(['users', '--group-key', 'compny_id', '--store', s]);
    expect(unknown.stderr).toContain('no group profiles for the group key "compny_id" (did you mean "company_id"?)');
    expect(quarry(['users', '--store', s, '--count']).stdout).toBe('0\n'); // user profiles untouched
  });
});
