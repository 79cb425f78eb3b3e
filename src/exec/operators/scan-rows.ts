/**
 * A scan node (with its fused filters) whose consumer wants items, not columns: the
 * selected source items as between-stage values, in chunks.
 */
import type { ScanNode } from '../../plan/index.js';
import { toStageValue } from '../serialize.js';
import { chunkSelection } from './chunks.js';
import type { OperatorContext, Rows } from './operator-context.js';
import { sourceBatches } from './source-batches.js';

export async function* openScanRows(scan: ScanNode, oc: OperatorContext): Rows {
  const filters = scan.filters.map((f) => f.fn);
  for (const batch of sourceBatches(oc.ctx, scan)) {
    for (const part of chunkSelection(batch.sel, oc.batchRows, null)) {
      const sel = filters.length ? (await oc.chain.run(batch, part, filters, [])).sel : part;
      if (sel.length === 0) continue;
      const out = new Array<unknown>(sel.length);
      for (let j = 0; j < sel.length; j++) out[j] = toStageValue(batch.item(sel[j]!));
      yield out;
    }
  }
}
