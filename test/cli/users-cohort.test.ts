import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, ev, makeStore, quarry, REPO, tempDir, writeFile } from './users-helpers.js';

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
});
afterAll(cleanup);

const AS_OF = ['--as-of', '2024-03-31'];
const members = (store: string, name: string, extra: string[] = []) =>
  quarry(['cohort', 'members', name, '--store', store, '--columns', 'plan', '--sort', '$distinct_id', '--format', 'csv', ...AS_OF, ...extra])
    .stdout.trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',')[0]);
const create = (store: string, args: string[]) => {
  const r = quarry(['cohort', 'create', ...args, '--store', store, ...AS_OF]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r;
};

describe('quarry cohort create: each criterion kind', () => {
  let s = '';
  beforeAll(() => {
    s = makeStore();
  });

  it('property', () => {
    expect(create(s, ['Pros', '--where', 'properties["plan"] == "pro"']).stdout).toBe(
      'created cohort "Pros": 2 members as of 2024-03-31\n  profile: properties["plan"] == "pro"\n',
    );
    expect(members(s, 'Pros')).toEqual(['a', 'c']);
  });
  it('did, at least / at most / exactly, within, between, event where, distinct days', () => {
    create(s, ['B3', '--did', 'Purchase', '--at-least', '3', '--within', '30d']);
    expect(members(s, 'B3')).toEqual(['a']);
    create(s, ['Bmost1', '--did', 'Purchase', '--at-most', '1']);
    expect(members(s, 'Bmost1')).toEqual(['b', 'c', 'e']);
    create(s, ['Bexact2', '--did', 'Purchase', '--exactly', '2']);
    expect(members(s, 'Bexact2')).toEqual(['d']);
    create(s, ['Feb', '--did', 'Login', '--from', '2024-02-01', '--to', '2024-02-29']);
    expect(members(s, 'Feb')).toEqual(['c']);
    create(s, ['Big', '--did', 'Purchase', '--event-where', 'properties["amount"] >= 100']);
    expect(members(s, 'Big')).toEqual(['d']);
    create(s, ['Days', '--did', 'Purchase', '--at-least', '2', '--distinct-days']);
    expect(members(s, 'Days')).toEqual(['a']);
    const r = create(s, ['Recent1', '--did', 'Purchase', '--within', '1d']);
    expect(r.stdout).toContain('0 members as of 2024-03-31'); // as of the end of 03-31: nothing that day
  });
  it('did not, in / not in cohort, AND by default and OR with --any', () => {
    create(s, ['NoBuy', '--not-did', 'Purchase']);
    expect(members(s, 'NoBuy')).toEqual(['c', 'e']);
    create(s, ['ProNoBuy', '--in-cohort', 'Pros', '--in-cohort', 'NoBuy']);
    expect(members(s, 'ProNoBuy')).toEqual(['c']);
    create(s, ['ProOrNoBuy', '--in-cohort', 'Pros', '--in-cohort', 'NoBuy', '--any']);
    expect(members(s, 'ProOrNoBuy')).toEqual(['a', 'c', 'e']);
    create(s, ['NotPro', '--not-in-cohort', 'Pros']);
    expect(members(s, 'NotPro')).toEqual(['b', 'd', 'e']);
    const show = quarry(['cohort', 'show', 'ProNoBuy', '--store', s, '--format', 'table', ...AS_OF]).stdout;
    expect(show).toContain('all of:\n    in cohort "Pros"\n    in cohort "NoBuy"\nmembers as of 2024-03-31: 1');
  });
  it('nested AND/OR from a JSON definition, and the hosted stored shape', () => {
    const nested = writeFile(
      'n.json',
      JSON.stringify({
        operator: 'or',
        children: [
          {
            operator: 'and',
            children: [
              { type: 'property', where: 'properties["plan"] == "pro"' },
              { type: 'behavior', event: 'Purchase' },
            ],
          },
          { type: 'behavior', event: 'Purchase', count: { op: '==', value: 2 } },
        ],
      }),
    );
    create(s, ['Nested', '--definition', nested]);
    expect(members(s, 'Nested')).toEqual(['a', 'd']);
    const hosted = writeFile(
      'h.json',
      JSON.stringify({
        selector: {
          operator: 'and',
          children: [
            { property: 'user', value: 'plan', operator: '==', operand: 'pro', type: 'string' },
            { property: 'behaviors', value: 'bhvr_0', operator: '>=', operand: 3 },
          ],
        },
        behaviors: { bhvr_0: { count: { event_selector: { event: 'Purchase' }, type: 'absolute' }, window: { unit: 'day', value: 30 } } },
      }),
    );
    create(s, ['Hosted', '--definition', hosted]);
    expect(members(s, 'Hosted')).toEqual(['a']);
  });
  it('errors: no criteria, a modifier without --did, a bad selector (caret), a cycle, unknown cohorts', () => {
    expect(quarry(['cohort', 'create', 'X', '--store', s]).stderr).toContain('say who is in the cohort');
    expect(quarry(['cohort', 'create', 'X', '--within', '3d', '--store', s]).stderr).toBe('quarry: --within must follow a --did or --not-did criterion\n');
    const bad = quarry(['cohort', 'create', 'X', '--did', 'P', '--event-where', 'properties["a"] >', '--store', s]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^quarry: invalid selector: --event-where: line 1, column \d+: .*\n.*\n\s+\^\n$/);
    expect(quarry(['cohort', 'create', 'X', '--in-cohort', 'Nope', '--store', s]).stderr).toContain(
      'refers to cohort "Nope", which does not exist; known cohorts: "Pros"',
    );
    create(s, ['C1', '--in-cohort', 'Pros']);
    create(s, ['C2', '--in-cohort', 'C1']);
    const cyc = quarry(['cohort', 'create', 'C1', '--in-cohort', 'C2', '--replace', '--store', s]);
    expect([cyc.code, cyc.stderr]).toEqual([1, 'quarry: cohorts would refer to each other in a cycle: "C1" -> "C2" -> "C1"\n']);
    expect(quarry(['cohort', 'members', 'Nope', '--store', s]).stderr).toMatch(/^quarry: unknown cohort "Nope"; known cohorts: "Pros", /);
    expect(quarry(['cohort', 'create', 'Pros', '--where', 'true', '--store', s]).stderr).toContain('already exists');
  });
});

describe('list, show, members, freeze, rename, delete, export, import', () => {
  it('works end to end', () => {
    const s = makeStore();
    create(s, ['Buyers', '--did', 'Purchase']);
    create(s, ['Pros', '--where', 'properties["plan"] == "pro"', '--description', 'paying']);
    const list = JSON.parse(quarry(['cohort', 'list', '--json', '--store', s, ...AS_OF]).stdout);
    expect(list.map((c: { name: string; members: number; kind: string }) => [c.name, c.kind, c.members])).toEqual([
      ['Buyers', 'dynamic', 3],
      ['Pros', 'dynamic', 2],
    ]);
    expect(quarry(['cohort', 'list', '--store', s, '--format', 'table', ...AS_OF]).stdout).toMatch(/Buyers\s+1\s+dynamic\s+3/);
    expect(quarry(['cohort', 'members', 'Buyers', '--count', '--store', s, ...AS_OF]).stdout).toBe('3\n');
    expect(quarry(['cohort', 'members', 'Buyers', '--count', '--all', 'false', '--store', s, ...AS_OF]).stdout).toBe('2\n');
    expect(quarry(['cohort', 'members', 'Buyers', '--format', 'table', '--columns', '$name', '--store', s, ...AS_OF]).stdout).toContain(
      '3 members of "Buyers" · showing 1–3 · page 1 of 1',
    );
    expect(quarry(['users', '--cohort', 'Buyers', '--cohort', 'Pros', '--count', '--store', s, ...AS_OF]).stdout).toBe('1\n');
    const f = quarry(['cohort', 'freeze', 'Buyers', '--as', 'Buyers Feb', '--as-of', '2024-02-29', '--store', s]);
    expect(f.stdout).toBe('static cohort "Buyers Feb": 0 members\n');
    expect(quarry(['cohort', 'freeze', 'Pros', '--store', s]).stdout).toBe('static cohort "Pros": 2 members\n');
    expect(quarry(['cohort', 'show', 'Pros', '--store', s, '--format', 'table']).stdout).toContain('a fixed list of 2 distinct_ids');
    expect(quarry(['cohort', 'rename', 'Buyers', 'Customers', '--store', s]).code).toBe(0);
    const exported = path.join(tempDir(), 'c.json');
    expect(quarry(['cohort', 'export', '--out', exported, '--store', s]).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(exported, 'utf8')).cohorts.map((c: { name: string }) => c.name)).toEqual(['Customers', 'Pros', 'Buyers Feb']);
    const t = makeStore();
    expect(quarry(['cohort', 'import', exported, '--store', t]).stdout).toBe('imported 3 cohort(s): "Customers", "Pros", "Buyers Feb"\n');
    expect(quarry(['cohort', 'import', exported, '--store', t]).stderr).toContain('pass --replace');
    expect(quarry(['cohort', 'members', 'Customers', '--count', '--store', t, ...AS_OF]).stdout).toBe('3\n');
    expect(quarry(['cohort', 'delete', 'Customers', '--store', s]).stdout).toBe('deleted cohort "Customers"\n');
    expect(quarry(['cohort', 'delete', 'Customers', '--store', s]).stderr).toContain('unknown cohort "Customers"');
    const hosted = writeFile('raw.json', JSON.stringify({ raw_cohort: { and_batch: [{ event_selectors: [{ event: 'Login' }], filter_type: 'selector' }] } }));
    expect(quarry(['cohort', 'import', hosted, '--name', 'Loggers', '--store', s]).code).toBe(0);
    expect(quarry(['cohort', 'members', 'Loggers', '--count', '--store', s]).stdout).toBe('3\n');
  });
});

describe('static vs dynamic', () => {
  it('a dynamic cohort changes after new events are imported; a static one does not', () => {
    const s = makeStore();
    create(s, ['Loggers', '--did', 'Login']);
    create(s, ['Frozen', '--in-cohort', 'Loggers']);
    quarry(['cohort', 'freeze', 'Frozen', '--store', s]);
    expect(members(s, 'Loggers')).toEqual(['a', 'b', 'c']);
    expect(members(s, 'Frozen')).toEqual(['a', 'b', 'c']);
    const more = writeFile('more.jsonl', [ev('Login', 'd', '2024-03-31'), ev('Login', 'e', '2024-03-31')].map((e) => JSON.stringify(e)).join('\n'));
    expect(quarry(['import', 'events', more, '--store', s]).code).toBe(0);
    expect(members(s, 'Loggers')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(members(s, 'Frozen')).toEqual(['a', 'b', 'c']);
  });

  it("a CSV of ids with a Cohort column: --from-csv takes that cohort's rows; the seed flow (property cohort) stays fixed", () => {
    const s = makeStore();
    const csv = writeFile('ids.csv', '$distinct_id,Cohort\na,Android Users\nb,iOS Users\nc,Android Users\nnew1,Android Users\n');
    expect(quarry(['cohort', 'create', 'Android Users', '--from-csv', csv, '--store', s]).stdout).toBe(
      'created static cohort "Android Users": 3 ids (1 not in the store yet; they count once they appear), 1 rows of other cohorts left out\n',
    );
    expect(members(s, 'Android Users')).toEqual(['a', 'c']);
    expect(quarry(['cohort', 'create', 'Windows', '--from-csv', csv, '--store', s]).stderr).toBe(
      'quarry: no row of ' + csv + ' has Cohort = "Windows"; its Cohort values are: "Android Users", "iOS Users"\n',
    );
    const plain = writeFile('plain.txt', 'b\ne\n');
    expect(quarry(['cohort', 'create', 'Two', '--from-csv', plain, '--store', s]).code).toBe(0);
    expect(members(s, 'Two')).toEqual(['b', 'e']);
    // The hosted way: profiles imported with a Cohort property (PEOPLE_CSV), then a cohort on that property.
    create(s, ['Android (property)', '--where', 'properties["Cohort"] == "Android Users"']);
    expect(members(s, 'Android (property)')).toEqual(['a', 'c']);
    const more = writeFile('more.jsonl', JSON.stringify(ev('Purchase', 'c', '2024-03-31')));
    quarry(['import', 'events', more, '--store', s]);
    expect(members(s, 'Android (property)')).toEqual(['a', 'c']);
  });
});

describe('cohorts in JQL', () => {
  it('People({cohort}), Events({cohort}), join({cohort}), a list means any; count_unique; unknown names list the known ones', () => {
    const s = makeStore();
    create(s, ['Buyers', '--did', 'Purchase', '--at-least', '2']);
    create(s, ['Pros', '--where', 'properties["plan"] == "pro"']);
    const run = (script: string) => {
      const f = writeFile('q.js', script);
      return quarry(['run', f, '--store', s, '--now', '2024-03-31T23:59:59Z']);
    };
    expect(JSON.parse(run('function main() { return People({cohort: "Buyers"}).map(u => u.distinct_id); }').stdout)).toEqual(['a']);
    expect(
      JSON.parse(
        run(
          'function main() { return Events({from_date: "2024-01-01", to_date: "2024-03-31", cohort: "Buyers"}).groupBy(["distinct_id"], mixpanel.reducer.count()); }',
        ).stdout,
      ),
    ).toEqual([
      { key: ['a'], value: 4 },
      { key: ['d'], value: 2 },
    ]);
    expect(
      JSON.parse(
        run(
          'function main() { return Events({from_date: "2024-01-01", to_date: "2024-03-31", cohort: ["Buyers", "Pros"]}).reduce(mixpanel.reducer.count_unique("distinct_id")); }',
        ).stdout,
      ),
    ).toEqual([3]);
    expect(
      JSON.parse(
        run(
          'function main() { return join(Events({from_date: "2024-01-01", to_date: "2024-03-31"}), People(), {cohort: "Pros"}).map(t => t.user.distinct_id).reduce(mixpanel.reducer.count()); }',
        ).stdout,
      ),
    ).toEqual([5]);
    const bad = run('function main() { return People({cohort: "Nope"}); }');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown cohort "Nope"; known cohorts: "Buyers", "Pros"');
  });
});
