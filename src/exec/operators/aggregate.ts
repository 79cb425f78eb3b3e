/**
 * groupBy, groupByUser and reduce: one operator, three shapes.
 *
 * Groups get dense ids as they appear. Per batch, every item gets its group id(s):
 *  - fast path: all keys are plain paths answered by dictionary / number / boolean
 *    columns; a key component is a small code per row (dictionary index, value
 *    code) and group ids come from a code table, with no per-row strings;
 *  - general path: keys are evaluated per item (sandbox values for key functions,
 *    list splicing, multiple_keys) and encoded.
 * Built-in reducers run natively; count/sum/avg/min/max/numeric_summary use
 * columnar kernels over the raw typed arrays when the accessor is a number column.
 * Custom reducers run in the sandbox on the batch's groups and their partial
 * results are combined at the end (jql.md §4).
 */
import type { Accessor, PhysicalReducer } from '../../plan/index.js';
import { type Column, NO_USER } from '../../store/index.js';
import { compareKeys, composeKeys, encodeKey, type KeyComponent, type KeyPart, toKeyComponent } from '../accessors/index.js';
import {
  GroupedAvg,
  GroupedCount,
  GroupedMinMax,
  GroupedNumericSummary,
  GroupedSum,
  makeReducer,
  type NativeReducer,
  reducerAccessor,
  REDUCER_SIGNATURES,
} from '../reducers/index.js';
import type { ItemBatch } from '../batches/item-batch.js';
import { type FnValues, ItemCache, makeValueReader, type ValueReader } from '../value-reader.js';

/** What a shard of a parallel aggregation sends back (see exportState). */
export interface AggregatorState {
  keys: KeyComponent[][];
  states: Array<{ accs?: unknown[]; partials?: unknown[][] }>;
}

export interface AggregateShape {
  keys: Accessor[];
  /** With the kernel the plan chose for each (plan/physical/rules/choose-kernels.ts). */
  reducers: PhysicalReducer[];
  list: boolean;
  /** groupByUser: distinct_id is the implicit first key; items without one are skipped. */
  byUser: boolean;
  /** reduce: a single group, output is the value alone. */
  noKeys: boolean;
}

type Columnar = GroupedCount | GroupedSum | GroupedMinMax | GroupedAvg | GroupedNumericSummary;

interface NativeState {
  kind: 'native';
  reducer: NativeReducer;
  accessor: Accessor | undefined;
  /** Columnar kernel state, when this reducer has one. */
  columnar: Columnar | null;
  columnarName: string | null;
  samplingWeighted: boolean;
  /** Generic accumulators per group (rows the kernel could not take). */
  accs: unknown[];
}

interface GuestState {
  kind: 'guest';
  fnId: number;
  /** Partial results per group, in batch order. */
  partials: unknown[][];
}

type ReducerState = NativeState | GuestState;

/** Per-batch group assignment: one id per selected position, or lists for multi-group items. */
export interface GroupAssignment {
  /** Row space: group id per row (-1: no group). Set when every item has at most one group. */
  single: Int32Array | null;
  /** Positions j -> group ids, for items in several groups (multiple_keys). */
  multi: Array<{ j: number; groups: number[] }> | null;
}

export class Aggregator {
  readonly shape: AggregateShape;
  private groupIndex = new Map<string, number>();
  readonly groupKeys: KeyComponent[][] = [];
  readonly states: ReducerState[];

  constructor(shape: AggregateShape) {
    this.shape = shape;
    this.states = shape.reducers.map((r) => this.stateFor(r));
    if (shape.noKeys) this.groupId([]);
  }

  private stateFor(spec: PhysicalReducer): ReducerState {
    if (spec.kind === 'fn') return { kind: 'guest', fnId: spec.fnId, partials: [] };
    // The plan keeps the accessor apart from the other arguments; the reducer
    // signatures count it in, at its position.
    const sig = REDUCER_SIGNATURES[spec.name as keyof typeof REDUCER_SIGNATURES] as { accessorArg: number | null } | undefined;
    const args = sig && sig.accessorArg !== null ? [spec.accessor === undefined ? undefined : 'accessor', ...spec.args] : spec.args;
    const reducer = makeReducer({ name: spec.name, args, options: spec.options });
    let accessor = spec.accessor;
    if (accessor === undefined) {
      const def = reducerAccessor({ name: spec.name, args, options: spec.options });
      if (typeof def === 'string') accessor = { kind: 'path', path: def };
    }
    const samplingWeighted = reducer.needs.samplingFactor;
    let columnar: Columnar | null = null;
    switch (spec.kernel) {
      case 'count':
        columnar = new GroupedCount();
        break;
      case 'sum':
        columnar = samplingWeighted ? null : new GroupedSum();
        break;
      case 'avg':
        columnar = new GroupedAvg();
        break;
      case 'min':
      case 'max':
        columnar = new GroupedMinMax(spec.kernel);
        break;
      case 'numeric_summary':
        columnar = new GroupedNumericSummary();
        break;
      case null:
        break;
    }
    return { kind: 'native', reducer, accessor, columnar, columnarName: columnar ? spec.name : null, samplingWeighted, accs: [] };
  }

  /** Guest functions whose values this aggregation needs per item (keys, reducer accessors). */
  fnIds(): number[] {
    const out: number[] = [];
    const walk = (a: Accessor | undefined) => {
      if (a === undefined) return;
      if (a.kind === 'fn') out.push(a.fnId);
      else if ('inner' in a) walk(a.inner);
    };
    this.shape.keys.forEach(walk);
    for (const s of this.states) if (s.kind === 'native') walk(s.accessor);
    return [...new Set(out)];
  }

  /** Guest functions used as keys (not reducer accessors). */
  keyFnIds(): number[] {
    const out: number[] = [];
    const walk = (a: Accessor) => {
      if (a.kind === 'fn') out.push(a.fnId);
      else if ('inner' in a) walk(a.inner);
    };
    this.shape.keys.forEach(walk);
    return out;
  }

  /** Paths the native reducers read ('' when one reads whole items). */
  readPaths(): string[] {
    const out = new Set<string>();
    const walk = (a: Accessor | undefined) => {
      if (a === undefined) return;
      if (a.kind === 'path') out.add(a.path);
      else if ('inner' in a) walk(a.inner);
    };
    for (const s of this.states) {
      if (s.kind !== 'native') continue;
      walk(s.accessor);
      if (s.reducer.needs.item || s.reducer.needs.samplingFactor || (s.accessor === undefined && s.reducer.needs.value)) out.add('');
    }
    return [...out];
  }

  guestReducers(): number[] {
    return this.states.filter((s): s is GuestState => s.kind === 'guest').map((s) => s.fnId);
  }

  private encoded: string[] = [];
  /** fastAssign's code -> group id table of the last one-key dictionary. */
  private codeTable: { decode: readonly KeyComponent[]; table: Int32Array } | null = null;
  /** Per key position: key value -> aggregation-wide code (fastAssign). */
  private keyCodes: Array<Map<KeyComponent, number>> = [];
  /** Aggregation-wide code tuples -> group id. */
  private comboNum = new Map<number, number>();
  private comboText = new Map<string, number>();

  /** The group's key as text (cached: groupByUser sends it per row). */
  encodedKey(g: number): string {
    return (this.encoded[g] ??= encodeKey(this.groupKeys[g]!));
  }

  groupId(key: KeyComponent[], encoded = encodeKey(key)): number {
    let g = this.groupIndex.get(encoded);
    if (g === undefined) {
      g = this.groupKeys.length;
      this.groupIndex.set(encoded, g);
      this.groupKeys.push(key);
    }
    return g;
  }

  /** Group ids for the selected items of `batch`. */
  assign(batch: ItemBatch, fnValues: FnValues | null, items: ItemCache): GroupAssignment {
    const sel = batch.sel;
    const single = new Int32Array(batch.size).fill(-1);
    if (this.shape.noKeys) {
      for (const r of sel) single[r] = 0;
      return { single, multi: null };
    }
    const fast = this.fastAssign(batch, single);
    if (fast) return { single, multi: null };
    const users = this.shape.byUser ? batch.users() : null;
    const userIds = this.shape.byUser ? (batch.column('distinct_id') as Column & { dictionary: string[] }) : null;
    const readers: ValueReader[] = this.shape.keys.map((k) => makeValueReader(batch, k, items, fnValues));
    const multiFlags = this.shape.keys.map((k) => k.kind === 'multiple_keys');
    let multi: GroupAssignment['multi'] = null;
    for (let j = 0; j < sel.length; j++) {
      const r = sel[j]!;
      const parts: KeyPart[] = [];
      if (users !== null) {
        const u = users[r]!;
        if (u === NO_USER) continue;
        parts.push({ value: userIds!.dictionary[u] });
      }
      for (let k = 0; k < readers.length; k++) parts.push({ value: readers[k]!(r, j), multiple: multiFlags[k] });
      const keys = composeKeys(parts);
      if (keys.length === 1) single[r] = this.groupId(keys[0]!);
      else if (keys.length > 1) {
        multi ??= [];
        multi.push({ j, groups: keys.map((k) => this.groupId(k)) });
      }
    }
    return { single, multi };
  }

  /**
   * Columnar group ids: every key a plain path on a dictionary/number/boolean column
   * (or on nothing: all null). Returns false when the batch needs the general path.
   */
  private fastAssign(batch: ItemBatch, out: Int32Array): boolean {
    const codes: Array<{ code: (r: number) => number; decode: KeyComponent[] }> = [];
    if (this.shape.byUser) {
      const col = batch.column('distinct_id');
      if (!col || col.kind !== 'string') return false;
      const users = batch.users();
      // User numbers are codes into the store-wide dictionary; NO_USER rows are skipped below.
      codes.push({ code: (r) => users[r]!, decode: col.dictionary });
    }
    for (const k of this.shape.keys) {
      if (k.kind !== 'path') return false;
      const col = batch.column(k.path);
      if (col === null) return false;
      const c = columnCodes(col, batch);
      if (c === null) return false;
      codes.push(c);
    }
    const sel = batch.sel;
    if (codes.length === 1) {
      const { code, decode } = codes[0]!;
      // Code -> group id, kept while batches share one dictionary: groupByUser's is every
      // user of the store (525k at 20M events), and a table per batch zeroed ~2 MB per
      // chunk of 4k rows. Group ids never change, so an entry stays right.
      let table = this.codeTable?.decode === decode && this.codeTable.table.length === decode.length + 1 ? this.codeTable.table : null;
      if (table === null) {
        table = new Int32Array(decode.length + 1).fill(-1);
        this.codeTable = { decode, table };
      }
      for (const r of sel) {
        const c = code(r);
        if (c < 0) continue;
        let g = table[c]!;
        if (g < 0) g = table[c] = this.groupId([decode[c] ?? null]);
        out[r] = g;
      }
      return true;
    }
    // Several keys: batch-local codes become aggregation-wide codes per key position
    // (user numbers already are), so a group is found by a number, not a string.
    const dims = codes.length;
    const toGlobal: Array<Int32Array | null> = codes.map((c, p) => {
      if (p === 0 && this.shape.byUser) return null; // user numbers: global as they are
      let index = this.keyCodes[p];
      if (index === undefined) index = this.keyCodes[p] = new Map();
      const t = new Int32Array(c.decode.length);
      for (let i = 0; i < t.length; i++) {
        const v = c.decode[i] ?? null;
        let g = index.get(v);
        if (g === undefined) index.set(v, (g = index.size));
        t[i] = g;
      }
      return t;
    });
    const MAX = 2 ** 21;
    // Rows of a user are contiguous and often share their other keys: remember the last.
    let lastNum = -1;
    let lastG = -1;
    for (const r of sel) {
      let skip = false;
      let num = 0;
      let text = '';
      for (let p = 0; p < dims; p++) {
        const v = codes[p]!.code(r);
        if (v < 0) {
          skip = true;
          break;
        }
        const gcode = toGlobal[p] === null ? v : toGlobal[p]![v]!;
        if (dims === 2 && gcode < MAX && (p === 0 || num < 2 ** 31)) num = p === 0 ? gcode : num * MAX + gcode;
        else text += `${gcode},`;
      }
      if (skip) continue;
      const numeric = dims === 2 && text === '';
      if (numeric && num === lastNum) {
        out[r] = lastG;
        continue;
      }
      let g = numeric ? this.comboNum.get(num) : this.comboText.get(text);
      if (g === undefined) {
        g = this.groupId(codes.map((c) => c.decode[c.code(r)] ?? null));
        if (numeric) this.comboNum.set(num, g);
        else this.comboText.set(text, g);
      }
      if (numeric) {
        lastNum = num;
        lastG = g;
      }
      out[r] = g;
    }
    return true;
  }

  /** Feed the batch's items to the native reducers. */
  reduceNative(batch: ItemBatch, groups: GroupAssignment, fnValues: FnValues | null, items: ItemCache): void {
    const sel = batch.sel;
    const weights = batch.samplingFactors();
    for (const s of this.states) {
      if (s.kind !== 'native') continue;
      // Derived rows carry their sampling factor in the item, not in a column.
      const weightsInItems = s.samplingWeighted && batch.kind === 'rows';
      const fromGuest = s.accessor?.kind === 'path' && items.paths.has(s.accessor.path);
      if (groups.multi === null && s.columnar && !weightsInItems && !fromGuest && this.tryColumnar(s, batch, groups.single!, weights)) continue;
      const read = s.accessor ? makeValueReader(batch, s.accessor, items, fnValues) : null;
      const { reducer } = s;
      const needsItem = reducer.needs.item || (read === null && reducer.needs.value) || (reducer.needs.samplingFactor && weights === null);
      // A reducer with a columnar kernel keeps ONE sequential accumulator: rows this
      // batch could not feed as columns go into the kernel one by one, in order, so the
      // floating-point result does not depend on which batches were columnar.
      const kernel = s.columnar !== null && !weightsInItems ? s.columnar : null;
      const add = (g: number, r: number, j: number) => {
        const item = needsItem ? items.get(r) : undefined;
        const value = read ? read(r, j) : item;
        if (kernel !== null) {
          feedOne(kernel, s.samplingWeighted, g, value, weights ? weights[r]! : 1);
          return;
        }
        const acc = s.accs[g] ?? reducer.init();
        // No per-row weights (derived rows): the reducer reads item.sampling_factor itself.
        s.accs[g] = reducer.add(acc, value, item, weights ? weights[r] : undefined);
      };
      const single = groups.single!;
      for (let j = 0; j < sel.length; j++) {
        const r = sel[j]!;
        const g = single[r]!;
        if (g >= 0) add(g, r, j);
      }
      if (groups.multi) for (const m of groups.multi) for (const g of m.groups) add(g, sel[m.j]!, m.j);
    }
  }

  private tryColumnar(s: NativeState, batch: ItemBatch, gids: Int32Array, weights: Float64Array | null): boolean {
    const c = s.columnar!;
    if (c instanceof GroupedCount) {
      c.add(gids, gids.length, s.samplingWeighted ? weights : null);
      return true;
    }
    const col = batch.column((s.accessor as { path: string }).path);
    if (col === null) return false;
    if (col === undefined) {
      // No values at all: the groups still exist (result for no values).
      return true;
    }
    if (col.kind !== 'number') return false;
    if (c instanceof GroupedAvg) c.add(col.values, col.present, gids, gids.length, s.samplingWeighted ? weights : null);
    else c.add(col.values, col.present, gids, gids.length);
    return true;
  }

  addPartial(fnId: number, group: number, value: unknown): void {
    for (const s of this.states) {
      if (s.kind === 'guest' && s.fnId === fnId) (s.partials[group] ??= []).push(value);
    }
  }

  /** Final result of a native reducer for group g. */
  nativeResult(s: NativeState, g: number): unknown {
    return s.reducer.result(this.nativeAccumulator(s, g));
  }

  /**
   * The partial state of this aggregation, as plain data (it crosses between worker
   * threads): group keys, each native reducer's accumulator per group, each custom
   * reducer's partial results per group.
   */
  exportState(): AggregatorState {
    const n = this.groupKeys.length;
    return {
      keys: this.groupKeys,
      states: this.states.map((s) => {
        if (s.kind === 'guest') return { partials: Array.from({ length: n }, (_, g) => s.partials[g] ?? []) };
        return { accs: Array.from({ length: n }, (_, g) => this.nativeAccumulator(s, g)) };
      }),
    };
  }

  /** Merge another shard's state in (shards in data order keep "first seen" rules). */
  mergeState(st: AggregatorState): void {
    st.keys.forEach((key, g2) => {
      const g = this.groupId(key);
      this.states.forEach((s, i) => {
        const part = st.states[i]!;
        if (s.kind === 'guest') {
          for (const p of part.partials![g2] ?? []) (s.partials[g] ??= []).push(p);
        } else {
          const acc = part.accs![g2];
          s.accs[g] = s.accs[g] === undefined ? acc : s.reducer.merge(s.accs[g], acc);
        }
      });
    });
  }

  private nativeAccumulator(s: NativeState, g: number): unknown {
    if (!s.columnar) return s.accs[g] ?? s.reducer.init();
    const acc = s.columnar.accumulator(g);
    return s.accs[g] !== undefined ? s.reducer.merge(acc, s.accs[g]) : acc;
  }

  /** Group ids in output order (sorted by key). */
  orderedGroups(): number[] {
    const ids = this.groupKeys.map((_, i) => i);
    ids.sort((a, b) => compareKeys(this.groupKeys[a]!, this.groupKeys[b]!));
    return ids;
  }
}

/** One row into a columnar kernel (the same update the kernel applies to a column). */
function feedOne(c: Columnar, weighted: boolean, g: number, value: unknown, weight: number): void {
  const gid = Int32Array.of(g);
  const w = weighted ? Float64Array.of(weight) : null;
  if (c instanceof GroupedCount) {
    c.add(gid, 1, w);
    return;
  }
  // Kernels take numbers only; anything else is skipped as the generic reducers skip it
  // (a group still exists with no values).
  const v = typeof value === 'number' ? value : NaN;
  if (c instanceof GroupedAvg) c.add(Float64Array.of(v), null, gid, 1, w);
  else c.add(Float64Array.of(v), null, gid, 1);
}

/** Codes for one key column: dictionary index / value code per row, -2 never. */
export function columnCodes(col: Column | undefined, batch: ItemBatch): { code: (r: number) => number; decode: KeyComponent[] } | null {
  if (col === undefined) return { code: () => 0, decode: [null] };
  const present = col.present;
  const isValid = (r: number) => present === null || ((present[r >> 3]! >> (r & 7)) & 1) === 1;
  switch (col.kind) {
    case 'string': {
      const nullCode = col.dictionary.length;
      const decode: KeyComponent[] = [...col.dictionary, null];
      const idx = col.indices;
      return { code: (r) => (isValid(r) ? idx[r]! : nullCode), decode };
    }
    case 'boolean': {
      const vals = col.values;
      return { code: (r) => (isValid(r) ? (vals[r >> 3]! >> (r & 7)) & 1 : 2), decode: [false, true, null] };
    }
    case 'number': {
      // Distinct values of the selected rows get codes.
      const codeOf = new Map<number, number>();
      const decode: KeyComponent[] = [null];
      const rowCode = new Int32Array(col.length);
      const values = col.values;
      for (const r of batch.sel) {
        if (!isValid(r)) continue;
        const v = toKeyComponent(values[r]) as number | null;
        if (v === null) continue;
        let c = codeOf.get(v);
        if (c === undefined) {
          c = decode.length;
          codeOf.set(v, c);
          decode.push(v);
        }
        rowCode[r] = c;
      }
      return { code: (r) => rowCode[r]!, decode };
    }
    case 'json':
      return null;
  }
}
