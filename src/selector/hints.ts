/**
 * Hints about a selector that parses but will most likely match nothing: a property
 * no record has (with the closest names), and an order comparison between a number
 * and a property stored as text (always false: the hosted semantics compare by type),
 * with the `number(...)` form that compares numerically. Hints never change a result;
 * commands print them on stderr (JQL scripts only with `--warn`).
 */
import { closest } from '../did-you-mean.js';
import { childrenOf, formatAst, type SelectorAst } from './ast.js';

/** What a store knows about the properties a selector may read. */
export interface PropertyCatalog {
  /** Every property key records have (profiles or events). */
  keys: ReadonlySet<string>;
  /** The stored kind of a key: 'string', 'number', 'mixed', ... (undefined: unknown key). */
  kind(key: string): string | undefined;
  /** What the records are, for messages: "event", "profile". */
  noun: string;
}

/** Keys that are not properties but always exist (event name, time, distinct_id). */
const BUILT_IN = new Set(['time', 'distinct_id', '$distinct_id', 'name', '$time', '$last_seen']);

const ORDER = new Set(['<', '<=', '>', '>=']);

export function selectorHints(ast: SelectorAst, catalog: PropertyCatalog): string[] {
  const hints: string[] = [];
  const seen = new Set<string>();
  const walk = (n: SelectorAst) => {
    if (n.kind === 'access' && n.source !== 'behaviors' && !BUILT_IN.has(n.key) && !catalog.keys.has(n.key) && !seen.has(n.key)) {
      seen.add(n.key);
      hints.push(`no ${catalog.noun} has the property ${JSON.stringify(n.key)}${closest(n.key, catalog.keys)}`);
    }
    if (n.kind === 'compare' && ORDER.has(n.op)) {
      for (const [prop, other] of [
        [n.left, n.right],
        [n.right, n.left],
      ] as const) {
        if (prop.kind !== 'access' || other.kind !== 'literal' || typeof other.value !== 'number') continue;
        const kind = catalog.kind(prop.key);
        if (kind !== 'string' && kind !== 'mixed' && kind !== 'json') continue;
        const where = formatAst(prop);
        hints.push(
          `${where} is stored as text${kind === 'string' ? '' : ' in some records'}, and text is never ${n.op} a number; ` +
            `to compare it as a number write number(${where}) ${n.op} ${other.value}`,
        );
      }
    }
    for (const c of childrenOf(n)) walk(c);
  };
  walk(ast);
  return hints;
}
