/**
 * Stages over derived rows (after the first aggregation or map): filter, map and
 * flatten item by item, and an aggregation that accumulates rows. execute.ts runs
 * them in the main thread; a user shard (parallel/run-shard.ts) runs those that
 * follow its groupByUser up to the next aggregation, so they are one code in both.
 */
import type { AggregateNode, FilterNode, FlattenNode, MapNode } from '../../plan/index.js';
import { RowsBatch } from '../batches/rows-batch.js';
import type { Chain } from '../chain.js';
import type { Guest } from '../sandbox-bridge/guest.js';
import { toStageValue } from '../serialize.js';
import { type FnValues, ItemCache } from '../value-reader.js';
import { needGuest, reduceInGuest, shapeOf } from './accumulate.js';
import { Aggregator } from './aggregate.js';

export type Chunks = AsyncIterable<unknown[]>;

/** filter, map or flatten over chunks of rows. */
export function rowStage(stage: MapNode | FilterNode | FlattenNode, input: Chunks, chain: Chain, batchRows: number): Chunks {
  if (stage.op === 'flatten') {
    return (async function* () {
      for await (const chunk of input) yield chunk.flatMap((v) => (Array.isArray(v) ? v : [v]));
    })();
  }
  return (async function* () {
    for await (const chunk of input) {
      for (let s = 0; s < chunk.length; s += batchRows) {
        const rb = new RowsBatch(chunk.slice(s, s + batchRows));
        const res = stage.op === 'map' ? await chain.run(rb, rb.sel, [], [], stage.fn.fn) : await chain.run(rb, rb.sel, [stage.fn.fn], []);
        const out = stage.op === 'map' ? res.values!.map(toStageValue) : Array.from(res.sel, (r) => rb.rows[r]);
        if (out.length) yield out;
      }
    }
  })();
}

/** An aggregation's state over chunks of rows (finishAggregate turns it into rows). */
export async function accumulateRows(stage: AggregateNode, input: Chunks, guest: Guest | null, chain: Chain, batchRows: number): Promise<Aggregator> {
  const agg = new Aggregator(shapeOf(stage));
  const fnIds = agg.fnIds();
  // Key functions that may write to their item (delete i.date) run on the objects
  // the reducers then read: the sandbox sends the items back as the keys left them.
  const writers = agg.keyFnIds().some((id) => chain.writes(id));
  for await (const chunk of input) {
    for (let s = 0; s < chunk.length; s += batchRows) {
      const rb = new RowsBatch(chunk.slice(s, s + batchRows));
      let fnValues: FnValues | null = null;
      let items = new ItemCache(rb);
      if (fnIds.length) ({ fnValues, items } = await chain.run(rb, rb.sel, [], fnIds, undefined, writers ? [''] : []));
      if (writers) for (const r of rb.sel) rb.rows[r] = items.get(r);
      const groups = agg.assign(rb, fnValues, items);
      agg.reduceNative(rb, groups, fnValues, items);
      for (const fnId of agg.guestReducers()) await reduceInGuest(needGuest(guest), agg, fnId, rb, rb.sel, groups, false);
    }
  }
  return agg;
}
