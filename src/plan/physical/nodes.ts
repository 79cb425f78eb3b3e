/**
 * The physical plan: the logical plan (../nodes.ts) lowered once (lower.ts) with every
 * decision the executor acts on written into its nodes: which filters run inside the
 * scan, which functions run natively and which in the sandbox, which keys read a
 * column directly, which reducer kernel runs, whether an aggregation sorts its rows,
 * whether the manifest answers it, how it is split over threads.
 *
 * Plain data (structured clone and JSON safe): it is printed by explain.ts, and it is
 * what a shard worker receives. exec/ runs it and decides nothing the nodes say.
 */
import type { PartitionMeta } from '../../store/index.js';
import type { KernelName } from '../../reducer-facts/index.js';
import type { Accessor, EventsSource, FnInfo, JoinSource, Loc, PeopleSource, ReducerSpec } from '../nodes.js';

/** Where a user function runs: translated to quarry's expression form, or in the sandbox. */
export type FnMode = 'native' | 'sandbox';

export interface FnCall {
  fn: number;
  mode: FnMode;
}

/** How an aggregation is split over worker threads (rules/shard.ts). */
export type ShardPlan =
  | { mode: 'days'; shards: string[][] }
  | {
      mode: 'users';
      n: number;
      /**
       * The shards also run the stages after this groupByUser up to and including the
       * aggregation at this stage index, and send that aggregation's state instead of
       * every user's (rules/shard-stages.ts).
       */
      through?: number;
    };

/** Columnar kernels (exec/reducers/grouped-*.ts), named in the reducers' facts; null: the generic accumulator. */
export type { KernelName };

export type PhysicalReducer =
  | (Extract<ReducerSpec, { kind: 'builtin' }> & {
      /** The columnar kernel over number columns (rows it cannot take use the generic accumulator). */
      kernel: KernelName | null;
      /** Its result does not depend on the order of its items, not even in the last bit. */
      orderFree: boolean;
    })
  | (Extract<ReducerSpec, { kind: 'fn' }> & { kernel: null; orderFree: false });

/** The partitions an events scan reads, after pruning by event names and selector time bounds. */
export interface Partitions {
  total: number;
  /** null: a selector could not be bound here (the scan reports its error). */
  afterPruning: number | null;
}

export interface ScanNode {
  op: 'scan';
  source: (EventsSource | PeopleSource | JoinSource) & { loc?: Loc };
  /** The leading `.filter()` calls, run over the scan's batches (rules/fuse-filters.ts). */
  filters: Array<FnCall & { loc?: Loc }>;
  /** Columns the plan can read from the source; null: any (a function reads the whole item). */
  columns: string[] | null;
  partitions: Partitions | null;
  /** Its reader does not depend on row order: a bucketed day is read bucket by bucket, unmerged (rules/scan-order.ts). */
  anyOrder?: true;
}

export interface AggregateNode {
  op: 'aggregate';
  kind: 'groupBy' | 'groupByUser' | 'reduce';
  /** Keys, with translated bare-field functions replaced by their column path (rules/column-accessors.ts). */
  keys: Accessor[];
  reducers: PhysicalReducer[];
  list: boolean;
  /** It reads the scan's batches (it directly follows the scan and its fused filters). */
  fromScan: boolean;
  /** Sort its rows by key; false when the next stage cannot observe their order (rules/elide-sorts.ts). */
  sorted: boolean;
  /** The manifest's event-name counts answer it; no data file is read (rules/manifest-counts.ts). */
  manifest: boolean;
  /** Split over worker threads; null: this thread (rules/shard.ts). */
  shards: ShardPlan | null;
  /** Its keys, reducers or fused filters call user code in the sandbox. */
  sandbox: boolean;
  /** With the next groupBy, counted as distinct users per key (rules/distinct-users.ts). */
  distinctUsers?: true;
  /** Functions whose values it needs per item (key and reducer accessors). */
  valueFns: FnCall[];
  loc?: Loc;
}

export interface MapNode {
  op: 'map';
  fn: FnCall;
  fromScan: boolean;
  loc?: Loc;
}

export interface FilterNode {
  op: 'filter';
  fn: FnCall;
  loc?: Loc;
}

export interface FlattenNode {
  op: 'flatten';
  loc?: Loc;
}

export interface SortNode {
  op: 'sort';
  accessor: Accessor;
  desc: boolean;
  loc?: Loc;
}

export interface GroupLimitsNode {
  op: 'groupLimits';
  limits: Array<number | null>;
  globalLimit?: number;
  loc?: Loc;
}

/** groupByUser anywhere but right after the scan: an error when it runs (as before lowering). */
export interface MisplacedNode {
  op: 'misplaced';
  kind: 'groupByUser';
  loc?: Loc;
}

export type StageNode = AggregateNode | MapNode | FilterNode | FlattenNode | SortNode | GroupLimitsNode | MisplacedNode;

export interface PhysicalPlan {
  scan: ScanNode;
  /** The stages after the scan, in order. */
  stages: StageNode[];
  /** The plan's user functions (their source travels with the plan). */
  fns: FnInfo[];
  /** Run translatable functions natively (false: --no-translate). */
  translate: boolean;
  /** The plan calls user functions: a sandbox session stays open while it runs. */
  sandbox: boolean;
  /** How shard workers get the user functions (plan/shard-functions). */
  shardFns: ShardFunctions;
}

/**
 * One user function for a shard's sandbox: the global of that name (a top-level
 * function declaration), or the script's text at [start, end) compiled at global scope.
 */
export type ShardFunction = { id: number; global: string } | { id: number; start: number; end: number };

/**
 * compiled: the shard evaluates the script's top level, then the functions, never
 * main(). main: the shard re-runs main() (reasons: why compiling would change what
 * a function sees).
 */
export type ShardFunctions = { mode: 'compiled'; fns: ShardFunction[] } | { mode: 'main'; reasons: string[] };

/** What lowering reads of the store: its days and their manifest entries. */
export interface StoreSchema {
  days(from?: string, to?: string): string[];
  partitionMeta(day: string): PartitionMeta | undefined;
  /** User buckets per day (absent or 1: a day is one partition). */
  readonly buckets?: number;
}
