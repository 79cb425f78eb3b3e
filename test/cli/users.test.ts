import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, makeStore, quarry, REPO, tempDir, writeFile } from './users-helpers.js';

let store = '';
beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
  store = makeStore();
});
afterAll(cleanup);

const lines = (s: string) => s.trim().split(/\r?\n/);

describe('quarry users', () => {
  it('lists User Profiles as CSV with --format csv; JSON (the engage shape) into a pipe by default', () => {
    const r = quarry(['users', '--store', store, '--columns', '$name,plan', '--sort', '$distinct_id', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['$distinct_id,$name,plan', 'a,Ann,pro', 'b,Bob,free', 'c,"Cy, Jr.",pro', 'e,Eve,free']);
    const piped = JSON.parse(quarry(['users', '--store', store, '--columns', '$name', '--sort', '$distinct_id']).stdout);
    expect(piped.map((u: { $distinct_id: string }) => u.$distinct_id)).toEqual(['a', 'b', 'c', 'e']);
    expect(JSON.parse(quarry(['users', '--store', store, '--columns', '$name', '--sort', '$distinct_id', '--json']).stdout)).toEqual(piped);
  });
  it('--all adds users without a profile; --count prints the number only', () => {
    expect(quarry(['users', '--store', store, '--count']).stdout).toBe('4\n');
    expect(quarry(['users', '--store', store, '--all', '--count']).stdout).toBe('5\n');
    expect(lines(quarry(['users', '--store', store, '--all', '--columns', 'plan', '--sort', '$distinct_id', '--format', 'csv']).stdout)).toContain('d,');
  });
  it('--where, --ids, --sort --desc, --limit/--page', () => {
    expect(
      lines(
        quarry(['users', '--store', store, '--where', 'properties["$city"] == "Paris"', '--columns', '$city', '--sort', '$distinct_id', '--format', 'csv'])
          .stdout,
      ),
    ).toEqual(['$distinct_id,$city', 'b,Paris', 'c,Paris']);
    const ids = writeFile('ids.txt', 'e\nb\nnobody\n');
    expect(lines(quarry(['users', '--store', store, '--ids', ids, '--columns', 'age', '--sort', 'age', '--desc', '--format', 'csv']).stdout)).toEqual([
      '$distinct_id,age',
      'b,40',
      'e,',
    ]);
    expect(
      lines(quarry(['users', '--store', store, '--columns', 'age', '--sort', '$distinct_id', '--limit', '2', '--page', '2', '--format', 'csv']).stdout),
    ).toEqual(['$distinct_id,age', 'c,', 'e,']);
  });
  it('--format table has a footer with the total and the page; json is the engage shape; jsonl one a line', () => {
    const t = quarry(['users', '--store', store, '--format', 'table', '--columns', '$name', '--sort', '$distinct_id', '--limit', '3']);
    expect(t.stdout).toContain('4 users · showing 1–3 · page 1 of 2; next: --page 2');
    expect(t.stdout.split('\n')[1]).toMatch(/^─+/);
    const j = JSON.parse(quarry(['users', '--store', store, '--format', 'json', '--columns', '$name,age', '--sort', '$distinct_id']).stdout);
    expect(j[0]).toEqual({ $distinct_id: 'a', $properties: { $name: 'Ann', age: 30 } });
    const l = lines(quarry(['users', '--store', store, '--format', 'jsonl', '--sort', '$distinct_id']).stdout).map((x) => JSON.parse(x));
    expect(l).toHaveLength(4);
  });
  it('--out writes a file (format from the extension) and reports on stderr', () => {
    const out = path.join(tempDir(), 'u.json');
    const r = quarry(['users', '--store', store, '--out', out]);
    expect(r.stderr).toContain('wrote 4 of 4 users to');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toHaveLength(4);
  });
  it('an unknown property in --columns is a warning; a malformed --where is an error with the caret; an unknown cohort lists the known ones', () => {
    const w = quarry(['users', '--store', store, '--columns', 'plan,Plan']);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('warning: unknown profile property "Plan" in --columns');
    const e = quarry(['users', '--store', store, '--where', 'properties["plan"] = "pro"']);
    expect(e.code).toBe(1);
    expect(e.stderr).toBe(
      'quarry: invalid selector: line 1, column 20: expected \'==\' to compare values, found \'=\'\n  properties["plan"] = "pro"\n                     ^\n',
    );
    const c = quarry(['users', '--store', store, '--cohort', 'Nope']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/^quarry: unknown cohort "Nope"; known cohorts: /);
    expect(c.stderr).not.toContain('    at ');
    expect(quarry(['users', '--store', store, '--limit', '0']).stderr).toContain('--limit needs a whole number >= 1');
  });
});

describe('round trip', () => {
  it('CSV export then quarry import people gives back the same profiles', () => {
    const out = path.join(tempDir(), 'all.csv');
    expect(quarry(['users', '--store', store, '--columns', '*', '--out', out]).code).toBe(0);
    const copy = path.join(tempDir(), 'copy');
    quarry(['init', '--store', copy]);
    const imp = quarry(['import', 'people', out, '--store', copy, '--infer-types']);
    expect(imp.code).toBe(0);
    const dump = (s: string) => JSON.parse(quarry(['users', '--store', s, '--columns', '*', '--format', 'json', '--sort', '$distinct_id']).stdout);
    expect(dump(copy)).toEqual(dump(store));
    // and again: export of the copy is byte-identical
    const out2 = path.join(tempDir(), 'all2.csv');
    quarry(['users', '--store', copy, '--columns', '*', '--out', out2, '--sort', '$distinct_id']);
    const out1 = path.join(tempDir(), 'all1.csv');
    quarry(['users', '--store', store, '--columns', '*', '--out', out1, '--sort', '$distinct_id']);
    expect(fs.readFileSync(out2, 'utf8')).toBe(fs.readFileSync(out1, 'utf8'));
  });
});

describe('quarry columns', () => {
  it('shows and sets the default columns (unknown names warn)', () => {
    const s = makeStore();
    expect(quarry(['columns', '--store', s]).stdout).toBe('$name,$email,$city,$country_code\n');
    const r = quarry(['columns', 'set', 'plan,$name,bogus', '--store', s]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: unknown profile property "bogus"');
    expect(quarry(['columns', 'show', '--store', s]).stdout).toBe('plan,$name,bogus\n');
    expect(lines(quarry(['users', '--store', s, '--sort', '$distinct_id', '--limit', '1', '--format', 'csv']).stdout)).toEqual([
      '$distinct_id,plan,$name,bogus',
      'a,pro,Ann,',
    ]);
    expect(quarry(['columns', 'set', '--store', s]).code).toBe(2);
  });
});

describe('quarry user', () => {
  it('prints the profile and the feed, newest first, with paging', () => {
    const r = quarry(['user', 'a', '--store', store, '--events', '2', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('user a\n');
    expect(r.stdout).toMatch(/\n  plan +pro\n/);
    expect(r.stdout).toMatch(/2024-03-30 12:00:00 {2}Purchase {2}amount=30 method=paypal\n {2}2024-03-29 12:00:00 {2}Purchase/);
    // The next page starts at the oldest event shown, as a project-time date (2024-03-29T12:00:00Z = 1711713600000).
    expect(r.stdout).toContain('older events: --before 2024-03-29T12:00:00');
    const j = JSON.parse(quarry(['user', 'a', '--store', store, '--json', '--before', '2024-03-29T12:00:00']).stdout);
    expect(j.events.map((e: { localTime: string }) => e.localTime)).toEqual(['2024-03-28T12:00:00', '2024-03-01T12:00:00']);
    expect(JSON.parse(quarry(['user', 'a', '--store', store, '--before', '1711713600000']).stdout).events).toEqual(j.events);
    expect(quarry(['user', 'd', '--store', store, '--format', 'table']).stdout).toContain('(no profile)');
    const bad = quarry(['user', 'zz', '--store', store]);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      'quarry: no user with distinct_id "zz" in this store (no profile, no events); list users with: quarry users --all\n',
    ]);
  });
});

describe('quarry profile', () => {
  it('set (typed values), create/update warnings, unset, delete', () => {
    const s = makeStore();
    expect(quarry(['profile', 'set', 'zed', 'age=34', 'tags=["a","b"]', 'name=Zed Z', 'zip="02134"', '--store', s]).stdout).toBe(
      'zed: set age, tags, name, zip\n',
    );
    const j = JSON.parse(quarry(['users', '--store', s, '--ids', writeFile('i', 'zed\n'), '--columns', 'age,tags,name,zip', '--format', 'json']).stdout);
    expect(j[0].$properties).toEqual({ age: 34, tags: ['a', 'b'], name: 'Zed Z', zip: '02134' });
    const c = quarry(['profile', 'set', 'zed', 'age=1', '--mode', 'create', '--store', s]);
    expect([c.code, c.stdout, c.stderr]).toEqual([0, 'zed: nothing changed\n', 'warning: profile already exists (create mode: skipped): zed\n']);
    expect(quarry(['profile', 'set', 'nobody', 'x=1', '--mode', 'update', '--store', s]).stderr).toContain('no such profile (update mode: skipped)');
    expect(quarry(['profile', 'unset', 'zed', 'tags', '--store', s]).stdout).toBe('zed: unset tags\n');
    expect(quarry(['profile', 'delete', 'zed', '--store', s]).stdout).toBe('zed: profile deleted\n');
    expect(quarry(['users', '--store', s, '--count']).stdout).toBe('4\n');
    expect(quarry(['profile', 'set', 'zed', 'oops', '--store', s]).stderr).toBe('quarry: expected prop=value, got "oops"\n');
  });
});

describe('quarry count', () => {
  it('total vs unique, one flag apart; --by; --from/--to; --where', () => {
    expect(quarry(['count', 'Purchase', '--store', store]).stdout).toBe('6\n');
    expect(quarry(['count', 'Purchase', '--unique', '--store', store]).stdout).toBe('3\n');
    expect(quarry(['count', 'Purchase', '--from', '2024-03-29', '--to', '2024-03-29', '--store', store]).stdout).toBe('1\n');
    expect(quarry(['count', 'Purchase', '--where', 'properties["amount"] >= 100', '--store', store]).stdout).toBe('2\n');
    const by = JSON.parse(quarry(['count', 'Purchase', '--by', 'method', '--unique', '--format', 'json', '--store', store]).stdout);
    expect(by).toEqual([
      { event: 'Purchase', method: 'card', users: 2 },
      { event: 'Purchase', method: null, users: 1 },
      { event: 'Purchase', method: 'paypal', users: 1 },
    ]);
    const two = quarry(['count', 'Purchase', 'Login', '--store', store, '--format', 'table']).stdout;
    expect(two).toMatch(/Purchase\s+6\nLogin\s+3/);
    expect(JSON.parse(quarry(['count', 'Purchase', 'Login', '--store', store]).stdout)).toEqual([
      { event: 'Purchase', events: 6 },
      { event: 'Login', events: 3 },
    ]);
  });
});

describe('every command has --help with an example', () => {
  it.each([
    ['users'],
    ['columns'],
    ['user'],
    ['profile'],
    ['profile', 'set'],
    ['count'],
    ['cohort'],
    ['cohort', 'create'],
    ['cohort', 'members'],
    ['cohort', 'freeze'],
    ['cohort', 'import'],
  ])('%s', (...cmd) => {
    const r = quarry([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });
});
