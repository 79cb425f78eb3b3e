/**
 * Stream the rows of a CSV file or of standard input (`-`) (RFC 4180: quoted fields
 * may hold delimiters, doubled quotes and line breaks) with the line each row starts
 * on. A UTF-8 byte-order mark is dropped and gzipped input is unpacked (detected from
 * its first bytes). Records end in LF or CRLF; a CRLF inside a quoted value is kept
 * as it is. The delimiter is given or detected from the first lines (`,` `;` or tab,
 * see sniff-delimiter.ts). Memory stays bounded: the input is parsed in chunks by
 * csv-parse.
 *
 * Line numbers are counted here from each row's raw text (its LFs) rather than taken
 * from csv-parse's `info.lines`, which drifts on CRLF files.
 */
import fs from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { UserError } from '../errors.js';
import { MAX_RECORD_CHARS } from './read-records.js';
import { sniffDelimiter, type Delimiter } from './sniff-delimiter.js';
import { streamError } from './stream-error.js';

export interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  cells: string[];
}

export interface CsvReadOptions {
  /** Names the input in messages (default: the file name, or "standard input"). */
  label?: string;
  /** Field delimiter; default: detected from the first lines (`,` when unsure). */
  delimiter?: string;
  /** Told the delimiter once it is known (given or detected). */
  onDelimiter?: (d: Delimiter | string, detected: boolean) => void;
}

const LF = 0x0a;
const SNIFF_BYTES = 64 * 1024;

function countLf(s: string, from = 0): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The input as a byte stream: a file (checked first) or standard input. */
function openInput(file: string): Readable {
  if (file === '-') return process.stdin;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (!stat.isFile()) throw new UserError(`cannot read ${file}: not a file`);
  return fs.createReadStream(file, { highWaterMark: 1 << 20 });
}

/** The first `n` bytes of a stream, and a stream of all of it (head included). */
async function peek(stream: Readable, n: number): Promise<{ head: Buffer; all: Readable }> {
  const it = stream[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    parts.push(b);
    size += b.length;
  }
  const head = Buffer.concat(parts);
  async function* rest() {
    yield head;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
  }
  return { head, all: Readable.from(rest(), { objectMode: false }) };
}

/**
 * A stream's objects, then its error: rows parsed before a bad one are all yielded
 * before the error is thrown (a plain `for await` may drop them), so the error's
 * line number follows the last good row. Reading pauses while a few batches wait.
 */
async function* inOrder<T>(stream: Readable): AsyncGenerator<T> {
  const queue: T[] = [];
  let error: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  stream.on('data', (x: T) => {
    queue.push(x);
    if (queue.length >= 4096) stream.pause();
    poke();
  });
  stream.on('end', () => {
    ended = true;
    poke();
  });
  stream.on('error', (e) => {
    error = e;
    poke();
  });
  try {
    for (;;) {
      while (queue.length > 0) {
        const batch = queue.splice(0);
        stream.resume();
        for (const x of batch) yield x;
      }
      if (error !== null) throw error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) stream.destroy();
  }
}

/** Rows of `file` (`-`: standard input), in order. */
export async function* readCsvRows(file: string, o: CsvReadOptions | string = {}): AsyncGenerator<CsvRow> {
  const opts: CsvReadOptions = typeof o === 'string' ? { label: o } : o;
  const label = opts.label ?? (file === '-' ? 'standard input' : file);
  let source = await peek(openInput(file), 2);
  const gz = source.head.length >= 2 && source.head[0] === 0x1f && source.head[1] === 0x8b;
  // pipeline, not pipe: an error in any stage (a truncated gzip, a read error) destroys
  // the last stream with that error, so the loops below throw it instead of an unhandled
  // 'error' event killing the process with the lock still held.
  const noop = () => {
    /* errors reach the iterators below */
  };
  let bytes: Readable = source.all;
  if (gz) bytes = pipeline(bytes, zlib.createGunzip(), noop);
  let delimiter = opts.delimiter;
  let parser: Readable;
  try {
    source = await peek(bytes, SNIFF_BYTES);
    if (delimiter === undefined) {
      delimiter = sniffDelimiter(source.head.toString('utf8'));
      opts.onDelimiter?.(delimiter, true);
    } else opts.onDelimiter?.(delimiter, false);
    parser = pipeline(
      source.all,
      parse({
        bom: true,
        raw: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        record_delimiter: ['\r\n', '\n'],
        delimiter,
        max_record_size: MAX_RECORD_CHARS,
      }),
      noop,
    );
  } catch (e) {
    throw streamError(e, label, gz);
  }
  let cursor = 1; // the line the next row's raw text starts on
  try {
    for await (const rec of inOrder<{ record: string[]; raw: string }>(parser)) {
      let lead = 0;
      let i = 0;
      // Skipped empty lines come before the row.
      for (;;) {
        if (rec.raw.charCodeAt(i) === LF) i++;
        else if (rec.raw.startsWith('\r\n', i)) i += 2;
        else break;
        lead++;
      }
      yield { line: cursor + lead, cells: rec.record };
      cursor += countLf(rec.raw);
    }
  } catch (e) {
    if (e instanceof CsvError) {
      throw new UserError(
        `${label}:${cursor}: ${e.message.replace(/ at line \d+$/, '')}. A field holding quotes, delimiters or line breaks must be in double quotes, with its quotes doubled ("").`,
      );
    }
    throw streamError(e, label, gz);
  }
}
