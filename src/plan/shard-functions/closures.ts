/**
 * What a user function sees besides globals: the variables of enclosing functions it
 * closes over, and the `this` / `arguments` / `new.target` an arrow function takes
 * from its enclosing function. A function compiled from its source alone at global
 * scope would see other values for all of these, so any of them sends the query to
 * the fallback (main() re-run in the shards).
 */
import type { Scope } from 'eslint-scope';
import type * as ESTree from 'estree';
import { type FunctionNode, type ParsedScript, walk } from './parse-script.js';

/** Why the function cannot be compiled alone (empty: it sees only globals). */
export function closureReasons(p: ParsedScript, fn: FunctionNode): string[] {
  const scope = p.scopes.acquire(fn);
  if (!scope) return ['its scope could not be analysed'];
  const out: string[] = [];
  if (hasDynamicScope(scope)) out.push('uses eval or with');
  const seen = new Set<string>();
  for (const ref of scope.through) {
    const v = ref.resolved;
    if (v === null || v.scope.type === 'global') continue;
    // A named function expression's own name: compiled the same way, it binds the same.
    if (v.scope.type === 'function-expression-name' && v.scope.block === fn) continue;
    const key = `${v.name}@${ownerName(p, v.scope)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`closes over \`${v.name}\` (${ownerName(p, v.scope)})`);
  }
  if (usesCallee(p, fn)) out.push('uses arguments.callee (the compiled copy is another object)');
  if (fn.type === 'ArrowFunctionExpression' && enclosingFunction(p, fn) && usesLexicalThis(fn)) {
    out.push(`uses \`this\` of ${ownerName(p, p.scopes.acquire(enclosingFunction(p, fn)!)!)}`);
  }
  return out;
}

/** `arguments.callee` anywhere in it: the function object itself, whose own properties a copy lacks. */
function usesCallee(p: ParsedScript, fn: FunctionNode): boolean {
  let found = false;
  walk(fn, (n) => {
    if (
      n.type === 'MemberExpression' &&
      n.object.type === 'Identifier' &&
      n.object.name === 'arguments' &&
      p.refOf(n.object)?.resolved?.scope.type !== 'global'
    )
      found = true;
  });
  return found;
}

function hasDynamicScope(s: Scope): boolean {
  if (s.type !== 'global' && s.dynamic) return true;
  return s.childScopes.some(hasDynamicScope);
}

/** The nearest enclosing function node of `n`, if any. */
export function enclosingFunction(p: ParsedScript, n: ESTree.Node): FunctionNode | undefined {
  for (let at = p.parentOf(n); at; at = p.parentOf(at)) {
    if (at.type === 'FunctionDeclaration' || at.type === 'FunctionExpression' || at.type === 'ArrowFunctionExpression') return at as FunctionNode;
  }
  return undefined;
}

/** `this` or `new.target` in an arrow's body (not inside a nested non-arrow function). */
function usesLexicalThis(arrow: FunctionNode): boolean {
  let found = false;
  walk(arrow.body, (n) => {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') return 'skip';
    if (n.type === 'ThisExpression' || n.type === 'MetaProperty' || n.type === 'Super') found = true;
  });
  return found;
}

/** The function a scope belongs to, as the user names it: `main`, `helper`, or `fn at line 3`. */
export function ownerName(p: ParsedScript, s: Scope): string {
  let fnScope: Scope | null = s;
  while (fnScope && fnScope.type !== 'function' && fnScope.type !== 'global') fnScope = fnScope.upper;
  if (!fnScope || fnScope.type === 'global') return 'the top level';
  const block = fnScope.block as FunctionNode;
  if (block.type !== 'ArrowFunctionExpression' && block.id) return block.id.name;
  const parent = p.parentOf(block);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return `the function at line ${lineOf(p.source, block.start)}`;
}

export function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && source.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
