import type { Writable } from 'node:stream';
import { writeJson } from './json.js';
import { writeJsonl } from './jsonl.js';
import { writeCsv, type CsvOptions } from './csv.js';
import { writeTable, type TableOptions } from './table.js';
import type { OutputFormat } from './format.js';
import type { ResultItems, WriteSummary } from './writer-options.js';

export type WriteOptions = CsvOptions & TableOptions;

/** Writes result items to `out` in `format`: one writer per format; see each. */
export function writeOutput(format: OutputFormat, items: ResultItems, out: Writable, opts: WriteOptions = {}): Promise<WriteSummary> {
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

export { OUTPUT_FORMATS, chooseFormat, formatFromExtension, type OutputFormat, type FormatChoice } from './format.js';
export { writeJson } from './json.js';
export { writeJsonl } from './jsonl.js';
export { writeCsv, encodeCsv, CSV_HEADER_ROWS, type CsvOptions } from './csv.js';
export { writeTable, type TableOptions } from './table.js';
export { displayWidth, loadTextWidth, truncate, oneLine, pad } from './text-width.js';
export { fitColumns } from './fit-columns.js';
export { flattenRow, cellText, type Cell, type FlatRow } from './flatten-row.js';
export { ColumnSet, columnName } from './column-set.js';
export { OutputLimit } from './output-limit.js';
export type { WriterOptions, WriteSummary, ResultItems } from './writer-options.js';
