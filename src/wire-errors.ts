/**
 * The one codec for errors crossing a worker boundary (the sandbox worker, the shard
 * workers of a parallel query, the import's parse workers, the server's merge
 * worker): structured clone drops class identity, so quarry's error classes travel
 * as plain data and are rebuilt on the other side with what the user needs — a
 * script error's place and user-side stack, a selector error's expression and
 * position, a limit's kind, a user error's exit code.
 */
import { InternalError, LimitError, ScriptError, SelectorError, StoreError, UsageError, UserError } from './errors.js';

export interface WireError {
  name: string;
  message: string;
  kind?: string;
  limit?: LimitError['limit'];
  location?: { file: string; line: number; column: number };
  userStack?: string;
  /** SelectorError: the expression and the 1-based position in it. */
  selector?: { expression: string; line: number; column: number };
  exitCode?: number;
  stack?: string;
}

export function serializeError(e: unknown): WireError {
  if (e instanceof ScriptError) return { name: e.name, message: e.message, kind: e.kind, location: e.location, userStack: e.userStack };
  if (e instanceof LimitError) return { name: e.name, message: e.message, limit: e.limit };
  if (e instanceof SelectorError) return { name: e.name, message: e.message, selector: { expression: e.expression, line: e.line, column: e.column } };
  if (e instanceof UserError) return { name: e.name, message: e.message, exitCode: e.exitCode };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

/** `origin` names the worker in internal errors ("sandbox", "query worker"). */
export function deserializeError(w: WireError, origin: string): Error {
  switch (w.name) {
    case 'ScriptError':
      return new ScriptError(w.kind ?? 'Error', w.message, { location: w.location, userStack: w.userStack });
    case 'LimitError':
      return new LimitError(w.limit ?? 'memory', w.message);
    case 'SelectorError':
      return new SelectorError(w.message, w.selector?.expression ?? '', w.selector?.line ?? 1, w.selector?.column ?? 1);
    case 'StoreError':
      return new StoreError(w.message);
    case 'UsageError':
      return new UsageError(w.message);
    case 'UserError':
      return new UserError(w.message, { exitCode: w.exitCode });
  }
  const e = new InternalError(`${origin}: ${w.name}: ${w.message}`);
  if (w.stack) e.stack = w.stack;
  return e;
}
