/**
 * The vectorized evaluator: one pass per operator over a whole batch, producing a
 * selection vector (1 = the selector is exactly `true`).
 *
 * Strategy, per sub-expression, decided per batch (column kinds vary by batch):
 *   1. No column read at all: folded to a constant at compile time.
 *   2. Exactly one column read, and that column is dictionary strings or booleans:
 *      the sub-expression is evaluated once per distinct value (dictionary entry,
 *      missing, null) with the row evaluator and rows look the answer up. This makes
 *      has_prefix, `in`, casts and datetime parsing cost O(dictionary), not O(rows),
 *      and is exact by construction. `col == "US"` goes one better: "US" becomes
 *      a dictionary index and rows compare Int32 indices.
 *   3. Otherwise, operator kernels over typed vectors (vector-kernels.ts), with
 *      unboxed loops for numbers and the event time.
 *   4. Anything without a kernel (a list literal built from columns) runs the row
 *      evaluator for that sub-expression over the batch: slower, same answers.
 * A key absent from a batch is a constant undefined, so it folds without row work.
 */
import { bitAt, jsonValueAt, valueAt, type BooleanColumn, type StringColumn } from '../store/column.js';
import { childrenOf, type ArithmeticOp, type SelectorAst } from './ast.js';
import { BatchContext, type SelectorBatch } from './batch-context.js';
import { compileRowValue, type RowFn, type SelectorEnv, type SelectorRecord } from './compile-row.js';
import { resolveAccess, type SelectorContext } from './contexts.js';
import { FUNCTIONS } from './functions.js';
import { parseDatetimeString } from './datetime.js';
import { type Conjunct, sparseConjunction } from './sparse-and.js';
import { DateTime, stringCompare, type Value } from './values.js';
import {
  arithNumberColumn,
  arithVectors,
  compareJsonColumn,
  compareNumberColumn,
  compareTimeToConstant,
  compareVectors,
  equalsDictionaryIndex,
  liftIndex,
  mapVectors,
  MIRROR,
  negateVector,
} from './vector-kernels.js';
import {
  B_OTHER,
  B_TRUE,
  B_UNDEF,
  boolVal,
  constant,
  logicalCodes,
  newTVec,
  setValue,
  T_BOOL,
  T_NULL,
  T_UNDEF,
  toTVec,
  type VVal,
  zeroOneVal,
} from './vector-values.js';

export type { SelectorBatch };

type Kernel = (ctx: BatchContext) => VVal;

interface Ref {
  from: 'properties' | 'user';
  key: string;
}

/** What a sub-expression reads: columns (by from+key) and the event time. */
interface Reads {
  refs: Map<string, Ref>;
  time: boolean;
}

export interface VectorOptions {
  /** Evaluate the whole selector with the row fallback (tests of the fallback path). */
  forceRowFallback?: boolean;
}

const NOT_CODES = new Uint8Array([1, 0, 1, B_UNDEF]); // not false, not true, not undefined, not other

class VectorCompiler {
  private reads = new Map<SelectorAst, Reads>();

  constructor(
    private readonly context: SelectorContext,
    private readonly env: SelectorEnv,
  ) {}

  readsOf(ast: SelectorAst): Reads {
    let r = this.reads.get(ast);
    if (r !== undefined) return r;
    r = { refs: new Map(), time: false };
    if (ast.kind === 'access') {
      const where = resolveAccess(this.context, ast.source, ast.key);
      if (where.from === 'time') r.time = true;
      else if (where.from !== 'none') r.refs.set(`${where.from}\u0000${where.key}`, where);
    } else {
      for (const child of childrenOf(ast)) {
        const c = this.readsOf(child);
        for (const [id, ref] of c.refs) r.refs.set(id, ref);
        r.time ||= c.time;
      }
    }
    this.reads.set(ast, r);
    return r;
  }

  private row(ast: SelectorAst): RowFn {
    return compileRowValue(ast, this.context, this.env);
  }

  compile(ast: SelectorAst): Kernel {
    const reads = this.readsOf(ast);
    if (reads.refs.size === 0 && !reads.time) {
      const v = constant(this.row(ast)({}));
      return () => v;
    }
    const structural = this.structural(ast);
    if (reads.refs.size === 1 && !reads.time && ast.kind !== 'access') {
      return this.singleColumn(ast, [...reads.refs.values()][0]!, structural);
    }
    return structural;
  }

  /** Strategy 2: lift over the distinct values of one string/boolean column. */
  private singleColumn(ast: SelectorAst, ref: Ref, structural: Kernel): Kernel {
    const f = this.row(ast);
    const probe = (v: Value): Value => f({ [ref.from]: v === undefined ? {} : { [ref.key]: v } } as SelectorRecord);
    const eqKernel = this.dictionaryEquals(ast);
    const tables = new WeakMap<string[], LiftTable>();
    let absent: VVal | undefined;
    let boolTable: LiftTable | undefined;
    return (ctx) => {
      const col = ctx.column(ref.from, ref.key);
      if (col === undefined) return (absent ??= constant(probe(undefined)));
      if (col.kind === 'string') {
        const fast = eqKernel?.(ctx, col);
        if (fast !== undefined) return fast;
        let t = tables.get(col.dictionary);
        if (t === undefined) tables.set(col.dictionary, (t = newLiftTable(col.dictionary.length)));
        return liftOver(
          col,
          col.dictionary.length,
          t,
          (j) => probe(j < col.dictionary.length ? col.dictionary[j] : j === col.dictionary.length ? undefined : null),
          ctx.n,
        );
      }
      if (col.kind === 'boolean') {
        boolTable ??= newLiftTable(2);
        return liftOver(col, 2, boolTable, (j) => probe(j === 0 ? false : j === 1 ? true : j === 2 ? undefined : null), ctx.n);
      }
      return structural(ctx);
    };
  }

  /** `access == "lit"` / `!=`: the Int32 kernel, when the literal is in the dictionary at most once. */
  private dictionaryEquals(ast: SelectorAst): ((ctx: BatchContext, col: StringColumn) => VVal | undefined) | undefined {
    if (ast.kind !== 'compare' || (ast.op !== '==' && ast.op !== '!=')) return undefined;
    const [access, other] = ast.left.kind === 'access' ? [ast.left, ast.right] : [ast.right, ast.left];
    if (access.kind !== 'access' || this.readsOf(other).refs.size > 0 || this.readsOf(other).time) return undefined;
    const lit = this.row(other)({});
    if (typeof lit !== 'string') return undefined;
    const hit = ast.op === '==' ? 1 : 0;
    const matches = new WeakMap<string[], number[]>();
    return (ctx, col) => {
      let m = matches.get(col.dictionary);
      if (m === undefined) {
        m = [];
        col.dictionary.forEach((s, d) => stringCompare.equals(s, lit) && m!.push(d));
        matches.set(col.dictionary, m);
      }
      if (m.length > 1) return undefined; // duplicate entries: use the lift table instead
      if (m.length === 0) return boolVal(new Uint8Array(ctx.n).fill(1 - hit));
      return boolVal(equalsDictionaryIndex(col, m[0]!, hit, ctx.n));
    };
  }

  /** Strategy 3: one kernel per operator. */
  private structural(ast: SelectorAst): Kernel {
    const tz = this.env.timezone;
    switch (ast.kind) {
      case 'all':
        return () => constant(true);
      case 'literal':
      case 'now': {
        const v = constant(this.row(ast)({}));
        return () => v;
      }
      case 'access': {
        const where = resolveAccess(this.context, ast.source, ast.key);
        if (where.from === 'none') return () => constant(undefined);
        if (where.from === 'time') {
          const byEvent = this.context === 'join';
          return (ctx) => {
            const tv = ctx.time(byEvent);
            return tv === undefined ? constant(undefined) : { k: 'tv', tv };
          };
        }
        return (ctx) => {
          const col = ctx.column(where.from, where.key);
          return col === undefined ? constant(undefined) : { k: 'col', col };
        };
      }
      case 'list':
        return this.rowFallback(ast);
      case 'call': {
        const args = ast.args.map((a) => this.compile(a));
        if (ast.fn === 'defined') return definedKernel(args[0]!);
        const spec = FUNCTIONS[ast.fn];
        const f = (vals: Value[]) => spec.apply(vals, tz);
        return (ctx) => {
          const vs = args.map((k) => k(ctx));
          if (vs.every((v) => v.k === 'const')) return constant(f(vs.map((v) => (v as { v: Value }).v)));
          return {
            k: 'tv',
            tv: mapVectors(
              f,
              vs.map((v) => toTVec(v, ctx.n)),
              ctx.n,
            ),
          };
        };
      }
      case 'negate': {
        const a = this.compile(ast.arg);
        return (ctx) => {
          const v = a(ctx);
          if (v.k === 'const') return constant(typeof v.v === 'number' ? -v.v : undefined);
          return { k: 'tv', tv: negateVector(toTVec(v, ctx.n), ctx.n) };
        };
      }
      case 'not': {
        const a = this.compile(ast.arg);
        return (ctx) => {
          const codes = logicalCodes(a(ctx), ctx.n);
          if (typeof codes === 'number') return constant(codeValue(NOT_CODES[codes]!));
          const out = new Uint8Array(ctx.n);
          for (let i = 0; i < ctx.n; i++) out[i] = NOT_CODES[codes[i]!]!;
          return boolVal(out);
        };
      }
      case 'logical': {
        const dense = logicalKernel(ast.op, this.compile(ast.left), this.compile(ast.right));
        return ast.op === 'and' ? this.conjunction(ast, dense) : dense;
      }
      case 'arith': {
        const [a, b, op] = [this.compile(ast.left), this.compile(ast.right), ast.op];
        return (ctx) => arithStep(op, a(ctx), b(ctx), ctx.n);
      }
      case 'arithChain': {
        const first = this.compile(ast.first);
        const ops = ast.rest.map((r) => r.op);
        const args = ast.rest.map((r) => this.compile(r.arg));
        return (ctx) => {
          let acc = first(ctx);
          for (let i = 0; i < args.length; i++) acc = arithStep(ops[i]!, acc, args[i]!(ctx), ctx.n);
          return acc;
        };
      }
      case 'compare': {
        const [a, b, op] = [this.compile(ast.left), this.compile(ast.right), ast.op];
        const timeKernel = this.timeComparison(ast);
        return (ctx) => {
          const fast = timeKernel?.(ctx);
          if (fast !== undefined) return fast;
          const x = a(ctx);
          const y = b(ctx);
          if (op !== 'in') {
            if (x.k === 'col' && x.col.kind === 'number' && y.k === 'const' && typeof y.v === 'number') {
              return boolVal(compareNumberColumn(op, x.col, y.v, ctx.n));
            }
            if (y.k === 'col' && y.col.kind === 'number' && x.k === 'const' && typeof x.v === 'number') {
              return boolVal(compareNumberColumn(MIRROR[op], y.col, x.v, ctx.n));
            }
            if (x.k === 'col' && x.col.kind === 'json' && y.k === 'const' && typeof y.v === 'number') {
              return boolVal(compareJsonColumn(op, x.col, y.v, ctx.n, ctx.active));
            }
            if (y.k === 'col' && y.col.kind === 'json' && x.k === 'const' && typeof x.v === 'number') {
              return boolVal(compareJsonColumn(MIRROR[op], y.col, x.v, ctx.n, ctx.active));
            }
          }
          return boolVal(compareVectors(op, toTVec(x, ctx.n), toTVec(y, ctx.n), ctx.n, tz));
        };
      }
    }
  }

  /** `a and b and ...` of one-column operands: sparse-and.ts where a batch allows, else `dense`. */
  private conjunction(ast: SelectorAst & { kind: 'logical' }, dense: Kernel): Kernel {
    const operands: SelectorAst[] = [];
    const flatten = (x: SelectorAst): void => {
      if (x.kind === 'logical' && x.op === 'and') {
        flatten(x.left);
        flatten(x.right);
      } else operands.push(x);
    };
    flatten(ast);
    const conjuncts: Conjunct[] = [];
    for (const x of operands) {
      const reads = this.readsOf(x);
      if (reads.refs.size !== 1 || reads.time) return dense;
      const ref = [...reads.refs.values()][0]!;
      const f = this.row(x);
      conjuncts.push({
        ...ref,
        probe: (v) => f({ [ref.from]: v === undefined ? {} : { [ref.key]: v } } as SelectorRecord),
        numeric: this.numberComparison(x),
      });
    }
    return sparseConjunction(conjuncts, dense);
  }

  /** `access OP number constant` (either side), with OP as seen from the access. */
  private numberComparison(x: SelectorAst): Conjunct['numeric'] {
    if (x.kind !== 'compare' || x.op === 'in') return undefined;
    const constant = (y: SelectorAst) => this.readsOf(y).refs.size === 0 && !this.readsOf(y).time;
    let op = x.op;
    let other: SelectorAst;
    if (x.left.kind === 'access' && constant(x.right)) other = x.right;
    else if (x.right.kind === 'access' && constant(x.left)) {
      other = x.left;
      op = MIRROR[op];
    } else return undefined;
    const c = this.row(other)({});
    return typeof c === 'number' ? { op, c } : undefined;
  }

  /** `event["$time"] OP constant datetime` (either side): compared on the raw ms vector. */
  private timeComparison(ast: SelectorAst & { kind: 'compare' }): ((ctx: BatchContext) => VVal | undefined) | undefined {
    if (ast.op === 'in') return undefined;
    const isTime = (x: SelectorAst) => x.kind === 'access' && resolveAccess(this.context, x.source, x.key).from === 'time';
    const isConst = (x: SelectorAst) => this.readsOf(x).refs.size === 0 && !this.readsOf(x).time;
    let op = ast.op;
    let other: SelectorAst;
    if (isTime(ast.left) && isConst(ast.right)) other = ast.right;
    else if (isTime(ast.right) && isConst(ast.left)) {
      other = ast.left;
      op = MIRROR[op];
    } else return undefined;
    const v = this.row(other)({});
    // A string constant is coerced like any datetime-vs-string comparison.
    const c = v instanceof DateTime ? v.seconds : typeof v === 'string' ? parseDatetimeString(v, this.env.timezone) : undefined;
    if (c === undefined) return undefined; // the generic kernels give the (constant) answer
    const byEvent = this.context === 'join';
    return (ctx) => {
      const ms = ctx.batch.time;
      if (ms === undefined) return undefined;
      return boolVal(compareTimeToConstant(op, ms, byEvent ? ctx.batch.hasEvent : null, c, ctx.n));
    };
  }

  /** Strategy 4: the row evaluator over the batch, for this sub-expression only. */
  rowFallback(ast: SelectorAst): Kernel {
    const f = this.row(ast);
    const refs = [...this.readsOf(ast).refs.values()];
    return (ctx) => {
      const cols = refs.map((r) => ({ ...r, col: ctx.column(r.from, r.key) }));
      const out = newTVec(ctx.n, true);
      const time = ctx.batch.time;
      const active = ctx.active;
      for (let i = 0; i < ctx.n; i++) {
        if (active !== null && active[i] === 0) continue; // no and/or above reads this row's value
        const r: SelectorRecord = {
          properties: ctx.hasEvent(i) ? {} : undefined,
          user: ctx.hasUser(i) ? {} : undefined,
          time: time === undefined ? undefined : time[i], // the row closure applies the join rule itself
        };
        for (const c of cols) {
          const v = valueAt(c.col, i);
          const bag = r[c.from];
          if (v !== undefined && bag !== undefined) bag[c.key] = v;
        }
        setValue(out, i, f(r));
      }
      return { k: 'tv', tv: out };
    };
  }
}

/** One binary arithmetic step over batch values (number-column kernels when one side is a number constant). */
function arithStep(op: ArithmeticOp, x: VVal, y: VVal, n: number): VVal {
  if (x.k === 'col' && x.col.kind === 'number' && y.k === 'const' && typeof y.v === 'number') {
    return { k: 'tv', tv: arithNumberColumn(op, x.col, y.v, true, n) };
  }
  if (y.k === 'col' && y.col.kind === 'number' && x.k === 'const' && typeof x.v === 'number') {
    return { k: 'tv', tv: arithNumberColumn(op, y.col, x.v, false, n) };
  }
  return { k: 'tv', tv: arithVectors(op, toTVec(x, n), toTVec(y, n), n) };
}

interface LiftTable {
  /** Per distinct value: 0/1/2 bool code, B_OTHER for a non-boolean result, 255 = not computed yet. */
  codes: Uint8Array;
  values: Value[];
}

function newLiftTable(distinct: number): LiftTable {
  return { codes: new Uint8Array(distinct + 2).fill(255), values: new Array(distinct + 2) };
}

/**
 * Evaluate lazily per distinct value (a dictionary larger than the batch costs only
 * the entries the batch uses), then map rows. Results that are all booleans or
 * undefined come out as a bool vector; anything else as a tagged vector.
 */
function liftOver(col: StringColumn | BooleanColumn, distinct: number, t: LiftTable, evaluate: (j: number) => Value, n: number): VVal {
  const { codes, values } = t;
  const out = new Uint8Array(n);
  let other = false;
  const pres = col.present;
  const idx = col.kind === 'string' ? col.indices : null;
  for (let i = 0; i < n; i++) {
    const j = idx !== null && (pres === null || ((pres[i >> 3]! >> (i & 7)) & 1) === 1) ? idx[i]! : liftIndex(col, i, distinct);
    let c = codes[j]!;
    if (c === 255) {
      const v = evaluate(j);
      values[j] = v;
      c = codes[j] = v === true ? 1 : v === false ? 0 : v === undefined ? B_UNDEF : B_OTHER;
    }
    out[i] = c;
    if (c === B_OTHER) other = true;
  }
  if (!other) return boolVal(out);
  const tv = newTVec(n, true);
  for (let i = 0; i < n; i++) setValue(tv, i, values[liftIndex(col, i, distinct)]);
  return { k: 'tv', tv };
}

const codeValue = (c: number): Value => (c === 1 ? true : c === 0 ? false : undefined);

function definedKernel(arg: Kernel): Kernel {
  return (ctx) => {
    const v = arg(ctx);
    const n = ctx.n;
    switch (v.k) {
      case 'const':
        return constant(v.v !== undefined && v.v !== null);
      case 'col': {
        // `present` is exactly "has a non-null value".
        const pres = v.col.present;
        if (pres === null) return constant(true);
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = (pres[i >> 3]! >> (i & 7)) & 1;
        return boolVal(out);
      }
      case 'bool': {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) out[i] = v.code[i] === B_UNDEF ? 0 : 1;
        return boolVal(out);
      }
      case 'tv': {
        const out = new Uint8Array(n);
        const tag = v.tv.tag;
        for (let i = 0; i < n; i++) out[i] = tag[i] === T_UNDEF || tag[i] === T_NULL ? 0 : 1;
        return boolVal(out);
      }
    }
  };
}

/** and/or over L(v): only code 1 (true) counts; the result is always boolean. */
function logicalKernel(op: 'and' | 'or', left: Kernel, right: Kernel): Kernel {
  return (ctx) => {
    const n = ctx.n;
    const a = logicalCodes(left(ctx), n);
    // The right side is evaluated for every row, but kernels may skip the rows whose
    // verdict the left side already decides (BatchContext.active).
    const outer = ctx.active;
    // At the top of an `and`, the left side's codes serve as the mask as they are: 0 (false)
    // is decided; undefined and other non-true codes are decided too but merely not skipped.
    if (typeof a !== 'number') ctx.active = op === 'and' && outer === null ? a : undecided(op, a, outer, n);
    let b: ReturnType<typeof logicalCodes>;
    try {
      b = logicalCodes(right(ctx), n);
    } finally {
      ctx.active = outer;
    }
    if (typeof a === 'number' && typeof b === 'number') {
      return constant(op === 'and' ? a === B_TRUE && b === B_TRUE : a === B_TRUE || b === B_TRUE);
    }
    if (typeof a === 'number' || typeof b === 'number') {
      const c = (typeof a === 'number' ? a : b) as number;
      const vec = (typeof a === 'number' ? b : a) as Uint8Array;
      // and with a non-true constant is false; or with true is true; otherwise the vector decides.
      if (op === 'and' && c !== B_TRUE) return constant(false);
      if (op === 'or' && c === B_TRUE) return constant(true);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = vec[i] === B_TRUE ? 1 : 0;
      return zeroOneVal(out);
    }
    if (op === 'and') return zeroOneVal(bothTrue(a, b, n));
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i] === B_TRUE || b[i] === B_TRUE ? 1 : 0;
    return zeroOneVal(out);
  };
}

/** Bytes equal to 1 (B_TRUE) in a word of four codes: 1 in those bytes, 0 in the others. No carry crosses a byte. */
function trueBytes(w: number): number {
  const t = w ^ 0x01010101; // bytes that were 1 are now 0
  return (~((((t & 0x7f7f7f7f) + 0x7f7f7f7f) | t) & 0x80808080) & 0x80808080) >>> 7;
}

/** 1 where both code vectors are B_TRUE, else 0: four rows a step where both are aligned (a word of false rows is skipped). */
function bothTrue(a: Uint8Array, b: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let i = 0;
  if (B_TRUE === 1 && a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    const wo = new Uint32Array(out.buffer, 0, words);
    for (let w = 0; w < words; w++) {
      const x = wa[w]!;
      if (x === 0) continue; // four false rows
      wo[w] = trueBytes(x) & trueBytes(wb[w]!);
    }
    i = words * 4;
  }
  for (; i < n; i++) out[i] = a[i] === B_TRUE && b[i] === B_TRUE ? 1 : 0;
  return out;
}

/** Rows (within `outer`) whose and/or verdict the right side still decides. */
function undecided(op: 'and' | 'or', left: Uint8Array, outer: Uint8Array | null, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const want = op === 'and';
  for (let i = 0; i < n; i++) out[i] = (left[i] === B_TRUE) === want && (outer === null || outer[i] === 1) ? 1 : 0;
  return out;
}

/** Final verdict per row: 1 only where the value is exactly `true`. */
function selection(v: VVal, n: number): Uint8Array {
  switch (v.k) {
    case 'const':
      return new Uint8Array(n).fill(v.v === true ? 1 : 0);
    case 'bool': {
      // 0/1 already (B_TRUE is 1) and nobody else's: one pass over the rows saved.
      if (v.zeroOne === true && B_TRUE === 1) return v.code;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = v.code[i] === B_TRUE ? 1 : 0;
      return out;
    }
    case 'tv': {
      const out = new Uint8Array(n);
      const { tag, num } = v.tv;
      for (let i = 0; i < n; i++) out[i] = tag[i] === T_BOOL && num[i] === 1 ? 1 : 0;
      return out;
    }
    case 'col': {
      const col = v.col;
      const out = new Uint8Array(n);
      if (col.kind === 'boolean') {
        for (let i = 0; i < n; i++) out[i] = (col.present === null || bitAt(col.present, i) === 1) && bitAt(col.values, i) === 1 ? 1 : 0;
      } else if (col.kind === 'json') {
        for (let i = 0; i < n; i++) out[i] = (col.present === null || bitAt(col.present, i) === 1) && jsonValueAt(col, i) === true ? 1 : 0;
      }
      return out;
    }
  }
}

/**
 * Compile a selector for batches. The returned function gives one byte per row:
 * 1 where the selector is exactly `true`. Same answers as compileRow, always.
 */
export function compileVector(ast: SelectorAst, context: SelectorContext, env: SelectorEnv, options: VectorOptions = {}): (batch: SelectorBatch) => Uint8Array {
  if (ast.kind === 'all') return (batch) => new Uint8Array(batch.length).fill(1);
  const compiler = new VectorCompiler(context, env);
  const root = options.forceRowFallback ? compiler.rowFallback(ast) : compiler.compile(ast);
  return (batch) => {
    const ctx = new BatchContext(batch);
    if (ctx.n === 0) return new Uint8Array(0);
    return selection(root(ctx), ctx.n);
  };
}
