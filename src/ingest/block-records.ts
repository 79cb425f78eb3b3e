/** A block of whole JSON lines (line-blocks.ts) -> its records, on a parse worker. */
import { parseText, type RawRecord, tooLong } from './read-records.js';

/**
 * The records of a block of lines, numbered from 0 (the importer adds the block's first
 * line number), as readTextBatches reads them: blank lines are no record, a line longer
 * than `max` is a bad one. Also the number of line breaks, for the next block's first line.
 */
export function blockRecords(text: string, max: number): { records: RawRecord[]; newlines: number } {
  const records: RawRecord[] = [];
  let line = 0;
  let from = 0;
  const take = (to: number) => {
    if (to - from > max) records.push({ line, value: undefined, error: tooLong(max) });
    else {
      const t = text.slice(from, to);
      if (t.trim() !== '') records.push(parseText({ line, text: t }));
    }
  };
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    take(nl);
    line++;
    from = nl + 1;
  }
  if (from < text.length) take(text.length);
  return { records, newlines: line };
}
