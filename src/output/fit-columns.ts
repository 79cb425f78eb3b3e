/**
 * Column widths that fit a terminal: the widest column gives up a column at a time
 * until the line (cells plus `gap` between them) fits `total`, no column going below
 * `min` (or its own width when narrower). When even that does not fit, the lines
 * wrap: every column is then at its minimum.
 */
export function fitColumns(widths: readonly number[], total: number, gap: number, min = 6): number[] {
  const out = [...widths];
  const floor = out.map((w) => Math.min(w, min));
  let line = out.reduce((a, b) => a + b, 0) + gap * Math.max(0, out.length - 1);
  while (line > total) {
    let widest = -1;
    for (let i = 0; i < out.length; i++) if (out[i]! > floor[i]! && (widest < 0 || out[i]! > out[widest]!)) widest = i;
    if (widest < 0) break;
    out[widest]!--;
    line--;
  }
  return out;
}
