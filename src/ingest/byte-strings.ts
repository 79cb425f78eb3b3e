/**
 * The strings of one block of input bytes, looked up by their bytes: the parse worker's
 * scanner (scan-event-line.ts) finds a value's index in the batch's StringTable without
 * making a JS string of it. Only the first occurrence of each distinct byte sequence (in
 * a table) is decoded (and then looked up in the StringTable, which may already hold it from a line
 * that was parsed with JSON.parse); property values repeat, so a block of ~3,300 events
 * decodes a few thousand strings instead of ~40,000.
 *
 * An open-addressing table of (hash, start, length) into the block, which stays alive
 * and unchanged for the whole batch, so nothing is copied.
 */
import type { StringTable } from './batch-codec.js';

/** The hash the scanner folds over a string's bytes while it reads them: stringHash's (FNV-1a) over bytes. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

/** A Buffer with the decoders Buffer.toString itself calls (no argument checks per call). */
export type SliceBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

/** The text of bytes [from, to): a plain copy when they are ASCII. */
export function decodeBytes(buf: SliceBuffer, from: number, to: number, ascii: boolean): string {
  return ascii ? buf.latin1Slice(from, to) : buf.utf8Slice(from, to);
}

export class ByteStrings {
  private mask: number;
  private hashes: Int32Array;
  private starts: Int32Array;
  private lens: Int32Array;
  /** StringTable index + 1 of each slot; 0: empty. */
  private ids: Int32Array;
  /** classify(text) of each slot. */
  private classes: Uint8Array;
  private count = 0;

  constructor(
    private readonly buf: SliceBuffer,
    private readonly strings: StringTable,
    private readonly classify: (text: string) => number = () => 0,
    capacity = 1024,
  ) {
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lens = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.classes = new Uint8Array(capacity);
  }

  /**
   * The slot of bytes [from, to) (`hash`: HASH_SEED folded over them; `ascii`: all
   * below 0x80), made on first sight. The hash must spread values that differ anywhere:
   * a chain of equal hashes is compared byte by byte. Slots are stable until the table
   * grows, so callers read what they need (idOf, classOf) right away.
   */
  slot(from: number, to: number, hash: number, ascii: boolean): number {
    const len = to - from;
    const buf = this.buf;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = this.ids[s]!;
      if (id === 0) {
        if ((this.count + 1) * 2 > this.ids.length) {
          this.grow();
          return this.slot(from, to, hash, ascii);
        }
        const text = decodeBytes(buf, from, to, ascii);
        this.ids[s] = this.strings.of(text) + 1;
        this.classes[s] = this.classify(text);
        this.hashes[s] = hash;
        this.starts[s] = from;
        this.lens[s] = len;
        this.count++;
        return s;
      }
      if (this.hashes[s] === hash && this.lens[s] === len && sameBytes(buf, this.starts[s]!, from, len)) return s;
    }
  }

  /** StringTable index of a slot. */
  idOf(slot: number): number {
    return this.ids[slot]! - 1;
  }

  classOf(slot: number): number {
    return this.classes[slot]!;
  }

  private grow(): void {
    const { hashes, starts, lens, ids, classes } = this;
    const size = ids.length * 2;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.lens = new Int32Array(size);
    this.ids = new Int32Array(size);
    this.classes = new Uint8Array(size);
    for (let old = 0; old < ids.length; old++) {
      if (ids[old] === 0) continue;
      let s = hashes[old]! & this.mask;
      while (this.ids[s] !== 0) s = (s + 1) & this.mask;
      this.hashes[s] = hashes[old]!;
      this.starts[s] = starts[old]!;
      this.lens[s] = lens[old]!;
      this.ids[s] = ids[old]!;
      this.classes[s] = classes[old]!;
    }
  }
}

function sameBytes(buf: Uint8Array, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}
