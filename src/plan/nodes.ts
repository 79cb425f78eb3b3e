/**
 * The typed query plan: what a script's main() recorded, validated by read-plan.ts.
 * Plan nodes are immutable data; exec/ builds running state from them. Names are
 * JQL's own (jql.md §3) from the script through to execution and explain output.
 */

import type { SelectorAst } from '../selector/index.js';
import type { JsExpr } from './translate/js-expr.js';

/** How a key, sort order or reducer input is read from an item. */
export type Accessor =
  /** A dotted path into the item, e.g. "properties.$city", "key.0". */
  | { kind: 'path'; path: string }
  /**
   * A guest function. `reads` lists the dotted paths of the item it can read when
   * that is statically knowable from its source (see reads.ts), else null: it may
   * read anything. A path may reach past a column into a JSON value
   * ("properties.codes.0"): the column is the first segment after "properties".
   */
  | { kind: 'fn'; fnId: number; reads: string[] | null }
  | { kind: 'multiple_keys'; inner: Accessor }
  | { kind: 'slice'; path: string; start: number; limit?: number }
  /**
   * `spec`: a sorted list of bounds, `{bucket_size, offset?}`, `[]` (no bucketing:
   * the value itself) or a time-bucket constant `{time_buckets: 'hourly' | 'daily'
   * | 'weekly' | 'monthly' | 'quarterly' | 'annual'}`.
   */
  | { kind: 'numeric_bucket'; inner: Accessor; spec: unknown }
  | { kind: 'to_number' | 'to_string' | 'to_boolean'; inner: Accessor };

export type ReducerSpec =
  | { kind: 'builtin'; name: string; accessor?: Accessor; args: unknown[]; options?: Record<string, unknown> }
  | { kind: 'fn'; fnId: number };

export interface EventSelectorSpec {
  event?: string;
  selector?: string;
  label?: string;
  /** The selector parsed once, by lowering (physical/rules/bind-selectors.ts); absent in a logical plan. */
  parsed?: ParsedSelector;
}

/** A selector's syntax tree, or its syntax error's message (the scan reports it with its place). */
export type ParsedSelector = { ast: SelectorAst } | { error: string };

export interface EventsSource {
  kind: 'events';
  /** "YYYY-MM-DD", a day in the project timezone (a Date became its UTC date). */
  fromDate: string;
  toDate: string;
  eventSelectors: EventSelectorSpec[];
  cohorts: string[];
}

export interface PeopleSource {
  kind: 'people';
  userSelectors: { selector: string; parsed?: ParsedSelector }[];
  cohorts: string[];
}

export interface JoinSource {
  kind: 'join';
  events: EventsSource;
  people: PeopleSource;
  type: 'full' | 'left' | 'right' | 'inner';
  selectors: EventSelectorSpec[];
  cohorts: string[];
}

export type Source = (EventsSource | PeopleSource | JoinSource) & { loc?: Loc };

/** Where in the user's script a source or stage was written (1-based). */
export interface Loc {
  line: number;
  column: number;
}

export type Stage = (
  | { kind: 'filter'; fn: number }
  | { kind: 'map'; fn: number }
  | { kind: 'flatten' }
  | { kind: 'sortAsc' | 'sortDesc'; accessor: Accessor }
  /** list: the reducer was given as a list, so the output value is a list. */
  | { kind: 'reduce'; reducers: ReducerSpec[]; list: boolean }
  | { kind: 'groupBy'; keys: Accessor[]; reducers: ReducerSpec[]; list: boolean }
  /** keys: the extra keys after the implicit distinct_id. */
  | { kind: 'groupByUser'; keys: Accessor[]; reducers: ReducerSpec[]; list: boolean }
  /** limits[i] null: no limit at that depth. */
  | { kind: 'applyGroupLimits'; limits: Array<number | null>; globalLimit?: number }
) & { loc?: Loc };

/** What the plan knows about each guest function, indexed by fnId. */
export interface FnInfo {
  id: number;
  /** Paths of its first argument it can read, or null (anything). See reads.ts. */
  reads: string[] | null;
  /** The function's name in the script ('' when anonymous). */
  name: string;
  /**
   * As a reducer `(state, items)`: the paths it can read from the elements of
   * `items`, or null (anything). See reads.ts.
   */
  itemReads?: string[] | null;
  /**
   * It may change the object it is given (reads.ts analyzeWrites). Key functions
   * that write run where the reducers then read the same objects; pure ones keep
   * the fast paths. Absent: treated as true.
   */
  writes?: boolean;
  /** Its source text, as the sandbox reports it. */
  source?: string;
  /**
   * The function as quarry's own expression form, when it is a pure expression over
   * its argument's fields (translate/parse-fn.ts); the engine then runs it natively.
   */
  native?: JsExpr | null;
}

export interface Plan {
  source: Source;
  stages: Stage[];
  /** Every guest function the plan refers to, by fnId (fns[id].id === id). */
  fns: FnInfo[];
}
