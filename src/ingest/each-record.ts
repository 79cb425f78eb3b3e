/**
 * The records of several inputs in order, each with its place ("file.json:12", or
 * "file.json:12#3" for index 3 of a batch that starts on line 12) for messages. Lines that
 * are not JSON are counted and skipped here, so every importer reports them alike.
 */
import type { RawRecord } from './read-records.js';
import type { ImportReport } from './report.js';

export interface RecordInput {
  /** Shown in messages ("people.json:12"). */
  label: string;
  records: AsyncIterable<RawRecord> | Iterable<RawRecord>;
}

export interface PlacedRecord {
  value: unknown;
  place: string;
}

/** How often (in records read) importers call their progress callback. */
export const PROGRESS_EVERY = 10_000;

/**
 * `unbatch` splits one input value into records (arrays are batches of records);
 * every record is counted in `report.read`.
 */
export async function* eachRecord(
  inputs: RecordInput[],
  report: ImportReport,
  unbatch: (value: unknown) => unknown[] = (v) => (Array.isArray(v) ? v : [v]),
): AsyncGenerator<PlacedRecord> {
  for (const input of inputs) {
    for await (const rec of input.records) {
      const at = `${input.label}:${rec.line}`;
      if (rec.error !== undefined) {
        report.read++;
        report.skip(rec.error.startsWith('not valid JSON') ? 'lines that are not valid JSON' : rec.error, at);
        continue;
      }
      const items = unbatch(rec.value);
      for (let i = 0; i < items.length; i++) {
        report.read++;
        yield { value: items[i], place: items.length > 1 || Array.isArray(rec.value) ? `${at}#${i}` : at };
      }
    }
  }
}
