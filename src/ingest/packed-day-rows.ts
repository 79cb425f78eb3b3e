/**
 * One day's buffer of events as the packed batches of a parse worker brought them,
 * kept packed until the day is written.
 *
 * Unpacking every batch into the day's `EventRows` (a JS string or number per value, in
 * arrays that grow to a spill's 500k events) made the importing thread's heap hold
 * hundreds of MB of small objects between spills: its own GC and V8's marking threads
 * took as much CPU as the writing (docs/benchmarks.md, import profile). Packed, a
 * buffered event is a few typed-array slots and its share of one string per batch, and
 * values become JS values only while their partition is written, one column at a time.
 *
 * The writer reads this through the same interface as `EventRows` (RowsToWrite), so a
 * store written from packed days is byte-identical to one written inline.
 */
import { EventRows, packedSparse, type RowsToWrite, type SparseValues, utf8Packed, ValueTag } from '../store/index.js';
import { Utf8Dictionary } from '../store/utf8-dictionary.js';
import { flatCopy, StringIndex } from '../store/string-index.js';
import { appendPackedDay, batchStrings, type InsertIds, insertIdText, type PackedBatch, type PackedDay, unpackInsertId } from './batch-codec.js';

/** One day of one batch, with what its codes refer to. */
export interface Chunk {
  day: PackedDay;
  /** The batch's strings joined, and where each ends (batch-codec.ts). */
  strings: string;
  ends: Int32Array;
  /** The batch's string `$insert_id`s, as UTF-8 bytes. */
  insertIds: InsertIds;
  /** User number of each of the batch's distinct_ids (by their place in the batch). */
  userOf: Int32Array;
  /** The batch's buffers shared by its days, and how many of its days are still buffered. */
  batch?: SharedBatch;
}

/**
 * What one batch's day chunks share (its strings' ends, its `$insert_id` bytes, its user
 * numbers): freed with the last of its days still buffered.
 */
export interface SharedBatch {
  days: number;
}

export class PackedDayRows {
  length = 0;
  private readonly chunks: Chunk[] = [];

  /** `shared`, when given, counts this day among the batch's days buffered (release). */
  append(day: PackedDay, batch: Pick<PackedBatch, 'strings' | 'ends' | 'insertIds'>, userOf: Int32Array, shared?: SharedBatch): void {
    this.chunks.push({ day, strings: batch.strings, ends: batch.ends, insertIds: batch.insertIds, userOf, batch: shared });
    if (shared) shared.days++;
    this.length += day.length;
  }

  /**
   * Frees the memory of the buffered batches now, once the day is written and will not
   * be read again (the rows and every view of them are unusable after).
   *
   * The batches' typed arrays came from the parse workers: their memory is outside V8's
   * heap and is freed only when the arrays are collected, and by then they are old, so
   * that waited for a full GC, which V8 schedules by its heap's growth, not by how much
   * of this memory has died. A written day's batches (~100-180 MB for a day of 50M
   * events' import) then stayed beside the next day's. Transferred away (detached), their
   * memory goes with the next young-generation collection, within milliseconds. What a
   * batch's days share goes with the last of them. (A batch's distinct_ids and their
   * hashes are not kept: they die young and go with a young-generation collection anyway.)
   */
  release(): void {
    const buffers = new Set<ArrayBuffer>();
    // Only arrays that are their whole buffer, as the packer makes them (slices, never
    // views of a shared one): detaching a buffer detaches every view of it.
    const add = (a: ArrayBufferView | null) => {
      if (a !== null && a.byteLength > 0 && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer as ArrayBuffer);
    };
    for (const c of this.chunks) {
      const d = c.day;
      for (const a of [d.names, d.users, d.times, d.sampling, d.insertTags, d.insertNums, d.insertHashes, d.keys, d.keyEnds, d.rows, d.tags, d.nums]) add(a);
      if (c.batch !== undefined && --c.batch.days === 0) for (const a of [c.ends, c.insertIds.bytes, c.insertIds.ends, c.userOf]) add(a);
    }
    this.chunks.length = 0;
    this.length = 0;
    if (buffers.size === 0) return;
    try {
      structuredClone(undefined, { transfer: [...buffers] });
    } catch (e) {
      // One that cannot be transferred (none the importer makes): the GC frees them, as before.
      if (!(e instanceof DOMException && e.name === 'DataCloneError')) throw e;
    }
  }

  /** The rows unpacked into staging form (for a day merged with stored or spilled rows). */
  toEventRows(): EventRows {
    const out = new EventRows();
    for (const c of this.chunks) unpackInto(out, c);
    return out;
  }

  /**
   * The rows as the partition writer reads them. Fixed columns are flattened here; each
   * property's values are unpacked when the writer asks for that column.
   */
  toWrite(): RowsToWrite {
    return new PackedDayWrite(this.chunks, this.length);
  }
}

/**
 * A packed day as the partition writer reads it (RowsToWrite).
 *
 * A class, not an object of closures made per write: the writer's loops (`insertIdColumn`,
 * `sparse`) then are one function each for the whole import. As closures, each spilled
 * day had new functions, whose optimized code V8 holds only weakly; with a full GC every
 * few hundred ms (batches arriving from the parse workers) it was gone by the next day,
 * and V8 compiled the loops again: ~200 TurboFan compiles, ~4 s of CPU in a 5M import.
 */
class PackedDayWrite implements RowsToWrite {
  readonly users: Int32Array;
  readonly times: Float64Array;
  readonly nameCodes: Int32Array;
  readonly nameTexts: string[];
  readonly hasSampling: boolean;
  // `$insert_id` stays packed (tag, number: a string's place in its batch's InsertIds), as
  // the batch brought it: a JS value per event here was the largest transient of a big day's write.
  private readonly insertTags: Uint8Array;
  private readonly insertNums: Float64Array;
  private readonly insertHashes: Int32Array;
  private readonly samplings: Float64Array | null = null;
  /** Each chunk's strings (batchStrings). */
  private readonly tables: string[][] = [];
  /** key -> [chunk index, key index in that chunk] in ingest order. */
  private readonly keyParts = new Map<string, number[]>();
  /** The first row of each chunk. */
  private readonly starts: number[] = [];

  constructor(
    private readonly chunks: readonly Chunk[],
    readonly length: number,
  ) {
    const n = length;
    const users = (this.users = new Int32Array(n));
    const times = (this.times = new Float64Array(n));
    const nameCodes = (this.nameCodes = new Int32Array(n));
    const insertTags = (this.insertTags = new Uint8Array(n));
    const insertNums = (this.insertNums = new Float64Array(n));
    const insertHashes = (this.insertHashes = new Int32Array(n));
    const codeOfName = new Map<string, number>();
    const { tables, keyParts } = this;
    let sampling: Float64Array | null = null;
    let base = 0;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const d = chunk.day;
      const table = batchStrings(chunk);
      tables.push(table);
      this.starts.push(base);
      // Name codes of the batch -> the day's codes: one map look-up per distinct name.
      const local = new Map<number, number>();
      for (let i = 0; i < d.length; i++) {
        const r = base + i;
        const s = d.names[i]!;
        let code = local.get(s);
        if (code === undefined) {
          const name = table[s]!;
          code = codeOfName.get(name);
          if (code === undefined) codeOfName.set(name, (code = codeOfName.size));
          local.set(s, code);
        }
        nameCodes[r] = code;
        users[r] = chunk.userOf[d.users[i]!]!;
        times[r] = d.times[i]!;
      }
      insertTags.set(d.insertTags, base);
      insertNums.set(d.insertNums, base);
      insertHashes.set(d.insertHashes, base);
      if (d.sampling !== null) {
        sampling ??= new Float64Array(n).fill(1);
        sampling.set(d.sampling, base);
      }
      for (let k = 0; k < d.keys.length; k++) {
        const key = table[d.keys[k]!]!;
        let parts = keyParts.get(key);
        if (parts === undefined) keyParts.set(key, (parts = []));
        parts.push(c, k);
      }
      base += d.length;
    }
    this.samplings = sampling;
    this.hasSampling = sampling !== null;
    // Names and keys outlive the write in the manifest: copies, not slices that would
    // keep their batch's whole string alive (flatCopy).
    this.nameTexts = [...codeOfName.keys()].map(flatCopy);
  }

  /** The chunk that holds row `r` (only for the rows dedup compares). */
  private chunkOf(r: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  insertId(r: number): unknown {
    const c = this.chunkOf(r);
    return unpackInsertId(this.insertTags[r]!, this.insertNums[r]!, this.chunks[c]!.insertIds, this.tables[c]!);
  }

  insertIdColumn(newIndex: Int32Array): SparseValues {
    const { chunks, starts, tables, insertTags, insertNums, insertHashes } = this;
    const n = this.length;
    let cap = 0;
    let strings = true;
    for (let r = 0; r < n; r++) {
      const tag = insertTags[r]!;
      if (tag === ValueTag.Absent || newIndex[r]! < 0) continue;
      cap++;
      if ((tag !== ValueTag.String && tag !== ValueTag.Null) || (tag === ValueTag.String && insertNums[r]! < 0)) strings = false;
    }
    // Strings and nulls only (the usual case): the ids' UTF-8 bytes go straight into
    // the column's dictionary, each found by the hash its parse worker computed.
    // Anything else: as JS values, in the numbering encodeColumn gives them.
    if (strings) {
      const rows = new Int32Array(cap);
      const tags = new Uint8Array(cap);
      const nums = new Float64Array(cap);
      const dictionary = new Utf8Dictionary(cap);
      let k = 0;
      for (let c = 0; c < chunks.length; c++) {
        const { bytes, ends } = chunks[c]!.insertIds;
        for (let r = starts[c]!, end = r + chunks[c]!.day.length; r < end; r++) {
          const tag = insertTags[r]!;
          const to = newIndex[r]!;
          if (tag === ValueTag.Absent || to < 0) continue;
          rows[k] = to;
          tags[k] = tag;
          if (tag === ValueTag.String) {
            const i = insertNums[r]! | 0;
            nums[k] = dictionary.addKept(insertHashes[r]!, bytes, i === 0 ? 0 : ends[i - 1]!, ends[i]!);
          }
          k++;
        }
      }
      return packedSparse(rows, utf8Packed(tags, nums, dictionary.texts()));
    }
    const out = new PackedGather(cap, cap);
    for (let c = 0; c < chunks.length; c++) {
      const table = tables[c]!;
      const ids = chunks[c]!.insertIds;
      for (let r = starts[c]!, end = r + chunks[c]!.day.length; r < end; r++) {
        const tag = insertTags[r]!;
        const to = newIndex[r]!;
        if (tag === ValueTag.Absent || to < 0) continue;
        if (tag === ValueTag.String) out.add(to, tag, 0, table, out.stringId(insertIdText(ids, insertNums[r]!, table)));
        else out.add(to, tag, insertNums[r]!, table);
      }
    }
    return out.done();
  }

  sampling(i: number): number {
    return this.samplings === null ? 1 : this.samplings[i]!;
  }

  keys(): string[] {
    return [...this.keyParts.keys()].map(flatCopy);
  }

  sparse(key: string, newIndex: Int32Array): SparseValues {
    const { chunks, starts, tables } = this;
    const parts = this.keyParts.get(key) ?? [];
    let cap = 0;
    for (let p = 0; p < parts.length; p += 2) {
      const d = chunks[parts[p]!]!.day;
      const k = parts[p + 1]!;
      cap += d.keyEnds[k]! - (k === 0 ? 0 : d.keyEnds[k - 1]!);
    }
    // The values stay packed (tag, number): the encoder reads them so (column-codec.ts
    // encodePacked), with no JS value per row. String values get their dictionary ids
    // from the batch's string codes: a typed-array slot per (batch, code) instead of a
    // Map look-up per value.
    const out = new PackedGather(cap);
    for (let p = 0; p < parts.length; p += 2) {
      const c = parts[p]!;
      const k = parts[p + 1]!;
      const d = chunks[c]!.day;
      const table = tables[c]!;
      const at = starts[c]!;
      if (scratch.length < table.length) scratch = new Int32Array(table.length * 2).fill(-1);
      const touched: number[] = [];
      for (let j = k === 0 ? 0 : d.keyEnds[k - 1]!, end = d.keyEnds[k]!; j < end; j++) {
        const r = newIndex[at + d.rows[j]!]!;
        if (r < 0) continue;
        const tag = d.tags[j]!;
        const num = d.nums[j]!;
        let id = -1;
        if (tag === ValueTag.String) {
          id = scratch[num]!;
          if (id < 0) {
            id = scratch[num] = out.stringId(table[num]!);
            touched.push(num);
          }
        }
        out.add(r, tag, num, table, id);
      }
      for (const code of touched) scratch[code] = -1;
    }
    return out.done();
  }
}

/**
 * One column's values gathered packed, in the numbering encodeColumn would give them:
 * strings by dictionary id in order of first appearance, JSON values as their texts.
 */
class PackedGather {
  private readonly rows: Int32Array;
  private readonly tags: Uint8Array;
  private readonly nums: Float64Array;
  /** Numbered in a typed-array index, not a Map: `$insert_id`s are unique, 55k-780k a day (string-index.ts). */
  private readonly dictionary: StringIndex;
  private readonly json: string[] = [];
  private n = 0;
  /** Tags added (bit 1 << tag) and values neither null nor absent (PackedValues.seen). */
  private tagMask = 0;
  private present = 0;

  /** `strings`: how many distinct strings to size the dictionary's index for, when known. */
  constructor(capacity: number, strings = 0) {
    this.dictionary = new StringIndex(strings);
    this.rows = new Int32Array(capacity);
    this.tags = new Uint8Array(capacity);
    this.nums = new Float64Array(capacity);
  }

  /** A string's dictionary id, numbering it if new. */
  stringId(text: string): number {
    return this.dictionary.add(text);
  }

  /** Adds a batch's packed value at output row `row`; `id` is a string's dictionary id when the caller knows it. */
  add(row: number, tag: number, num: number, table: readonly string[], id = -1): void {
    const k = this.n++;
    this.rows[k] = row;
    this.tags[k] = tag;
    this.tagMask |= 1 << tag;
    if (tag !== ValueTag.Null && tag !== ValueTag.Absent) this.present++;
    if (tag === ValueTag.String) this.nums[k] = id >= 0 ? id : this.stringId(table[num]!);
    else if (tag === ValueTag.Json) {
      this.nums[k] = this.json.length;
      this.json.push(table[num]!);
    } else this.nums[k] = num;
  }

  done(): SparseValues {
    return packedSparse(this.rows.subarray(0, this.n), {
      tags: this.tags.subarray(0, this.n),
      nums: this.nums.subarray(0, this.n),
      dictionary: this.dictionary.values,
      json: this.json,
      seen: { tags: this.tagMask, present: this.present },
    });
  }
}

/** Scratch map (batch string code -> dictionary id) of `sparse`; all -1 between uses. */
let scratch = new Int32Array(0);

/** Append a chunk to staging rows (a day that also gets rows parsed inline). */
export function unpackInto(into: EventRows, c: Chunk): void {
  appendPackedDay(into, c.day, batchStrings(c), c.insertIds, c.userOf);
}
