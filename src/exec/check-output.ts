/**
 * Values keep their cycles between stages (serialize.ts); only the final output must
 * be acyclic. The error names the last step, placed in the user's script.
 */
import { ScriptError } from '../errors.js';
import type { Loc, PhysicalPlan, StageNode } from '../plan/index.js';
import { findCycle } from '../sandbox/marshal/cycles.js';
import type { ExecContext } from './context.js';
import { locate } from './locate.js';

export interface LastStep {
  name: string;
  loc?: Loc;
}

/** The JQL call a node was written as, for messages. */
function stepName(n: StageNode): string {
  switch (n.op) {
    case 'aggregate':
    case 'misplaced':
      return n.kind;
    case 'sort':
      return n.desc ? 'sortDesc' : 'sortAsc';
    case 'groupLimits':
      return 'applyGroupLimits';
    default:
      return n.op;
  }
}

/** The step that produces the output: the last stage, else the last fused filter. */
export function lastStep(plan: PhysicalPlan): LastStep | undefined {
  const { scan, stages } = plan;
  const lastFilter = scan.filters[scan.filters.length - 1];
  return stages.length
    ? { name: stepName(stages[stages.length - 1]!), loc: stages[stages.length - 1]!.loc }
    : lastFilter
      ? { name: 'filter', loc: lastFilter.loc }
      : undefined;
}

export function checkAcyclic(item: unknown, stage: LastStep | undefined, ctx: ExecContext): void {
  if (item === null || typeof item !== 'object') return;
  const at = findCycle(item);
  if (at === null) return;
  const step = stage ? `.${stage.name}()` : 'the source';
  const err = new ScriptError(
    'InvalidQuery',
    `InvalidQuery: the result of ${step}, the last step, has a circular reference at ${at || 'its top level'}: the final output must be JSON. Remove the cycle in a last .map() (e.g. delete the property that points back).`,
  );
  throw locate(err, stage?.loc, ctx.script);
}
