/**
 * Strings kept as their UTF-16 code units in one growing typed array, numbered in
 * order, found by a range of a longer string without slicing it out: StringIndex's
 * open-addressing table over code units instead of over JS strings.
 *
 * Why: the store's user dictionary (users.ts) held its ids as JS strings, 1.2M
 * distinct_ids at 50M events, ~75 MB in the importing thread's old generation. Every full
 * GC marked them (one every ~0.6 s while batches arrive from the parse workers), so an
 * import's GC work grew with events x users, and the heap's growth headroom doubled
 * them in RSS (1,030 MiB peak at 50M). Here they are a few typed arrays, which GC does
 * not trace.
 *
 * Units take a byte each while every unit added is below 256 (ids are ASCII in practice)
 * and two bytes from the first one that is not. A string reads back with exactly the
 * units it was added with, lone surrogates included, so ids are those a Map would give.
 */
import { isAscii } from 'node:buffer';
import type { Utf8Texts } from './column-codec.js';
import type { RawUtf8 } from './ipc-read.js';
import { stringHash } from './string-index.js';

type UnitBuffer = Buffer & { latin1Slice(start: number, end: number): string; ucs2Slice(start: number, end: number): string };

const decoder = new TextDecoder();
/** Units decoded at once by texts(). */
const TEXTS_SPAN = 1 << 24;

export class UnitStrings {
  private units: Uint8Array | Uint16Array;
  private used = 0;
  /** String i is units[starts[i]..starts[i + 1]). */
  private starts: Int32Array;
  private n = 0;
  /** Largest unit added: below 0x80, the units are the strings' UTF-8. */
  private maxUnit = 0;
  /** id + 1 per hash slot; 0: empty. Power-of-two size, kept under half full. Built on first look-up. */
  private table: Int32Array | null = null;
  private hashes: Int32Array | null = null;
  /** `units` as a Buffer, for its native slices; remade when `units` is replaced. */
  private view: UnitBuffer | null = null;

  constructor(expected = 0, expectedUnits = 0) {
    this.units = new Uint8Array(Math.max(1024, expectedUnits));
    this.starts = new Int32Array(Math.max(512, expected) + 1);
  }

  /**
   * Strings stored as UTF-8 (an Arrow Utf8 dictionary), in order and duplicates kept:
   * string i is entry i. ASCII bytes are taken as they are; other entries are decoded as
   * TextDecoder decodes them (what decodeColumn gives).
   */
  static fromUtf8(d: RawUtf8): UnitStrings {
    const n = d.length;
    const offsets = d.valueOffsets;
    const first = offsets[0]!;
    const bytes = d.values.subarray(first, offsets[n]!);
    if (isAscii(bytes)) {
      const s = new UnitStrings(n, bytes.length);
      s.units.set(bytes);
      s.used = bytes.length;
      for (let i = 0; i <= n; i++) s.starts[i] = offsets[i]! - first;
      s.n = n;
      s.maxUnit = 0x7f;
      return s;
    }
    const s = new UnitStrings(n, bytes.length);
    for (let i = 0; i < n; i++) {
      const t = decoder.decode(d.values.subarray(offsets[i]!, offsets[i + 1]!));
      s.push(t, 0, t.length);
    }
    return s;
  }

  get size(): number {
    return this.n;
  }

  /** The id of text[start..end), or -1 when it is not here. */
  find(text: string, start = 0, end = text.length): number {
    const table = this.index();
    return table[this.slotOf(table, text, start, end, stringHash(text, start, end))]! - 1;
  }

  /** The id of text[start..end), adding it when new. */
  add(text: string, start = 0, end = text.length): number {
    return this.addHashed(stringHash(text, start, end), text, start, end);
  }

  /** `add` with the range's stringHash already known (an import's parse worker computes it). */
  addHashed(h: number, text: string, start = 0, end = text.length): number {
    let table = this.index();
    const at = this.slotOf(table, text, start, end, h);
    const e = table[at]!;
    if (e !== 0) return e - 1;
    const id = this.push(text, start, end);
    let hashes = this.hashes!;
    if (id >= hashes.length) {
      hashes = new Int32Array(hashes.length * 2);
      hashes.set(this.hashes!);
      this.hashes = hashes;
    }
    hashes[id] = h;
    table[at] = id + 1;
    if (this.n * 2 > table.length) table = this.rehash(table.length * 2);
    return id;
  }

  /** String `id` as a new JS string. */
  text(id: number): string {
    const a = this.starts[id]!;
    const b = this.starts[id + 1]!;
    return this.units instanceof Uint8Array ? this.buffer().latin1Slice(a, b) : this.buffer().ucs2Slice(a * 2, b * 2);
  }

  /**
   * Every string, in order: one decode per ~16M units, then a slice each (in spans, not
   * all at once: a JS string is at most ~2^29 units long).
   */
  texts(): string[] {
    const out = new Array<string>(this.n);
    const buf = this.buffer();
    const wide = !(this.units instanceof Uint8Array);
    for (let i = 0; i < this.n; ) {
      const from = this.starts[i]!;
      let j = i + 1;
      while (j < this.n && this.starts[j + 1]! - from <= TEXTS_SPAN) j++;
      const to = this.starts[j]!;
      const span = wide ? buf.ucs2Slice(from * 2, to * 2) : buf.latin1Slice(from, to);
      for (let k = i; k < j; k++) out[k] = span.slice(this.starts[k]! - from, this.starts[k + 1]! - from);
      i = j;
    }
    return out;
  }

  /** The strings' UTF-8 (the units themselves) when every unit is ASCII; null otherwise. */
  asciiUtf8(): Utf8Texts | null {
    if (this.maxUnit >= 0x80 || !(this.units instanceof Uint8Array)) return null;
    return { offsets: this.starts.subarray(0, this.n + 1), bytes: this.units.subarray(0, this.used), nulls: 0, valid: null };
  }

  /**
   * Adds `text` as the next string whether or not it is here already (a stored dictionary
   * read back in order); a look-up after finds the later of two equal ones.
   */
  append(text: string): number {
    this.table = null; // rebuilt, with the later-wins rule, on the next look-up
    return this.push(text, 0, text.length);
  }

  /** Adds text[start..end) as string n; the caller files it in the table. */
  private push(text: string, start: number, end: number): number {
    const len = end - start;
    let units = this.units;
    if (this.used + len > units.length) units = this.grow(this.used + len);
    let max = this.maxUnit;
    let at = this.used;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c > max) {
        max = c;
        if (c > 0xff && units instanceof Uint8Array) units = this.widen(at);
      }
      units[at++] = c;
    }
    this.maxUnit = max;
    this.used = at;
    const id = this.n++;
    if (this.n + 1 > this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.starts[this.n] = at;
    return id;
  }

  private grow(need: number): Uint8Array | Uint16Array {
    const size = Math.max(need, Math.ceil(this.units.length * 1.5));
    const units = this.units instanceof Uint8Array ? new Uint8Array(size) : new Uint16Array(size);
    units.set(this.units.subarray(0, this.used));
    this.units = units;
    this.view = null;
    return units;
  }

  /** Two bytes a unit from now on; `filled` units are kept (the string being added has some). */
  private widen(filled: number): Uint16Array {
    const units = new Uint16Array(this.units.length);
    units.set(this.units.subarray(0, filled));
    this.units = units;
    this.view = null;
    return units;
  }

  private buffer(): UnitBuffer {
    const u = this.units;
    this.view ??= Buffer.from(u.buffer, u.byteOffset, u.byteLength) as UnitBuffer;
    return this.view;
  }

  /** The table, built on first look-up: a query that only reads strings by id never pays for it. */
  private index(): Int32Array {
    if (this.table !== null) return this.table;
    this.hashes = new Int32Array(Math.max(512, this.n * 2));
    for (let id = 0; id < this.n; id++) this.hashes[id] = this.unitsHash(id);
    let size = 1024;
    while (size < this.n * 2 + 2) size *= 2;
    return this.rehash(size);
  }

  /** The slot holding text[start..end), or the empty slot where it would go. */
  private slotOf(table: Int32Array, text: string, start: number, end: number, h: number): number {
    const mask = table.length - 1;
    const hashes = this.hashes!;
    const len = end - start;
    let at = h & mask;
    for (;;) {
      const e = table[at]!;
      if (e === 0) return at;
      if (hashes[e - 1] === h && this.equals(e - 1, text, start, len)) return at;
      at = (at + 1) & mask;
    }
  }

  private equals(id: number, text: string, start: number, len: number): boolean {
    const a = this.starts[id]!;
    if (this.starts[id + 1]! - a !== len) return false;
    const units = this.units;
    for (let k = 0; k < len; k++) if (units[a + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private sameUnits(x: number, y: number): boolean {
    const a = this.starts[x]!;
    const b = this.starts[y]!;
    const len = this.starts[x + 1]! - a;
    if (this.starts[y + 1]! - b !== len) return false;
    for (let k = 0; k < len; k++) if (this.units[a + k] !== this.units[b + k]) return false;
    return true;
  }

  /** stringHash of string `id`, from its units. */
  private unitsHash(id: number): number {
    const units = this.units;
    let h = 0x811c9dc5 | 0;
    for (let i = this.starts[id]!, end = this.starts[id + 1]!; i < end; i++) h = Math.imul(h ^ units[i]!, 0x01000193);
    return h;
  }

  /** A new table of `size` slots holding every string. */
  private rehash(size: number): Int32Array {
    const table = new Int32Array(size);
    const mask = size - 1;
    const hashes = this.hashes!;
    for (let id = 0; id < this.n; id++) {
      // Equal strings stored twice: the later id wins, as with a Map built by set().
      // (A stored user dictionary can hold two: lone surrogates are written as U+FFFD.)
      let at = hashes[id]! & mask;
      for (;;) {
        const e = table[at]!;
        if (e === 0 || (hashes[e - 1] === hashes[id] && this.sameUnits(e - 1, id))) break;
        at = (at + 1) & mask;
      }
      table[at] = id + 1;
    }
    this.table = table;
    return table;
  }
}
