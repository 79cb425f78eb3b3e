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
  it('header from the items, quoting as needed, LF line ends', async () => {
    const s = sink();
    await writeCsv(
      gen([
        { key: ['a,b', true], value: { n: 1, s: 'say "hi"\nnow' } },
        { key: ['c', false, 'extra'], value: { n: 2.5, s: null } },
      ]),
      s.out,
    );
    expect(s.text()).toBe('key.0,key.1,key.2,value.n,value.s\n' + '"a,b",true,,1,"say ""hi""\nnow"\n' + 'c,false,extra,2.5,\n');
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
    expect(s.text()).toBe('a\n1\n2\n3\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/late.*--format json/);
  });
  it('--crlf: the RFC 4180 line ends; a lone CR or LF in a value is quoted either way', async () => {
    const s = sink();
    await writeCsv([{ a: 'x\ny', b: 'p\rq', c: 'plain' }], s.out, { crlf: true });
    expect(s.text()).toBe('a,b,c\r\n"x\ny","p\rq",plain\r\n');
    const t = sink();
    await writeCsv([{ a: 'x\r\ny' }, { a: '' }], t.out);
    expect(t.text()).toBe('a\n"x\r\ny"\n""\n');
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
    expect(s.text()).toBe('key.0         value\n' + '────────────  ─────\n' + 'login             5\n' + 'a very long…  12345\n');
  });
  it('widths in terminal columns: CJK and emoji take two, combining marks none; cuts keep whole graphemes', async () => {
    const s = sink();
    await writeTable(
      [
        { name: '日本語', n: 1 },
        { name: 'e\u0301te\u0301', n: 22 },
        { name: '👩‍👩‍👧‍👦 family', n: 3 },
      ],
      s.out,
    );
    expect(s.text()).toBe('name       n\n─────────  ──\n日本語      1\ne\u0301te\u0301        22\n👩‍👩‍👧‍👦 family   3\n');
    const t = sink();
    await writeTable([{ name: '日本語テキスト' }, { name: 'e\u0301e\u0301e\u0301e\u0301e\u0301' }], t.out, { maxCellWidth: 4 });
    // 4 columns: one double-width character and the ellipsis; "éé" + "…" keeps each e with its accent.
    expect(t.text()).toBe('name\n────\n日…\ne\u0301e\u0301e\u0301…\n');
  });
  it('columns shrink, widest first, to fit the terminal width; --wide keeps them whole', async () => {
    const items = [{ id: 'u1', city: 'Berlin', note: 'x'.repeat(30) }];
    const s = sink();
    await writeTable(items, s.out, { terminalWidth: 30 });
    const lines = s.text().trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines[2]).toBe(`u1  Berlin  ${'x'.repeat(17)}…`);
    const w = sink();
    await writeTable(items, w.out, { terminalWidth: 30, wide: true });
    expect(w.text().split('\n')[2]).toBe(`u1  Berlin  ${'x'.repeat(30)}`);
  });
  it('fixed columns: cells shown as they are, lists as JSON text', async () => {
    const s = sink();
    await writeTable(
      [
        ['a', 1, ['x']],
        ['b', null, { k: 1 }],
      ],
      s.out,
      { columns: ['id', 'n', 'v'] },
    );
    expect(s.text()).toBe('id  n  v\n──  ─  ───────\na   1  ["x"]\nb      {"k":1}\n');
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
