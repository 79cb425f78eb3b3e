/**
 * An aggregation node over derived rows (after a map or another aggregation): key and
 * reducer functions through the chain, native reducers here, custom ones in the sandbox.
 */
import type { AggregateNode } from '../../plan/index.js';
import { RowsBatch } from '../batches/rows-batch.js';
import { type FnValues, ItemCache } from '../value-reader.js';
import { finishAggregate, needGuest, reduceInGuest, shapeOf } from './accumulate.js';
import { Aggregator } from './aggregate.js';
import type { OperatorContext, Rows } from './operator-context.js';

export async function* openAggregateRows(node: AggregateNode, input: Rows, oc: OperatorContext): Rows {
  yield await finishAggregate(await accumulateRows(node, input, oc), oc.guest, false);
}

/** The aggregation's state over the rows (a user shard sends it unfinished: parallel/run-shard.ts). */
export async function accumulateRows(node: AggregateNode, input: Rows, oc: OperatorContext): Promise<Aggregator> {
  const { chain, guest, batchRows } = oc;
  const agg = new Aggregator(shapeOf(node));
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
