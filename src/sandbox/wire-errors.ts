/**
 * Errors crossing the worker boundary: structured clone drops class identity, so
 * quarry's error classes are sent as plain data and rebuilt on the session side.
 */
import { InternalError, LimitError, ScriptError } from '../errors.js';

export interface WireError {
  name: string;
  message: string;
  kind?: string;
  limit?: LimitError['limit'];
  location?: { file: string; line: number; column: number };
  userStack?: string;
  stack?: string;
}

export function serializeError(e: unknown): WireError {
  if (e instanceof ScriptError) return { name: e.name, message: e.message, kind: e.kind, location: e.location, userStack: e.userStack };
  if (e instanceof LimitError) return { name: e.name, message: e.message, limit: e.limit };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

export function deserializeError(w: WireError): Error {
  if (w.name === 'ScriptError') return new ScriptError(w.kind ?? 'Error', w.message, { location: w.location, userStack: w.userStack });
  if (w.name === 'LimitError') return new LimitError(w.limit ?? 'memory', w.message);
  const e = new InternalError(`sandbox: ${w.name}: ${w.message}`);
  if (w.stack) e.stack = w.stack;
  return e;
}
