/**
 * Text as a terminal shows it: widths in terminal columns (CJK and most emoji take
 * two, combining marks none; measured by string-width), and cuts that never split a
 * grapheme (Intl.Segmenter), ending in "…".
 */

/**
 * string-width, loaded by loadTextWidth(): its top level builds Unicode-set regexes
 * (`\p{RGI_Emoji}` and others, ~10 ms each in a fresh process), which only table output
 * needs; loading the output module for JSON must not pay them.
 */
let stringWidth: ((s: string) => number) | undefined;

/** Load what displayWidth() measures with; table output awaits this before it measures. */
export async function loadTextWidth(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
}

// Made on first use: the first Intl.Segmenter of a process loads ICU's break data
// (10-50 ms), which a run that prints JSON never needs.
let segmenter: Intl.Segmenter | undefined;
const ELLIPSIS = '…';

export function displayWidth(s: string): number {
  if (stringWidth === undefined) throw new Error('quarry: displayWidth() before loadTextWidth()');
  return stringWidth(s);
}

/** One line of text: line breaks shown as "⏎", tabs and other control characters as a space. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r\n|\r|\n/g, '⏎').replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** `s` cut to at most `max` columns, by whole graphemes, with "…" when cut. */
export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  if (max <= 0) return '';
  const room = max - 1; // the ellipsis takes one column
  let used = 0;
  let out = '';
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(s)) {
    const w = displayWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return out + ELLIPSIS;
}

/** Pad to `width` columns, on the right (left-aligned) or on the left (right-aligned). */
export function pad(s: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}
