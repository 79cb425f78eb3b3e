/**
 * Validate the JSON plan recorded by stdlib/collection.js into a typed Plan.
 * Every InvalidQuery rule lives here, with the user's line where the call was made.
 *
 * What only quarry can make arrives as a marker: an object whose one key is the
 * query's random mark (stdlib/collection.js), `{[mark]: {t, v}}` with t 'fn' (v: the
 * function's id), 'date' (v: ISO text or null), 'collection' (v: {source, stages})
 * or 'mp' (v: a mixpanel.* descriptor's fields, `{$mp: kind, ...}`). Anything else is
 * what the script wrote, plain data: `{$fn: 0}` is an object, never a function. The
 * shapes are checked even so (the guest is untrusted): a bad one is an
 * InvalidQuery with the script's line, never an internal error.
 */
import { ScriptError } from '../errors.js';
import { reducerFacts } from '../reducer-facts/index.js';
import type { Accessor, EventSelectorSpec, EventsSource, FnInfo, JoinSource, PeopleSource, Plan, ReducerSpec, Source, Stage } from './nodes.js';
import { translateFunction } from './translate/parse-fn.js';
import { analyzeElementReads, analyzeReads, analyzeWrites } from './reads.js';

type Loc = { line: number; column: number } | null;
type Raw = Record<string, unknown>;
interface RawCall {
  kind?: string;
  op?: string;
  args: unknown[];
  argc?: number;
  loc: Loc;
}
type Marker = { t: 'fn'; v: number } | { t: 'date'; v: string | null } | { t: 'collection'; v: { source: RawCall; stages: RawCall[] } } | { t: 'mp'; v: Raw };

export interface GuestFnSource {
  source: string;
  name: string;
}

class Reader {
  constructor(
    private filename: string,
    private fns: FnInfo[],
    private mark: string,
  ) {}

  /** The marker `x` is, or null when `x` is the script's own data. */
  marker(x: unknown): Marker | null {
    if (!isObj(x) || !Object.hasOwn(x, this.mark)) return null;
    const m = x[this.mark];
    if (!isObj(m) || typeof m.t !== 'string') return null;
    return m as unknown as Marker;
  }

  /** A mixpanel.* helper's fields ({$mp: kind, ...}), or null. */
  mp(x: unknown): Raw | null {
    const m = this.marker(x);
    return m?.t === 'mp' && isObj(m.v) && typeof m.v.$mp === 'string' ? m.v : null;
  }

  /** A recorded call (source or stage): checked before anything reads it. */
  call(x: unknown, what: string): RawCall {
    if (!isObj(x) || !Array.isArray(x.args)) throw new ScriptError('InvalidQuery', `InvalidQuery: main() did not return a well-formed query (${what})`);
    const loc = isObj(x.loc) && isInt(x.loc.line) && isInt(x.loc.column) ? { line: x.loc.line, column: x.loc.column } : null;
    return {
      kind: typeof x.kind === 'string' ? x.kind : undefined,
      op: typeof x.op === 'string' ? x.op : undefined,
      args: x.args,
      argc: isInt(x.argc) ? x.argc : undefined,
      loc,
    };
  }

  describe(x: unknown): string {
    const m = this.marker(x);
    if (m === null) return describe(x);
    switch (m.t) {
      case 'fn':
        return 'a function';
      case 'date':
        return 'a Date';
      case 'collection':
        return 'a collection';
      case 'mp': {
        const d = this.mp(x);
        return d === null ? 'a mixpanel helper' : `mixpanel.${d.$mp === 'reducer' ? `reducer.${String(d.name)}()` : String(d.$mp)}`;
      }
    }
    return 'an object';
  }

  fail(message: string, loc: Loc): never {
    const location = loc ? { file: this.filename, line: loc.line, column: loc.column } : undefined;
    const where = location ? `${location.file}:${location.line}:${location.column} ` : '';
    throw new ScriptError('InvalidQuery', `${where}InvalidQuery: ${message}`, { location });
  }

  fnId(x: unknown): number | null {
    const m = this.marker(x);
    if (m?.t !== 'fn') return null;
    if (!isInt(m.v) || m.v < 0 || m.v >= this.fns.length) {
      throw new ScriptError('InvalidQuery', 'InvalidQuery: main() did not return a well-formed query (a function reference out of range)');
    }
    return m.v;
  }

  accessor(x: unknown, what: string, loc: Loc): Accessor {
    if (typeof x === 'string') return { kind: 'path', path: x };
    const id = this.fnId(x);
    if (id !== null) return { kind: 'fn', fnId: id, reads: this.fns[id]?.reads ?? null };
    const d = this.mp(x);
    if (d !== null) {
      const x = d;
      switch (x.$mp) {
        case 'multiple_keys':
          return { kind: 'multiple_keys', inner: this.accessor(x.inner, what, loc) };
        case 'slice': {
          if (typeof x.path !== 'string') this.fail(`mixpanel.slice() needs a key path string as its first argument`, loc);
          if (!isInt(x.start)) this.fail(`mixpanel.slice() needs a whole number start`, loc);
          if (x.limit !== undefined && x.limit !== null && !isInt(x.limit)) this.fail(`mixpanel.slice() limit must be a whole number`, loc);
          const s: Accessor = { kind: 'slice', path: x.path, start: x.start as number };
          if (isInt(x.limit)) s.limit = x.limit;
          return s;
        }
        case 'numeric_bucket':
          return { kind: 'numeric_bucket', inner: this.accessor(x.inner, what, loc), spec: this.bucketSpec(x.spec, loc) };
        case 'to_number':
        case 'to_string':
        case 'to_boolean':
          return { kind: x.$mp, inner: this.accessor(x.inner, what, loc) };
        case 'reducer':
          this.fail(`${what}: got mixpanel.reducer.${String(x.name)}() where a key or accessor was expected`, loc);
      }
      this.fail(`${what}: mixpanel.${x.$mp} cannot be used as a key or accessor`, loc);
    }
    this.fail(`${what} must be a property path string, a function or a mixpanel helper; got ${this.describe(x)}`, loc);
  }

  bucketSpec(spec: unknown, loc: Loc): unknown {
    if (Array.isArray(spec)) {
      if (!spec.every((b) => typeof b === 'number')) this.fail('numeric_bucket bounds must be numbers', loc);
      for (let i = 1; i < spec.length; i++) {
        if ((spec[i] as number) < (spec[i - 1] as number)) this.fail('numeric_bucket bounds must be sorted ascending', loc);
      }
      return spec;
    }
    const tb = this.mp(spec);
    if (tb !== null && tb.$mp === 'time_buckets') {
      if (!['hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'annual'].includes(tb.unit as string))
        this.fail('numeric_bucket: unknown time bucket unit', loc);
      return { time_buckets: tb.unit };
    }
    if (isObj(spec) && typeof spec.bucket_size === 'number') {
      if (!(spec.bucket_size > 0)) this.fail('numeric_bucket bucket_size must be positive', loc);
      if (spec.offset !== undefined && typeof spec.offset !== 'number') this.fail('numeric_bucket offset must be a number', loc);
      return { bucket_size: spec.bucket_size, offset: spec.offset ?? 0 };
    }
    this.fail(`numeric_bucket needs a list of bounds, {bucket_size, offset} or a mixpanel.*_time_buckets constant; got ${this.describe(spec)}`, loc);
  }

  reducer(x: unknown, loc: Loc): ReducerSpec {
    const id = this.fnId(x);
    if (id !== null) return { kind: 'fn', fnId: id };
    const d = this.mp(x);
    if (d !== null && d.$mp === 'reducer' && typeof d.name === 'string') {
      const x = d as Raw & { name: string };
      const spec: ReducerSpec & { kind: 'builtin' } = { kind: 'builtin', name: x.name, args: Array.isArray(x.args) ? x.args : [] };
      if (x.accessor !== undefined && x.accessor !== null) spec.accessor = this.accessor(x.accessor, `mixpanel.reducer.${x.name}() accessor`, loc);
      if (isObj(x.options)) spec.options = x.options;
      const bad = reducerFacts(x.name)?.checkArgs?.(spec.args);
      if (bad !== undefined) this.fail(bad, loc);
      return spec;
    }
    this.fail(`expected a reducer (a mixpanel.reducer.* call or a function); got ${this.describe(x)}`, loc);
  }

  reducers(x: unknown, loc: Loc): { reducers: ReducerSpec[]; list: boolean } {
    if (Array.isArray(x)) {
      if (x.length === 0) this.fail('the reducer list is empty', loc);
      return { reducers: x.map((r) => this.reducer(r, loc)), list: true };
    }
    return { reducers: [this.reducer(x, loc)], list: false };
  }

  keys(x: unknown, loc: Loc, op: string): Accessor[] {
    // `multiple_keys([a, b])` (as the whole key list or as one entry of it) is one
    // multiple_keys per listed key: a list value fans out, a scalar is a plain component.
    const spread = (k: unknown): unknown[] => {
      const d = this.mp(k);
      if (d === null || d.$mp !== 'multiple_keys' || !Array.isArray(d.inner)) return [k];
      return d.inner.map((inner) => ({ [this.mark]: { t: 'mp', v: { $mp: 'multiple_keys', inner } } }));
    };
    const list = (Array.isArray(x) ? x : [x]).flatMap(spread);
    return list.map((k, i) => {
      if (typeof k !== 'string' && this.marker(k) === null) {
        this.fail(`${op} key ${i + 1} must be a property path string, a function or a mixpanel helper; got ${this.describe(k)}`, loc);
      }
      return this.accessor(k, `${op} key ${i + 1}`, loc);
    });
  }

  date(spec: Raw, field: string, loc: Loc): string {
    const v = spec[field];
    if (v === undefined || v === null) this.fail(`Events() needs ${field} ("YYYY-MM-DD")`, loc);
    const m = this.marker(v);
    if (m?.t === 'date') {
      // toISOString() of a Date beyond year 9999 reads "+010000-...": not a day quarry can scan.
      if (typeof m.v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(m.v)) this.fail(`${field} is an invalid Date (or one outside years 0000-9999)`, loc);
      return m.v.slice(0, 10);
    }
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      this.fail(`${field} must be a date "YYYY-MM-DD" or a Date; got ${this.describe(v) === 'an object' ? shortJson(v) : this.describe(v)}`, loc);
    }
    const d = new Date(`${v}T00:00:00Z`);
    if (isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) this.fail(`${field} is not a real date: "${v}"`, loc);
    return v;
  }

  selectors(x: unknown, field: string, loc: Loc, needSelector: boolean): EventSelectorSpec[] {
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x)) this.fail(`${field} must be a list of {event, selector} objects`, loc);
    return x.map((s, i) => {
      if (!isObj(s)) this.fail(`${field}[${i}] must be an object`, loc);
      const out: EventSelectorSpec = {};
      for (const k of ['event', 'selector', 'label'] as const) {
        if (s[k] === undefined || s[k] === null) continue;
        if (typeof s[k] !== 'string') this.fail(`${field}[${i}].${k} must be a string`, loc);
        out[k] = s[k] as string;
      }
      if (needSelector && out.selector === undefined) this.fail(`${field}[${i}] needs a selector`, loc);
      return out;
    });
  }

  cohorts(spec: Raw, loc: Loc): string[] {
    const c = spec.cohort ?? spec.cohorts;
    if (c === undefined || c === null) return [];
    const list = Array.isArray(c) ? c : [c];
    if (!list.every((n) => typeof n === 'string' && n !== '')) this.fail('cohort must be a cohort name or a list of names', loc);
    return list as string[];
  }

  events(spec: unknown, loc: Loc): EventsSource {
    if (!isObj(spec)) this.fail('Events() needs a spec object: Events({from_date: "YYYY-MM-DD", to_date: "YYYY-MM-DD"})', loc);
    return {
      kind: 'events',
      fromDate: this.date(spec, 'from_date', loc),
      toDate: this.date(spec, 'to_date', loc),
      eventSelectors: this.selectors(spec.event_selectors, 'event_selectors', loc, false),
      cohorts: this.cohorts(spec, loc),
    };
  }

  people(spec: unknown, loc: Loc): PeopleSource {
    if (spec !== undefined && spec !== null && !isObj(spec)) this.fail('People() takes an optional spec object', loc);
    const s = (spec ?? {}) as Raw;
    const sels = this.selectors(s.user_selectors, 'user_selectors', loc, true);
    return { kind: 'people', userSelectors: sels.map((x) => ({ selector: x.selector! })), cohorts: this.cohorts(s, loc) };
  }

  joinSide(x: unknown, loc: Loc, which: string): EventsSource | PeopleSource {
    const m = this.marker(x);
    if (m?.t !== 'collection' || !isObj(m.v) || !Array.isArray(m.v.stages)) {
      this.fail(`join() ${which} argument must be Events(...) or People(...); got ${this.describe(x)}`, loc);
    }
    const src = this.call(m.v.source, 'join side');
    const stages = m.v.stages.map((st) => this.call(st, 'join side stage'));
    if (stages.length > 0) {
      this.fail(`join() takes bare sources: move .${String(stages[0]!.op)}() after the join, not inside it`, stages[0]!.loc ?? loc);
    }
    if (src.kind === 'events') return this.events(src.args[0], src.loc ?? loc);
    if (src.kind === 'people') return this.people(src.args[0], src.loc ?? loc);
    this.fail('join() cannot take another join()', loc);
  }

  join(call: RawCall): JoinSource {
    const a = this.joinSide(call.args[0], call.loc, 'first');
    const b = this.joinSide(call.args[1], call.loc, 'second');
    if (a.kind === b.kind) this.fail('join() needs one Events(...) and one People(...)', call.loc);
    const events = a.kind === 'events' ? a : (b as EventsSource);
    const people = a.kind === 'people' ? a : (b as PeopleSource);
    const opts = call.args[2];
    if (opts !== undefined && opts !== null && !isObj(opts)) this.fail('join() options must be an object', call.loc);
    const o = (opts ?? {}) as Raw;
    const type = o.type ?? 'full';
    if (type !== 'full' && type !== 'left' && type !== 'right' && type !== 'inner') {
      this.fail(`join() type must be "full", "left", "right" or "inner"; got ${JSON.stringify(type)}`, call.loc);
    }
    return { kind: 'join', events, people, type, selectors: this.selectors(o.selectors, 'selectors', call.loc, false), cohorts: this.cohorts(o, call.loc) };
  }

  source(call: RawCall): Source {
    if (call.kind === 'events') return this.events(call.args[0], call.loc);
    if (call.kind === 'people') return this.people(call.args[0], call.loc);
    if (call.kind === 'join') return this.join(call);
    this.fail(`unknown source ${String(call.kind)}`, call.loc);
  }

  fnArg(x: unknown, op: string, loc: Loc): number {
    const id = this.fnId(x);
    if (id === null) this.fail(`.${op}() needs a function; got ${this.describe(x)}`, loc);
    return id;
  }

  limits(limits: unknown, globalLimit: unknown, op: string, loc: Loc): Stage {
    if (!Array.isArray(limits) || !limits.every((l) => l === null || l === undefined || (isInt(l) && l >= 0))) {
      this.fail(`.${op}() needs a list of whole numbers (null: no limit at that depth)`, loc);
    }
    const s: Stage = { kind: 'applyGroupLimits', limits: (limits as Array<number | null | undefined>).map((l) => l ?? null) };
    if (globalLimit !== undefined && globalLimit !== null) {
      if (!isInt(globalLimit) || globalLimit < 0) this.fail(`.${op}() global limit must be a whole number`, loc);
      s.globalLimit = globalLimit;
    }
    return s;
  }

  stage(call: RawCall): Stage {
    const { op, args, loc } = call;
    switch (op) {
      case 'filter':
      case 'map':
        return { kind: op, fn: this.fnArg(args[0], op, loc) };
      case 'flatten':
        return { kind: 'flatten' };
      case 'sortAsc':
      case 'sortDesc':
        return { kind: op, accessor: this.accessor(args[0], `.${op}() key`, loc) };
      case 'reduce': {
        const r = this.mp(args[0]);
        if (r !== null && r.$mp === 'applyGroupLimits') return this.limits(r.limits, r.globalLimit, 'applyGroupLimits', loc);
        const x = args[0];
        return { kind: 'reduce', ...this.reducers(x, loc) };
      }
      case 'groupBy':
        if ((call.argc ?? args.length) < 2) this.fail('.groupBy(keys, reducer) needs keys and a reducer', loc);
        return { kind: 'groupBy', keys: this.keys(args[0], loc, 'groupBy'), ...this.reducers(args[1], loc) };
      case 'groupByUser': {
        const two = (call.argc ?? args.length) >= 2;
        const keys = two ? this.keys(args[0], loc, 'groupByUser') : [];
        return { kind: 'groupByUser', keys, ...this.reducers(two ? args[1] : args[0], loc) };
      }
      case 'applyGroupLimits':
      case 'internalLimitHierarchically':
        return this.limits(args[0], args[1], op, loc);
    }
    this.fail(`unknown transformation .${String(op)}()`, loc);
  }
}

/**
 * @param raw the parsed JSON of Q.planJson(main())
 * @param fnSources the guest functions' sources (Q.fnSourcesJson), by fnId
 * @param filename the user's file, for error locations
 */
export function readPlan(raw: unknown, fnSources: GuestFnSource[], filename: string, mark: string): Plan {
  if (!Array.isArray(fnSources) || !fnSources.every((f) => isObj(f) && typeof f.source === 'string' && typeof f.name === 'string')) {
    throw new ScriptError('InvalidQuery', 'InvalidQuery: main() did not return a well-formed query (function sources)');
  }
  const fns: FnInfo[] = fnSources.map((f, id) => ({
    id,
    reads: analyzeReads(f.source),
    itemReads: analyzeElementReads(f.source),
    writes: analyzeWrites(f.source),
    name: f.name,
    source: f.source,
    native: translateFunction(f.source),
  }));
  const r = new Reader(filename, fns, mark);
  if (!isObj(raw) || !isObj(raw.source) || !Array.isArray(raw.stages)) {
    throw new ScriptError('InvalidQuery', 'InvalidQuery: main() did not return a query');
  }
  const sourceCall = r.call(raw.source, 'source');
  const source = r.source(sourceCall);
  if (sourceCall.loc) source.loc = { line: sourceCall.loc.line, column: sourceCall.loc.column };
  const calls = raw.stages.map((c) => r.call(c, 'stage'));
  const stages: Stage[] = [];
  for (let i = 0; i < calls.length; i++) {
    const stage = r.stage(calls[i]!);
    const loc = calls[i]!.loc;
    if (loc) stage.loc = { line: loc.line, column: loc.column };
    if (stage.kind === 'groupByUser' && !stages.every((s) => s.kind === 'filter')) {
      r.fail('.groupByUser() must come directly after the source (optionally after .filter() calls)', calls[i]!.loc);
    }
    stages.push(stage);
  }
  return { source, stages, fns };
}

function isObj(x: unknown): x is Raw {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/** What a value of the script's own data is, for messages (markers: Reader.describe). */
function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'a list';
  if (isObj(x)) return 'an object';
  return `${typeof x} ${shortJson(x)}`;
}

function shortJson(x: unknown): string {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
