/**
 * Which delimiter a CSV uses, from its first lines: `,`, `;` (spreadsheets in locales
 * where the comma is the decimal mark) or tab. Each candidate splits the sample with
 * csv-parse (so quoted fields count right); the one giving the most columns, the same
 * number on every line, wins. When none splits the lines consistently into two or more
 * columns, it is `,` (a one-column file reads the same with any of them).
 */
import { parse } from 'csv-parse/sync';

export type Delimiter = ',' | ';' | '\t';
const CANDIDATES: Delimiter[] = [',', ';', '\t'];
const SAMPLE_LINES = 20;

export function sniffDelimiter(sample: string): Delimiter {
  // Only whole lines: the sample may end inside a row.
  const cut = sample.lastIndexOf('\n');
  const text = cut >= 0 ? sample.slice(0, cut) : sample;
  let best: Delimiter = ',';
  let bestColumns = 1;
  for (const d of CANDIDATES) {
    let rows: string[][];
    try {
      rows = parse(text, { bom: true, delimiter: d, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: SAMPLE_LINES });
    } catch {
      continue;
    }
    if (rows.length === 0) continue;
    const width = rows[0]!.length;
    if (width < 2 || !rows.every((r) => r.length === width)) continue;
    if (width > bestColumns) {
      best = d;
      bestColumns = width;
    }
  }
  return best;
}
