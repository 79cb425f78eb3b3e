/**
 * Open a scan node: the source's batches with selectors, cohorts and shard applied
 * (scan.ts); errors are placed at the source in the user's script.
 */
import type { ScanNode } from '../../plan/index.js';
import type { ExecContext } from '../context.js';
import { locate } from '../locate.js';
import type { ItemBatch } from '../batches/item-batch.js';
import { scanEvents, scanJoin, scanPeople } from './scan.js';

export function* sourceBatches(ctx: ExecContext, scan: ScanNode): Generator<ItemBatch> {
  const source = scan.source;
  try {
    if (source.kind === 'events') yield* scanEvents(ctx, source, scan.anyOrder === true);
    else if (source.kind === 'people') {
      const b = scanPeople(ctx, source);
      if (b && b.sel.length) yield b;
    } else yield* scanJoin(ctx, source, scan.anyOrder === true);
  } catch (e) {
    throw locate(e, source.loc, ctx.script);
  }
}
