/** A groupLimits node (applyGroupLimits): needs every row of its input. */
import type { GroupLimitsNode } from '../../plan/index.js';
import { applyGroupLimits } from '../apply-group-limits.js';
import { collect, type Rows } from './operator-context.js';

export async function* openGroupLimits(node: GroupLimitsNode, input: Rows): Rows {
  const rows = (await collect(input)) as Array<{ key: unknown; value: unknown }>;
  yield applyGroupLimits(rows, node.limits, node.globalLimit);
}
