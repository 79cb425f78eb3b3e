/**
 * Distinct JS strings numbered in order of first appearance, found by a range of a
 * longer string without slicing it out: an open-addressing table of ids (typed arrays)
 * over the strings themselves. Its siblings: unit-strings.ts keeps the strings as code
 * units (the user dictionary), utf8-dictionary.ts as UTF-8 (`$insert_id`s).
 *
 * Why not a Map<string, number>: an import numbers each day's string property values,
 * and a Map's entries are heap objects that every full GC marks; its cost per look-up
 * grew with its size (bench/results/2026-12-03-import-growth-5m-20m.md). Here a look-up
 * hashes the range in place, the table and the hashes are typed arrays (no GC tracing),
 * and only a new string is sliced. Equal code units are equal strings, so the ids are
 * those a Map would give.
 */
export class StringIndex {
  /** The strings by id. The caller may read it; only `add` appends to it. */
  readonly values: string[];
  /** id + 1 per hash slot; 0: empty. Power-of-two size, kept under half full. */
  private table: Int32Array;
  private hashes: Int32Array;

  /** An empty index sized for `expected` strings in all (fewer rehashes when the caller knows). */
  constructor(expected = 0) {
    this.values = [];
    let size = 1024;
    while (size < expected * 2 + 2) size *= 2;
    this.table = new Int32Array(size);
    this.hashes = new Int32Array(Math.max(512, expected));
  }

  /** The id of text[start..end), or -1 when it is not in the index. */
  find(text: string, start = 0, end = text.length): number {
    const h = stringHash(text, start, end);
    const e = this.table[this.slotOf(text, start, end, h)]!;
    return e - 1;
  }

  /**
   * The id of text[start..end), adding it when new (as a slice: V8 keeps a slice as a
   * pointer into its parent, so the caller copies ranges of long strings it drops).
   */
  add(text: string, start = 0, end = text.length): number {
    const h = stringHash(text, start, end);
    const at = this.slotOf(text, start, end, h);
    const e = this.table[at]!;
    if (e !== 0) return e - 1;
    const id = this.values.length;
    this.values.push(start === 0 && end === text.length ? text : text.slice(start, end));
    if (id === this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = h;
    this.table[at] = id + 1;
    if (this.values.length * 2 > this.table.length) this.rehash();
    return id;
  }

  /** The slot holding text[start..end), or the empty slot where it would go. */
  private slotOf(text: string, start: number, end: number, h: number): number {
    const mask = this.table.length - 1;
    const len = end - start;
    let at = h & mask;
    for (;;) {
      const e = this.table[at]!;
      if (e === 0) return at;
      if (this.hashes[e - 1] === h) {
        const v = this.values[e - 1]!;
        if (v.length === len && text.startsWith(v, start)) return at;
      }
      at = (at + 1) & mask;
    }
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      let at = this.hashes[id]! & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = id + 1;
    }
    this.table = table;
  }
}

/** FNV-1a over the UTF-16 code units of text[start..end), as an int32: the hash every StringIndex uses. */
export function stringHash(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * A string that shares no memory with the one it was sliced from (V8 keeps a slice as a
 * pointer into its parent), every code unit kept: a JSON round trip makes a fresh one.
 */
export function flatCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
