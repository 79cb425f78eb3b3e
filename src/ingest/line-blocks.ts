/**
 * A JSON lines input as blocks of whole lines, in bytes: what parse workers take
 * (parse-pool.ts). The importing thread only finds the last line break of each block,
 * so decoding, line splitting and JSON.parse all happen on the workers.
 *
 * The records are exactly those `readTextBatches` gives for the same input: a line
 * longer than `max` characters is one bad record (cut off here when it spans blocks,
 * so memory stays bounded, or by the worker when it is inside one), blank lines are no
 * record, a byte order mark at the start is dropped. Inputs that are not JSON lines (a
 * JSON array, an empty or unknown file) give null: the caller reads them as texts.
 * A plain file is read straight into its blocks (file-line-blocks.ts); gzip and
 * standard input through the byte stream here.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { plainFileLineBlocks } from './file-line-blocks.js';
import type { LineBlock } from './line-block.js';
import { fileBytes, MAX_RECORD_CHARS, type ReadProgress, tooLong } from './read-records.js';

/** Bytes per block: ~1 MB, a few thousand events. */
const BLOCK = 1 << 20;

export async function lineBlocks(
  file: string,
  onProgress?: (p: ReadProgress) => void,
  max = MAX_RECORD_CHARS,
  blockBytes = BLOCK,
): Promise<AsyncGenerator<LineBlock> | null> {
  if (file !== '-') {
    const direct = await plainFileLineBlocks(file, (bytes, totalBytes) => onProgress?.({ bytes, totalBytes }), max, blockBytes);
    if (direct !== undefined) return direct;
  }
  let bytes = 0;
  const totalBytes = file !== '-' && fs.existsSync(file) ? fs.statSync(file).size : 0;
  const it = fileBytes(file, (n) => {
    bytes += n;
    onProgress?.({ bytes, totalBytes });
  })[Symbol.asyncIterator]();
  // The shape, as readTextBatches decides it: the first non-blank character.
  const head: Buffer[] = [];
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let first = '';
  for (let r = await it.next(); !r.done; r = await it.next()) {
    head.push(r.value);
    pending += decoder.write(r.value);
    const m = /\S/.exec(pending);
    if (m) {
      first = m[0];
      break;
    }
  }
  if (first !== '{') {
    await it.return(undefined);
    return null;
  }
  const h0 = head[0]!;
  if (h0.length >= 3 && h0[0] === 0xef && h0[1] === 0xbb && h0[2] === 0xbf) head[0] = h0.subarray(3);
  return blocks(head, it, max, blockBytes);
}

async function* blocks(head: Buffer[], it: AsyncIterator<Buffer>, max: number, blockBytes: number): AsyncGenerator<LineBlock> {
  let pieces: Uint8Array[] = [];
  let size = 0;
  /** Bytes of the line not yet ended (the tail of `pieces`). */
  let partial = 0;
  /** Dropping a too-long line up to its end. */
  let skipping = false;
  const join = (last: Uint8Array): Uint8Array => {
    const out = new Uint8Array(size - pieces[pieces.length - 1]!.length + last.length);
    let at = 0;
    for (let i = 0; i < pieces.length - 1; i++) {
      out.set(pieces[i]!, at);
      at += pieces[i]!.length;
    }
    out.set(last, at);
    return out;
  };
  async function* take(buf: Uint8Array): AsyncGenerator<LineBlock> {
    if (skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      skipping = false;
      buf = buf.subarray(nl + 1);
    }
    if (buf.length === 0) return;
    pieces.push(buf);
    size += buf.length;
    const nl = buf.lastIndexOf(10);
    partial = nl < 0 ? partial + buf.length : buf.length - nl - 1;
    if (nl >= 0 && size >= blockBytes) {
      yield { bytes: join(buf.subarray(0, nl + 1)) };
      const rest = buf.subarray(nl + 1);
      pieces = rest.length > 0 ? [rest] : [];
      size = rest.length;
    }
    if (partial > max && lineChars(pieces, partial) > max) {
      // The line being read is too long: the lines before it go as a block, it is
      // reported and the rest of it dropped as it comes.
      const lineStart = size - partial;
      if (lineStart > 0) yield { bytes: prefix(pieces, lineStart) };
      yield { tooLong: tooLong(max) };
      pieces = [];
      size = 0;
      partial = 0;
      skipping = true;
    }
  }
  try {
    for (const b of head) yield* take(b);
    for (let r = await it.next(); !r.done; r = await it.next()) yield* take(r.value);
    if (size > 0) yield { bytes: join(pieces[pieces.length - 1]!) };
  } finally {
    await it.return?.(undefined); // closes the file when the importer stops early or fails
  }
}

/** The first `n` bytes of `pieces`, copied into one array. */
function prefix(pieces: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of pieces) {
    if (at >= n) break;
    const part = p.subarray(0, n - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Characters (UTF-16 units, as the text reader counts) of the last `n` bytes of `pieces`. */
function lineChars(pieces: Uint8Array[], n: number): number {
  const total = pieces.reduce((a, p) => a + p.length, 0);
  const bytes = new Uint8Array(n);
  let at = 0;
  let skip = total - n;
  for (const p of pieces) {
    const part = skip >= p.length ? p.subarray(0, 0) : p.subarray(Math.max(0, skip));
    skip = Math.max(0, skip - p.length);
    bytes.set(part, at);
    at += part.length;
  }
  // write(), not end(): an unfinished character at the end is not counted yet.
  return new StringDecoder('utf8').write(Buffer.from(bytes.buffer, 0, n)).length;
}
