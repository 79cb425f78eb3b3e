/**
 * Line blocks (line-blocks.ts) of a plain JSON lines file, read straight into the block
 * each becomes: positioned reads into a new buffer that starts with the unfinished line
 * of the block before, so a block's bytes are read once and copied never (only the few
 * hundred bytes of that line are).
 *
 * The stream path read 1 MB chunks and then copied them, with the unfinished line,
 * into each block: two buffers of the input's size allocated on the importing thread,
 * which is the import's busiest, and every 64 MB of them started a full GC there (V8
 * marks when external memory grows by that much). Gzip and standard input keep the stream
 * path; the blocks are the same either way (line-blocks.test.ts).
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { LineBlock } from './line-block.js';
import { tooLong } from './read-records.js';
import { streamError } from './stream-error.js';

/** Bytes read to find the input's first non-blank character. */
const PEEK = 64 << 10;

/**
 * The blocks of `file` when it is a plain file (not gzip, not a directory) that holds JSON
 * lines; null when it is plain but not JSON lines; undefined when it is not plain or
 * cannot be opened (the stream path reads it, and reports what is wrong with it).
 */
export async function plainFileLineBlocks(
  file: string,
  onBytes: (n: number, total: number) => void,
  max: number,
  blockBytes: number,
): Promise<AsyncGenerator<LineBlock> | null | undefined> {
  // Only a regular file is opened here: opening and closing a named pipe to look at it
  // would kill its writer (SIGPIPE). Anything that fails here is left to the stream
  // path, which reports it as it always has.
  let fd: fs.promises.FileHandle;
  let st: fs.Stats;
  try {
    if (!(await fs.promises.stat(file)).isFile()) return undefined;
    fd = await fs.promises.open(file, 'r');
    st = await fd.stat();
  } catch {
    return undefined;
  }
  let handed = false;
  try {
    // The shape, as readTextBatches decides it: the first non-blank character.
    const decoder = new StringDecoder('utf8');
    const peek = Buffer.alloc(PEEK);
    let first = '';
    let head = Buffer.alloc(0);
    for (let pos = 0; first === '' && pos < st.size; ) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await fd.read(peek, 0, PEEK, pos));
      } catch {
        return undefined;
      }
      if (bytesRead === 0) break;
      if (pos === 0) {
        head = Buffer.from(peek.subarray(0, Math.min(3, bytesRead)));
        if (bytesRead >= 2 && peek[0] === 0x1f && peek[1] === 0x8b) return undefined; // gzip
      }
      pos += bytesRead;
      const m = /\S/.exec(decoder.write(peek.subarray(0, bytesRead)));
      if (m) first = m[0];
    }
    // A byte order mark is not part of the first line (readTextBatches drops it too).
    const start = head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    if (first !== '{') return null; // (\S skips a byte order mark, as in readTextBatches)
    handed = true;
    return blocks(fd, file, start, st.size, onBytes, max, blockBytes);
  } finally {
    if (!handed) await fd.close();
  }
}

async function* blocks(
  fd: fs.promises.FileHandle,
  file: string,
  start: number,
  size: number,
  onBytes: (n: number, total: number) => void,
  max: number,
  blockBytes: number,
): AsyncGenerator<LineBlock> {
  /** The unfinished line at the end of what was read (a copy: the block it came from is transferred). */
  let carry = new Uint8Array(0);
  /** Dropping a too-long line up to its end. */
  let skipping = false;
  let pos = start;
  try {
    for (;;) {
      // At least as much as the unfinished line so far: a line of many blocks is then
      // copied a few times (its length doubling), not once per block.
      const want = Math.max(blockBytes, carry.length);
      const buf = new Uint8Array(carry.length + want);
      buf.set(carry);
      let bytesRead: number;
      try {
        ({ bytesRead } = await fd.read(buf, carry.length, want, pos));
      } catch (e) {
        throw streamError(e, file, false);
      }
      pos += bytesRead;
      onBytes(pos, size);
      let data = buf.subarray(0, carry.length + bytesRead);
      if (bytesRead === 0) {
        if (data.length > 0 && !skipping) yield { bytes: data };
        return;
      }
      if (skipping) {
        const nl = data.indexOf(10);
        if (nl < 0) {
          carry = new Uint8Array(0);
          continue;
        }
        skipping = false;
        data = data.subarray(nl + 1);
      }
      const nl = data.lastIndexOf(10);
      carry = data.slice(nl + 1);
      if (nl >= 0) yield { bytes: data.subarray(0, nl + 1) };
      if (carry.length > max && lineChars(carry) > max) {
        // The line being read is too long: it is reported and the rest of it dropped as it comes.
        yield { tooLong: tooLong(max) };
        carry = new Uint8Array(0);
        skipping = true;
      }
    }
  } finally {
    await fd.close(); // also when the importer stops early or fails
  }
}

/** Characters (UTF-16 units, as the text reader counts) of an unfinished line. */
function lineChars(bytes: Uint8Array): number {
  // write(), not end(): an unfinished character at the end is not counted yet.
  return new StringDecoder('utf8').write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).length;
}
