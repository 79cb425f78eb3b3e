/**
 * A readable difference between two JSON values, for `quarry run --expect`: each
 * differing place as a path with both values, at most MAX_LINES lines.
 */
const MAX_LINES = 20;

export function diffJson(expected: unknown, actual: unknown): string | null {
  const lines: string[] = [];
  walk(expected, actual, '$', lines);
  if (lines.length === 0) return null;
  const more = lines.length > MAX_LINES ? [`... and ${lines.length - MAX_LINES} more differences`] : [];
  return [...lines.slice(0, MAX_LINES), ...more].join('\n');
}

const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v).slice(0, 120));

function walk(e: unknown, a: unknown, at: string, out: string[]): void {
  if (Array.isArray(e) && Array.isArray(a)) {
    if (e.length !== a.length) out.push(`${at}: expected ${e.length} items, got ${a.length}`);
    for (let i = 0; i < Math.min(e.length, a.length); i++) walk(e[i], a[i], `${at}[${i}]`, out);
    return;
  }
  if (e && a && typeof e === 'object' && typeof a === 'object' && !Array.isArray(e) && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    for (const k of keys) walk((e as Record<string, unknown>)[k], (a as Record<string, unknown>)[k], `${at}.${k}`, out);
    return;
  }
  if (JSON.stringify(e) !== JSON.stringify(a)) out.push(`${at}: expected ${show(e)}, got ${show(a)}`);
}
