/**
 * The function table (spec §4.2): names, arity and scalar meaning. to-ast.ts
 * validates calls against it; both evaluators call the same implementations, so
 * row and vector results cannot drift apart.
 */
import type { FunctionName } from './ast.js';
import {
  hasPrefix,
  hasSuffix,
  isDefined,
  roundHalfAway,
  toBooleanValue,
  toDatetimeValue,
  toListValue,
  toNumberValue,
  toStringValue,
  type Value,
} from './values.js';

export interface FunctionSpec {
  arity: number;
  apply(args: Value[], timezone: string): Value;
}

const numeric = (f: (x: number) => number): FunctionSpec => ({
  arity: 1,
  apply: ([x]) => (typeof x === 'number' ? f(x) : undefined),
});

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  defined: { arity: 1, apply: ([x]) => isDefined(x) },
  string: { arity: 1, apply: ([x], tz) => toStringValue(x, tz) },
  number: { arity: 1, apply: ([x]) => toNumberValue(x) },
  boolean: { arity: 1, apply: ([x]) => toBooleanValue(x) },
  datetime: { arity: 1, apply: ([x], tz) => toDatetimeValue(x, tz) },
  list: { arity: 1, apply: ([x]) => toListValue(x) },
  floor: numeric(Math.floor),
  ceil: numeric(Math.ceil),
  round: numeric(roundHalfAway),
  has_prefix: { arity: 2, apply: ([s, p]) => hasPrefix(s, p) },
  has_suffix: { arity: 2, apply: ([s, p]) => hasSuffix(s, p) },
};

export function lookupFunction(name: string): FunctionName | undefined {
  const lower = name.toLowerCase();
  return Object.hasOwn(FUNCTIONS, lower) ? (lower as FunctionName) : undefined;
}
