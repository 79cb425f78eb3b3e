import zlib from 'node:zlib';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { importPeopleCsv, POSSIBLE_DUPLICATE, RANDOM_ID } from '../../../src/ingest/index.js';
import { cleanStores, fixture, groupProfile, profileCount, reasons, tempFile, tempStore, userProfile, warnings } from './helpers.js';

afterEach(cleanStores);

const NOW = Date.UTC(2024, 5, 1, 12);
const LAST_SEEN = '2024-06-01T12:00:00';

describe('importPeopleCsv: header row', () => {
  it('names properties by the header, maps bare reserved names, keeps every value a string', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people.csv'), { now: NOW });
    expect(r.summary('profiles')).toBe('read 2, imported 2 profiles, skipped 0');
    expect(r.notes).toEqual([
      'column "email" imported as the reserved property "$email"',
      'column "first_name" imported as the reserved property "$first_name"',
      'column "Last Name" imported as the reserved property "$last_name"',
      'column "phone" imported as the reserved property "$phone"',
    ]);
    expect(userProfile(store, 'u1')).toEqual({
      time: NOW,
      lastSeen: NOW,
      properties: {
        $email: 'ada@example.com',
        $first_name: 'Ada',
        $last_name: 'Lovelace',
        $phone: '+4930123',
        plan: 'premium',
        age: '36',
        signup: '2024-01-05',
        $last_seen: LAST_SEEN,
      },
    });
    // The empty "Last Name" cell of u2 sets nothing.
    expect(userProfile(store, 'u2')?.properties).not.toHaveProperty('$last_name');
    expect(userProfile(store, 'u2')?.properties.signup).toBe('2023-12-31T10:00:00+02:00');
  });

  it('overwrites imported values and keeps the other properties; empty cells never erase', async () => {
    const store = tempStore();
    await importPeopleCsv(store, fixture('people.csv'), { now: NOW });
    const f = tempFile('again.csv', 'distinct_id,plan,age\nu1,free,\n');
    await importPeopleCsv(store, f, { now: NOW });
    expect(userProfile(store, 'u1')?.properties).toMatchObject({ plan: 'free', age: '36', $first_name: 'Ada' });
  });

  it('idColumn picks the identifier column by name', async () => {
    const store = tempStore();
    const f = tempFile('ids.csv', 'user,email,plan\nx1,a@x.com,free\n');
    await importPeopleCsv(store, f, { idColumn: 'user', now: NOW });
    expect(userProfile(store, 'x1')?.properties).toEqual({ $email: 'a@x.com', plan: 'free', $last_seen: LAST_SEEN });
  });

  it('an email column chosen as the identifier stays $email too', async () => {
    const store = tempStore();
    const f = tempFile('ids.csv', 'email,plan\na@x.com,free\n');
    await importPeopleCsv(store, f, { idColumn: 'email', now: NOW });
    expect(userProfile(store, 'a@x.com')?.properties.$email).toBe('a@x.com');
  });

  it('an unknown idColumn is an error that lists the columns', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people.csv'), { idColumn: 'uid' })).rejects.toThrow(
      'the identifier column "uid" is not in the header ("$distinct_id", "email", "first_name", "Last Name", "phone", "plan", "age", "signup")',
    );
    expect(store.reopen().manifest.generation).toBe(0);
  });

  it('two columns setting the same property is an error', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people-two-email-columns.csv'))).rejects.toMatchObject({
      name: 'UserError',
      message: 'columns 2 and 3 of the header both set "$email": rename or leave out one of them',
    });
    await expect(importPeopleCsv(store, fixture('people-two-email-columns.csv'), { columns: ['$distinct_id', 'a', 'a'] })).rejects.toMatchObject({
      name: 'UsageError',
      message: 'columns 2 and 3 of the column map both set "a": rename or leave out one of them',
    });
  });
});

describe('importPeopleCsv: no header', () => {
  it('takes the properties from the column map; "-" leaves a column out', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-no-header.csv'), { header: false, columns: ['$distinct_id', 'email', '-', 'plan'], now: NOW });
    expect(r.imported).toBe(2);
    expect(userProfile(store, 'u1')?.properties).toEqual({ $email: 'ada@example.com', plan: 'premium', $last_seen: LAST_SEEN });
    expect(r.notes).toEqual(['column "email" imported as the reserved property "$email"']);
  });

  it('a column map also replaces the names of a header row', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-bom-crlf.csv'), { columns: ['$distinct_id', 'full_name', '-'], now: NOW });
    expect(r.imported).toBe(2);
    expect(userProfile(store, 'u1')?.properties).toEqual({ full_name: 'Lovelace, Ada', $last_seen: LAST_SEEN });
    await expect(importPeopleCsv(store, fixture('people-bom-crlf.csv'), { columns: ['$distinct_id', 'x'] })).rejects.toThrow(
      'the column map names 2 columns but the header of people-bom-crlf.csv has 3',
    );
  });

  it('needs a column map', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people-no-header.csv'), { header: false })).rejects.toThrow(/needs a column map/);
  });

  it('a row whose width differs from the column map is a bad row', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-no-header.csv'), { header: false, columns: ['$distinct_id', '$email', '-'] });
    expect(reasons(r)).toEqual({ 'wrong number of columns': ['people-no-header.csv:1 (4, expected 3)', 'people-no-header.csv:2 (4, expected 3)'] });
  });
});

describe('importPeopleCsv: identifiers', () => {
  it('without an identifier column, $email becomes the distinct_id, else a random UUID v4 (reported)', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-no-id-column.csv'), { now: NOW });
    expect(r.imported).toBe(3);
    expect(userProfile(store, 'ada@example.com')?.properties).toEqual({ $name: 'Ada', $email: 'ada@example.com', plan: 'premium', $last_seen: LAST_SEEN });
    expect(userProfile(store, 'bob@example.com')?.properties.$name).toBe('Bob');
    const places = warnings(r)[RANDOM_ID]!;
    expect(places).toHaveLength(1);
    const m = /^people-no-id-column.csv:3 = ([0-9a-f-]{36})$/.exec(places[0]!);
    expect(m?.[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(userProfile(store, m![1]!)?.properties.$name).toBe('NoMail');
    expect(r.notes).toContain('no identifier column: $email is used as the distinct_id');
    expect(r.notes).toContain('1 random distinct_id(s) generated for rows without an identifier or email (the first five are listed in the warnings)');
  });

  it('with neither identifier nor email column every row gets its own random id', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-no-id-no-email.csv'), { now: NOW });
    expect(r.imported).toBe(2);
    expect(profileCount(store)).toBe(2);
    expect(r.notes).toContain('no identifier column and no $email column: every profile gets a random distinct_id');
  });

  it('an empty identifier is a bad row with its line number', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-empty-id.csv'), { now: NOW });
    expect(r.summary('profiles')).toBe(
      'read 4, imported 2 profiles, skipped 2 (2 empty identifier: people-empty-id.csv:3 (column 1), people-empty-id.csv:4 (column 1))',
    );
    expect(profileCount(store)).toBe(2);
  });

  it('counts the same email under two ids as possible duplicates (case-insensitive, also against existing profiles)', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-duplicate-emails.csv'), { now: NOW });
    expect(r.imported).toBe(3);
    expect(warnings(r)).toEqual({
      [POSSIBLE_DUPLICATE]: ['people-duplicate-emails.csv:2 (ada@example.com; also u2)', 'people-duplicate-emails.csv:3 (ADA@example.com; also u1)'],
    });
    const again = await importPeopleCsv(store, tempFile('more.csv', 'distinct_id,email\nu9,carol@example.com\n'), { now: NOW });
    expect(warnings(again)).toEqual({ [POSSIBLE_DUPLICATE]: ['more.csv:2 (carol@example.com; also u3)'] });
  });
});

describe('importPeopleCsv: rows and quoting', () => {
  it('wrong column count: bad rows listed with line numbers, the others imported', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-wrong-column-count.csv'), { now: NOW });
    expect(reasons(r)).toEqual({
      'wrong number of columns': ['people-wrong-column-count.csv:3 (2, expected 3)', 'people-wrong-column-count.csv:4 (4, expected 3)'],
    });
    expect(r.imported).toBe(2);
    expect(userProfile(store, 'u4')?.properties.plan).toBe('free');
  });

  it('strict: any bad row aborts with nothing written', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people-wrong-column-count.csv'), { strict: true })).rejects.toThrow(
      'import aborted (--strict): read 4, imported 2 profiles, skipped 2 (2 wrong number of columns: people-wrong-column-count.csv:3 (2, expected 3), people-wrong-column-count.csv:4 (4, expected 3)). Nothing was written.',
    );
    expect(store.reopen().manifest.generation).toBe(0);
    expect(store.reopen().users.size).toBe(0);
  });

  it('drops the BOM, reads CRLF lines and RFC 4180 quoting', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-bom-crlf.csv'), { now: NOW });
    expect(r.imported).toBe(2);
    expect(userProfile(store, 'u1')?.properties).toEqual({ $name: 'Lovelace, Ada', $city: 'London', $last_seen: LAST_SEEN });
    expect(userProfile(store, 'u2')?.properties.$name).toBe('Bob "The Builder"');
    expect(r.notes).toEqual(['column "city" imported as the reserved property "$city"']);
  });

  it('keeps line breaks inside quoted values and counts lines across them', async () => {
    const store = tempStore();
    const f = tempFile('q.csv', '$distinct_id,notes,n\nu1,"a\nb",1\nu2,"c\r\nd"\n\nu3,x,1,extra\n');
    const r = await importPeopleCsv(store, f, { now: NOW });
    expect(userProfile(store, 'u1')?.properties.notes).toBe('a\nb');
    // Lines: u2 starts on line 4 (u1 spans 2-3), u3 on line 7 (u2 spans 4-5, line 6 empty).
    expect(reasons(r)).toEqual({ 'wrong number of columns': ['q.csv:4 (2, expected 3)', 'q.csv:7 (4, expected 3)'] });
    const fixtureReport = await importPeopleCsv(store, fixture('people-quoted-newlines.csv'), { now: NOW });
    expect(fixtureReport.imported).toBe(3);
    expect(userProfile(store, 'u1')?.properties.notes).toBe('line one\nline two\nline three');
    expect(userProfile(store, 'u3')?.properties.notes).toBe('multi\n\nline');
  });

  it('an unclosed quote is an error naming the file, with nothing written', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people-unclosed-quote.csv'))).rejects.toThrow(
      /^people-unclosed-quote.csv:2: Quote Not Closed.*must be in double quotes/,
    );
    expect(store.reopen().manifest.generation).toBe(0);
  });

  it('a missing file or a directory is a clear error', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('no-such.csv'))).rejects.toThrow(/cannot read .*no-such.csv: no such file/);
    await expect(importPeopleCsv(store, fixture(''))).rejects.toThrow(/cannot read .*ingest: not a file/);
  });

  it('an empty group key is a usage error', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('groups.csv'), { groupKey: '' })).rejects.toThrow(/the group key is empty/);
  });

  it('reads a gzipped CSV', async () => {
    const store = tempStore();
    const f = tempFile('p.csv.gz', zlib.gzipSync(fs.readFileSync(fixture('people.csv'))));
    expect((await importPeopleCsv(store, f, { now: NOW })).imported).toBe(2);
  });

  it('an empty file imports nothing and says so', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, tempFile('empty.csv', ''), { now: NOW });
    expect(r.imported).toBe(0);
    expect(r.notes).toEqual(['empty.csv is empty: no header, no rows']);
  });
});

describe('importPeopleCsv: phone', () => {
  it('a phone without + is a row warning; the row is imported', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('people-bad-phone.csv'), { now: NOW });
    expect(r.imported).toBe(3);
    expect(warnings(r)).toEqual({ '$phone does not start with "+"': ['people-bad-phone.csv:3'] });
    expect(userProfile(store, 'u2')?.properties.$phone).toBe('030 555 1234');
  });

  it('under --strict it is a bad row', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people-bad-phone.csv'), { strict: true })).rejects.toThrow(
      /skipped 1 \(1 \$phone does not start with "\+": people-bad-phone.csv:3\)/,
    );
  });
});

describe('importPeopleCsv: --infer-types', () => {
  it('reads numbers, booleans, JSON lists and objects; normalizes dates; leaves the rest as text', async () => {
    const store = tempStore();
    await importPeopleCsv(store, fixture('people-infer-types.csv'), { inferTypes: true, now: NOW });
    expect(userProfile(store, 'u1')?.properties).toEqual({
      n: 42,
      flag: true,
      when: '2024-01-05T00:00:00',
      list: ['a', 1],
      obj: { k: 2 },
      zip: '007',
      text: 'hello',
      $phone: '+49',
      utc: '2024-01-05T08:00:00',
      $last_seen: LAST_SEEN,
    });
    expect(userProfile(store, 'u2')?.properties).toEqual({
      n: -1500,
      flag: false,
      when: '2024-01-05T10:11:00',
      list: '[broken',
      obj: '{x}',
      zip: '1e999',
      $phone: '+1',
      $last_seen: LAST_SEEN,
    });
  });
});

describe('importPeopleCsv: round trip', () => {
  it('an export-shaped CSV ($distinct_id first, JSON text for lists) imports back to the same profiles', async () => {
    const store = tempStore();
    const csv =
      '$distinct_id,$name,$email,age,tags,newsletter,$last_seen\nu1,"Lovelace, Ada",ada@example.com,36,"[""a"",""b""]",true,2024-03-01T10:00:00\nu2,Bob,,41,,false,2024-03-02T11:00:00\n';
    await importPeopleCsv(store, tempFile('export.csv', csv), { inferTypes: true, now: NOW });
    expect(userProfile(store, 'u1')).toEqual({
      time: Date.UTC(2024, 2, 1, 10),
      lastSeen: Date.UTC(2024, 2, 1, 10),
      properties: { $name: 'Lovelace, Ada', $email: 'ada@example.com', age: 36, tags: ['a', 'b'], newsletter: true, $last_seen: '2024-03-01T10:00:00' },
    });
    expect(userProfile(store, 'u2')?.properties).toEqual({ $name: 'Bob', age: 41, newsletter: false, $last_seen: '2024-03-02T11:00:00' });
  });
});

describe('importPeopleCsv: limits, modes, groups', () => {
  it('more rows than maxRows is an error before anything is written', async () => {
    const store = tempStore();
    await expect(importPeopleCsv(store, fixture('people-wrong-column-count.csv'), { maxRows: 3 })).rejects.toThrow(
      'people-wrong-column-count.csv has more than 3 rows (row at line 5); nothing was imported. Split the file, or raise the limit (--max-rows).',
    );
    expect(store.reopen().manifest.generation).toBe(0);
    expect((await importPeopleCsv(store, fixture('people-wrong-column-count.csv'), { maxRows: 4 })).read).toBe(4);
  });

  it('create and update modes', async () => {
    const store = tempStore();
    await importPeopleCsv(store, fixture('people.csv'), { now: NOW });
    const f = tempFile('m.csv', '$distinct_id,plan\nu1,gold\nu9,gold\n');
    const c = await importPeopleCsv(store, f, { mode: 'create', now: NOW });
    expect([c.imported, Object.keys(warnings(c))]).toEqual([1, ['profile already exists (create mode: skipped)']]);
    expect(userProfile(store, 'u1')?.properties.plan).toBe('premium');
    const f2 = tempFile('m.csv', '$distinct_id,plan\nu1,gold\nu8,gold\n');
    const u = await importPeopleCsv(store, f2, { mode: 'update', now: NOW });
    expect([u.imported, Object.keys(warnings(u))]).toEqual([1, ['no such profile (update mode: skipped)']]);
    expect(userProfile(store, 'u1')?.properties.plan).toBe('gold');
    expect(userProfile(store, 'u8')).toBeUndefined();
  });

  it('imports group profiles keyed by $group_id', async () => {
    const store = tempStore();
    const r = await importPeopleCsv(store, fixture('groups.csv'), { groupKey: 'company_id', now: NOW });
    expect(r.imported).toBe(2);
    expect(groupProfile(store, 'company_id', 'acme')?.properties).toEqual({ $name: 'Acme Inc', employees: '120', $last_seen: LAST_SEEN });
    expect(store.reopen().profiles()).toBeNull();
  });

  it('a $last_seen column sets the last-seen time (round trip of an export)', async () => {
    const store = tempStore();
    await importPeopleCsv(store, tempFile('s.csv', '$distinct_id,$last_seen\nu1,2024-03-01T10:00:00\n'), { now: NOW });
    expect(userProfile(store, 'u1')).toMatchObject({
      time: Date.UTC(2024, 2, 1, 10),
      lastSeen: Date.UTC(2024, 2, 1, 10),
      properties: { $last_seen: '2024-03-01T10:00:00' },
    });
  });
});
