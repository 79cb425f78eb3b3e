/**
 * Distinct JS strings numbered in order of first appearance, found by a range of a
 * longer string without slicing it out: an open-addressing table of ids (typed arrays)
 * over the strings themselves. The sibling of utf8-dictionary.ts for JS strings.
 *
 * Why not a Map<string, number>: an import looks up every batch's distinct_ids in the
 * store's user dictionary (1.3M users at 50M events) and numbers each day's
 * `$insert_id`s (unique, 55k-780k a day). A Map needs each key sliced out of its batch's
 * joined string first, and its entries are heap objects that every full GC marks; its
 * cost per look-up grew with its size (the user look-up 6.7x from 5M to 20M events,
 * bench/results/2026-12-03-import-growth-5m-20m.md). Here a look-up hashes the range in
 * place, the table and the hashes are typed arrays (no GC tracing), and only a new
 * string is sliced. Equal code units are equal strings, so the ids are those a Map
 * would give.
 */
export class StringIndex {
  /** The strings by id. The caller may read it; only `add` appends to it. */
  readonly values: string[];
  /** id + 1 per hash slot; 0: empty. Power-of-two size, kept under half full. */
  private table: Int32Array;
  private hashes: Int32Array;

  /**
   * An index over `values` (distinct strings, kept as the array itself: ids are their
   * places), sized for `expected` strings in all (fewer rehashes when the caller knows).
   */
  constructor(values: string[] = [], expected = 0) {
    this.values = values;
    const n = Math.max(values.length, expected);
    let size = 1024;
    while (size < n * 2 + 2) size *= 2;
    this.table = new Int32Array(size);
    this.hashes = new Int32Array(Math.max(512, n));
    for (let id = 0; id < values.length; id++) {
      const v = values[id]!;
      const h = stringHash(v);
      this.hashes[id] = h;
      // Equal strings given twice: the later id wins, as it did with a Map built by set().
      // (A stored user dictionary can hold two: lone surrogates are written as U+FFFD.)
      this.table[this.slotOf(v, 0, v.length, h)] = id + 1;
    }
  }

  /** The id of text[start..end), or -1 when it is not in the index. */
  find(text: string, start = 0, end = text.length): number {
    const h = stringHash(text, start, end);
    const e = this.table[this.slotOf(text, start, end, h)]!;
    return e - 1;
  }

  /**
   * The id of text[start..end), adding it when new. A new string is stored as
   * `keep(slice)` when given: a slice of a long string keeps the whole string alive in
   * V8, so an index that outlives `text` stores a copy.
   */
  add(text: string, start = 0, end = text.length, keep?: (slice: string) => string): number {
    return this.addHashed(stringHash(text, start, end), text, start, end, keep);
  }

  /**
   * `add` with the range's hash already known (stringHash): an import's parse workers
   * hash each distinct_id and `$insert_id` while the importing thread, the busier one,
   * only probes.
   */
  addHashed(h: number, text: string, start = 0, end = text.length, keep?: (slice: string) => string): number {
    const at = this.slotOf(text, start, end, h);
    const e = this.table[at]!;
    if (e !== 0) return e - 1;
    const id = this.values.length;
    const whole = start === 0 && end === text.length;
    const slice = whole ? text : text.slice(start, end);
    this.values.push(keep === undefined || whole ? slice : keep(slice));
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
