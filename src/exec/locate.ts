/**
 * Errors the engine raises while running a stage (an object key, a bad percentile,
 * an unknown cohort) get the place in the user's script where that stage or source
 * was written, with the line shown, like errors raised inside the sandbox.
 */
import { LimitError, ScriptError } from '../errors.js';
import type { Loc } from '../plan/index.js';

export interface ScriptText {
  filename: string;
  source?: string;
}

/** LimitErrors that say which step ran into them once located. */
const located = new WeakSet<Error>();

export function locate(e: unknown, loc: Loc | undefined, script: ScriptText | undefined): unknown {
  if (e instanceof LimitError && e.limit === 'values' && !located.has(e) && loc && script) {
    // The budget is global; the step that hit it is what the user can change.
    const out = new LimitError('values', `${e.message} (at the step written at ${script.filename}:${loc.line}:${loc.column})`);
    located.add(out);
    return out;
  }
  if (!(e instanceof ScriptError) || e.location || !loc || !script) return e;
  const text = script.source?.split(/\r?\n/)[loc.line - 1];
  const shown = text === undefined ? '' : `\n${text}\n${' '.repeat(Math.max(0, loc.column - 1))}^`;
  const message = e.message.startsWith(`${e.kind}:`) ? e.message.slice(e.kind.length + 1).trim() : e.message;
  return new ScriptError(e.kind, `${script.filename}:${loc.line}:${loc.column} ${e.kind}: ${message}${shown}`, {
    location: { file: script.filename, line: loc.line, column: loc.column },
    userStack: e.userStack,
  });
}

export async function* locatedChunks<T>(chunks: AsyncIterable<T>, loc: Loc | undefined, script: ScriptText | undefined): AsyncGenerator<T> {
  try {
    yield* chunks;
  } catch (e) {
    throw locate(e, loc, script);
  }
}
