/**
 * The output options every command shares (`--format`, `--json`, `--out`, `--crlf`,
 * `--wide`) and the one rule that turns them into a format and a destination
 * (output/format.ts): a table on a terminal, the command's machine form (JSON) into
 * a pipe or file.
 */
import type { Argv } from 'yargs';
import { chooseFormat, type OutputFormat, OUTPUT_FORMATS, type WriteOptions } from '../output/index.js';
import { openOut, type OutTarget } from './out-file.js';

export interface OutputArgs {
  format?: OutputFormat;
  json?: boolean;
  out?: string;
  crlf?: boolean;
  wide?: boolean;
}

export interface OutputSpec {
  /** Formats this command writes (default: all four). */
  formats?: readonly OutputFormat[];
  /** Whether the command takes `--out FILE`. */
  out?: boolean;
}

export function outputOptions<T>(y: Argv<T>, spec: OutputSpec = {}) {
  const formats = spec.formats ?? OUTPUT_FORMATS;
  let out = y
    .option('format', { choices: formats, describe: 'Output format (default: table on a terminal, JSON into a pipe or file)' })
    .option('json', { type: 'boolean', describe: 'Same as --format json' });
  if (formats.includes('csv')) out = out.option('crlf', { type: 'boolean', describe: 'CSV lines end in CRLF (RFC 4180) instead of LF' });
  if (formats.includes('table')) out = out.option('wide', { type: 'boolean', describe: 'Tables: do not cut cells or shrink columns to the terminal width' });
  if (spec.out)
    out = out.option('out', { type: 'string', describe: 'Write to this file instead of standard output (format from its extension unless --format)' });
  return out;
}

export interface ResolvedOutput {
  format: OutputFormat;
  target: OutTarget;
  /** Options for the writers: CSV line ends, table width. */
  writeOptions: WriteOptions;
}

/** Decide the format, check and open `--out` (before any work is done). */
export function resolveOutput(a: OutputArgs, spec: OutputSpec = {}): ResolvedOutput {
  const format = chooseFormat({ format: a.format, json: a.json, out: a.out, isTTY: Boolean(process.stdout.isTTY), allowed: spec.formats });
  const target = openOut(a.out);
  const tty = !target.isFile && Boolean(process.stdout.isTTY);
  return {
    format,
    target,
    writeOptions: { crlf: a.crlf, wide: a.wide, terminalWidth: tty ? process.stdout.columns : undefined },
  };
}
