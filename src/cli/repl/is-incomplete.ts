/**
 * "Is the input incomplete?" answered by the JavaScript engine itself, not by
 * counting brackets: the text is compiled (never run) in a bare QuickJS context and
 * an "unexpected end of input"-style syntax error means "keep reading lines".
 */
import { getQuickJS, type QuickJSWASMModule } from 'quickjs-emscripten';

let mod: QuickJSWASMModule | null = null;

export async function loadCompiler(): Promise<void> {
  mod ??= await getQuickJS();
}

export type Completeness = 'complete' | 'incomplete' | 'error';

interface CompileError {
  message: string;
  /** Where the parser stopped (1-based), when it says. */
  line?: number;
  column?: number;
}

function compileDetail(source: string): CompileError | null {
  if (mod === null) throw new Error('loadCompiler() first');
  const vm = mod.newContext();
  try {
    const r = vm.evalCode(source, 'repl.js', { compileOnly: true });
    if (r.error) {
      const e = vm.dump(r.error) as { message?: string; stack?: string };
      r.error.dispose();
      const at = /repl\.js:(\d+):(\d+)/.exec(String(e?.stack ?? ''));
      return { message: String(e?.message ?? e), line: at ? Number(at[1]) : undefined, column: at ? Number(at[2]) : undefined };
    }
    r.value.dispose();
    return null;
  } finally {
    vm.dispose();
  }
}

function compile(source: string): string | null {
  return compileDetail(source)?.message ?? null;
}

/** Whether (line, column) is past the last non-blank character of `source`: the parser ran out of input. */
function atEnd(source: string, line: number, column: number): boolean {
  const text = source.trimEnd();
  const lines = text.split('\n');
  const lastLine = lines.length;
  const lastCol = lines[lines.length - 1]!.length + 1;
  return line > lastLine || (line === lastLine && column >= lastCol);
}

// QuickJS reports running out of input as "unexpected end of ..." or as an
// unexpected *empty* token ("unexpected token in expression: ''").
const END_OF_INPUT = /unexpected end of (input|string|comment)|unexpected token in [a-z ]+: ''$|unterminated (string|template|comment|regexp)/i;

/** The syntax error of `source`, or null when it compiles. */
export function syntaxError(source: string): string | null {
  return compile(source);
}

/**
 * QuickJS names the token it wanted ("invalid property name" for `Events({`), not
 * "end of input", so the input is incomplete when the parser stopped at its end.
 */
export function completeness(source: string): Completeness {
  const err = compileDetail(source);
  if (err === null) return 'complete';
  if (END_OF_INPUT.test(err.message)) return 'incomplete';
  return err.line !== undefined && err.column !== undefined && atEnd(source, err.line, err.column) ? 'incomplete' : 'error';
}

/** True when `source` parses as one expression (so the REPL wraps it in main()). */
export function isExpression(source: string): boolean {
  const trimmed = source.trim().replace(/;+\s*$/, '');
  if (trimmed === '' || /^(function|var|let|const|class|if|for|while|do|switch|try)\b/.test(trimmed)) return false;
  return compile(`(${trimmed}\n)`) === null;
}
