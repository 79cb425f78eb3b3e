/**
 * A custom groupByUser over waves of user ranges (parallel/user-waves.ts, decision 0032):
 * one aggregation per wave, each read and reduced only when the previous one was taken,
 * so the caller finishes a wave (and takes its users' results from the sandbox, which
 * clears them) before the next is read. Without waves (`[undefined]`), one aggregation
 * over the context's own shard or the whole scan.
 */
import type { AggregateNode, ScanNode } from '../../plan/index.js';
import type { Chain } from '../chain.js';
import type { ExecContext } from '../context.js';
import type { Guest } from '../sandbox-bridge/guest.js';
import { accumulateSource } from './accumulate.js';
import type { Aggregator } from './aggregate.js';

export async function* waveAggregates(
  ctx: ExecContext,
  waves: ReadonlyArray<[number, number] | undefined>,
  scan: ScanNode,
  node: AggregateNode,
  guest: Guest | null,
  chain: Chain,
  batchRows: number,
): AsyncGenerator<Aggregator> {
  for (const w of waves) {
    const wctx = w === undefined ? ctx : { ...ctx, shard: { ...ctx.shard, userRange: w } };
    yield await accumulateSource(wctx, scan, node, guest, chain, batchRows);
  }
}
