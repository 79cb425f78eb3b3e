/**
 * Could running main() change what the user functions see? A shard that compiles the
 * functions evaluates the script's top level but never calls main(), so anything
 * main() (or code it calls) does to shared state would be missing there.
 *
 * Any code in a function body may run during main() (a helper, a getter, a reducer
 * main() calls itself), so every function in the script is checked, conservatively:
 * writing a global variable, writing or deleting a property, calling a method that
 * changes its receiver or argument (push, assign, set..., Math.random's generator,
 * Underscore's counters and caches), eval, Function, with. A property write on a
 * variable the same function made from a literal (`var o = {}; o.a = 1`) is allowed:
 * nothing outside can see that object. Top-level code runs in the shard too, so only
 * the ways it could hand main() a mutator (an alias like `var add = Object.assign`)
 * count there.
 */
import type * as ESTree from 'estree';
import { enclosingFunction, lineOf } from './closures.js';
import { type FunctionNode, type ParsedScript, walk } from './parse-script.js';

/** Methods that change their receiver or argument, or shared state (a generator, a counter, a cache). */
const MUTATORS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
  'add',
  'delete',
  'clear',
  'assign',
  'defineProperty',
  'defineProperties',
  'setPrototypeOf',
  'deleteProperty',
  'freeze',
  'seal',
  'preventExtensions',
  'exec',
  'test',
  'next',
  'return',
  'throw',
  'random',
  'call',
  'apply',
  'bind',
  // Underscore: writes its first argument, or keeps a counter / a cache.
  'extend',
  'extendOwn',
  'defaults',
  'mixin',
  'uniqueId',
  'shuffle',
  'sample',
  'memoize',
  'once',
  'after',
  'before',
]);
const isMutatorName = (name: string) => MUTATORS.has(name) || /^set[A-Z]/.test(name);

/** Names that run text as code, or give reflective access to builtins by a computed name. */
const DYNAMIC = new Set(['eval', 'Function']);
const BUILTINS = new Set([
  'Object',
  'Reflect',
  'Array',
  'Math',
  'globalThis',
  'Function',
  'String',
  'Number',
  'Map',
  'Set',
  'WeakMap',
  'Date',
  'RegExp',
  'JSON',
  'Promise',
  '_',
  'mixpanel',
]);

const MAX_REASONS = 3;

/** Why main() might leave a mark the functions see (empty: it cannot). `skip`: functions main() never calls (recorded-only.ts). */
export function mainEffects(p: ParsedScript, skip: ReadonlySet<FunctionNode> = new Set()): string[] {
  const out: string[] = [];
  const note = (n: ESTree.Node, what: string) => {
    if (out.length < MAX_REASONS) out.push(`${what} (line ${lineOf(p.source, (n as unknown as { start: number }).start)})`);
  };
  // Global variables written inside a function (a counter, an implicit global).
  const skipped = (n: ESTree.Node) => {
    if (skip.has(n as FunctionNode)) return true;
    for (let f = enclosingFunction(p, n); f; f = enclosingFunction(p, f)) if (skip.has(f)) return true;
    return false;
  };
  for (const s of p.scopes.scopes) {
    if (s.type === 'global' || skipped(s.block)) continue;
    for (const r of s.references) {
      if (r.isWrite() && (r.resolved === null || r.resolved.scope.type === 'global'))
        note(r.identifier as ESTree.Node, `a function writes the global \`${r.identifier.name}\``);
    }
  }
  walk(p.ast, (n, parent) => {
    if (skip.has(n as FunctionNode)) return 'skip';
    const inFn = enclosingFunction(p, n) !== undefined;
    if (n.type === 'WithStatement') note(n, 'uses with');
    if (n.type === 'Identifier' && DYNAMIC.has(n.name) && p.refOf(n)?.resolved == null && p.refOf(n)) note(n, `uses ${n.name}`);
    if (!inFn) {
      // Top level: a mutator taken as a value (an alias main() could call).
      if (n.type === 'MemberExpression' && isMutatorName(memberName(n) ?? '') && !(parent?.type === 'CallExpression' && parent.callee === n))
        note(n, `takes \`.${memberName(n)}\` as a value`);
      if (n.type === 'ObjectPattern' && n.properties.some((q) => q.type === 'Property' && isMutatorName(keyName(q) ?? '')))
        note(n, 'destructures a mutating method');
      return;
    }
    if (n.type === 'AssignmentExpression') {
      if (n.left.type === 'MemberExpression' && !freshTarget(p, n.left)) note(n, 'a function writes a property');
      else if (n.left.type !== 'Identifier' && n.left.type !== 'MemberExpression' && hasMember(n.left)) note(n, 'a function writes a property');
    } else if (n.type === 'UpdateExpression' && n.argument.type === 'MemberExpression' && !freshTarget(p, n.argument)) note(n, 'a function writes a property');
    else if (n.type === 'UnaryExpression' && n.operator === 'delete' && n.argument.type === 'MemberExpression' && !freshTarget(p, n.argument))
      note(n, 'a function deletes a property');
    else if ((n.type === 'ForInStatement' || n.type === 'ForOfStatement') && n.left.type !== 'VariableDeclaration' && hasMember(n.left))
      note(n, 'a function writes a property');
    else if (n.type === 'MemberExpression') {
      const name = memberName(n);
      if (name !== null && isMutatorName(name) && !freshTarget(p, n) && !isRegexLiteral(n.object)) note(n, `a function calls \`.${name}\``);
      if (n.computed && name === null && (isBuiltin(p, n.object) || (parent?.type === 'CallExpression' && parent.callee === n && !freshTarget(p, n))))
        note(n, 'a function calls a method by a computed name');
    } else if (n.type === 'ObjectPattern' && n.properties.some((q) => q.type === 'Property' && isMutatorName(keyName(q) ?? '')))
      note(n, 'a function destructures a mutating method');
  });
  return out;
}

function memberName(m: ESTree.MemberExpression): string | null {
  if (!m.computed && m.property.type === 'Identifier') return m.property.name;
  if (m.property.type === 'Literal' && typeof m.property.value === 'string') return m.property.value;
  return null;
}

function keyName(q: ESTree.Property): string | null {
  if (!q.computed && q.key.type === 'Identifier') return q.key.name;
  if (q.key.type === 'Literal' && typeof q.key.value === 'string') return q.key.value;
  return q.computed ? '' : null;
}

function hasMember(pattern: ESTree.Node): boolean {
  let found = false;
  walk(pattern, (n) => {
    if (n.type === 'MemberExpression') found = true;
  });
  return found;
}

function isRegexLiteral(n: ESTree.Node): boolean {
  return n.type === 'Literal' && 'regex' in n && n.regex !== undefined;
}

function isBuiltin(p: ParsedScript, n: ESTree.Node): boolean {
  if (n.type !== 'Identifier' || !BUILTINS.has(n.name)) return false;
  const v = p.refOf(n)?.resolved;
  return v == null || v.scope.type === 'global';
}

/**
 * `o.x = ...` where `o` is a variable of the innermost function, never a parameter,
 * only ever assigned an object or array literal: no one else can see that object.
 */
function freshTarget(p: ParsedScript, m: ESTree.MemberExpression): boolean {
  if (m.object.type !== 'Identifier') return false;
  const v = p.refOf(m.object)?.resolved;
  if (!v || v.scope.type === 'global') return false;
  const fn = enclosingFunction(p, m) as FunctionNode | undefined;
  if (!fn || v.scope.variableScope.block !== fn) return false;
  if (!v.defs.every((d) => d.type === 'Variable')) return false;
  return v.references.every(
    (r) => !r.isWrite() || (r.writeExpr != null && (r.writeExpr.type === 'ObjectExpression' || r.writeExpr.type === 'ArrayExpression')),
  );
}
