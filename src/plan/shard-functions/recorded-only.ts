/**
 * The functions main() can only have recorded, never called: a function expression
 * written right in the arguments of a collection step (`Events(...).filter(function
 * (e) {...})`, or an element of an array there, as groupBy keys), or a top-level
 * function declaration used nowhere else. The stdlib's steps record a function and
 * never call it (stdlib/collection.js), and nothing else holds such a function, so
 * none of its code runs before the shard calls it: what it does cannot be an effect
 * of main() (main-effects.ts leaves these bodies out).
 *
 * Sound only while `Events`, `People`, `join` and the collection steps are quarry's
 * own: a script that writes those names, or touches prototypes at all, gets no
 * function here.
 */
import type * as ESTree from 'estree';
import type { FunctionNode, ParsedScript } from './parse-script.js';
import { walk } from './parse-script.js';

const SOURCES = new Set(['Events', 'People', 'join']);
const STEPS = new Set([
  'filter',
  'map',
  'flatten',
  'sortAsc',
  'sortDesc',
  'reduce',
  'groupBy',
  'groupByUser',
  'applyGroupLimits',
  'internalLimitHierarchically',
]);
/** Names through which a script could replace a collection step. */
const PROTOTYPE_WORDS = new Set([
  'prototype',
  'constructor',
  '__proto__',
  'setPrototypeOf',
  'defineProperty',
  'defineProperties',
  'getPrototypeOf',
  'assign',
  'extend',
  'extendOwn',
  'mixin',
  'Reflect',
]);

export function recordedOnly(p: ParsedScript): Set<FunctionNode> {
  const out = new Set<FunctionNode>();
  if ([...SOURCES].some((name) => isWritten(p, name))) return out;
  for (const f of p.functions) {
    if (f.type === 'FunctionDeclaration') {
      const v = f.id && p.ast.body.includes(f) ? p.scopes.globalScope?.set.get(f.id.name) : undefined;
      if (v && v.defs.length === 1 && v.references.length > 0 && v.references.every((r) => !r.isWrite() && isStepArgument(p, r.identifier as ESTree.Node)))
        out.add(f);
    } else if (isStepArgument(p, f)) out.add(f);
  }
  // Their code runs in main() only after some other code replaced a step: look for that there.
  return out.size > 0 && mayReplaceSteps(p, out) ? new Set() : out;
}

/** `n` is an argument of a collection step, or an element of an array that is one. */
function isStepArgument(p: ParsedScript, n: ESTree.Node): boolean {
  let arg = n;
  let parent = p.parentOf(arg);
  if (parent?.type === 'ArrayExpression') {
    arg = parent;
    parent = p.parentOf(arg);
  }
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(arg as ESTree.Expression)) return false;
  const callee = parent.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || !STEPS.has(callee.property.name)) return false;
  return isCollection(p, callee.object);
}

/** A chain that starts with a call of Events, People or join (the global ones). */
function isCollection(p: ParsedScript, n: ESTree.Node): boolean {
  let at: ESTree.Node = n;
  for (;;) {
    if (at.type !== 'CallExpression') return false;
    const c = at.callee;
    if (c.type === 'Identifier') {
      const v = p.refOf(c)?.resolved;
      return SOURCES.has(c.name) && (v == null || v.scope.type === 'global');
    }
    if (c.type !== 'MemberExpression' || c.computed || c.property.type !== 'Identifier' || !STEPS.has(c.property.name)) return false;
    at = c.object;
  }
}

function isWritten(p: ParsedScript, name: string): boolean {
  if (p.scopes.globalScope?.set.get(name)) return true; // declared by the script: not quarry's
  return (p.scopes.globalScope?.through ?? []).some((r) => r.identifier.name === name && r.isWrite());
}

/**
 * Could code outside `skip` replace a collection step? It would have to reach a
 * prototype (a word in PROTOTYPE_WORDS, anywhere) and write a step's name there,
 * by name or by a computed name, or copy properties in bulk.
 */
function mayReplaceSteps(p: ParsedScript, skip: Set<FunctionNode>): boolean {
  let found = false;
  walk(p.ast, (n) => {
    if (n.type === 'Identifier' && PROTOTYPE_WORDS.has(n.name)) found = true;
    if (n.type === 'Literal' && typeof n.value === 'string' && PROTOTYPE_WORDS.has(n.value)) found = true;
  });
  if (found) return true;
  walk(p.ast, (n, parent) => {
    if (skip.has(n as FunctionNode)) return 'skip';
    if (n.type !== 'MemberExpression' || !isWriteTarget(p, n, parent)) return;
    if (n.computed ? n.property.type !== 'Literal' || STEPS.has(String(n.property.value)) : n.property.type === 'Identifier' && STEPS.has(n.property.name))
      found = true;
  });
  return found;
}

function isWriteTarget(p: ParsedScript, m: ESTree.MemberExpression, parent: ESTree.Node | undefined): boolean {
  if (parent?.type === 'AssignmentExpression') return parent.left === m;
  if (parent?.type === 'UpdateExpression') return true;
  if (parent?.type === 'UnaryExpression') return parent.operator === 'delete';
  // Inside a destructuring pattern or a for-in/of head.
  for (let at: ESTree.Node | undefined = parent; at; at = p.parentOf(at)) {
    if (at.type === 'ObjectPattern' || at.type === 'ArrayPattern' || at.type === 'AssignmentPattern' || at.type === 'RestElement') return true;
    if (at.type === 'ForInStatement' || at.type === 'ForOfStatement') return at.left === m;
    if (at.type !== 'Property') return false;
  }
  return false;
}
