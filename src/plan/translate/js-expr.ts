/**
 * quarry's own form of a simple user callback: the expression of a function like
 * `e => e.properties.country == "US"` or
 * `function (e) { return new Date(e.time).getHours(); }`, as data. The engine
 * evaluates it natively (src/exec/js-expr/) with JavaScript's semantics, so
 * such callbacks need no sandbox; user code is never compiled to host JavaScript.
 */

export type JsLiteral = string | number | boolean | null | undefined;

export type JsBinaryOp = '===' | '!==' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type JsExpr =
  /** A member chain on the function's parameter: `e.properties.country` -> ['properties', 'country']. */
  | { k: 'param'; path: string[] }
  | { k: 'lit'; v: JsLiteral }
  /** `obj.key` / `obj["key"]` / `obj[0]` on a computed value (not the parameter). */
  | { k: 'member'; obj: JsExpr; key: string | number }
  | { k: 'unary'; op: '!' | '-' | '+' | 'typeof'; a: JsExpr }
  | { k: 'bin'; op: JsBinaryOp; a: JsExpr; b: JsExpr }
  | { k: 'logic'; op: '&&' | '||' | '??'; a: JsExpr; b: JsExpr }
  | { k: 'cond'; c: JsExpr; a: JsExpr; b: JsExpr }
  /** A whitelisted method call: string methods, Date getters. */
  | { k: 'call'; obj: JsExpr; method: string; args: JsExpr[] }
  | { k: 'newDate'; arg: JsExpr };

/** String methods a translated callback may call (same result on the host as in QuickJS). */
export const STRING_METHODS = new Set([
  'toLowerCase',
  'toUpperCase',
  'indexOf',
  'lastIndexOf',
  'slice',
  'substring',
  'substr',
  'trim',
  'startsWith',
  'endsWith',
  'includes',
  'charAt',
  'split',
]);

/** Array methods with the same names (a list property answers them as an array). */
export const ARRAY_METHODS = new Set(['indexOf', 'lastIndexOf', 'slice', 'includes']);

/** Date methods on `new Date(x)`; local time is UTC in the sandbox, so getX == getUTCX. */
export const DATE_METHODS = new Set([
  'getTime',
  'valueOf',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDay',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
  'getUTCFullYear',
  'getUTCMonth',
  'getUTCDate',
  'getUTCDay',
  'getUTCHours',
  'getUTCMinutes',
  'getUTCSeconds',
  'getUTCMilliseconds',
  'toISOString',
  'getTimezoneOffset',
]);

/** Every parameter path the expression reads. */
export function paramPaths(e: JsExpr, out: string[][] = []): string[][] {
  switch (e.k) {
    case 'param':
      out.push(e.path);
      break;
    case 'lit':
      break;
    case 'member':
      paramPaths(e.obj, out);
      break;
    case 'unary':
      paramPaths(e.a, out);
      break;
    case 'bin':
    case 'logic':
      paramPaths(e.a, out);
      paramPaths(e.b, out);
      break;
    case 'cond':
      paramPaths(e.c, out);
      paramPaths(e.a, out);
      paramPaths(e.b, out);
      break;
    case 'call':
      paramPaths(e.obj, out);
      for (const a of e.args) paramPaths(a, out);
      break;
    case 'newDate':
      paramPaths(e.arg, out);
      break;
  }
  return out;
}
