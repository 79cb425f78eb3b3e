/**
 * Every error a command throws ends here: a message for a person on stderr, a fixed
 * exit code, and a stack trace only with --debug (or for internal bugs, a pointer to
 * --debug).
 */
import { EXIT, ScriptError, SelectorError, UserError } from '../errors.js';

export function reportError(e: unknown, debug: boolean, stderr: NodeJS.WritableStream = process.stderr): number {
  if (e instanceof ScriptError) {
    stderr.write(`${formatScriptError(e)}\n`);
    if (debug && e.stack) stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  if (e instanceof SelectorError) {
    stderr.write(`quarry: invalid selector: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof UserError) {
    stderr.write(`quarry: ${e.message}\n`);
    if (debug && e.stack) stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  stderr.write(`quarry: internal error: ${err?.message ?? String(e)}\n`);
  if (debug) stderr.write(`${err?.stack ?? ''}\n`);
  else stderr.write('This is a bug in quarry. Run again with --debug for details, and report it.\n');
  return EXIT.INTERNAL;
}

export function formatScriptError(e: ScriptError): string {
  // ScriptError messages already carry file:line:col and the offending line when known.
  return e.message;
}
