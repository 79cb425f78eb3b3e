/**
 * Values with cycles between stages (a groupByUser state with `state.self = state`
 * that a later `map` removes). JSON has no cycles, so a value crossing between host
 * and guest travels as its acyclic form plus a list of cycles: each cyclic reference
 * is `null` in the JSON and listed as [path of that slot, path of the object it
 * points to], both from the root. stdlib/guest-runtime.js has the guest's side.
 * Only the final output must be acyclic (exec/check-output.ts checks it).
 */
import { InternalError } from '../../errors.js';

export type Path = Array<string | number>;
export type Cycles = Array<[Path, Path]>;

/** The acyclic form of an (already JSON-shaped) value and its cycles. */
export function acyclic(root: unknown): { value: unknown; cycles: Cycles } {
  const cycles: Cycles = [];
  const stack: object[] = [];
  const paths: Path[] = [];
  const walk = (v: unknown, path: Path): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const at = stack.indexOf(v);
    if (at >= 0) {
      cycles.push([path, paths[at]!]);
      return null;
    }
    stack.push(v);
    paths.push(path);
    try {
      if (Array.isArray(v)) return v.map((el, i) => walk(el, [...path, i]));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const el = walk((v as Record<string, unknown>)[k], [...path, k]);
        if (k === '__proto__') Object.defineProperty(out, k, { value: el, enumerable: true, writable: true, configurable: true });
        else out[k] = el;
      }
      return out;
    } finally {
      stack.pop();
      paths.pop();
    }
  };
  return { value: walk(root, []), cycles };
}

/** JSON text of a value that may have cycles (the common acyclic case costs one stringify). */
export function stringifyWithCycles(value: unknown): { json: string; cycles: Cycles | null } {
  try {
    return { json: JSON.stringify(value), cycles: null };
  } catch (e) {
    if (!(e instanceof TypeError) || !/circular/i.test(e.message)) throw e;
    const a = acyclic(value);
    return { json: JSON.stringify(a.value), cycles: a.cycles };
  }
}

/**
 * Put the cycles back into a parsed value (in place). The list comes from the guest,
 * which is untrusted: every path must lead through own properties to an object.
 */
export function restoreCycles(root: unknown, cycles: unknown): void {
  if (!Array.isArray(cycles)) throw malformed();
  for (const c of cycles) {
    if (!Array.isArray(c) || c.length !== 2) throw malformed();
    const [slot, target] = c as [unknown, unknown];
    if (!Array.isArray(slot) || slot.length === 0 || !Array.isArray(target)) throw malformed();
    const obj = resolve(root, target);
    if (obj === null || typeof obj !== 'object') throw malformed();
    const parent = resolve(root, slot.slice(0, -1));
    const key = slot[slot.length - 1];
    if (parent === null || typeof parent !== 'object' || (typeof key !== 'string' && typeof key !== 'number')) throw malformed();
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw malformed();
    Object.defineProperty(parent, key, { value: obj, enumerable: true, writable: true, configurable: true });
  }
}

function resolve(root: unknown, path: unknown[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || (typeof k !== 'string' && typeof k !== 'number')) throw malformed();
    if (!Object.prototype.hasOwnProperty.call(cur, k)) throw malformed();
    cur = (cur as Record<string, unknown>)[k as string];
  }
  return cur;
}

function malformed(): InternalError {
  return new InternalError('sandbox returned a malformed result (cycles)');
}

/** Where the first cycle of a value is, as a path ("value.self"), or null when it has none. */
export function findCycle(root: unknown): string | null {
  const stack: object[] = [];
  const walk = (v: unknown, path: string): string | null => {
    if (v === null || typeof v !== 'object') return null;
    if (stack.includes(v)) return path;
    stack.push(v);
    try {
      const keys = Array.isArray(v) ? v.map((_, i) => String(i)) : Object.keys(v);
      for (const k of keys) {
        const found = walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
        if (found !== null) return found;
      }
      return null;
    } finally {
      stack.pop();
    }
  };
  return walk(root, '');
}
