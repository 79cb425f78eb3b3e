import { toStageValue } from '../serialize.js';

/**
 * `mixpanel.to_string(acc)` (used by real scripts, not in the hosted reference):
 * strings pass; numbers and booleans use String(); a Date gives its ISO string;
 * lists and objects give their JSON text; `undefined` and `null` stay `undefined`
 * (a missing value is still missing, and groups with null as a key).
 */
export function toString(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
      return String(v);
    case 'object': {
      if (v === null) return undefined;
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
      return JSON.stringify(toStageValue(v));
    }
    default:
      return undefined;
  }
}
