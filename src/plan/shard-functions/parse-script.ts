/**
 * The user's script parsed (acorn) and its scopes resolved (eslint-scope), as the
 * sandbox evaluates it: a sloppy-mode script, not a module. The shard-function rule
 * reads it to learn which user functions see only globals.
 */
import { parse } from 'acorn';
import { analyze, type Reference, type Scope, type ScopeManager } from 'eslint-scope';
import type * as ESTree from 'estree';

/** An ESTree node as acorn makes it: with its offsets in the source. */
export type Located<N extends ESTree.Node = ESTree.Node> = N & { start: number; end: number };

export type FunctionNode = Located<ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression>;

export interface ParsedScript {
  source: string;
  ast: ESTree.Program;
  scopes: ScopeManager;
  /** Every function in the script, in source order. */
  functions: FunctionNode[];
  /** The reference an identifier node makes (absent: a declaration or a property name). */
  refOf(id: ESTree.Identifier): Reference | undefined;
  /** The parent of a node (the program has none). */
  parentOf(n: ESTree.Node): ESTree.Node | undefined;
}

/** Parse a script; null when acorn cannot (QuickJS may still accept it: the caller then stays safe). */
export function parseScript(source: string): ParsedScript | null {
  let ast: ESTree.Program;
  try {
    ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, ranges: true }) as unknown as ESTree.Program;
  } catch {
    return null;
  }
  const scopes = analyze(ast, { ecmaVersion: 2022, sourceType: 'script' });
  const refs = new Map<ESTree.Node, Reference>();
  const visit = (s: Scope) => {
    for (const r of s.references) refs.set(r.identifier as ESTree.Node, r);
    for (const c of s.childScopes) visit(c);
  };
  if (scopes.globalScope) visit(scopes.globalScope);
  const parents = new Map<ESTree.Node, ESTree.Node>();
  const functions: FunctionNode[] = [];
  walk(ast, (n, parent) => {
    if (parent) parents.set(n, parent);
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') functions.push(n as FunctionNode);
  });
  return { source, ast, scopes, functions, refOf: (id) => refs.get(id), parentOf: (n) => parents.get(n) };
}

/** Visit every node below `root` (and root), parents first, in source order. */
export function walk(root: ESTree.Node, visit: (n: ESTree.Node, parent: ESTree.Node | undefined) => void | 'skip'): void {
  const go = (n: ESTree.Node, parent: ESTree.Node | undefined) => {
    if (visit(n, parent) === 'skip') return;
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'range') continue;
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const c of v) if (isNode(c)) go(c, n);
      } else if (isNode(v)) go(v, n);
    }
  };
  go(root, undefined);
}

function isNode(v: unknown): v is ESTree.Node {
  return v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
}
