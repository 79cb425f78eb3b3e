/**
 * Option values checked the same way in every command, with messages that say what
 * to type. yargs' own messages ("Not enough arguments following: where", NaN for
 * `--limit ten`) are rewritten here too (see `explainYargsMessage`).
 */
import { UsageError } from '../errors.js';

/** What to type for options that need a value; shown when one is missing. */
const EXAMPLES: Record<string, string> = {
  where: `--where 'properties["plan"] == "pro"' (a selector starting with "-" needs the = form: --where='-7 % 2 == 1')`,
  'event-where': `--event-where 'properties["amount"] > 10'`,
  by: '--by payment_method',
  columns: "--columns '$name,$email'",
  sort: "--sort '$name'",
  cohort: '--cohort "Power users"',
  ids: '--ids vip.txt',
  out: '--out result.csv',
  from: '--from 2024-03-01',
  to: '--to 2024-03-31',
  'as-of': '--as-of 2024-03-31',
  delimiter: "--delimiter ';'",
  'group-key': '--group-key company_id',
};

export function exampleFor(flag: string): string | undefined {
  return EXAMPLES[flag.replace(/^-+/, '')];
}

/** A whole number option given as text (`--limit ten` is a usage error that quotes it). */
export function wholeNumber(v: unknown, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const text = String(v).trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} needs a whole number >= ${min}, got ${JSON.stringify(v)}${min === 1 ? ` (e.g. ${flag} 20)` : ''}`);
  }
  return n;
}

/** A string option given without its value (`--where` at the end of the line, or `--where=`). */
export function requireText(v: string | undefined, flag: string): string | undefined {
  if (v === undefined) return undefined;
  if (String(v).trim() === '') {
    const ex = exampleFor(flag);
    throw new UsageError(`${flag} needs a value${ex ? `, e.g. ${ex}` : ''}`);
  }
  return v;
}

/** yargs' message -> one that says what to type; null keeps yargs' own. */
export function explainYargsMessage(msg: string): string | null {
  const m = /^Not enough arguments following: (.+)$/.exec(msg);
  if (m) {
    const flag = m[1]!.length === 1 ? `-${m[1]}` : `--${m[1]}`;
    const ex = exampleFor(m[1]!);
    return `${flag} needs a value${ex ? `, e.g. ${ex}` : ''}`;
  }
  return null;
}
