/**
 * Typed AST of a segmentation expression. Produced by to-ast.ts from the CST,
 * already validated (known functions, right arity), so evaluators never check.
 */

export type SourceName = 'properties' | 'user' | 'event' | 'behaviors';

export type FunctionName = 'defined' | 'string' | 'number' | 'boolean' | 'datetime' | 'list' | 'floor' | 'ceil' | 'round' | 'has_prefix' | 'has_suffix';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

export type SelectorAst =
  /** The blank selector: matches every record. */
  | { kind: 'all' }
  /** number, string or boolean literal. Numbers that overflow to ±Inf hold undefined. */
  | { kind: 'literal'; value: number | string | boolean | undefined }
  /** NOW: the query start, Unix seconds (a number). */
  | { kind: 'now' }
  | { kind: 'access'; source: SourceName; key: string }
  | { kind: 'call'; fn: FunctionName; args: SelectorAst[] }
  | { kind: 'list'; items: SelectorAst[] }
  | { kind: 'negate'; arg: SelectorAst }
  | { kind: 'not'; arg: SelectorAst }
  | { kind: 'arith'; op: ArithmeticOp; left: SelectorAst; right: SelectorAst }
  /**
   * A long left-associative chain `a + b - c ...` (more than LONG_CHAIN operators), as
   * one node: the same value as the nested `arith` nodes, folded left to right, but
   * without a tree as deep as the chain is long (a 10k-term sum overflowed the stack).
   */
  | { kind: 'arithChain'; first: SelectorAst; rest: Array<{ op: ArithmeticOp; arg: SelectorAst }> }
  /** `x not in y` is stored as not(compare in). */
  | { kind: 'compare'; op: CompareOp; left: SelectorAst; right: SelectorAst }
  | { kind: 'logical'; op: 'and' | 'or'; left: SelectorAst; right: SelectorAst };

/** Every direct child of a node, for generic walks. */
export function childrenOf(ast: SelectorAst): SelectorAst[] {
  switch (ast.kind) {
    case 'all':
    case 'literal':
    case 'now':
    case 'access':
      return [];
    case 'call':
      return ast.args;
    case 'list':
      return ast.items;
    case 'negate':
    case 'not':
      return [ast.arg];
    case 'arith':
    case 'compare':
    case 'logical':
      return [ast.left, ast.right];
    case 'arithChain':
      return [ast.first, ...ast.rest.map((r) => r.arg)];
  }
}

/** Chains with more operators than this become one `arithChain` node (to-ast.ts). */
export const LONG_CHAIN = 16;

/** Render back to selector text (canonical, fully parenthesised); for debugging and test names. */
export function formatAst(ast: SelectorAst): string {
  switch (ast.kind) {
    case 'all':
      return '';
    case 'literal':
      return ast.value === undefined ? '1e999' : JSON.stringify(ast.value);
    case 'now':
      return 'NOW';
    case 'access':
      return `${ast.source}[${JSON.stringify(ast.key)}]`;
    case 'call':
      return `${ast.fn}(${ast.args.map(formatAst).join(', ')})`;
    case 'list':
      return `[${ast.items.map(formatAst).join(', ')}]`;
    case 'negate':
      return `-(${formatAst(ast.arg)})`;
    case 'not':
      return `(not ${formatAst(ast.arg)})`; // parenthesised: `not` binds looser than every binary operator but and/or
    case 'arith':
    case 'compare':
    case 'logical':
      return `(${formatAst(ast.left)} ${ast.op} ${formatAst(ast.right)})`;
    case 'arithChain':
      return `(${[formatAst(ast.first), ...ast.rest.map((r) => `${r.op} ${formatAst(r.arg)}`)].join(' ')})`;
  }
}
