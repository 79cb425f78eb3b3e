import type { KeyComponent } from './key-component.js';

// Type rank in groupBy output order: null < false < true < numbers < strings.
function rank(v: KeyComponent): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 2 : 1;
    case 'number':
      return 3;
    default:
      return 4;
  }
}

/**
 * Total order on key components: null < false < true < numbers (numeric order) <
 * strings (UTF-16 code-unit order, like JavaScript's `<`, not locale order, so the
 * output order does not depend on the machine's locale).
 */
export function compareKeyComponents(a: KeyComponent, b: KeyComponent): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3) return (a as number) - (b as number);
  if (ra === 4) return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  return 0;
}

/** Keys compared component by component; a key that is a prefix of another sorts first. */
export function compareKeys(a: readonly KeyComponent[], b: readonly KeyComponent[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeyComponents(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
