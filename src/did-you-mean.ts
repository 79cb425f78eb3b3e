/**
 * "Did you mean" suggestions: the known names closest to a mistyped one by edit
 * distance (fastest-levenshtein), compared case-insensitively; a name differing only
 * in case or a leading `$` always qualifies.
 */
import { distance } from 'fastest-levenshtein';

const norm = (s: string) => s.toLowerCase().replace(/^\$/, '');

/** Up to `max` known names close to `name`, closest first. */
export function suggestions(name: string, known: Iterable<string>, max = 3): string[] {
  const want = norm(name);
  const limit = want.length <= 2 ? 1 : want.length <= 5 ? 2 : 3;
  const scored: [string, number][] = [];
  for (const k of known) {
    if (k === name) continue;
    const n = norm(k);
    const d = n === want ? 0 : distance(want, n);
    const contains = want.length >= 3 && (n.includes(want) || want.includes(n)) && n.length > 0;
    // Letters left out ("cnt" for "count") rank a candidate above one merely as far away.
    const score = (contains && d > limit ? limit + 0.5 : d) - (isSubsequence(want, n) ? 0.25 : 0);
    if (d <= limit || contains) scored.push([k, score]);
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return scored.slice(0, max).map(([k]) => k);
}

/** " (did you mean "a" or "b"?)", or "" when nothing is close. */
export function closest(name: string, known: Iterable<string>): string {
  const s = suggestions(name, known);
  return s.length ? ` (did you mean ${s.map((k) => JSON.stringify(k)).join(' or ')}?)` : '';
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}
