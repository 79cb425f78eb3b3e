import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../../src/cohort/index.js';
import type { Store } from '../../../src/store/index.js';
import {
  cellText,
  countEvents,
  deleteProfile,
  listUsers,
  parseAssignment,
  parseTimeArg,
  resolveColumns,
  selectUsers,
  setDefaultColumns,
  setProperties,
  unsetProperties,
  userHistory,
  writeUsers,
  type UsersFormat,
} from '../../../src/users/index.js';
import { AS_OF, cleanup, makeStore } from '../cohort/fixture.js';
import { chooseFormat } from '../../../src/output/index.js';

let store: Store;
beforeAll(async () => {
  store = await makeStore();
  await createCohort(store, { name: 'Buyers', criteria: { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 1 } } });
  store = store.reopen();
});
afterAll(cleanup);

const ids = (s: Store, users: Int32Array) => Array.from(users, (u) => s.users.ids[u]!);

async function render(format: UsersFormat, l: ReturnType<typeof listUsers>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c) => chunks.push(c));
  await writeUsers(format, l.rows(), l.columns, out, l.page);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('selecting users', () => {
  it('User Profiles vs All Users', () => {
    expect(ids(store, selectUsers(store)).sort()).toEqual(['a', 'b', 'c', 'e']);
    expect(ids(store, selectUsers(store, { all: true })).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('filters by selector, cohorts (all of them) and ids', () => {
    expect(ids(store, selectUsers(store, { where: 'properties["$city"] == "Paris"' }))).toEqual(['b', 'c']);
    expect(ids(store, selectUsers(store, { all: true, cohorts: ['Buyers'] })).sort()).toEqual(['a', 'b', 'd']);
    expect(ids(store, selectUsers(store, { cohorts: ['Buyers'], where: 'properties["plan"] == "free"' }))).toEqual(['b']);
    expect(ids(store, selectUsers(store, { all: true, ids: ['d', 'e', 'nobody'] })).sort()).toEqual(['d', 'e']);
    expect(() => selectUsers(store, { cohorts: ['Nope'] })).toThrow('unknown cohort "Nope"; known cohorts: "Buyers"');
    expect(() => selectUsers(store, { where: 'properties["a"] = 1' })).toThrow(/column 17/);
  });
});

describe('listing', () => {
  it('sorts by a column (missing last both ways), pages, and counts the total', () => {
    const l = listUsers(store, { all: true, sort: 'age', columns: ['age'] });
    expect(ids(store, l.users)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(store, listUsers(store, { all: true, sort: 'age', desc: true }).users).slice(0, 2)).toEqual(['b', 'a']);
    expect(ids(store, listUsers(store, { sort: '$name', desc: true }).users)).toEqual(['e', 'c', 'b', 'a']);
    expect(ids(store, listUsers(store, { sort: '$distinct_id' }).users)).toEqual(['a', 'b', 'c', 'e']);
    const p2 = listUsers(store, { sort: '$distinct_id', limit: 3, page: 2 });
    expect([p2.total, ids(store, p2.users), p2.page.offset]).toEqual([4, ['e'], 3]);
    expect(listUsers(store, { limit: 3, page: 9 }).users.length).toBe(0);
  });
  it('columns: defaults, explicit (unknown is a warning), "*" for every property', () => {
    expect(resolveColumns(store).columns).toEqual(['$name', '$email', '$city', '$country_code']);
    const r = resolveColumns(store, ['plan', 'Plan', 'city']);
    expect(r.columns).toEqual(['plan', 'Plan', 'city']);
    expect(r.warnings).toEqual([
      'unknown profile property "Plan" in --columns: no profile has it, so its column is empty (did you mean "plan"?)',
      'unknown profile property "city" in --columns: no profile has it, so its column is empty (did you mean "$city"?)',
    ]);
    expect(resolveColumns(store, ['*']).columns).toEqual(['$name', '$email', '$city', '$last_seen', 'age', 'plan', 'tags']);
    expect(listUsers(store, { sort: 'nope' }).warnings[0]).toContain('in --sort');
  });
  it('writes CSV, JSON (engage shape), JSONL and a table with a footer', async () => {
    const l = () => listUsers(store, { all: true, sort: '$distinct_id', columns: ['$name', 'age', 'tags'] });
    expect(await render('csv', l())).toBe('$distinct_id,$name,age,tags\na,Ann,30,\nb,Bob,40,\nc,Cy,,\nd,,,\ne,Eve,,"[""x"",""y""]"\n');
    const json = JSON.parse(await render('json', l()));
    expect(json[0]).toEqual({ $distinct_id: 'a', $properties: { $name: 'Ann', age: 30 } });
    expect(json[3]).toEqual({ $distinct_id: 'd', $properties: {} });
    expect(
      (await render('jsonl', l()))
        .trim()
        .split('\n')
        .map((x) => JSON.parse(x)),
    ).toEqual(json);
    const table = await render('table', listUsers(store, { all: true, sort: '$distinct_id', columns: ['$name', 'age'], limit: 2, page: 2 }));
    expect(table).toBe('$distinct_id  $name  age\n────────────  ─────  ───\nc             Cy\nd\n5 users · showing 3–4 · page 2 of 3; next: --page 3\n');
    expect(await render('json', listUsers(store, { ids: [] }))).toBe('[]\n');
    const past = await render('table', listUsers(store, { all: true, limit: 2, page: 9 }));
    expect(past).toBe('5 users; page 9 is past the end (the last page is 3: --page 3)\n');
  });
  it('cellText: empty for unset/null, JSON for lists and objects', () => {
    expect([cellText(undefined), cellText(null), cellText(1.5), cellText(false), cellText({ a: [1] })]).toEqual(['', '', '1.5', 'false', '{"a":[1]}']);
  });
});

describe("a user's history", () => {
  it('profile and events newest first, paged with before', () => {
    const h = userHistory(store, 'a', { limit: 2 });
    expect(h.profile?.properties).toMatchObject({ plan: 'pro', age: 30 });
    expect(h.events.map((e) => [e.name, e.localTime, e.properties.amount])).toEqual([
      ['Purchase', '2024-03-30T12:00:00', 30],
      ['Purchase', '2024-03-29T12:00:00', 20],
    ]);
    const next = userHistory(store, 'a', { limit: 2, beforeMs: h.nextBefore! });
    expect(next.events.map((e) => e.localTime)).toEqual(['2024-03-28T12:00:00', '2024-03-01T12:00:00']);
    expect(next.nextBefore).toBeNull();
    expect(userHistory(store, 'd').profile).toBeNull();
    expect(userHistory(store, 'e').events).toEqual([]);
    expect(() => userHistory(store, 'zz')).toThrow('no user with distinct_id "zz"');
  });
  it('shows times in the project timezone', async () => {
    const { Store } = await import('../../../src/store/index.js');
    const { importEvents } = await import('../../../src/ingest/index.js');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const s = Store.init(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-tz-')), 's'), { timezone: 'America/New_York' });
    await importEvents(s, [
      { label: 'x', records: [{ line: 1, value: { event: 'E', properties: { time: Date.UTC(2024, 6, 1, 12) / 1000, distinct_id: 'u' } } }] },
    ]);
    expect(userHistory(s.reopen(), 'u').events[0]!.localTime).toBe('2024-07-01T08:00:00');
  });
});

describe('counting events', () => {
  it('total vs unique, dates, selector, cohort', () => {
    expect(countEvents(store, { events: ['Purchase', 'Login'] })).toEqual([
      { event: 'Purchase', count: 6 },
      { event: 'Login', count: 3 },
    ]);
    expect(countEvents(store, { events: ['Purchase'], unique: true })).toEqual([{ event: 'Purchase', count: 3 }]);
    expect(countEvents(store, { events: ['Purchase'], from: '2024-03-30', to: '2024-03-30' })[0]!.count).toBe(4);
    expect(countEvents(store, { events: ['Purchase'], where: 'properties["amount"] >= 20' })[0]!.count).toBe(4);
    expect(countEvents(store, { events: ['Login'], unique: true, cohorts: ['Buyers'], asOfMs: AS_OF })[0]!.count).toBe(2);
    expect(countEvents(store, { events: ['Nothing'] })).toEqual([{ event: 'Nothing', count: 0 }]);
  });
  it('broken down by a property', () => {
    const s = countEvents(store, { events: ['Purchase', 'Login'], by: 'amount', unique: true });
    expect(s.filter((r) => r.event === 'Login')).toEqual([{ event: 'Login', value: null, count: 3 }]);
    expect(s.filter((r) => r.event === 'Purchase').map((r) => r.value)).toEqual([10, 100, 20, 200, 30, 5]);
  });
});

describe('profile edits', () => {
  it('parses prop=value like JSON when it is JSON', () => {
    expect(parseAssignment('age=34')).toEqual(['age', 34]);
    expect(parseAssignment('tags=["a","b"]')).toEqual(['tags', ['a', 'b']]);
    expect(parseAssignment('name=Ann Lee')).toEqual(['name', 'Ann Lee']);
    expect(parseAssignment('zip="02134"')).toEqual(['zip', '02134']);
    expect(parseAssignment('eq=a=b')).toEqual(['eq', 'a=b']);
    expect(() => parseAssignment('novalue')).toThrow('expected prop=value');
    expect(() => parseAssignment('$distinct_id=x')).toThrow('identifier');
  });
  it('set / unset / delete with the create and update warnings', async () => {
    const s = await makeStore();
    const r1 = await setProperties(s, 'a', { plan: 'team' }, { mode: 'create' });
    expect([r1.changed, r1.warnings]).toEqual([false, ['profile already exists (create mode: skipped): a']]);
    const r2 = await setProperties(s, 'zed', { plan: 'team' }, { mode: 'update' });
    expect([r2.changed, r2.warnings]).toEqual([false, ['no such profile (update mode: skipped): zed']]);
    const r3 = await setProperties(s, 'zed', { plan: 'team', $phone: '555' }, { mode: 'create' });
    expect(r3.changed).toBe(true);
    expect(r3.warnings.join()).toContain('+');
    expect(s.reopen().profiles()!.length).toBe(5);
    const r4 = await unsetProperties(s, 'a', ['plan', 'age']);
    expect(r4.profile?.properties.plan).toBeUndefined();
    expect((await unsetProperties(s, 'nobody', ['x'])).warnings).toEqual(['no such profile (update mode: skipped): nobody']);
    expect((await deleteProfile(s, 'zed')).changed).toBe(true);
    expect((await deleteProfile(s, 'zed')).changed).toBe(false);
    const fresh = s.reopen();
    expect(fresh.profiles()!.length).toBe(4);
    expect(fresh.profiles()!.propertiesAt(fresh.profiles()!.rowOfUser(fresh.users.lookup('a')!))).not.toHaveProperty('age');
  });
  it('default columns are saved in the store', async () => {
    const s = await makeStore();
    const r = await setDefaultColumns(s, ['plan', '$distinct_id', 'nope']);
    expect(r).toEqual({ columns: ['plan', 'nope'], warnings: ['unknown profile property "nope": no profile has it (yet); its column will be empty'] });
    expect(s.reopen().settings.defaultColumns).toEqual(['plan', 'nope']);
    await expect(setDefaultColumns(s, [])).rejects.toThrow('at least one');
  });
});

describe('command-line helpers', () => {
  it('chooseFormat: explicit, --json, by extension, table on a terminal, JSON otherwise', () => {
    const c = (format: string | undefined, out: string | undefined, isTTY: boolean, json?: boolean) => chooseFormat({ format, out, isTTY, json });
    expect([
      c('json', 'x.csv', true),
      c(undefined, 'x.jsonl', true),
      c(undefined, 'x.json', false),
      c(undefined, 'x.csv', true),
      c(undefined, 'x.txt', false),
      c(undefined, 'x.dat', true),
      c(undefined, undefined, true),
      c(undefined, undefined, false),
      c(undefined, undefined, true, true),
    ]).toEqual(['json', 'jsonl', 'json', 'csv', 'table', 'json', 'table', 'json', 'json']);
    expect(() => chooseFormat({ format: 'csv', json: true, isTTY: false })).toThrow('--json means --format json');
  });
  it('parseTimeArg reads days (start or end), local times, zoned times and epoch ms', () => {
    expect(parseTimeArg('2024-03-31', 'UTC', '--as-of', { endOfDay: true })).toBe(Date.UTC(2024, 3, 1) - 1);
    expect(parseTimeArg('2024-03-31', 'Europe/Berlin', '--before')).toBe(Date.UTC(2024, 2, 30, 23));
    expect(parseTimeArg('2024-03-31T10:00:00', 'Europe/Berlin', '--before')).toBe(Date.UTC(2024, 2, 31, 8));
    expect(parseTimeArg('2024-03-31T10:00:00Z', 'Europe/Berlin', '--before')).toBe(Date.UTC(2024, 2, 31, 10));
    expect(parseTimeArg('1711880000000', 'UTC', '--before')).toBe(1711880000000);
    expect(() => parseTimeArg('yesterday', 'UTC', '--as-of')).toThrow('--as-of "yesterday": expected a date');
  });
});
