/**
 * The number a JSON number text stands for, read from its ASCII bytes without making a
 * string. Equal to `+text` for every JSON number text: up to 15 significant digits and
 * 22 fraction digits with no exponent, the value is m / 10^f with m and 10^f exact
 * doubles, and one IEEE division is correctly rounded, as `+text` is (Clinger's fast
 * path); anything else goes through `+text`.
 */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

export function numberFromAscii(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const neg = bytes[i] === 45;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c < 48 || c > 57) break;
    if (digits > 0 || c !== 48) digits++;
    m = m * 10 + (c - 48);
  }
  if (i < end && bytes[i] === 46) {
    for (i++; i < end; i++) {
      const c = bytes[i]!;
      if (c < 48 || c > 57) break;
      if (digits > 0 || c !== 48) digits++;
      m = m * 10 + (c - 48);
      frac++;
    }
  }
  if (i !== end || digits > 15 || frac > 22) return slowNumber(bytes, start, end);
  const v = frac === 0 ? m : m / POW10[frac]!;
  return neg ? -v : v;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return +s;
}
