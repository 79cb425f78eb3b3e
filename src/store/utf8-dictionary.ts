/**
 * Distinct UTF-8 byte strings numbered in order of first appearance, without a JS
 * string per value: an open-addressing hash table of ids over one growing byte buffer.
 * For string columns where nearly every value is distinct ($email, $name, dates), a
 * Map from JS strings cost ~100-150 MB per column at 1.19M profiles; this costs the
 * bytes, 4 bytes of offset and ~8 of table per entry. For well-formed text, equal bytes
 * are equal strings, so the ids are those a Map<string, number> would give.
 */
import type { Utf8Texts } from './column-codec.js';

/** FNV-1a over bytes src[start..end), as an int32: the hash the dictionary files values by (for ASCII, stringHash of the text). */
export function bytesHash(src: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0; // int32 like the stored hashes, also when no byte is mixed in
  for (let i = start; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  return h;
}

export class Utf8Dictionary {
  private bytes: Uint8Array;
  private used = 0;
  private offsets: Int32Array;
  private count = 0;
  /** id + 1 per hash slot; 0: empty. Power-of-two size, kept under half full. */
  private table: Int32Array;
  private hashes: Int32Array;
  /** addKept's pending run: values runFirst.. are src[runFrom..runTo), not yet in `bytes`. */
  private runSrc: Uint8Array | null = null;
  private runFrom = 0;
  private runTo = 0;
  private runFirst = 0;
  /** The empty slot where `find`'s last miss ended: `added` files the new value there (the table is unchanged in between). */
  private free = 0;

  /** `expected`: how many distinct values to size for, when the caller knows (fewer rehashes). */
  constructor(expected = 0) {
    let entries = 1024;
    while (entries < expected) entries *= 2;
    this.bytes = new Uint8Array(Math.max(1 << 16, entries * 16));
    this.offsets = new Int32Array(entries + 1);
    this.table = new Int32Array(entries * 2);
    this.hashes = new Int32Array(entries);
  }

  get size(): number {
    return this.count;
  }

  /** The id of bytes src[start..end), adding them when new. */
  add(src: Uint8Array, start: number, end: number): number {
    return this.addHashed(bytesHash(src, start, end), src, start, end);
  }

  /**
   * `add` with the bytes' hash already known (bytesHash; an
   * import's parse workers hash each `$insert_id` while they read it).
   */
  addHashed(h: number, src: Uint8Array, start: number, end: number): number {
    const id = this.find(h, src, start, end);
    if (id >= 0) return id;
    this.flush();
    const len = end - start;
    if (this.used + len > this.bytes.length) this.growBytes(this.used + len);
    // Values are short: a loop is cheaper than a subarray and a native copy per value.
    const bytes = this.bytes;
    for (let i = 0, at = this.used; i < len; i++) bytes[at + i] = src[start + i]!;
    return this.added(h, len);
  }

  /**
   * `addHashed` for bytes that stay as they are until `texts()`: new values that follow
   * each other in `src` (an import's `$insert_id`s, in the order their batch holds them)
   * are copied as one run when it ends, not byte by byte (the copy was ~40% of numbering
   * a day's ids). Not for a scratch buffer that is written over between calls.
   */
  addKept(h: number, src: Uint8Array, start: number, end: number): number {
    const id = this.find(h, src, start, end);
    if (id >= 0) return id;
    if (this.runSrc !== src || this.runTo !== start) {
      this.flush();
      this.runSrc = src;
      this.runFrom = start;
      this.runFirst = this.count;
    }
    this.runTo = end;
    return this.added(h, end - start);
  }

  /** The id of bytes src[start..end) if they are in the dictionary, else -1 (and `free` is the slot it would take). */
  private find(h: number, src: Uint8Array, start: number, end: number): number {
    const mask = this.table.length - 1;
    let at = h & mask;
    const len = end - start;
    for (;;) {
      const e = this.table[at]!;
      if (e === 0) break;
      const id = e - 1;
      if (this.hashes[id] === h && this.equals(id, src, start, len)) return id;
      at = (at + 1) & mask;
    }
    this.free = at;
    return -1;
  }

  /** Number the value of `len` bytes (already copied, or in the pending run) that `find` just found missing. */
  private added(h: number, len: number): number {
    const id = this.count++;
    if (id === this.hashes.length) this.growEntries();
    if (this.used + len > this.bytes.length) this.growBytes(this.used + len);
    this.used += len;
    this.offsets[id + 1] = this.used;
    this.hashes[id] = h;
    this.table[this.free] = id + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  /** Copy the pending run of addKept into the byte buffer. */
  private flush(): void {
    if (this.runSrc === null) return;
    this.bytes.set(this.runSrc.subarray(this.runFrom, this.runTo), this.offsets[this.runFirst]!);
    this.runSrc = null;
  }

  /** The dictionary as Utf8 texts (no nulls), exact-size copies. */
  texts(): Utf8Texts {
    this.flush();
    return { offsets: this.offsets.slice(0, this.count + 1), bytes: this.bytes.slice(0, this.used), nulls: 0, valid: null };
  }

  private equals(id: number, src: Uint8Array, start: number, len: number): boolean {
    let from = this.offsets[id]!;
    if (this.offsets[id + 1]! - from !== len) return false;
    let b = this.bytes;
    if (this.runSrc !== null && id >= this.runFirst) {
      // Still in addKept's pending run: compare with its source.
      from = this.runFrom + from - this.offsets[this.runFirst]!;
      b = this.runSrc;
    }
    for (let i = 0; i < len; i++) if (b[from + i] !== src[start + i]) return false;
    return true;
  }

  private growEntries(): void {
    const offsets = new Int32Array(this.hashes.length * 2 + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private growBytes(need: number): void {
    let n = this.bytes.length * 2;
    while (n < need) n *= 2;
    const bytes = new Uint8Array(n);
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let at = this.hashes[id]! & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = id + 1;
    }
    this.table = table;
  }
}
