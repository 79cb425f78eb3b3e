/**
 * How deeply a selector nests, measured on its tokens BEFORE the recursive-descent
 * parser sees them (issue 9 item 9): 200 nested parentheses, 5,000 `not`s or a
 * `[[[...]]]` used to overflow the parser's stack (chevrotain spends ~10 rule calls
 * per parenthesis). Beyond MAX_SELECTOR_DEPTH the selector is refused with the
 * position where the limit was passed.
 *
 * Depth counts every open `(`, `[` or call, plus prefix operators (`not`, unary `-`)
 * still waiting for their operand at each level. Long FLAT chains (`a and b and
 * ...`, `1 + 2 + ...`) add no depth: the grammar reads them with loops and to-ast
 * builds them without recursion (balanced and/or trees, n-ary arithmetic).
 */
import type { IToken } from 'chevrotain';
import * as T from '../../grammar/tokens.js';

/** Deepest nesting accepted (documented in docs/selectors.md). Measured: ~150 parentheses overflow Node's default stack. */
export const MAX_SELECTOR_DEPTH = 64;

/** Tokens after which a `-` or `not` is binary (`a - b`, `a not in b`), not a prefix. */
const OPERAND_END = new Set([T.NumberLiteral, T.StringLiteral, T.True, T.False, T.Now, T.RParen, T.RBracket, T.Identifier]);

/** Tokens that end the operand of the prefix operators before them at the same level. */
function endsPrefixes(t: IToken): boolean {
  const type = t.tokenType;
  return (
    type === T.And ||
    type === T.Or ||
    type === T.Comma ||
    type === T.In ||
    type === T.Plus ||
    type === T.Minus ||
    type === T.Star ||
    type === T.Slash ||
    type === T.Percent ||
    (type.CATEGORIES?.includes(T.Comparison) ?? false)
  );
}

/** The first token at which nesting passes `max`, or undefined when it never does. */
export function tooDeep(tokens: IToken[], max = MAX_SELECTOR_DEPTH): IToken | undefined {
  // Per open level: how many prefix operators are pending there.
  const prefixes: number[] = [0];
  let depth = 0;
  let prev: IToken | undefined;
  for (const t of tokens) {
    const type = t.tokenType;
    const level = prefixes.length - 1;
    const isPrefix = (type === T.Not || type === T.Minus) && (prev === undefined || !OPERAND_END.has(prev.tokenType));
    if (isPrefix) {
      prefixes[level]!++;
      depth++;
    } else if (type === T.LParen || type === T.LBracket) {
      prefixes.push(0);
      depth++;
    } else if (type === T.RParen || type === T.RBracket) {
      if (prefixes.length > 1) depth -= 1 + prefixes.pop()!;
    } else if (endsPrefixes(t)) {
      depth -= prefixes[level]!;
      prefixes[level] = 0;
    }
    if (depth > max) return t;
    prev = t;
  }
  return undefined;
}
