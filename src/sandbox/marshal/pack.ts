/**
 * Pack a GuestItems batch into one ArrayBuffer + one JSON text (PackedItems), so a
 * batch enters the guest in one crossing whatever its number of columns.
 *
 * Strings travel as dictionary indices. A dictionary small enough to be worth
 * caching is sent once per session and referenced by id afterwards (the Packer
 * remembers dictionaries by identity); a large one (e.g. distinct_id) is sent as
 * the per-batch subset actually used. Bitmaps become one byte per row, gathered
 * through the selection vector.
 */
import { bitAt, type Column, type NumberColumn } from '../../store/column.js';
import type { ColumnarEvents, ColumnarPeople, GuestItems, PackedItems } from './columnar.js';
import { stringifyWithCycles } from './cycles.js';

const MAX_CACHED_DICTS = 256;
const MAX_CACHED_STRINGS = 1_000_000;

type ColDesc = Record<string, unknown>;

export class Packer {
  private dictIds = new Map<string[], number>();
  private cachedStrings = 0;
  private nextId = 0;

  pack(items: GuestItems): PackedItems {
    if (items.kind === 'json') {
      // Derived rows may hold cycles (marshal/cycles.ts); the guest puts them back.
      const { json, cycles } = stringifyWithCycles(items.items);
      const extraText = cycles ? `{"items":${json},"itemCycles":${JSON.stringify(cycles)}}` : `{"items":${json}}`;
      return { desc: { kind: 'json', length: items.items.length }, buffer: new ArrayBuffer(0), extraText, length: items.items.length };
    }
    const n = items.selection ? items.selection.length : items.length;
    const b = new BatchBuilder(n, items.selection ?? null, this);
    let desc: Record<string, unknown>;
    if (items.kind === 'events') desc = { kind: 'events', length: n, record: b.events(items.columns) };
    else if (items.kind === 'people') desc = { kind: 'people', length: n, record: b.people(items.columns) };
    else {
      desc = {
        kind: 'join',
        length: n,
        events: b.events(items.events),
        people: b.people(items.people),
        hasEvent: b.bytes(items.hasEvent),
        hasUser: b.bytes(items.hasUser),
      };
    }
    const drop = this.evict();
    if (drop.length) desc.drop = drop;
    return { desc, buffer: b.finish(), extraText: b.extraText(), length: n };
  }

  /** The cache id of a dictionary, or null when it should travel as a subset. */
  dictId(dict: string[], batchRows: number, newDicts: Map<number, string[]>): number | null {
    const known = this.dictIds.get(dict);
    if (known !== undefined) {
      // Refresh its position so eviction drops the least recently used first.
      this.dictIds.delete(dict);
      this.dictIds.set(dict, known);
      return known;
    }
    if (dict.length > Math.max(4096, batchRows * 2)) return null;
    const id = this.nextId++;
    this.dictIds.set(dict, id);
    this.cachedStrings += dict.length;
    newDicts.set(id, dict);
    return id;
  }

  private evict(): number[] {
    const drop: number[] = [];
    for (const [dict, id] of this.dictIds) {
      if (this.dictIds.size <= MAX_CACHED_DICTS && this.cachedStrings <= MAX_CACHED_STRINGS) break;
      this.dictIds.delete(dict);
      this.cachedStrings -= dict.length;
      drop.push(id);
    }
    return drop;
  }
}

class BatchBuilder {
  private parts: Array<{ off: number; bytes: Uint8Array }> = [];
  private size = 0;
  private newDicts = new Map<number, string[]>();
  private subsets: string[][] = [];
  private jsonCols: string[] = [];

  constructor(
    private n: number,
    private sel: Int32Array | null,
    private packer: Packer,
  ) {}

  private add(bytes: Uint8Array): number {
    const off = this.size;
    this.parts.push({ off, bytes });
    this.size = Math.ceil((off + bytes.byteLength) / 8) * 8;
    return off;
  }

  private row(k: number): number {
    return this.sel ? this.sel[k]! : k;
  }

  /** A byte-per-row array gathered through the selection. */
  bytes(src: Uint8Array): number {
    const out = new Uint8Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = src[this.row(k)]!;
    return this.add(out);
  }

  private bitmap(bm: Uint8Array | null): number {
    if (bm === null) return -1;
    const out = new Uint8Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = bitAt(bm, this.row(k));
    return this.add(out);
  }

  private floats(src: Float64Array): number {
    const out = new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = src[this.row(k)]!;
    return this.add(new Uint8Array(out.buffer));
  }

  number(c: Float64Array | NumberColumn): ColDesc {
    if (c instanceof Float64Array) return { t: 'n', v: this.floats(c), p: -1, n: -1, len: this.n };
    return { t: 'n', v: this.floats(c.values), p: this.bitmap(c.present), n: this.bitmap(c.nulls), len: this.n };
  }

  column(c: Column): ColDesc {
    const n = this.n;
    const p = this.bitmap(c.present);
    const nl = this.bitmap(c.nulls);
    switch (c.kind) {
      case 'number':
        return { t: 'n', v: this.floats(c.values), p, n: nl, len: n };
      case 'boolean': {
        const out = new Uint8Array(n);
        for (let k = 0; k < n; k++) out[k] = bitAt(c.values, this.row(k));
        return { t: 'b', v: this.add(out), p, n: nl, len: n };
      }
      case 'string': {
        const idx = new Int32Array(n);
        const id = this.packer.dictId(c.dictionary, n, this.newDicts);
        if (id !== null) {
          for (let k = 0; k < n; k++) idx[k] = c.indices[this.row(k)]!;
          return { t: 's', v: this.add(new Uint8Array(idx.buffer)), d: id, p, n: nl, len: n };
        }
        const remap = new Map<number, number>();
        const sub: string[] = [];
        for (let k = 0; k < n; k++) {
          const r = this.row(k);
          if (c.present !== null && bitAt(c.present, r) === 0) continue;
          const old = c.indices[r]!;
          let nu = remap.get(old);
          if (nu === undefined) {
            nu = sub.length;
            sub.push(c.dictionary[old]!);
            remap.set(old, nu);
          }
          idx[k] = nu;
        }
        this.subsets.push(sub);
        return { t: 's', v: this.add(new Uint8Array(idx.buffer)), sub: this.subsets.length - 1, p, n: nl, len: n };
      }
      case 'json': {
        const cells = new Array<string>(n);
        for (let k = 0; k < n; k++) {
          const r = this.row(k);
          const t = c.texts[r];
          cells[k] = t === null || t === undefined || (c.present !== null && bitAt(c.present, r) === 0) ? 'null' : t;
        }
        this.jsonCols.push(`[${cells.join(',')}]`);
        return { t: 'j', j: this.jsonCols.length - 1, p, n: nl, len: n };
      }
    }
  }

  private props(p: Record<string, Column> | undefined): Array<[string, ColDesc]> | null {
    if (p === undefined) return null;
    return Object.keys(p).map((k) => [k, this.column(p[k]!)]);
  }

  events(c: ColumnarEvents): Record<string, unknown> {
    const fields: Array<[string, ColDesc | 1]> = [];
    if (c.name) fields.push(['name', this.column(c.name)]);
    if (c.distinctId) fields.push(['distinct_id', this.column(c.distinctId)]);
    if (c.time) fields.push(['time', this.number(c.time)]);
    if (c.samplingFactor === null) fields.push(['sampling_factor', 1]);
    else if (c.samplingFactor) fields.push(['sampling_factor', this.number(c.samplingFactor)]);
    return { fields, properties: this.props(c.properties) };
  }

  people(c: ColumnarPeople): Record<string, unknown> {
    const fields: Array<[string, ColDesc | 1]> = [];
    if (c.distinctId) fields.push(['distinct_id', this.column(c.distinctId)]);
    if (c.time) fields.push(['time', this.number(c.time)]);
    if (c.lastSeen) fields.push(['last_seen', this.number(c.lastSeen)]);
    return { fields, properties: this.props(c.properties) };
  }

  finish(): ArrayBuffer {
    const buf = new ArrayBuffer(this.size);
    const u8 = new Uint8Array(buf);
    for (const p of this.parts) u8.set(p.bytes, p.off);
    return buf;
  }

  extraText(): string {
    const dicts: Record<number, string[]> = {};
    for (const [id, d] of this.newDicts) dicts[id] = d;
    return `{"dicts":${JSON.stringify(dicts)},"sub":${JSON.stringify(this.subsets)},"json":[${this.jsonCols.join(',')}]}`;
  }
}
