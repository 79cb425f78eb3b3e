import type { Writable } from 'node:stream';
import { writeJson } from './json.js';
import { writeJsonl } from './jsonl.js';
import { writeCsv, type CsvOptions } from './csv.js';
import { writeTable, type TableOptions } from './table.js';
import type { ResultItems, WriteSummary } from './writer-options.js';

export type OutputFormat = 'json' | 'jsonl' | 'csv' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'jsonl', 'csv', 'table'];

/** Writes result items to `out` in `format`; see each writer. */
export function writeOutput(
  format: OutputFormat,
  items: ResultItems,
  out: Writable,
  opts: CsvOptions & TableOptions = {},
): Promise<WriteSummary> {
  switch (format) {
    case 'json':
      return writeJson(items, out, opts);
    case 'jsonl':
      return writeJsonl(items, out, opts);
    case 'csv':
      return writeCsv(items, out, opts);
    case 'table':
      return writeTable(items, out, opts);
  }
}

export { writeJson } from './json.js';
export { openAtomicFile, type AtomicFile } from './atomic-file.js';
export { writeJsonl } from './jsonl.js';
export { writeCsv, CSV_HEADER_ROWS, type CsvOptions } from './csv.js';
export { writeTable, type TableOptions } from './table.js';
export { flattenRow, cellText, type Cell, type FlatRow } from './flatten-row.js';
export { ColumnSet, columnName } from './column-set.js';
export { OutputLimit } from './output-limit.js';
export type { WriterOptions, WriteSummary, ResultItems } from './writer-options.js';
