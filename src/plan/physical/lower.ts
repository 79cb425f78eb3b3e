/**
 * Lower a logical plan (what main() recorded) into the physical plan exec runs: one
 * pass applying the rules in ./rules, each a small file holding one decision.
 *
 * @example lower(plan, store, { translate: true, threads: 2, env })
 */
import type { SelectorEnv } from '../../selector/index.js';
import type { Accessor, FnInfo, Plan, ReducerSpec, Stage } from '../nodes.js';
import type { AggregateNode, FnCall, PhysicalPlan, ScanNode, StageNode, StoreSchema } from './nodes.js';

export type { StoreSchema };
import { eventPartitions, parseSelectors } from './rules/bind-selectors.js';
import { chooseKernel } from './rules/choose-kernels.js';
import { columnAccessor, type SourceKind } from './rules/column-accessors.js';
import { columnsRead } from './rules/columns-read.js';
import { fuseDistinctUsers } from './rules/distinct-users.js';
import { elideSorts } from './rules/elide-sorts.js';
import { fuseFilters } from './rules/fuse-filters.js';
import { answeredByManifest } from './rules/manifest-counts.js';
import { markOrderFreeScan } from './rules/scan-order.js';
import { planShards } from './rules/shard.js';
import { shardFunctions } from '../shard-functions/index.js';
import { shardThrough } from './rules/shard-stages.js';

export interface LowerOptions {
  /** Run translatable functions natively (false: every one in the sandbox). */
  translate: boolean;
  /** Worker threads an aggregation may use (1: none). */
  threads: number;
  /** Smallest scan (rows) worth splitting over threads; default rules/shard.ts. */
  parallelMinRows?: number;
  /** The selector environment (timezone, NOW) the scan binds its selectors with. */
  env: SelectorEnv;
  /** The script's text: shard workers compile its functions when that is safe (absent: they re-run main()). */
  script?: string;
}

export function lower(plan: Plan, store: StoreSchema, o: LowerOptions): PhysicalPlan {
  const native = (id: number) => (o.translate ? (plan.fns[id]?.native ?? null) : null);
  const mode = (id: number): FnCall['mode'] => (native(id) ? 'native' : 'sandbox');
  const { filters, rest } = fuseFilters(plan.stages, mode);
  const source = parseSelectors(plan.source);
  const events = source.kind === 'events' ? source : source.kind === 'join' ? source.events : null;
  const scan: ScanNode = {
    op: 'scan',
    source,
    filters,
    columns: null,
    partitions: events ? eventPartitions(store, events, o.env) : null,
  };
  const stages = rest.map((st, i): StageNode => lowerStage(st, i === 0, i === 0 ? source.kind : 'rows', filters, native, mode));
  elideSorts(stages);
  const first = stages[0];
  if (first?.op === 'aggregate' && first.fromScan) {
    first.manifest = answeredByManifest(scan, first);
    first.shards = planShards(store, scan, first, o.threads, o.parallelMinRows);
    if (first.shards?.mode === 'users') {
      const through = shardThrough(stages);
      if (through !== null) first.shards.through = through;
    }
  }
  fuseDistinctUsers(scan, stages);
  markOrderFreeScan(scan, stages[0]);
  scan.columns = columnsRead(plan, scan, first);
  const sandbox = plan.fns.length > 0;
  return { scan, stages, fns: plan.fns, translate: o.translate, sandbox, shardFns: shardFunctions(plan.fns, o.script) };
}

function lowerStage(
  st: Stage,
  fromScan: boolean,
  kind: SourceKind,
  filters: FnCall[],
  native: (id: number) => FnInfo['native'],
  mode: (id: number) => FnCall['mode'],
): StageNode {
  const loc = st.loc;
  switch (st.kind) {
    case 'filter':
      return { op: 'filter', fn: { fn: st.fn, mode: mode(st.fn) }, loc };
    case 'map':
      return { op: 'map', fn: { fn: st.fn, mode: mode(st.fn) }, fromScan, loc };
    case 'flatten':
      return { op: 'flatten', loc };
    case 'sortAsc':
    case 'sortDesc':
      return { op: 'sort', accessor: st.accessor, desc: st.kind === 'sortDesc', loc };
    case 'applyGroupLimits':
      return { op: 'groupLimits', limits: st.limits, globalLimit: st.globalLimit, loc };
    case 'groupByUser':
    case 'groupBy':
    case 'reduce': {
      if (st.kind === 'groupByUser' && !fromScan) return { op: 'misplaced', kind: 'groupByUser', loc };
      const rw = (a: Accessor) => columnAccessor(a, kind, native);
      const reducers = st.reducers.map((r: ReducerSpec) => chooseKernel(r.kind === 'builtin' && r.accessor ? { ...r, accessor: rw(r.accessor) } : r));
      const keys = st.kind === 'reduce' ? [] : st.keys.map(rw);
      const valueFns = fnsOf([...keys, ...reducers.flatMap((r) => (r.kind === 'builtin' && r.accessor ? [r.accessor] : []))]).map((fn) => ({
        fn,
        mode: mode(fn),
      }));
      const node: AggregateNode = {
        op: 'aggregate',
        kind: st.kind,
        keys,
        reducers,
        list: st.list,
        fromScan,
        sorted: true,
        manifest: false,
        shards: null,
        valueFns,
        loc,
        sandbox: reducers.some((r) => r.kind === 'fn') || [...(fromScan ? filters : []), ...valueFns].some((f) => f.mode === 'sandbox'),
      };
      return node;
    }
  }
}

/** Functions an accessor list calls, once each, in order of appearance. */
function fnsOf(accs: Accessor[]): number[] {
  const out: number[] = [];
  const walk = (a: Accessor) => {
    if (a.kind === 'fn') out.push(a.fnId);
    else if ('inner' in a) walk(a.inner);
  };
  accs.forEach(walk);
  return [...new Set(out)];
}
