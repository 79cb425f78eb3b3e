/**
 * readRecords: every input shape (JSON lines, a JSON array, gzip of either, detected
 * from the content), line numbers, bad lines, truncation, and files far larger than
 * one read chunk (1 MB) so records span chunk boundaries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { type RawRecord, readRecords } from '../../../src/ingest/read-records.js';
import { cleanTemp, gzip, writeTemp } from '../../helpers/index.js';

const FIX = path.resolve(import.meta.dirname, '../../fixtures/events');
const fx = (n: string) => path.join(FIX, n);

async function all(file: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of readRecords(file)) out.push(r);
  return out;
}

afterAll(cleanTemp);

const RAW_VALUES = [
  { event: 'signup', properties: { time: 1456790400, distinct_id: 'alice', $insert_id: 'i1', plan: 'free', age: 30 } },
  { event: 'view', properties: { time: 1456794000, distinct_id: 'bob', $insert_id: 'i2', page: '/home', tags: ['a', 'b'] } },
  { event: 'view', properties: { time: 1456797600, distinct_id: 'alice', $insert_id: 'i3', page: '/pricing', paid: true } },
  { event: 'purchase', properties: { time: 1456876800, distinct_id: 'alice', $insert_id: 'i4', amount: 9.99, coupon: null } },
];

describe('shapes', () => {
  it('JSON lines: one record per line, numbered from 1', async () => {
    const r = await all(fx('raw.jsonl'));
    expect(r.map((x) => x.line)).toEqual([1, 2, 3, 4]);
    expect(r.map((x) => x.value)).toEqual(RAW_VALUES);
    expect(r.every((x) => x.error === undefined)).toBe(true);
  });

  it('a JSON array: each element with the line it starts on', async () => {
    const r = await all(fx('array.json'));
    expect(r.map((x) => x.line)).toEqual([2, 3, 7, 8]);
    expect(r.map((x) => x.value)).toEqual(RAW_VALUES);
  });

  it.each(['raw.jsonl', 'array.json', 'pipelines.json'])('%s.gz reads exactly like %s', async (name) => {
    expect(await all(fx(`${name}.gz`))).toEqual(await all(fx(name)));
  });

  it('gzip is detected from the content, not the file name', async () => {
    const f = writeTemp('export.txt', gzip(fs.readFileSync(fx('raw.jsonl'))));
    expect((await all(f)).map((x) => x.value)).toEqual(RAW_VALUES);
  });

  it('a byte order mark and CRLF line ends are tolerated', async () => {
    const r = await all(fx('bom-crlf.jsonl'));
    expect(r.map((x) => [x.line, (x.value as { event: string }).event, x.error])).toEqual([
      [1, 'a', undefined],
      [2, 'b', undefined],
    ]);
  });

  it('array elements of any JSON type, with brackets, commas and escaped quotes inside strings', async () => {
    const f = writeTemp('mixed.json', '[1, "a,b]", {"x": "}\\"]["}, null, [2, [3]], true,\n-1.5e3 ]\n\n');
    const r = await all(f);
    expect(r.map((x) => x.value)).toEqual([1, 'a,b]', { x: '}"][' }, null, [2, [3]], true, -1.5e3]);
    expect(r.map((x) => x.line)).toEqual([1, 1, 1, 1, 1, 1, 2]);
  });

  it('an empty array and whitespace around it give no records', async () => {
    expect(await all(writeTemp('e.json', '  \n[ ]\n'))).toEqual([]);
    expect(await all(writeTemp('e.json', '[]'))).toEqual([]);
  });
});

describe('empty, unknown and damaged input', () => {
  it('an empty file or one of blank lines gives no records', async () => {
    expect(await all(fx('empty.jsonl'))).toEqual([]);
    expect(await all(fx('blank-lines-only.jsonl'))).toEqual([]);
    expect(await all(writeTemp('empty.json.gz', gzip('')))).toEqual([]);
  });

  it('an unknown file type is refused with what the file starts with', async () => {
    const e = await all(fx('unknown-type.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      `${fx('unknown-type.csv')}: unknown file type: expected JSON lines, a JSON array, or a .gz of either (the file starts with "event,time,distinct_")`,
    );
  });

  it('a missing file is a UserError', async () => {
    await expect(all(path.join(FIX, 'nope.jsonl'))).rejects.toThrow(/cannot read .*nope\.jsonl: no such file/);
  });

  it('damaged gzip data is a UserError', async () => {
    const e = await all(fx('truncated-gzip.jsonl.gz')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/truncated-gzip\.jsonl\.gz: the gzip data is damaged/);
  });

  it('lines that are not JSON come back with an error and their line number; blank lines are skipped', async () => {
    const r = await all(fx('broken-json-line.jsonl'));
    expect(r.map((x) => [x.line, x.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [5, false],
    ]);
    expect(r[1]!.error).toMatch(/^not valid JSON \(/);
    expect(r[3]!.error).toMatch(/^not valid JSON \(/);
    expect(r[3]!.value).toBeUndefined();
  });

  it('a truncated JSON array: the complete elements, then one "not closed" error', async () => {
    const r = await all(fx('truncated-array.json'));
    expect(r).toEqual([
      { line: 2, value: { event: 'a', properties: { time: 1456790400, distinct_id: 'u1' } } },
      { line: 3, value: { event: 'b', properties: { time: 1456790401, distinct_id: 'u2' } } },
      { line: 4, value: undefined, error: 'the JSON array is not closed (file truncated?)' },
    ]);
  });

  it('a bad element inside an array is reported on its line; the rest are read', async () => {
    const r = await all(writeTemp('bad.json', '[\n{"a":1},\n{"a":},\n{"a":3}\n]'));
    expect(r.map((x) => [x.line, x.value, x.error === undefined])).toEqual([
      [2, { a: 1 }, true],
      [3, undefined, false],
      [4, { a: 3 }, true],
    ]);
  });

  it('text after the end of the array is an error', async () => {
    await expect(all(writeTemp('two.json', '[1]\n[2]'))).rejects.toThrow('line 2: unexpected text after the end of the JSON array');
  });
});

describe('large files (many read chunks)', () => {
  // Strings chosen to trip a splitter: quotes, backslashes, brackets, commas,
  // escaped newlines and multi-byte characters that straddle chunk boundaries.
  const tricky = ['plain', 'q"uote', 'back\\slash', '] } , [ {', 'line\nbreak', 'é漢🙂', '\\"', '\\'];
  const N = 24_000;
  const records = Array.from({ length: N }, (_, i) => ({
    event: `e${i % 7}`,
    properties: { time: 1456790400 + i, distinct_id: `u${i % 101}`, $insert_id: `id-${i}`, s: tricky[i % tricky.length], pad: 'x'.repeat(i % 50), n: i },
  }));
  const lines = records.map((r) => JSON.stringify(r));

  it('JSON lines over 2 MB: every record, in order, with its line number', async () => {
    const text = lines.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const r = await all(writeTemp('big.jsonl', text));
    expect(r.length).toBe(N);
    expect(r.every((x, i) => x.line === i + 1 && x.error === undefined)).toBe(true);
    expect(r.map((x) => x.value)).toEqual(records);
  });

  it('a JSON array over 2 MB, two lines per element: every element, with the line it starts on', async () => {
    const text = `[\n${records
      .map((r) => `${JSON.stringify({ event: r.event }).slice(0, -1)},\n "properties": ${JSON.stringify(r.properties)}}`)
      .join(',\n')}\n]\n`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const f = writeTemp('big.json', text);
    const r = await all(f);
    expect(r.length).toBe(N);
    expect(r.every((x, i) => x.line === 2 + 2 * i && x.error === undefined)).toBe(true);
    expect(r.map((x) => x.value)).toEqual(records);
    // The same through gzip, whose chunks are much smaller.
    const g = await all(writeTemp('big.json.gz', gzip(text)));
    expect(g).toEqual(r);
  });

  it('progress reports bytes read up to the file size', async () => {
    const text = lines.join('\n');
    const f = writeTemp('p.jsonl', text);
    const seen: number[] = [];
    let total = 0;
    let n = 0;
    for await (const _ of readRecords(f, (p) => {
      seen.push(p.bytes);
      total = p.totalBytes;
    }))
      n++;
    expect(n).toBe(N);
    expect(total).toBe(Buffer.byteLength(text));
    expect(seen.at(-1)).toBe(total);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('stopping early is fine (the file is closed; reading again works)', async () => {
    const f = writeTemp('stop.jsonl', lines.join('\n'));
    for (let k = 0; k < 3; k++) {
      let n = 0;
      for await (const _ of readRecords(f)) if (++n === 10) break;
      expect(n).toBe(10);
    }
    expect((await all(f)).length).toBe(N);
  });
});
