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

/**
 * Every script error's first line names the script: `file:line:col Kind: message` when
 * the place is known, else `file: Kind: message`; the code line and caret follow. An
 * error whose text does not start that way (raised before any location was known, or
 * carrying a location without having put it in front) is rewritten here, at the
 * boundary between the engine and whoever shows the error.
 */
export function nameScript(e: unknown, script: ScriptText): unknown {
  if (!(e instanceof ScriptError)) return e;
  const lines = e.message.split('\n');
  const loc = e.location;
  const frame = loc && script.source !== undefined ? codeLine(script.source, loc.line, loc.column) : '';
  if (lines[0]!.startsWith(`${script.filename}:`)) {
    // Named already; a one-line message gets the caret block too.
    return lines.length === 1 && frame ? new ScriptError(e.kind, `${e.message}${frame}`, { location: loc, userStack: e.userStack }) : e;
  }
  const core = lines[0]!.startsWith(`${e.kind}:`) ? lines[0]!.slice(e.kind.length + 1).trim() : lines[0]!;
  const tail = frame || (lines.length > 1 ? `\n${lines.slice(1).join('\n')}` : '');
  const head = loc ? `${script.filename}:${loc.line}:${loc.column} ${e.kind}: ${core}` : `${script.filename}: ${e.kind}: ${core}`;
  return new ScriptError(e.kind, `${head}${tail}`, { location: loc, userStack: e.userStack });
}

/** "\n<the line>\n<caret>" for a 1-based place in the source, or '' when out of range. */
function codeLine(source: string, line: number, column: number): string {
  const code = source.split(/\r?\n/)[line - 1];
  return code === undefined ? '' : `\n${code}\n${' '.repeat(Math.max(0, column - 1))}^`;
}
