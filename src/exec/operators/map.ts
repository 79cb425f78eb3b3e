/**
 * A map node: over the scan's batches (node.fromScan, after the fused filters) or over
 * derived rows, natively or in the sandbox as its FnCall says (through the chain).
 */
import type { MapNode, ScanNode } from '../../plan/index.js';
import { RowsBatch } from '../batches/rows-batch.js';
import { toStageValue } from '../serialize.js';
import { chunkSelection } from './chunks.js';
import type { OperatorContext, Rows } from './operator-context.js';
import { sourceBatches } from './source-batches.js';

export async function* openMapScan(node: MapNode, scan: ScanNode, oc: OperatorContext): Rows {
  const filters = scan.filters.map((f) => f.fn);
  for (const batch of sourceBatches(oc.ctx, scan)) {
    for (const part of chunkSelection(batch.sel, oc.batchRows, null)) {
      const res = await oc.chain.run(batch, part, filters, [], node.fn.fn);
      if (res.values?.length) yield res.values.map(toStageValue);
    }
  }
}

export async function* openMap(node: MapNode, input: Rows, oc: OperatorContext): Rows {
  for await (const chunk of input) {
    for (let s = 0; s < chunk.length; s += oc.batchRows) {
      const rb = new RowsBatch(chunk.slice(s, s + oc.batchRows));
      const res = await oc.chain.run(rb, rb.sel, [], [], node.fn.fn);
      const out = res.values!.map(toStageValue);
      if (out.length) yield out;
    }
  }
}
