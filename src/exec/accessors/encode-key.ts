import type { KeyComponent } from './key-component.js';

/**
 * A composite key as a string, for Map lookups. Two keys encode equal exactly when
 * `compareKeys` says they are equal (components already normalized by
 * `toKeyComponent`: no -0, NaN or undefined). JSON text is injective on scalars and
 * decodes back losslessly (shortest round-trip number form, escaped strings).
 */
export function encodeKey(components: readonly KeyComponent[]): string {
  return JSON.stringify(components);
}

export function decodeKey(encoded: string): KeyComponent[] {
  return JSON.parse(encoded) as KeyComponent[];
}
