/**
 * The row evaluator: reference semantics. Compiles the AST once into nested
 * closures over one record. The vectorized evaluator falls back to these closures
 * (per sub-expression) for anything it has no kernel for, and lifts them over
 * string dictionaries, so this file defines what every selector means.
 */
import type { SelectorAst } from './ast.js';
import { resolveAccess, type SelectorContext } from './contexts.js';
import { datetimeFromMs } from './datetime.js';
import { FUNCTIONS } from './functions.js';
import { arithmetic, compareOrder, contains, DateTime, equals, negate, notValue, truthy, type Value } from './values.js';

export interface SelectorEnv {
  /** Project timezone (IANA name): naive date strings are read in it. */
  timezone: string;
  /** NOW, in Unix seconds, fixed once per query. */
  nowSeconds: number;
}

/** Event props, profile props, event time (UTC ms) and event name. */
export interface SelectorRecord {
  properties?: Record<string, unknown>;
  user?: Record<string, unknown>;
  time?: number;
  name?: string;
}

export type RowFn = (r: SelectorRecord) => Value;

/** Own properties only: `properties["constructor"]` must not find Object's. */
function read(bag: Record<string, unknown> | undefined, key: string): Value {
  if (bag === undefined || bag === null || !Object.hasOwn(bag, key)) return undefined;
  return bag[key];
}

/** Compile any sub-expression to a closure giving its raw value. */
export function compileRowValue(ast: SelectorAst, context: SelectorContext, env: SelectorEnv): RowFn {
  const tz = env.timezone;
  const c = (a: SelectorAst) => compileRowValue(a, context, env);
  switch (ast.kind) {
    case 'all':
      return () => true;
    case 'literal': {
      const v = ast.value;
      return () => v;
    }
    case 'now': {
      const v = env.nowSeconds;
      return () => v;
    }
    case 'access': {
      const where = resolveAccess(context, ast.source, ast.key);
      switch (where.from) {
        case 'none':
          return () => undefined;
        case 'time':
          return (r) => {
            // No event in a join tuple means no $time.
            if (r.time === undefined || (context === 'join' && r.properties === undefined)) return undefined;
            const s = datetimeFromMs(r.time);
            return s === undefined ? undefined : new DateTime(s);
          };
        case 'properties': {
          const key = where.key;
          return (r) => read(r.properties, key);
        }
        case 'user': {
          const key = where.key;
          return (r) => read(r.user, key);
        }
      }
    }
    // falls through (unreachable: every resolution returns)
    case 'call': {
      const spec = FUNCTIONS[ast.fn];
      const args = ast.args.map(c);
      if (args.length === 1) {
        const [a] = args as [RowFn];
        return (r) => spec.apply([a(r)], tz);
      }
      return (r) =>
        spec.apply(
          args.map((f) => f(r)),
          tz,
        );
    }
    case 'list': {
      const items = ast.items.map(c);
      return (r) => items.map((f) => f(r));
    }
    case 'negate': {
      const a = c(ast.arg);
      return (r) => negate(a(r));
    }
    case 'not': {
      const a = c(ast.arg);
      return (r) => notValue(a(r));
    }
    case 'arith': {
      const [a, b, op] = [c(ast.left), c(ast.right), ast.op];
      return (r) => arithmetic(op, a(r), b(r));
    }
    case 'arithChain': {
      const first = c(ast.first);
      const ops = ast.rest.map((r) => r.op);
      const args = ast.rest.map((r) => c(r.arg));
      return (r) => {
        let acc = first(r);
        for (let i = 0; i < args.length; i++) acc = arithmetic(ops[i]!, acc, args[i]!(r));
        return acc;
      };
    }
    case 'compare': {
      const [a, b] = [c(ast.left), c(ast.right)];
      switch (ast.op) {
        case '==':
          return (r) => equals(a(r), b(r), tz);
        case '!=':
          return (r) => !equals(a(r), b(r), tz);
        case 'in':
          return (r) => contains(a(r), b(r), tz);
        default: {
          const op = ast.op;
          return (r) => compareOrder(op, a(r), b(r), tz);
        }
      }
    }
    case 'logical': {
      const [a, b] = [c(ast.left), c(ast.right)];
      // L(v): only a boolean true counts; the result is always a boolean.
      return ast.op === 'and' ? (r) => truthy(a(r)) && truthy(b(r)) : (r) => truthy(a(r)) || truthy(b(r));
    }
  }
}

/** The verdict: a record matches only when the selector's value is exactly `true`. */
export function compileRow(ast: SelectorAst, context: SelectorContext, env: SelectorEnv): (r: SelectorRecord) => boolean {
  if (ast.kind === 'all') return () => true;
  const f = compileRowValue(ast, context, env);
  return (r) => f(r) === true;
}

/** The raw value of the selector for one record (tests and debugging). */
export function evaluateRow(ast: SelectorAst, context: SelectorContext, env: SelectorEnv, r: SelectorRecord): unknown {
  return compileRowValue(ast, context, env)(r);
}
