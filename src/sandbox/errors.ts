/**
 * Map what the guest threw to the user's file: ScriptError with file:line:col, the
 * offending line and the user-side stack; or LimitError for the interrupts QuickJS
 * raises itself (deadline, out of memory, stack overflow).
 *
 * Line numbers need no correction: the user's source is evaluated as its own unit
 * under its own filename, and quarry's prelude runs in separate evals.
 */
import { LimitError, ScriptError } from '../errors.js';
import { closest } from '../did-you-mean.js';
import { REDUCER_NAMES } from '../reducer-facts/index.js';
import { memoryMessage, stackMessage, timeoutMessage, DEFAULT_STACK_BYTES, type SandboxLimits } from './limits.js';

export interface GuestErrorContext {
  filename: string;
  source: string;
  limits: SandboxLimits;
  deadlineMs: number;
  /** True when the sandbox's memory is exhausted (module.ts wasmMemoryExhausted). */
  memoryExhausted?: () => boolean;
}

/** What context.dump() gives for a thrown value. */
export type DumpedError = unknown;

const MAX_FRAMES = 12;

interface Frame {
  line: number;
  column: number;
  text: string;
}

/** The frames of `stack` that are in the user's file. */
export function userFrames(stack: string, filename: string): Frame[] {
  const out: Frame[] = [];
  const needle = `${filename}:`;
  for (const raw of stack.split('\n')) {
    const at = raw.lastIndexOf(needle);
    if (at < 0) continue;
    const m = /^(\d+):(\d+)/.exec(raw.slice(at + needle.length));
    if (m) out.push({ line: Number(m[1]), column: Number(m[2]), text: raw.trim() });
  }
  return out;
}

/** The offending line with a caret under the column. */
export function codeFrame(source: string, line: number, column: number): string {
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return '';
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const caret = ' '.repeat(Math.max(0, Math.min(column - 1, 200))) + '^';
  return `${shown}\n${caret}`;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object';
}

/** Longest message shown (a 32 MB message is cut, issue 9 item 12). */
export const MAX_MESSAGE_CHARS = 2000;

function cutMessage(m: string): string {
  // Already cut in the guest (context.ts), with its full length in the note.
  if (m.length <= MAX_MESSAGE_CHARS || /characters in all; cut\)$/.test(m)) return m;
  return m.length <= MAX_MESSAGE_CHARS ? m : `${m.slice(0, MAX_MESSAGE_CHARS)}… (${m.length.toLocaleString('en-US')} characters in all; cut)`;
}

/** A thrown value that is not an Error (context.ts dumpError: {thrown, text?}), in words. */
function thrownValue(d: Record<string, unknown>): string {
  const text = typeof d.text === 'string' ? d.text : '';
  switch (d.thrown) {
    case 'null':
    case 'undefined':
      return `the script threw ${d.thrown} (not an Error, so there is no stack; throw new Error("...") to get one)`;
    case 'string':
      return `the script threw a string: ${JSON.stringify(text)}`;
    case 'number':
    case 'boolean':
      return `the script threw the ${String(d.thrown)} ${text}`;
    case 'object':
      return `the script threw an object without a readable message or name${text ? `: ${text}` : ''}`;
    default:
      return `the script threw a ${String(d.thrown)} (not an Error)`;
  }
}

/** 1-based line and column of `function main` in the source, for errors main() threw without a stack. */
function mainLine(source: string): { line: number; column: number } | undefined {
  const m = /\bfunction\s+main\s*\(/.exec(source);
  if (!m) return undefined;
  const before = source.slice(0, m.index).split(/\r?\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function guestError(dumped: DumpedError, ctx: GuestErrorContext, call?: 'main'): Error {
  // Past the deadline, whatever was thrown (often an unreadable interrupt) is the timeout.
  if (Date.now() > ctx.deadlineMs) return new LimitError('timeout', timeoutMessage(ctx.limits.timeoutMs));
  // QuickJS throws null when it cannot even allocate its "out of memory" error.
  if (isObj(dumped) && dumped.thrown === 'null' && ctx.memoryExhausted?.()) {
    return new LimitError('memory', memoryMessage(ctx.limits.memoryBytes));
  }
  const thrown = isObj(dumped) && typeof dumped.thrown === 'string';
  const name = isObj(dumped) && typeof dumped.name === 'string' ? dumped.name : 'Error';
  const message = cutMessage(
    thrown
      ? thrownValue(dumped as Record<string, unknown>)
      : isObj(dumped) && typeof dumped.message === 'string'
        ? dumped.message
        : `uncaught ${safeShow(dumped)}`,
  );
  const stack = isObj(dumped) && typeof dumped.stack === 'string' ? dumped.stack : '';
  const frames = userFrames(stack, ctx.filename);
  const main = call === 'main' && frames.length === 0 ? mainLine(ctx.source) : undefined;
  if (main) frames.push({ line: main.line, column: main.column, text: `at main (${ctx.filename}:${main.line}:${main.column})` });
  const top = frames[0];
  const where = top ? ` at ${ctx.filename}:${top.line}:${top.column}` : '';

  if (name === 'InternalError') {
    if (message === 'interrupted' || Date.now() > ctx.deadlineMs) return new LimitError('timeout', timeoutMessage(ctx.limits.timeoutMs));
    if (message === 'out of memory' || message === 'string too long') {
      return new LimitError('memory', memoryMessage(ctx.limits.memoryBytes, where));
    }
    if (message === 'stack overflow') {
      return new LimitError('stack', stackMessage(ctx.limits.stackBytes ?? DEFAULT_STACK_BYTES, where));
    }
  }
  const kind = name;
  const quickjsPlace = top ? { file: ctx.filename, line: top.line, column: top.column } : undefined;
  const early = name === 'SyntaxError' && quickjsPlace ? endedEarly(ctx.source, message, quickjsPlace.line, quickjsPlace.column) : undefined;
  const location = early ? { file: ctx.filename, ...early } : quickjsPlace;
  const said =
    name === 'TypeError' && message === 'not a function' && location
      ? (notAFunction(ctx.source, location.line, location.column) ?? message)
      : early
        ? `the script ends before every {, ( and [ is closed (QuickJS: ${message})`
        : message;
  const head = `${location ? `${location.file}:${location.line}:${location.column} ` : ''}${kind}: ${said}`;
  const frame = location ? codeFrame(ctx.source, location.line, location.column) : '';
  const shown = frames.slice(0, MAX_FRAMES).map((f) => `    ${f.text}`);
  if (frames.length > MAX_FRAMES) shown.push(`    ... ${frames.length - MAX_FRAMES} more frames`);
  const userStack = shown.length ? `${kind}: ${message}\n${shown.join('\n')}` : undefined;
  return new ScriptError(kind, frame ? `${head}\n${frame}` : head, { location, userStack });
}

/**
 * QuickJS reports a file that stops before its last brace as an *empty* unexpected
 * token ("unexpected token in expression: ''") or as the token it wanted ("expecting
 * '}'"), placed after the end, where there is nothing to show. When the error stands past the last non-blank character:
 * the place just after it, where the missing }, ) or ] belongs.
 */
function endedEarly(source: string, message: string, line: number, column: number): { line: number; column: number } | undefined {
  if (!/^unexpected token in [a-z ]+: ''$|^unexpected end of input$|^expecting '[^']+'$/.test(message)) return undefined;
  const lines = source.trimEnd().split(/\r?\n/);
  const last = { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  return line > last.line || (line === last.line && column >= last.column) ? last : undefined;
}

function safeShow(x: unknown): string {
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.slice(0, 200);
  } catch {
    return String(x);
  }
}

/**
 * QuickJS says only "not a function": name what was called, read from the source
 * before the error's column (`mixpanel.reducer.cnt is not a function`), and for
 * `mixpanel.reducer.X` list the reducers, closest first.
 */
export function notAFunction(source: string, line: number, column: number): string | undefined {
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return undefined;
  // The column is at the call's "(" or at the start of the statement: look back, or on.
  const chain = /([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*$/;
  const m =
    text[column - 1] === '(' ? chain.exec(text.slice(0, column - 1)) : /([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\(/.exec(text.slice(column - 1));
  if (!m) return undefined;
  const callee = m[1]!.replace(/\s+/g, '');
  const r = /^mixpanel\.reducer\.([A-Za-z_$][\w$]*)$/.exec(callee);
  if (r && !(REDUCER_NAMES as string[]).includes(r[1]!)) {
    return `${callee} is not a function: mixpanel.reducer has no reducer ${JSON.stringify(r[1])}${closest(r[1]!, REDUCER_NAMES)}. The reducers are: ${REDUCER_NAMES.join(', ')}`;
  }
  return `${callee} is not a function`;
}
