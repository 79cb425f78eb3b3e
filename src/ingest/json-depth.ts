/**
 * How deeply imported JSON may nest. `JSON.parse` itself copes with any depth, but
 * much of what follows a parse is recursive (JSON.stringify when a column is written,
 * structured clone, the sandbox's marshalling, canonical forms for deduplication), and
 * a value nested 10,000 deep overflows the stack there. So a record nested deeper than
 * this is a bad record (skipped with its line), checked right after parsing.
 * A record is level 1; `{"properties": {"a": [1]}}` is 3 levels deep.
 */
export const MAX_JSON_DEPTH = 100;

export const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels of objects and lists`;

/** True when `v` has objects or lists nested more than `max` levels (never recurses deeper than max + 1). */
export function nestedTooDeep(v: unknown, max = MAX_JSON_DEPTH): boolean {
  return depthOver(v, 1, max);
}

function depthOver(v: unknown, level: number, max: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (level > max) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === 'object' && x !== null && depthOver(x, level + 1, max)) return true;
    return false;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'object' && x !== null && depthOver(x, level + 1, max)) return true;
  }
  return false;
}
