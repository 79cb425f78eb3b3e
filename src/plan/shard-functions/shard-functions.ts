/**
 * How shard workers get the user functions (decision 0013-shard-functions.md):
 * compiled from their source at global scope once the script's top level has run,
 * without main() — when that provably gives every function what it saw in main()'s
 * sandbox; otherwise, for this query only, main() re-run in each shard as before.
 *
 * Compiled needs, for every function: its text found once in the script; no
 * variable of an enclosing function, nor an arrow's `this`, used inside it; and for
 * the script: nothing main() could run changes state the functions read
 * (main-effects.ts). A top-level function declaration whose name is never
 * reassigned is taken from the global of that name (the very object main() passed).
 */
import type { FnInfo } from '../nodes.js';
import type { ShardFunction, ShardFunctions } from '../physical/nodes.js';
import { closureReasons } from './closures.js';
import { findFunction } from './find-function.js';
import { mainEffects } from './main-effects.js';
import { parseScript } from './parse-script.js';
import { recordedOnly } from './recorded-only.js';

export function shardFunctions(fns: FnInfo[], script: string | undefined): ShardFunctions {
  if (fns.length === 0) return { mode: 'compiled', fns: [] };
  if (script === undefined) return { mode: 'main', reasons: ['the script text is not known here'] };
  try {
    return decide(fns, script);
  } catch (e) {
    // The analysis must never fail a query that runs: a script too deep for the walk, syntax eslint-scope does not know.
    return { mode: 'main', reasons: [`the script's scopes could not be analysed (${e instanceof Error ? e.message : String(e)})`] };
  }
}

function decide(fns: FnInfo[], script: string): ShardFunctions {
  const p = parseScript(script);
  if (p === null) return { mode: 'main', reasons: ['the script could not be parsed for scope analysis'] };
  const reasons: string[] = [];
  const out: ShardFunction[] = [];
  for (const f of fns) {
    const node = findFunction(p, f.source ?? '');
    if (node === 'none') {
      reasons.push(`fn#${f.id} is not a function written in the script (a built-in, bound or method)`);
      continue;
    }
    if (node === 'several') {
      reasons.push(`fn#${f.id}'s text appears more than once in the script`);
      continue;
    }
    for (const why of closureReasons(p, node)) reasons.push(`fn#${f.id} ${why}`);
    const global = topLevelName(p, node);
    if (global === 'reassigned') reasons.push(`fn#${f.id} is a top-level function whose name is reassigned`);
    else out.push(global === null ? { id: f.id, start: node.start, end: node.end } : { id: f.id, global });
  }
  const effects = mainEffects(p, recordedOnly(p));
  if (effects.length) reasons.push(`main() may change what the functions see: ${effects.join(', ')}`);
  return reasons.length ? { mode: 'main', reasons } : { mode: 'compiled', fns: out };
}

/** A top-level function declaration's name; 'reassigned' when some code writes that name; null: not one. */
function topLevelName(p: ReturnType<typeof parseScript> & object, node: Parameters<typeof closureReasons>[1]): string | 'reassigned' | null {
  if (node.type !== 'FunctionDeclaration' || !node.id || !p.ast.body.includes(node)) return null;
  const v = p.scopes.globalScope?.set.get(node.id.name);
  if (!v) return null;
  // More than one declaration of the name, or any write of it: the global may not be this function.
  if (v.defs.length !== 1 || v.references.some((r) => r.isWrite())) return 'reassigned';
  return node.id.name;
}
