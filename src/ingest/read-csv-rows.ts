/**
 * Stream the rows of a CSV file (RFC 4180: quoted fields may hold commas, doubled
 * quotes and line breaks) with the line each row starts on. A UTF-8 byte-order mark
 * is dropped and a gzipped file is unpacked (detected from its first bytes). Memory
 * stays bounded: the file is parsed in chunks by csv-parse.
 *
 * Line numbers are counted here rather than taken from csv-parse's `info.lines`,
 * which drifts on CRLF files: CRLF is first turned into LF (also inside quoted
 * values), then each row's raw text says how many lines it spans.
 */
import fs from 'node:fs';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { UserError } from '../errors.js';
import { MAX_RECORD_CHARS } from './read-records.js';
import { streamError } from './stream-error.js';

export interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  cells: string[];
}

const CR = 0x0d;
const LF = 0x0a;

/** CRLF -> LF on bytes (safe for UTF-8: CR and LF never occur inside a multi-byte character). */
class CrlfToLf extends Transform {
  private heldCr = false;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let n = 0;
    if (this.heldCr && chunk[0] !== LF) out[n++] = CR;
    this.heldCr = false;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === CR) {
        if (i + 1 === chunk.length) this.heldCr = true; // decide when the next chunk comes
        else if (chunk[i + 1] !== LF) out[n++] = CR;
      } else out[n++] = b;
    }
    done(null, out.subarray(0, n));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.heldCr ? Buffer.from([CR]) : undefined);
  }
}

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

function countLf(s: string, from = 0): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Rows of `file`, in order; `label` names the file in error messages. */
export async function* readCsvRows(file: string, label = file): AsyncGenerator<CsvRow> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (!stat.isFile()) throw new UserError(`cannot read ${file}: not a file`);
  const gz = isGzip(file);
  const stages: NodeJS.ReadWriteStream[] = gz ? [zlib.createGunzip()] : [];
  stages.push(new CrlfToLf());
  const parser = parse({ bom: true, raw: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, record_delimiter: '\n', max_record_size: MAX_RECORD_CHARS });
  // pipeline, not pipe: an error in any stage (a truncated gzip, a read error) destroys
  // the parser with that error, so the loop below throws it instead of an unhandled
  // 'error' event killing the process with the lock still held.
  pipeline([fs.createReadStream(file, { highWaterMark: 1 << 20 }), ...stages, parser], () => {
    /* errors reach the parser's iterator below */
  });
  let cursor = 1; // the line the next row's raw text starts on
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      let lead = 0;
      while (rec.raw.charCodeAt(lead) === LF) lead++; // skipped empty lines come before the row
      yield { line: cursor + lead, cells: rec.record };
      cursor += countLf(rec.raw);
    }
  } catch (e) {
    if (e instanceof CsvError) {
      throw new UserError(
        `${label}:${cursor}: ${e.message.replace(/ at line \d+$/, '')}. A field holding quotes, commas or line breaks must be in double quotes, with its quotes doubled ("").`,
      );
    }
    throw streamError(e, label, gz);
  }
}
