/**
 * CSV output reads back as it was written: random values (any Unicode, quotes,
 * commas, semicolons, tabs, CR, LF, CRLF, leading "=" or spaces) through the one CSV
 * writer (flattened items and fixed columns, LF and CRLF line ends), read back by
 * the importers' CSV reader (delimiter detected, as `quarry import people` does)
 * and, as a second path, by csv-parse directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRows } from '../../src/ingest/index.js';
import { writeCsv } from '../../src/output/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-csv-prop-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SPECIAL = ['"', ',', ';', '\t', '\n', '\r\n', '\r', '=1+2', '=HYPERLINK("x")', ' ', '""', 'é', '日本', '👩‍👩‍👧', '\u0301', '\uFEFF'];
const cell = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom(...SPECIAL)), { maxLength: 5 })
  .map((parts) => parts.join(''));

async function write(items: unknown[], o: { crlf: boolean; columns?: string[] }): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCsv(items, out, o);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

let n = 0;
async function readBack(text: string): Promise<string[][]> {
  const file = path.join(dir, `t${n++}.csv`);
  fs.writeFileSync(file, text);
  const rows: string[][] = [];
  for await (const r of readCsvRows(file)) rows.push(r.cells);
  return rows;
}

describe('CSV round trip', () => {
  it('fixed columns (users exports): every value reads back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) => fc.tuple(fc.constant(w), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 }))),
        fc.boolean(),
        async ([w, rows], crlf) => {
          const columns = Array.from({ length: w }, (_, i) => `c${i}`);
          const text = await write(rows, { crlf, columns });
          const want = [columns, ...rows];
          expect(await readBack(text)).toEqual(want);
          expect(parse(text, { relax_column_count: false })).toEqual(want);
          if (!crlf) expect(text.replace(/"(?:[^"]|"")*"/g, '').includes('\r')).toBe(false); // LF line ends outside quoted values
        },
      ),
      { numRuns: 150 },
    );
  });

  it('flattened result items (run --format csv): values read back by column name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ a: cell, b: cell }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (items, crlf) => {
        const text = await write(items, { crlf });
        const [header, ...rows] = await readBack(text);
        expect(header).toEqual(['a', 'b']);
        expect(rows.map(([a, b]) => ({ a, b }))).toEqual(items);
      }),
      { numRuns: 100 },
    );
  });
});
