/** A misplaced groupByUser: the error it always was, raised when the pipeline is opened. */
import { ScriptError } from '../../errors.js';
import type { MisplacedNode } from '../../plan/index.js';
import type { Rows } from './operator-context.js';

export function openMisplaced(_node: MisplacedNode): Rows {
  throw new ScriptError('InvalidQuery', 'groupByUser must come directly after Events(), People() or join() (optionally after .filter() calls).');
}
