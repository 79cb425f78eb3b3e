/**
 * Stream the JSON records of an input file, whatever its shape: JSON lines, one JSON
 * array, or a gzip of either (detected from the content, not the name). Each record
 * comes with the line it starts on, so every message can point at the input.
 * Memory stays bounded: the file is read in chunks and never held whole.
 */
import fs from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { UserError } from '../errors.js';
import { streamError } from './stream-error.js';
import { nestedTooDeep, TOO_DEEP } from './json-depth.js';

export interface RawRecord {
  line: number;
  /** The parsed value, or undefined when the text is not valid JSON. */
  value: unknown;
  /** Set when the text did not parse. */
  error?: string;
}

/** A record's text before parsing (or why it has none), with the line it starts on. */
export interface RecordText {
  line: number;
  text?: string;
  error?: string;
}

export interface ReadProgress {
  /** Bytes of the file (compressed, if it is) read so far. */
  bytes: number;
  totalBytes: number;
}

const CHUNK = 1 << 20;

/**
 * The longest record text (characters) read: a line or array element longer than this
 * is skipped as one bad record. Real records are kilobytes (the hosted API refused
 * events over 1 MB); without a cap a file with no line breaks would be buffered until
 * it hits the engine's string length limit (about 512 MB) and fail there.
 */
export const MAX_RECORD_CHARS = 64 << 20;

export interface ReadOptions {
  /** Default MAX_RECORD_CHARS (tests use a small one). */
  maxRecordChars?: number;
}

export const tooLong = (max: number) => `record longer than ${max >= 1 << 20 ? `${max / (1 << 20)} MB` : `${max} characters`}`;

/** Standard input (`-`): the same detection (gzip or not) as a file; the bytes, unpacked. */
async function* stdinBytes(onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const input = process.stdin[Symbol.asyncIterator]();
  const head = await input.next();
  if (head.done) return;
  const first = head.value as Buffer;
  onBytes(first.length);
  async function* raw(): AsyncGenerator<Buffer> {
    yield first;
    for (let r = await input.next(); !r.done; r = await input.next()) {
      onBytes((r.value as Buffer).length);
      yield r.value as Buffer;
    }
  }
  const gz = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  // pipeline, not pipe: a damaged gzip reaches the loop below instead of an unhandled 'error' event.
  const stream: AsyncIterable<Buffer> = gz
    ? pipeline(Readable.from(raw()), zlib.createGunzip(), () => {
        /* the error reaches the loop below */
      })
    : raw();
  try {
    for await (const buf of stream) yield buf;
  } catch (e) {
    throw streamError(e, 'standard input', gz);
  }
}

/**
 * The bytes of `file` (`-`: standard input), unpacked when they are a gzip, in chunks of
 * about 1 MB. Each chunk is a Buffer of its own (not a slice of a shared pool), so it
 * can be transferred to a worker thread.
 */
export async function* fileBytes(file: string, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  if (file === '-') {
    yield* stdinBytes(onBytes);
    return;
  }
  let fd: fs.promises.FileHandle;
  try {
    fd = await fs.promises.open(file, 'r');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    if ((await fd.stat()).isDirectory()) throw new UserError(`cannot read ${file}: it is a directory, not a file`);
    const head = Buffer.alloc(2);
    let bytesRead: number;
    try {
      ({ bytesRead } = await fd.read(head, 0, 2, 0));
    } catch (e) {
      throw streamError(e, file, false);
    }
    const gz = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    const raw = fd.createReadStream({ start: 0, highWaterMark: CHUNK, autoClose: false });
    raw.on('data', (b) => onBytes((b as Buffer).length));
    let stream: NodeJS.ReadableStream = raw;
    if (gz) {
      // pipeline, not pipe: a read error reaches the loop below like a gzip error does.
      stream = zlib.createGunzip({ chunkSize: 256 << 10 });
      pipeline(raw, stream as zlib.Gunzip, () => {
        /* errors reach the iterator below */
      });
    }
    try {
      for await (const buf of stream) yield buf as Buffer;
    } catch (e) {
      throw streamError(e, file, gz);
    }
  } finally {
    await fd.close();
  }
}

async function* fileChunks(file: string, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const buf of fileBytes(file, onBytes)) yield decoder.write(buf);
  const tail = decoder.end();
  if (tail) yield tail;
}

/** Records of `file`, in order. `onProgress` is called as bytes are read. */
export async function* readRecords(file: string, onProgress?: (p: ReadProgress) => void, o: ReadOptions = {}): AsyncGenerator<RawRecord> {
  for await (const batch of readRecordBatches(file, onProgress, o)) yield* batch;
}

/**
 * Records of `file` in batches (one per chunk read), for importers that go through
 * millions of records: one await per batch instead of one per record.
 */
export async function* readRecordBatches(file: string, onProgress?: (p: ReadProgress) => void, o: ReadOptions = {}): AsyncGenerator<RawRecord[]> {
  for await (const batch of readTextBatches(file, onProgress, o)) yield batch.map(parseText);
}

/**
 * The record texts of `file` in batches, not parsed: the events importer parses them
 * on worker threads (parse-pool.ts). Records that cannot be read (too long, array not
 * closed) come with their `error` instead of a text.
 */
export async function* readTextBatches(file: string, onProgress?: (p: ReadProgress) => void, o: ReadOptions = {}): AsyncGenerator<RecordText[]> {
  const max = o.maxRecordChars ?? MAX_RECORD_CHARS;
  const totalBytes = file !== '-' && fs.existsSync(file) ? fs.statSync(file).size : 0;
  let bytes = 0;
  const chunks = fileChunks(file, (n) => {
    bytes += n;
    onProgress?.({ bytes, totalBytes });
  });
  // Peek at the first non-blank character to pick the shape. The peek pulls chunks
  // by hand: leaving a `for await` with `break` would close the generator, and the
  // rest of the file would never be read.
  const it = chunks[Symbol.asyncIterator]();
  const rest: AsyncIterable<string> = { [Symbol.asyncIterator]: () => it };
  try {
    let first = '';
    let pending = '';
    for (let r = await it.next(); !r.done; r = await it.next()) {
      pending += r.value;
      const m = /\S/.exec(pending);
      if (m) {
        first = m[0];
        break;
      }
    }
    // A byte order mark (files saved by some Windows editors) is not JSON: drop it.
    if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
    if (first === '') return; // empty file
    if (first === '[') yield* arrayRecords(pending, rest, max);
    else if (first === '{') yield* lineRecords(pending, rest, max);
    else {
      throw new UserError(
        `${file === '-' ? 'standard input' : file}: unknown file type: expected JSON lines, a JSON array, or a .gz of either (the file starts with ${JSON.stringify(pending.trimStart().slice(0, 20))})`,
      );
    }
  } finally {
    await it.return(undefined); // closes the file when the caller stops early or on error
  }
}

/** A record text -> its parsed value, or why it has none. */
export function parseText(t: RecordText): RawRecord {
  return t.text === undefined ? { line: t.line, value: undefined, error: t.error } : parseRecord(t.text, t.line);
}

function parseRecord(text: string, line: number): RawRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { line, value: undefined, error: `not valid JSON (${(e as Error).message.replace(/^.*?:\s*/, '').slice(0, 80)})` };
  }
  // Worth the walk on every record: a record's tree is small, and deep ones must stop here.
  if (nestedTooDeep(value)) return { line, value: undefined, error: TOO_DEEP };
  return { line, value };
}

async function* lineRecords(start: string, rest: AsyncIterable<string>, max: number): AsyncGenerator<RecordText[]> {
  let buf = start;
  let line = 1;
  /** Inside a line that is too long (already reported): drop text up to its end. */
  let skipping = false;
  const drain = (final: boolean): RecordText[] => {
    const out: RecordText[] = [];
    let from = 0;
    if (skipping) {
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        buf = '';
        return out;
      }
      skipping = false;
      line++;
      from = nl + 1;
    }
    for (;;) {
      const nl = buf.indexOf('\n', from);
      if (nl < 0) break;
      if (nl - from > max) out.push({ line, error: tooLong(max) });
      else {
        const text = buf.slice(from, nl);
        if (text.trim() !== '') out.push({ line, text });
      }
      line++;
      from = nl + 1;
    }
    buf = buf.slice(from);
    if (buf.length > max) {
      out.push({ line, error: tooLong(max) });
      buf = '';
      skipping = true;
    }
    if (final && buf.trim() !== '') {
      out.push({ line, text: buf });
      buf = '';
    }
    return out;
  };
  let batch = drain(false);
  if (batch.length) yield batch;
  for await (const c of rest) {
    buf += c;
    batch = drain(false);
    if (batch.length) yield batch;
  }
  batch = drain(true);
  if (batch.length) yield batch;
}

/**
 * Elements of a top-level JSON array, split by a small state machine (depth, in
 * string, escape) so a multi-gigabyte array never has to be parsed in one piece.
 */
async function* arrayRecords(start: string, rest: AsyncIterable<string>, max: number): AsyncGenerator<RecordText[]> {
  let depth = 0;
  let inString = false;
  let escape = false;
  let line = 1;
  let elem: string[] = [];
  let elemChars = 0; // characters held in `elem`; past `max` the element is dropped and reported
  let elemStart = -1; // index in current chunk where the element started
  let elemLine = 1;
  let ended = false;
  const out: RecordText[] = [];
  const feed = (chunk: string) => {
    elemStart = elem.length > 0 || elemChars > 0 || depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch === 10) line++;
      if (inString) {
        if (escape) escape = false;
        else if (ch === 92) escape = true;
        else if (ch === 34) inString = false;
        continue;
      }
      if (ended) {
        if (ch > 32) throw new UserError(`line ${line}: unexpected text after the end of the JSON array`);
        continue;
      }
      if (ch === 34) {
        inString = true;
        if (depth === 1 && elemStart < 0) {
          elemStart = i;
          elemLine = line;
        }
      } else if (ch === 91 || ch === 123) {
        depth++;
        if (depth === 2 && elemStart < 0) {
          elemStart = i;
          elemLine = line;
        }
      } else if (ch === 93 || ch === 125) {
        depth--;
        if (depth === 0) {
          flush(chunk, i);
          ended = true;
        }
      } else if (ch === 44 && depth === 1) {
        flush(chunk, i);
      } else if (depth === 1 && ch > 32 && elemStart < 0) {
        elemStart = i;
        elemLine = line;
      }
    }
    if (elemStart >= 0) keep(chunk.slice(elemStart));
  };
  const keep = (text: string) => {
    elemChars += text.length;
    if (elemChars <= max) elem.push(text);
    else elem = [];
  };
  const flush = (chunk: string, end: number) => {
    if (elemStart >= 0) keep(chunk.slice(elemStart, end));
    if (elemChars > max) out.push({ line: elemLine, error: tooLong(max) });
    else {
      const text = elem.join('');
      if (text.trim() !== '') out.push({ line: elemLine, text });
    }
    elem = [];
    elemChars = 0;
    elemStart = -1;
  };
  feed(start);
  if (out.length) yield out.splice(0);
  for await (const c of rest) {
    feed(c);
    if (out.length) yield out.splice(0);
  }
  if (!ended) yield [{ line, error: 'the JSON array is not closed (file truncated?)' }];
}
