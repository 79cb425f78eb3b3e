/** A flatten node: list items become their members; other items pass. */
import type { FlattenNode } from '../../plan/index.js';
import type { Rows } from './operator-context.js';

export async function* openFlatten(_node: FlattenNode, input: Rows): Rows {
  for await (const chunk of input) yield chunk.flatMap((v) => (Array.isArray(v) ? v : [v]));
}
