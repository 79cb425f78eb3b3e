/** A filter node over derived rows, natively or in the sandbox as its FnCall says (through the chain). */
import type { FilterNode } from '../../plan/index.js';
import { RowsBatch } from '../batches/rows-batch.js';
import type { OperatorContext, Rows } from './operator-context.js';

export async function* openFilter(node: FilterNode, input: Rows, oc: OperatorContext): Rows {
  for await (const chunk of input) {
    for (let s = 0; s < chunk.length; s += oc.batchRows) {
      const rb = new RowsBatch(chunk.slice(s, s + oc.batchRows));
      const res = await oc.chain.run(rb, rb.sel, [node.fn.fn], []);
      const out = Array.from(res.sel, (r) => rb.rows[r]);
      if (out.length) yield out;
    }
  }
}
