/**
 * Which format a command writes: the one output rule every command follows.
 *
 *   1. `--format F` when given (`--json` is an alias of `--format json`);
 *   2. else, with `--out FILE`, from the file's extension (.csv, .json, .jsonl/.ndjson,
 *      .txt for a table), else the command's machine form;
 *   3. else a table on a terminal, and the command's machine form into a pipe
 *      (JSON for every command; see docs/cli.md).
 */
import { UsageError } from '../errors.js';

export type OutputFormat = 'json' | 'jsonl' | 'csv' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'jsonl', 'csv', 'table'];

export interface FormatChoice {
  format?: string;
  json?: boolean;
  out?: string;
  /** Whether standard output is a terminal. */
  isTTY: boolean;
  /** The command's form for pipes and files (default json). */
  machine?: OutputFormat;
  /** The formats this command can write (default: all four). */
  allowed?: readonly OutputFormat[];
}

export function formatFromExtension(file: string): OutputFormat | undefined {
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.json$/i.test(file)) return 'json';
  if (/\.(csv|tsv)$/i.test(file)) return 'csv';
  if (/\.txt$/i.test(file)) return 'table';
  return undefined;
}

export function chooseFormat(c: FormatChoice): OutputFormat {
  const allowed = c.allowed ?? OUTPUT_FORMATS;
  const machine = c.machine ?? 'json';
  if (c.json && c.format !== undefined && c.format !== 'json') {
    throw new UsageError(`--json means --format json; it cannot go with --format ${c.format}`);
  }
  const pick = (f: OutputFormat | undefined): OutputFormat | undefined => (f !== undefined && allowed.includes(f) ? f : undefined);
  if (c.format !== undefined) {
    const f = pick(c.format as OutputFormat);
    if (f === undefined) throw new UsageError(`--format ${c.format}: this command writes ${allowed.join(', ')}`);
    return f;
  }
  if (c.json) return 'json';
  if (c.out !== undefined && c.out !== '-') return pick(formatFromExtension(c.out)) ?? machine;
  return c.isTTY && allowed.includes('table') ? 'table' : machine;
}
