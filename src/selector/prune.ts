/**
 * Static facts about a selector that let the store read less: which columns it
 * can touch (projection) and which event-time range can match (partition pruning).
 */
import { childrenOf, type SelectorAst } from './ast.js';
import { compileRowValue, type SelectorEnv } from './compile-row.js';
import { resolveAccess, type SelectorContext } from './contexts.js';
import { parseDatetimeString } from './datetime.js';
import { DateTime } from './values.js';

export interface ReferencedKeys {
  properties: string[];
  user: string[];
  usesTime: boolean;
}

/**
 * Keys the selector reads. Without a context, keys are listed by the source as
 * written (`event[k]` counts as properties, `event["$time"]` as usesTime). With a
 * context, accessors are resolved first, so the lists name the batch columns that
 * compileVector will ask for (e.g. in 'user' context `properties[k]` is a profile key).
 */
export function referencedKeys(ast: SelectorAst, context?: SelectorContext): ReferencedKeys {
  const props = new Set<string>();
  const user = new Set<string>();
  let usesTime = false;
  const walk = (a: SelectorAst): void => {
    if (a.kind === 'access') {
      if (context !== undefined) {
        const where = resolveAccess(context, a.source, a.key);
        if (where.from === 'time') usesTime = true;
        else if (where.from === 'properties') props.add(where.key);
        else if (where.from === 'user') user.add(where.key);
      } else if (a.source === 'event' && a.key === '$time') usesTime = true;
      else if (a.source === 'properties' || a.source === 'event') props.add(a.key);
      else if (a.source === 'user') user.add(a.key);
      return;
    }
    childrenOf(a).forEach(walk);
  };
  walk(ast);
  return { properties: [...props].sort(), user: [...user].sort(), usesTime };
}

export interface TimeBounds {
  /** Inclusive lower bound on event time, UTC ms. */
  minMs?: number;
  /** Inclusive upper bound on event time, UTC ms. */
  maxMs?: number;
}

/** Top-level conjuncts: `a and (b and c)` -> [a, b, c]. */
function conjuncts(ast: SelectorAst): SelectorAst[] {
  return ast.kind === 'logical' && ast.op === 'and' ? [...conjuncts(ast.left), ...conjuncts(ast.right)] : [ast];
}

const isTime = (a: SelectorAst) => a.kind === 'access' && a.source === 'event' && a.key === '$time';

function hasAccess(a: SelectorAst): boolean {
  return a.kind === 'access' || childrenOf(a).some(hasAccess);
}

/**
 * Event-time bounds implied by top-level conjuncts such as
 * `event["$time"] >= datetime("2016-03-01")` or `"2016-03-10" > event["$time"]`.
 * Any row outside [minMs, maxMs] cannot match, so partitions outside can be skipped.
 * Comparisons are at whole seconds: `$time > D` means time >= (D+1) s.
 */
export function timeBounds(ast: SelectorAst, env: SelectorEnv): TimeBounds {
  const out: TimeBounds = {};
  for (const c of conjuncts(ast)) {
    if (c.kind !== 'compare' || c.op === 'in' || c.op === '!=') continue;
    let op = c.op;
    let other: SelectorAst;
    if (isTime(c.left) && !hasAccess(c.right)) other = c.right;
    else if (isTime(c.right) && !hasAccess(c.left)) {
      other = c.left;
      op = ({ '==': '==', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const)[op];
    } else continue;
    const v = compileRowValue(other, 'event', env)({});
    const s = v instanceof DateTime ? v.seconds : typeof v === 'string' ? parseDatetimeString(v, env.timezone) : undefined;
    if (s === undefined) continue; // never true; no bound needed for correctness
    let min: number | undefined;
    let max: number | undefined;
    if (op === '>=' || op === '==') min = s * 1000;
    if (op === '>') min = (s + 1) * 1000;
    if (op === '<=' || op === '==') max = (s + 1) * 1000 - 1;
    if (op === '<') max = s * 1000 - 1;
    if (min !== undefined) out.minMs = Math.max(out.minMs ?? -Infinity, min);
    if (max !== undefined) out.maxMs = Math.min(out.maxMs ?? Infinity, max);
  }
  return out;
}
