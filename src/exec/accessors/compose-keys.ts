import { ScriptError } from '../../errors.js';
import { toKeyComponent, type KeyComponent } from './key-component.js';
import { encodeKey } from './encode-key.js';

/** One evaluated key of a groupBy: its value and whether it was wrapped in multiple_keys. */
export interface KeyPart {
  value: unknown;
  /** `mixpanel.multiple_keys(key)`: a list value puts the item in one group per element. */
  multiple?: boolean;
}

/**
 * The composite keys one item goes into, from its evaluated keys (in order).
 *
 * - A plain list value (a key function returning an array, a list property, or
 *   `mixpanel.slice(...)`) is spliced into the composite key: a 2-key groupBy can
 *   produce 3-component keys (jql.md §8).
 * - A `multiple_keys` list gives one group per distinct element (duplicates in the
 *   list do not count the item twice); an empty list puts the item in no group.
 *   Several multiple_keys give the cross product. A non-list value behaves as a
 *   one-element list.
 * - Components are normalized by `toKeyComponent` (undefined -> null, objects are a
 *   script error).
 */
export function composeKeys(parts: readonly KeyPart[]): KeyComponent[][] {
  let keys: KeyComponent[][] = [[]];
  for (const part of parts) {
    const v = part.value;
    if (part.multiple && Array.isArray(v)) {
      const choices: KeyComponent[][] = [];
      const seen = new Set<string>();
      for (const el of v) {
        const comps = Array.isArray(el) ? splice(el) : [toKeyComponent(el)];
        const enc = encodeKey(comps);
        if (seen.has(enc)) continue;
        seen.add(enc);
        choices.push(comps);
      }
      const next: KeyComponent[][] = [];
      for (const k of keys) for (const c of choices) next.push(k.concat(c));
      keys = next;
      if (keys.length === 0) return keys;
    } else {
      const comps = Array.isArray(v) ? splice(v) : [toKeyComponent(v)];
      for (const k of keys) for (const c of comps) k.push(c);
    }
  }
  return keys;
}

function splice(list: readonly unknown[]): KeyComponent[] {
  const out: KeyComponent[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    if (Array.isArray(el)) {
      throw new ScriptError(
        'InvalidQuery',
        'A groupBy key evaluated to a list containing a list; key values must be strings, numbers, ' +
          'booleans or null (a flat list is spread into the key). Flatten it in the key function.',
      );
    }
    out[i] = toKeyComponent(el);
  }
  return out;
}
