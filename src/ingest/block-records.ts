/** A block of whole JSON lines (line-blocks.ts) -> its records, on a parse worker. */
import { isAscii } from 'node:buffer';
import { parseText, type RawRecord, tooLong } from './read-records.js';

/**
 * The records of a block of lines (UTF-8 bytes), each handed to `onRecord` as soon as it
 * is parsed (so it is garbage once used: event-packer.ts), numbered from 0 (the importer
 * adds the block's first line number), as readTextBatches reads them: blank lines are no
 * record, a line longer than `max` characters is a bad one. Returns the number of line
 * breaks, for the next block's first line.
 *
 * Each line is decoded on its own: an all-ASCII line (most of them) as Latin-1, which is
 * a plain copy into a one-byte string, the others as UTF-8. Decoding the whole block as
 * UTF-8 took twice the CPU, and one non-ASCII character anywhere made the whole block
 * (and every line sliced from it) a two-byte string. The strings are the same: a line
 * break is ASCII, so it ends any unfinished UTF-8 sequence before it alike in both ways
 * (a U+FFFD each).
 *
 * `onLine`, when given, is offered each line's bytes first (the parse worker's byte
 * scanner, scan-event-line.ts); a line it takes is not decoded or parsed here.
 */
export function blockRecords(bytes: Uint8Array, max: number, onRecord: (r: RawRecord) => void, onLine?: (from: number, to: number) => boolean): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let line = 0;
  let from = 0;
  const take = (to: number) => {
    // A line has at most as many characters as bytes: only a long one is decoded to count.
    if (to - from > max && buf.toString('utf8', from, to).length > max) {
      onRecord({ line, value: undefined, error: tooLong(max) });
      return;
    }
    if (onLine?.(from, to)) return;
    const t = isAscii(buf.subarray(from, to)) ? buf.toString('latin1', from, to) : buf.toString('utf8', from, to);
    if (t.trim() !== '') onRecord(parseText({ line, text: t }));
  };
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, from)) {
    take(nl);
    line++;
    from = nl + 1;
  }
  if (from < buf.length) take(buf.length);
  return line;
}
