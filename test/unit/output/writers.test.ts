import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { writeCsv, writeJson, writeJsonl, writeOutput, writeTable, flattenRow } from '../../../src/output/index.js';
import { LimitError } from '../../../src/errors.js';

function sink(highWaterMark = 16) {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark,
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      setImmediate(cb); // slow consumer: exercises 'drain'
    },
  });
  return { out, text: () => chunks.join(''), chunks };
}

async function* gen<T>(items: T[]) {
  for (const it of items) yield it;
}

const rows = [
  { key: ['login', 'chrome'], value: 5 },
  { key: ['signup', null], value: 3 },
];

describe('json / jsonl', () => {
  it('json is the hosted endpoint shape', async () => {
    const s = sink();
    const res = await writeJson(gen(rows), s.out);
    expect(s.text()).toBe('[{"key":["login","chrome"],"value":5},{"key":["signup",null],"value":3}]\n');
    expect(res).toEqual({ items: 2, bytes: s.text().length });
    const e = sink();
    await writeJson([], e.out);
    expect(e.text()).toBe('[]\n');
  });
  it('jsonl is one item a line', async () => {
    const s = sink();
    await writeJsonl([1, 'a', null, { x: [1] }], s.out);
    expect(s.text()).toBe('1\n"a"\nnull\n{"x":[1]}\n');
  });
  it('streams: writes before the input ends and survives backpressure', async () => {
    const s = sink();
    let produced = 0;
    let sawOutputEarly = false;
    async function* many() {
      for (let i = 0; i < 50_000; i++) {
        if (i === 40_000 && s.chunks.length > 0) sawOutputEarly = true;
        produced++;
        yield { key: [i], value: i };
      }
    }
    await writeJson(many(), s.out);
    expect(produced).toBe(50_000);
    expect(sawOutputEarly).toBe(true);
    expect(JSON.parse(s.text())).toHaveLength(50_000);
  });
  it('--max-output: a LimitError naming the limit and how to raise it', async () => {
    const s = sink();
    async function* big() {
      for (let i = 0; i < 100_000; i++) yield { key: ['x'.repeat(20)], value: i };
    }
    const err = await writeJsonl(big(), s.out, { maxOutputMB: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(LimitError);
    expect(err.limit).toBe('output');
    expect(err.message).toMatch(/1 MB.*--max-output/);
    expect(Buffer.byteLength(s.text())).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('flattenRow', () => {
  it('spreads key and value lists, flattens objects, JSON text for inner lists', () => {
    const f = (v: unknown) => flattenRow(v).map(([p, c]) => [p.join('.'), c]);
    expect(f({ key: ['a', 1], value: [2, { percentile: 50, value: 3 }] })).toEqual([
      ['key.0', 'a'],
      ['key.1', 1],
      ['value.0', 2],
      ['value.1.percentile', 50],
      ['value.1.value', 3],
    ]);
    expect(f({ name: 'e', properties: { tags: ['a', 'b'], o: {}, n: null }, u: undefined })).toEqual([
      ['name', 'e'],
      ['properties.tags', '["a","b"]'],
      ['properties.o', '{}'],
      ['properties.n', null],
    ]);
    expect(f(7)).toEqual([['value', 7]]);
    expect(f([1, 2])).toEqual([
      ['value.0', 1],
      ['value.1', 2],
    ]);
  });
});

describe('csv', () => {
  it('header from the items, RFC 4180 quoting, CRLF', async () => {
    const s = sink();
    await writeCsv(
      gen([
        { key: ['a,b', true], value: { n: 1, s: 'say "hi"\nnow' } },
        { key: ['c', false, 'extra'], value: { n: 2.5, s: null } },
      ]),
      s.out,
    );
    expect(s.text()).toBe(
      'key.0,key.1,key.2,value.n,value.s\r\n' + '"a,b",true,,1,"say ""hi""\nnow"\r\n' + 'c,false,extra,2.5,\r\n',
    );
    expect(parse(s.text())).toEqual([
      ['key.0', 'key.1', 'key.2', 'value.n', 'value.s'],
      ['a,b', 'true', '', '1', 'say "hi"\nnow'],
      ['c', 'false', 'extra', '2.5', ''],
    ]);
  });
  it('columns first seen after the buffered rows are dropped, with one warning', async () => {
    const s = sink();
    const warnings: string[] = [];
    await writeCsv(gen([{ a: 1 }, { a: 2 }, { a: 3, late: 'x' }]), s.out, {
      headerRows: 2,
      onWarning: (w) => warnings.push(w),
    });
    expect(s.text()).toBe('a\r\n1\r\n2\r\n3\r\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/late.*--format json/);
  });
  it('an empty result writes nothing', async () => {
    const s = sink();
    await writeCsv([], s.out);
    expect(s.text()).toBe('');
  });
});

describe('table', () => {
  it('aligned columns, numbers right-aligned, long cells cut', async () => {
    const s = sink();
    await writeTable(
      [
        { key: ['login'], value: 5 },
        { key: ['a very long event name indeed'], value: 12345 },
      ],
      s.out,
      { maxCellWidth: 12 },
    );
    expect(s.text()).toBe(
      'key.0         value\n' + '────────────  ─────\n' + 'login             5\n' + 'a very long…  12345\n',
    );
  });
  it('shows maxRows rows and counts the rest', async () => {
    const s = sink();
    await writeTable(
      Array.from({ length: 5 }, (_, i) => ({ n: i })),
      s.out,
      { maxRows: 2 },
    );
    expect(s.text()).toBe('n\n─\n0\n1\n... 3 more row(s); use --format json or csv to see all\n');
  });
  it('non-row results print as JSON, every item', async () => {
    const s = sink();
    await writeTable([{ a: 1 }, [1, 2], 3], s.out, { maxRows: 2 });
    expect(JSON.parse(s.text())).toEqual([{ a: 1 }, [1, 2], 3]);
    const t = sink();
    await writeOutput('table', [], t.out);
    expect(t.text()).toBe('[]\n');
  });
});
