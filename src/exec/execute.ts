/**
 * Run a physical plan (plan/physical): scan -> stages -> result items, streamed.
 *
 * Every decision was taken when the plan was lowered; this file only follows the
 * nodes. The scan's fused filters and the stage over the scan run over source batches
 * (columnar, selectors already applied). Work that needs no user code never enters
 * the sandbox; user functions are called per chunk of rows with only the fields they
 * read. After the first aggregation or map, items are derived JSON rows and later
 * stages run over them in chunks.
 */
import { ScriptError } from '../errors.js';
import type { Accessor, AggregateNode, Loc, PhysicalPlan, ScanNode, StageNode } from '../plan/index.js';
import { BATCH_ROWS } from '../sandbox/index.js';
import { applyGroupLimits } from './apply-group-limits.js';
import type { ExecContext } from './context.js';
import type { Guest, } from './sandbox-bridge/guest.js';
import { readPath } from './accessors/index.js';
import { Aggregator } from './operators/aggregate.js';
import { accumulateSource, finishAggregate } from './operators/accumulate.js';
import { accumulateRows, rowStage } from './operators/row-stages.js';
import { sourceBatches } from './operators/source-batches.js';
import { chunkSelection } from './operators/chunks.js';
import { sortRows } from './operators/sort.js';
import { toStageValue } from './serialize.js';
import { findCycle } from '../sandbox/marshal/cycles.js';
import { RowsBatch } from './batches/rows-batch.js';
import { ItemCache, makeValueReader } from './value-reader.js';
import { Chain } from './chain.js';
import { countsFromManifest } from './operators/manifest-counts.js';
import { locate, locatedChunks } from './locate.js';
import type { RunShards } from './parallel/run-shards.js';

type Chunks = AsyncIterable<unknown[]>;

export interface ExecuteOptions {
  guest: Guest | null;
  batchRows?: number;
  /** Runs an aggregation the plan split over worker threads (node.shards). */
  parallel?: RunShards;
}

/** Aggregate source batches (the hot path: native unless the script gave functions). */
async function aggregateSource(
  ctx: ExecContext, plan: PhysicalPlan, node: AggregateNode, guest: Guest | null, chain: Chain, batchRows: number, o: ExecuteOptions,
): Promise<{ rows: unknown[]; through?: number }> {
  if (node.manifest) return { rows: await countsFromManifest(ctx, plan.scan, node) };
  if (node.shards && o.parallel) {
    const sharded = await o.parallel({ ctx, plan, node });
    // The shards ran the stages through a later aggregation (rules/shard-stages.ts): finish that one.
    if (sharded.through !== undefined) return { rows: await finishAggregate(sharded.agg, guest, false), through: sharded.through };
    return { rows: await finishAggregate(sharded.agg, guest, node.kind === 'groupByUser', sharded.userResults, node.sorted) };
  }
  const agg = await accumulateSource(ctx, plan.scan, node, guest, chain, batchRows);
  return { rows: await finishAggregate(agg, guest, node.kind === 'groupByUser', undefined, node.sorted) };
}

/** The JQL call a node was written as, for messages. */
function stepName(n: StageNode): string {
  switch (n.op) {
    case 'aggregate':
    case 'misplaced':
      return n.kind;
    case 'sort':
      return n.desc ? 'sortDesc' : 'sortAsc';
    case 'groupLimits':
      return 'applyGroupLimits';
    default:
      return n.op;
  }
}

export async function* execute(plan: PhysicalPlan, ctx: ExecContext, o: ExecuteOptions): AsyncGenerator<unknown> {
  const batchRows = o.batchRows ?? BATCH_ROWS;
  const chain = new Chain(plan.fns, o.guest, ctx.stats, plan.translate);
  const { scan, stages } = plan;
  const filters = scan.filters.map((f) => f.fn);
  let i = 0;
  const consumer = stages[0];
  let chunks: Chunks;
  if (consumer?.op === 'aggregate' && consumer.fromScan) {
    let done: Awaited<ReturnType<typeof aggregateSource>>;
    try {
      done = await aggregateSource(ctx, plan, consumer, o.guest, chain, batchRows, o);
    } catch (e) {
      throw locate(e, consumer.loc, ctx.script);
    }
    chunks = once(done.rows);
    i = done.through === undefined ? 1 : done.through + 1;
  } else if (consumer?.op === 'map' && consumer.fromScan) {
    // An error with no place of its own (a thrown string has no stack) is placed at the
    // one user function that can have raised it, when there is only one.
    chunks = locatedChunks(mapSource(ctx, scan, filters, consumer.fn.fn, chain, batchRows), filters.length === 0 ? consumer.loc : undefined, ctx.script);
    i++;
  } else {
    chunks = locatedChunks(materializeSource(ctx, scan, filters, chain, batchRows), filters.length === 1 ? scan.filters[0]!.loc : undefined, ctx.script);
  }
  for (; i < stages.length; i++) chunks = locatedChunks(applyStage(stages[i]!, chunks, o.guest, chain, batchRows), stages[i]!.loc, ctx.script);
  // Values keep their cycles between stages; only the output must be acyclic. Cycles
  // come only from user functions, so plans without any skip the check.
  const lastFilter = scan.filters[scan.filters.length - 1];
  const last: { name: string; loc?: Loc } | undefined = stages.length
    ? { name: stepName(stages[stages.length - 1]!), loc: stages[stages.length - 1]!.loc }
    : lastFilter ? { name: 'filter', loc: lastFilter.loc } : undefined;
  for await (const chunk of chunks) {
    if (plan.fns.length > 0) for (const item of chunk) checkAcyclic(item, last, ctx);
    yield* chunk;
  }
}

function checkAcyclic(item: unknown, stage: { name: string; loc?: Loc } | undefined, ctx: ExecContext): void {
  if (item === null || typeof item !== 'object') return;
  const at = findCycle(item);
  if (at === null) return;
  const step = stage ? `.${stage.name}()` : 'the source';
  const err = new ScriptError('InvalidQuery', `InvalidQuery: the result of ${step}, the last step, has a circular reference at ${at || 'its top level'}: the final output must be JSON. Remove the cycle in a last .map() (e.g. delete the property that points back).`);
  throw locate(err, stage?.loc, ctx.script);
}

async function* once(rows: unknown[]): Chunks {
  yield rows;
}

async function* mapSource(ctx: ExecContext, source: ScanNode, filters: number[], fn: number, chain: Chain, batchRows: number): Chunks {
  for (const batch of sourceBatches(ctx, source)) {
    for (const part of chunkSelection(batch.sel, batchRows, null)) {
      const res = await chain.run(batch, part, filters, [], fn);
      if (res.values?.length) yield res.values.map(toStageValue);
    }
  }
}

async function* materializeSource(ctx: ExecContext, source: ScanNode, filters: number[], chain: Chain, batchRows: number): Chunks {
  for (const batch of sourceBatches(ctx, source)) {
    for (const part of chunkSelection(batch.sel, batchRows, null)) {
      const sel = filters.length ? (await chain.run(batch, part, filters, [])).sel : part;
      if (sel.length === 0) continue;
      const out = new Array<unknown>(sel.length);
      for (let j = 0; j < sel.length; j++) out[j] = toStageValue(batch.item(sel[j]!));
      yield out;
    }
  }
}

async function collect(chunks: Chunks): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const c of chunks) for (const v of c) all.push(v);
  return all;
}

function applyStage(stage: StageNode, input: Chunks, guest: Guest | null, chain: Chain, batchRows: number): Chunks {
  switch (stage.op) {
    case 'filter':
    case 'map':
    case 'flatten':
      return rowStage(stage, input, chain, batchRows);
    case 'sort':
      return (async function* () {
        const rows = await collect(input);
        const acc = stage.accessor;
        let keys: unknown[];
        if (acc.kind === 'path') keys = rows.map((r) => readPath(r, acc.path));
        else {
          const agg = new Aggregator({ keys: [acc], reducers: [], list: false, byUser: false, noKeys: false });
          keys = await valuesOf(rows, acc, agg.fnIds(), chain, batchRows);
        }
        yield sortRows(rows, keys, stage.desc);
      })();
    case 'aggregate':
      return (async function* () {
        yield await finishAggregate(await accumulateRows(stage, input, guest, chain, batchRows), guest, false);
      })();
    case 'misplaced':
      throw new ScriptError('InvalidQuery', 'groupByUser must come directly after Events(), People() or join() (optionally after .filter() calls).');
    case 'groupLimits':
      return (async function* () {
        const rows = (await collect(input)) as Array<{ key: unknown; value: unknown }>;
        yield applyGroupLimits(rows, stage.limits, stage.globalLimit);
      })();
  }
}

/** Values of an accessor with guest functions over derived rows. */
async function valuesOf(rows: unknown[], acc: Accessor, fnIds: number[], chain: Chain, batchRows: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let s = 0; s < rows.length; s += batchRows) {
    const rb = new RowsBatch(rows.slice(s, s + batchRows));
    const fnValues = (await chain.run(rb, rb.sel, [], fnIds)).fnValues;
    const read = makeValueReader(rb, acc, new ItemCache(rb), fnValues);
    for (let j = 0; j < rb.size; j++) out.push(read(j, j));
  }
  return out;
}
