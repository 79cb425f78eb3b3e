/**
 * Evaluate a translated callback (JsExpr) over an ItemBatch, natively. Parameter
 * paths read columns (the column part of the path) and apply JavaScript member
 * semantics to the rest. An expression over a single dictionary-encoded column is
 * evaluated once per distinct value and mapped to rows, so
 * `e => e.properties.country == "US"` costs one Int32 lookup per row.
 */
import type { JsExpr } from '../../plan/index.js';
import { bitAt, type Column, type StringColumn } from '../../store/index.js';
import type { ItemBatch } from '../batches/item-batch.js';
import { ItemCache, makeValueReader, type ValueReader } from '../value-reader.js';
import { binary, callMethod, Fallback, member, newDate } from './js-ops.js';

/** How many leading path segments a column answers, per batch kind. */
function columnPrefix(kind: ItemBatch['kind'], path: string[]): number {
  const top = (fields: string[], p: string[]): number => {
    if (p.length === 0) return 0;
    if (fields.includes(p[0]!)) return 1;
    if (p[0] === 'properties' && p.length >= 2 && !p[1]!.includes('.')) return 2;
    return 0;
  };
  switch (kind) {
    case 'events':
      return top(['name', 'distinct_id', 'time', 'sampling_factor'], path);
    case 'people':
      return top(['distinct_id', 'time', 'last_seen'], path);
    case 'join': {
      if (path[0] === 'distinct_id') return 1;
      if (path[0] === 'event') {
        const n = top(['name', 'distinct_id', 'time', 'sampling_factor'], path.slice(1));
        return n ? n + 1 : 0;
      }
      if (path[0] === 'user') {
        const n = top(['distinct_id', 'time', 'last_seen'], path.slice(1));
        return n ? n + 1 : 0;
      }
      return 0;
    }
    case 'rows':
      return 0;
  }
}

type Env = (r: number, j: number) => unknown;

interface Compiled {
  run: Env;
  /** The one column all parameter reads come from (exactly, no members after), if so. */
  single: { col: Column | undefined; path: string } | null;
}

export function compileOver(expr: JsExpr, batch: ItemBatch, items: ItemCache): Compiled {
  const readers = new Map<string, ValueReader>();
  const paths = new Set<string>();
  let pure = true; // every param read is a whole column
  const param = (path: string[]): Env => {
    const n = columnPrefix(batch.kind, path);
    const key = path.slice(0, n).join('.');
    if (n < path.length) pure = false;
    paths.add(key);
    let base: Env;
    if (n === 0) base = (r) => items.get(r);
    else {
      let rd = readers.get(key);
      if (rd === undefined) readers.set(key, (rd = makeValueReader(batch, { kind: 'path', path: key }, items, null)));
      base = rd;
    }
    const rest = path.slice(n);
    if (rest.length === 0) return base;
    return (r, j) => {
      let v = base(r, j);
      for (const k of rest) v = member(v, k);
      return v;
    };
  };
  const c = (e: JsExpr): Env => {
    switch (e.k) {
      case 'param':
        return param(e.path);
      case 'lit': {
        const v = e.v;
        return () => v;
      }
      case 'member': {
        const o = c(e.obj);
        const key = e.key;
        return (r, j) => member(o(r, j), key);
      }
      case 'unary': {
        const a = c(e.a);
        switch (e.op) {
          case '!':
            return (r, j) => !a(r, j);
          case '-':
            return (r, j) => -(a(r, j) as number);
          case '+':
            return (r, j) => +(a(r, j) as number);
          case 'typeof':
            return (r, j) => typeof a(r, j);
        }
        break;
      }
      case 'bin': {
        const a = c(e.a);
        const b = c(e.b);
        const op = e.op;
        return (r, j) => binary(op, a(r, j), b(r, j));
      }
      case 'logic': {
        const a = c(e.a);
        const b = c(e.b);
        if (e.op === '&&') return (r, j) => a(r, j) && b(r, j);
        if (e.op === '||') return (r, j) => a(r, j) || b(r, j);
        return (r, j) => a(r, j) ?? b(r, j);
      }
      case 'cond': {
        const cc = c(e.c);
        const a = c(e.a);
        const b = c(e.b);
        return (r, j) => (cc(r, j) ? a(r, j) : b(r, j));
      }
      case 'call': {
        const o = c(e.obj);
        const args = e.args.map(c);
        const method = e.method;
        return (r, j) =>
          callMethod(
            o(r, j),
            method,
            args.map((x) => x(r, j)),
          );
      }
      case 'newDate': {
        const a = c(e.arg);
        return (r, j) => newDate(a(r, j));
      }
    }
    throw new Error('unreachable');
  };
  const run = c(expr);
  let single: Compiled['single'] = null;
  if (pure && paths.size === 1) {
    const path = [...paths][0]!;
    const col = path === '' ? null : batch.column(path);
    if (col !== null) single = { col, path };
  }
  return { run, single };
}

/**
 * For an expression over one dictionary or boolean column: the value for row r,
 * evaluated once per distinct value (dictionary entry, true/false, missing, null).
 */
function perDistinctValue(expr: JsExpr, col: Column, batch: ItemBatch): ((r: number) => unknown) | null {
  if (col.kind !== 'string' && col.kind !== 'boolean') return null;
  const size = col.kind === 'string' ? col.dictionary.length : 2;
  const cache = new Array<unknown>(size + 2);
  const done = new Uint8Array(size + 2);
  const valueOf = (code: number): unknown => (code === size ? undefined : code === size + 1 ? null : col.kind === 'string' ? col.dictionary[code] : code === 1);
  return (r) => {
    let code: number;
    if (col.present === null || bitAt(col.present, r)) code = col.kind === 'string' ? col.indices[r]! : bitAt(col.values, r);
    else code = col.nulls !== null && bitAt(col.nulls, r) ? size + 1 : size;
    if (!done[code]) {
      const v = valueOf(code);
      cache[code] = evalWith(expr, () => v, batch);
      done[code] = 1;
    }
    return cache[code];
  };
}

/** Row r's value, by the fastest way the expression allows (compiled once per batch). */
function rowEvaluator(expr: JsExpr, batch: ItemBatch, items: ItemCache): (r: number, j: number) => unknown {
  const { run, single } = compileOver(expr, batch, items);
  const distinct = single && single.col ? perDistinctValue(expr, single.col, batch) : null;
  return distinct ?? run;
}

/**
 * Values of the expression for the selected rows (aligned with `sel`). Throws
 * Fallback when some row needs the sandbox.
 */
export function evaluateValues(expr: JsExpr, batch: ItemBatch, sel: Int32Array, items: ItemCache): unknown[] {
  const at = rowEvaluator(expr, batch, items);
  const out = new Array<unknown>(sel.length);
  for (let j = 0; j < sel.length; j++) out[j] = at(sel[j]!, j);
  return out;
}

/** The expression with its single column path bound to a constant. */
function evalWith(expr: JsExpr, value: Env, batch: ItemBatch): unknown {
  const fake: ItemBatch = {
    kind: batch.kind,
    size: 1,
    sel: new Int32Array([0]),
    column: () => null,
    item: () => undefined,
    users: () => new Int32Array(1),
    samplingFactors: () => null,
    selectorBatch: () => ({ length: 1, column: () => undefined }),
    projectTimes: () => null,
  };
  // Rebind: every param read of the single column yields `value`.
  const bound = bindParams(expr, value);
  return compileOver(bound, fake, new ItemCache(fake)).run(0, 0);
}

function bindParams(e: JsExpr, value: Env): JsExpr {
  const lit = (): JsExpr => ({ k: 'lit', v: value(0, 0) as never });
  switch (e.k) {
    case 'param':
      return lit();
    case 'lit':
      return e;
    case 'member':
      return { ...e, obj: bindParams(e.obj, value) };
    case 'unary':
      return { ...e, a: bindParams(e.a, value) };
    case 'bin':
    case 'logic':
      return { ...e, a: bindParams(e.a, value), b: bindParams(e.b, value) };
    case 'cond':
      return { ...e, c: bindParams(e.c, value), a: bindParams(e.a, value), b: bindParams(e.b, value) };
    case 'call':
      return { ...e, obj: bindParams(e.obj, value), args: e.args.map((a) => bindParams(a, value)) };
    case 'newDate':
      return { ...e, arg: bindParams(e.arg, value) };
  }
}

/** Rows of `sel` where the expression is truthy. */
export function evaluateFilter(expr: JsExpr, batch: ItemBatch, sel: Int32Array, items: ItemCache): Int32Array {
  const { run, single } = compileOver(expr, batch, items);
  if (single?.col?.kind === 'string') return filterByDictionary(expr, single.col, batch, sel);
  const at = (single && single.col ? perDistinctValue(expr, single.col, batch) : null) ?? run;
  const out = new Int32Array(sel.length);
  let k = 0;
  for (let j = 0; j < sel.length; j++) if (at(sel[j]!, j)) out[k++] = sel[j]!;
  return out.subarray(0, k);
}

/**
 * A filter over one dictionary column: one verdict per dictionary entry (and for missing
 * and null), then one Int32 lookup per row with no call per row. When the dictionary is
 * small next to the selection every verdict is computed first, so the row loop is only
 * typed-array reads; otherwise (or when some value the rows may not hold needs the
 * sandbox or throws) verdicts are computed on first use, so only values rows hold decide.
 */
function filterByDictionary(expr: JsExpr, col: StringColumn, batch: ItemBatch, sel: Int32Array): Int32Array {
  const size = col.dictionary.length;
  const verdicts = new Uint8Array(size + 2).fill(255);
  const verdict = verdictOf(expr, col, batch, verdicts);
  const { present, nulls, indices } = col;
  const out = new Int32Array(sel.length);
  let k = 0;
  if (size + 2 <= sel.length >> 2 && everyVerdict(size + 2, verdict)) {
    if (present === null) {
      for (let j = 0; j < sel.length; j++) {
        const r = sel[j]!;
        if (verdicts[indices[r]!] === 1) out[k++] = r;
      }
    } else {
      const missing = verdicts[size]!;
      const nullV = verdicts[size + 1]!;
      for (let j = 0; j < sel.length; j++) {
        const r = sel[j]!;
        const bit = r & 7;
        const v = ((present[r >> 3]! >> bit) & 1) === 1 ? verdicts[indices[r]!]! : nulls !== null && ((nulls[r >> 3]! >> bit) & 1) === 1 ? nullV : missing;
        if (v === 1) out[k++] = r;
      }
    }
    return out.subarray(0, k);
  }
  for (let j = 0; j < sel.length; j++) {
    const r = sel[j]!;
    const code =
      present === null || ((present[r >> 3]! >> (r & 7)) & 1) === 1 ? indices[r]! : nulls !== null && ((nulls[r >> 3]! >> (r & 7)) & 1) === 1 ? size + 1 : size;
    let v = verdicts[code]!;
    if (v === 255) v = verdict(code);
    if (v === 1) out[k++] = r;
  }
  return out.subarray(0, k);
}

/** A filter's verdict per code of a dictionary column: entries, then missing (size), then null (size + 1). */
export interface DictionaryVerdicts {
  col: StringColumn;
  /** 1 where the filter keeps the row, 0 where it drops it. */
  verdicts: Uint8Array;
}

/**
 * The filter as a verdict per code when it reads one dictionary column and every code's
 * verdict is computed natively, for `rows` selected rows; null otherwise (evaluateFilter
 * then decides row by row). An aggregation kernel tests these inside its own row loop
 * (count-by-codes.ts), so no selection is built. Like filterByDictionary, verdicts are
 * computed up front only when the dictionary is small next to the rows, and a code whose
 * verdict would throw or need the sandbox makes it null: the lazy loop only asks about
 * values the rows hold.
 */
export function dictionaryVerdicts(expr: JsExpr, batch: ItemBatch, items: ItemCache, rows: number): DictionaryVerdicts | null {
  const { single } = compileOver(expr, batch, items);
  const col = single?.col;
  if (col?.kind !== 'string') return null;
  const size = col.dictionary.length;
  if (size + 2 > rows >> 2) return null;
  const verdicts = new Uint8Array(size + 2);
  return everyVerdict(size + 2, verdictOf(expr, col, batch, verdicts)) ? { col, verdicts } : null;
}

/** Computes (and stores in `verdicts`) the filter's verdict for one code of `col`. */
function verdictOf(expr: JsExpr, col: StringColumn, batch: ItemBatch, verdicts: Uint8Array): (code: number) => number {
  const size = col.dictionary.length;
  return (code) => {
    const value = code === size ? undefined : code === size + 1 ? null : col.dictionary[code];
    return (verdicts[code] = evalWith(expr, () => value, batch) ? 1 : 0);
  };
}

/** Every code's verdict, or false when one could not be computed natively (the lazy loop decides then). */
function everyVerdict(codes: number, verdict: (code: number) => number): boolean {
  try {
    for (let code = 0; code < codes; code++) verdict(code);
    return true;
  } catch {
    return false;
  }
}

export { Fallback };
