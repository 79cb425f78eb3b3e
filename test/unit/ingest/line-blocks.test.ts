/**
 * The worker path reads JSON lines as byte blocks (line-blocks.ts) split into records on
 * the worker (parse-worker.ts blockRecords): the records, their line numbers and the bad
 * ones must be exactly those the text reader (readRecords) gives, whatever the block
 * size, for blank lines, CRLF, a byte order mark, characters of 1-4 UTF-8 bytes, lines
 * longer than the limit (inside one block or spanning several) and a last line without
 * a line break. Inputs that are not JSON lines are left to the text reader (null).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lineBlocks } from '../../../src/ingest/line-blocks.js';
import { blockRecords } from '../../../src/ingest/block-records.js';
import { type RawRecord, readRecords } from '../../../src/ingest/read-records.js';
import { cleanTemp, gzip, writeTemp } from '../../helpers/index.js';

afterAll(cleanTemp);

async function viaText(file: string, max: number): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of readRecords(file, undefined, { maxRecordChars: max })) out.push(r);
  return out;
}

/** The records as the importer places them: block line numbers made absolute in order. */
async function viaBlocks(file: string, max: number, blockBytes: number): Promise<RawRecord[] | null> {
  const blocks = await lineBlocks(file, undefined, max, blockBytes);
  if (blocks === null) return null;
  const out: RawRecord[] = [];
  let line = 1;
  for await (const b of blocks) {
    if ('tooLong' in b) {
      out.push({ line, value: undefined, error: b.tooLong });
      line += 1;
      continue;
    }
    const records: RawRecord[] = [];
    const newlines = blockRecords(b.bytes, max, (r) => records.push(r));
    for (const r of records) out.push({ ...r, line: r.line + line });
    line += newlines;
  }
  return out;
}

const word = fc.constantFrom('a', 'é', '€', '😀', 'xyz', ' ', '\\"', '', '\u0001');
const BAD_BYTES = [[0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xff], [0xc3, 0x28]];
const record = fc.array(word, { maxLength: 12 }).map((ws) => JSON.stringify({ event: 'e', properties: { s: ws.join('') } }).replace('\\\\"', '\\"'));
const line = fc.oneof(
  { weight: 6, arbitrary: record },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\r', '{"broken"', '[1]', '{}') },
  { weight: 1, arbitrary: record.map((r) => `${r}\r`) },
);
const file = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 60 }),
  bom: fc.boolean(),
  finalBreak: fc.boolean(),
  max: fc.integer({ min: 20, max: 90 }),
  blockBytes: fc.integer({ min: 1, max: 400 }),
  gz: fc.boolean(),
  /** Blank lines before the first record (the shape is read from the first non-blank character). */
  lead: fc.constantFrom('', '\n', '  \r\n\n'),
});

describe('line blocks', () => {
  it('property: the same records, places and bad lines as the text reader', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const text = `${f.bom ? '\ufeff' : ''}${f.lead}{"event":"first"}\n${f.lines.join('\n')}${f.finalBreak ? '\n' : ''}`;
        // Bytes that are not UTF-8 (a lone continuation byte, cut-off sequences, an
        // encoded surrogate, 0xff) stand where the text has U+0001: decoded, they become
        // U+FFFD alike whether a block is decoded whole or line by line.
        const bytes = Buffer.concat(
          text
            .split('\u0001')
            .flatMap((part, i) => (i === 0 ? [Buffer.from(part, 'utf8')] : [Buffer.from(BAD_BYTES[i % BAD_BYTES.length]!), Buffer.from(part, 'utf8')])),
        );
        const path = writeTemp('in.json', f.gz ? gzip(bytes) : bytes);
        const a = await viaText(path, f.max);
        const b = await viaBlocks(path, f.max, f.blockBytes);
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('a line longer than the limit that spans many blocks is one bad record, and the lines after it are read', async () => {
    const long = JSON.stringify({ event: 'e', properties: { s: 'é'.repeat(500) } });
    const path = writeTemp('long.json', `{"event":"a"}\n${long}\n{"event":"b"}\n`);
    const b = (await viaBlocks(path, 100, 16))!;
    expect(b.map((r) => [r.line, r.error ?? (r.value as { event: string }).event])).toEqual([
      [1, 'a'],
      [2, 'record longer than 100 characters'],
      [3, 'b'],
    ]);
    expect(b).toEqual(await viaText(path, 100));
  });

  it('lines longer than the room kept for an unfinished line, within the limit, are read whole among short ones', async () => {
    // An unfinished line longer than a block is read on with as many bytes again (its length doubling).
    const lines = [100_000, 5, 70_000, 300_000, 1].map((n, i) => JSON.stringify({ event: `e${i}`, properties: { s: 'x'.repeat(n) } }));
    const path = writeTemp('longer.json', `${lines.join('\n')}\n`);
    for (const blockBytes of [4096, 50_000, 1 << 20]) {
      const b = (await viaBlocks(path, 1_000_000, blockBytes))!;
      expect(b.map((r) => [r.line, (r.value as { event: string }).event, (r.value as { properties: { s: string } }).properties.s.length])).toEqual([
        [1, 'e0', 100_000],
        [2, 'e1', 5],
        [3, 'e2', 70_000],
        [4, 'e3', 300_000],
        [5, 'e4', 1],
      ]);
    }
  });

  it('a file that starts with more blank space than one look-ahead read is still read as JSON lines', async () => {
    const path = writeTemp('blank.json', `${' \n'.repeat(40_000)}{"event":"a"}\n{"event":"b"}`);
    const b = (await viaBlocks(path, 1000, 4096))!;
    expect(b.map((r) => [r.line, (r.value as { event: string }).event])).toEqual([
      [40_001, 'a'],
      [40_002, 'b'],
    ]);
    expect(b).toEqual(await viaText(path, 1000));
  });

  it('inputs that are not JSON lines are left to the text reader', async () => {
    expect(await lineBlocks(writeTemp('a.json', '[{"event":"a"}]'))).toBeNull();
    expect(await lineBlocks(writeTemp('e.json', ''))).toBeNull();
    expect(await lineBlocks(writeTemp('x.json', 'hello'))).toBeNull();
  });
});
