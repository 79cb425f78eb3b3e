/**
 * The error classes every part of quarry throws. Each carries the exit code the CLI
 * uses for it, so `cli/handle-errors.ts` maps any error to a message and a code in
 * one place. Anything that is not one of these is an internal bug (exit 70); its
 * stack trace is shown only with `--debug`.
 */

export const EXIT = {
  OK: 0,
  /** Script errors, invalid queries, bad input data. */
  FAILURE: 1,
  /** Bad command-line usage. */
  USAGE: 2,
  /** A time, memory or output limit was exceeded. */
  LIMIT: 3,
  /** `--expect` found a different result. */
  MISMATCH: 4,
  INTERNAL: 70,
} as const;

/** A problem the user can fix: bad input, a missing store, a bad option value. */
export class UserError extends Error {
  override name = 'UserError';
  exitCode: number = EXIT.FAILURE;
  constructor(message: string, options?: { exitCode?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.exitCode !== undefined) this.exitCode = options.exitCode;
  }
}

/** Wrong command-line usage (unknown option, missing argument). */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, { exitCode: EXIT.USAGE });
  }
}

/** An error in a user's JQL script: syntax, runtime exception or invalid query. */
export class ScriptError extends UserError {
  override name = 'ScriptError';
  /** e.g. 'SyntaxError', 'TypeError', 'InvalidQuery' */
  kind: string;
  /** Where in the user's file, when known (1-based). */
  location?: { file: string; line: number; column: number };
  /** The user-side stack, already mapped to the user's file. */
  userStack?: string;
  constructor(kind: string, message: string, extra?: { location?: { file: string; line: number; column: number }; userStack?: string }) {
    super(message);
    this.kind = kind;
    this.location = extra?.location;
    this.userStack = extra?.userStack;
  }
}

/** A query went past a limit (time, sandbox memory, output size). */
export class LimitError extends UserError {
  override name = 'LimitError';
  /** 'values': what the script returned to the host passed its budget (sandbox/marshal/value-budget.ts). */
  limit: 'timeout' | 'memory' | 'output' | 'stack' | 'values';
  constructor(limit: LimitError['limit'], message: string) {
    super(message, { exitCode: EXIT.LIMIT });
    this.limit = limit;
  }
}

/** A selector expression failed to parse or validate. */
export class SelectorError extends UserError {
  override name = 'SelectorError';
  line: number;
  column: number;
  expression: string;
  constructor(message: string, expression: string, line: number, column: number) {
    super(message);
    this.expression = expression;
    this.line = line;
    this.column = column;
  }
}

/** A query stopped by the user (Ctrl-C in the REPL). */
export class CancelledError extends UserError {
  override name = 'CancelledError';
  constructor() {
    super('query cancelled', { exitCode: 130 });
  }
}

/** The store is busy (another writer holds the lock), missing or damaged. */
export class StoreError extends UserError {
  override name = 'StoreError';
}

/** A bug in quarry. */
export class InternalError extends Error {
  override name = 'InternalError';
  exitCode: number = EXIT.INTERNAL;
}
