/**
 * CST (grammar/selector-parser.ts) -> typed AST (ast.ts). This is where names gain
 * meaning: function names are looked up case-insensitively and their arity checked,
 * string escapes are decoded, `not in` becomes not(in), and left-associative chains
 * become nested binary nodes.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { SelectorError } from '../errors.js';
import { LONG_CHAIN, type ArithmeticOp, type CompareOp, type SelectorAst, type SourceName } from './ast.js';
import { FUNCTIONS, lookupFunction } from './functions.js';

type Fail = (tok: IToken, message: string) => SelectorError;
type Child = CstNode | IToken;

const nodes = (n: CstNode, label: string): CstNode[] => (n.children[label] ?? []) as CstNode[];
const tokens = (n: CstNode, label: string): IToken[] => (n.children[label] ?? []) as IToken[];
const node = (n: CstNode, label: string): CstNode => nodes(n, label)[0]!;
const has = (n: CstNode, label: string): boolean => (n.children[label]?.length ?? 0) > 0;

const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decode a lexed string literal (either quote; JSON escapes, plus \' ). */
export function decodeString(image: string): string {
  const body = image.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ESCAPES[e]!));
}

/** Tokens and sub-rules of a chain, in source order. */
function inOrder(n: CstNode, ...labels: string[]): Child[] {
  const all = labels.flatMap((l) => (n.children[l] ?? []) as Child[]);
  return all.sort((a, b) => startOf(a) - startOf(b));
}

function startOf(c: Child): number {
  if ('image' in c) return c.startOffset;
  return c.location?.startOffset ?? firstTokenOffset(c);
}

function firstTokenOffset(n: CstNode): number {
  let best = Infinity;
  for (const list of Object.values(n.children)) {
    for (const c of list as Child[]) best = Math.min(best, 'image' in c ? c.startOffset : firstTokenOffset(c));
  }
  return best;
}

export function cstToAst(cst: CstNode, fail: Fail): SelectorAst {
  const expr = (n: CstNode): SelectorAst => {
    switch (n.name) {
      case 'selector':
        return expr(node(n, 'body'));
      case 'orExpr':
      case 'andExpr': {
        // and/or are associative (their value is always a boolean): a balanced tree
        // gives the same result as the left-nested one, with depth log2(n), so a
        // generated 3,000-term allow-list cannot overflow an evaluator's stack.
        const op = n.name === 'orExpr' ? 'or' : 'and';
        const operands = nodes(n, 'operands').map(expr);
        const balance = (lo: number, hi: number): SelectorAst => {
          if (hi - lo === 1) return operands[lo]!;
          const mid = (lo + hi) >>> 1;
          return { kind: 'logical', op, left: balance(lo, mid), right: balance(mid, hi) };
        };
        // Short chains keep their left-nested shape (what people read and what tests show).
        if (operands.length <= LONG_CHAIN) return operands.slice(1).reduce<SelectorAst>((left, right) => ({ kind: 'logical', op, left, right }), operands[0]!);
        return balance(0, operands.length);
      }
      case 'notExpr':
        if (has(n, 'not')) return { kind: 'not', arg: expr(node(n, 'operand')) };
        return expr(node(n, 'comparison'));
      case 'cmpExpr': {
        const left = expr(node(n, 'lhs'));
        if (!has(n, 'op')) return left;
        const opNode = node(n, 'op');
        const right = expr(node(n, 'rhs'));
        const image = tokens(opNode, 'op')[0]!.image.toLowerCase();
        const compare: SelectorAst = { kind: 'compare', op: image as CompareOp, left, right };
        return has(opNode, 'not') ? { kind: 'not', arg: compare } : compare;
      }
      case 'addExpr':
      case 'mulExpr': {
        const parts = inOrder(n, 'operands', 'ops');
        const first = expr(parts[0] as CstNode);
        const rest: Array<{ op: ArithmeticOp; arg: SelectorAst }> = [];
        for (let i = 1; i < parts.length; i += 2) rest.push({ op: (parts[i] as IToken).image as ArithmeticOp, arg: expr(parts[i + 1] as CstNode) });
        // + is not associative (strings concatenate): long chains stay one n-ary node.
        if (rest.length > LONG_CHAIN) return { kind: 'arithChain', first, rest };
        return rest.reduce<SelectorAst>((left, r) => ({ kind: 'arith', op: r.op, left, right: r.arg }), first);
      }
      case 'unary':
        if (has(n, 'minus')) return { kind: 'negate', arg: expr(node(n, 'operand')) };
        return expr(node(n, 'primary'));
      case 'primary':
        return primary(n);
      case 'accessor': {
        const source = tokens(n, 'source')[0]!.image as SourceName;
        return { kind: 'access', source, key: decodeString(tokens(n, 'key')[0]!.image) };
      }
      case 'call':
        return call(n);
      case 'list':
        return { kind: 'list', items: nodes(n, 'items').map(expr) };
      case 'parens':
        return expr(node(n, 'inner'));
    }
    throw new Error(`selector: unexpected CST node ${n.name}`);
  };

  const primary = (n: CstNode): SelectorAst => {
    if (has(n, 'number')) {
      const v = Number(tokens(n, 'number')[0]!.image);
      return { kind: 'literal', value: Number.isFinite(v) ? v : undefined };
    }
    if (has(n, 'string')) return { kind: 'literal', value: decodeString(tokens(n, 'string')[0]!.image) };
    if (has(n, 'true')) return { kind: 'literal', value: true };
    if (has(n, 'false')) return { kind: 'literal', value: false };
    if (has(n, 'now')) return { kind: 'now' };
    for (const label of ['accessor', 'call', 'list', 'parens']) if (has(n, label)) return expr(node(n, label));
    throw new Error('selector: empty primary');
  };

  const call = (n: CstNode): SelectorAst => {
    const nameTok = tokens(n, 'name')[0]!;
    const fn = lookupFunction(nameTok.image);
    if (fn === undefined) {
      const known = Object.keys(FUNCTIONS).join(', ');
      throw fail(nameTok, `unknown function '${nameTok.image}' (known functions: ${known})`);
    }
    const args = nodes(n, 'args').map(expr);
    const arity = FUNCTIONS[fn].arity;
    if (args.length !== arity) {
      const want = `${arity} argument${arity === 1 ? '' : 's'}`;
      throw fail(nameTok, `${fn}() takes ${want}, got ${args.length}`);
    }
    return { kind: 'call', fn, args };
  };

  return expr(cst);
}
