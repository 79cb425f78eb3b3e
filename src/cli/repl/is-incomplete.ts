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

function compile(source: string): string | null {
  if (mod === null) throw new Error('loadCompiler() first');
  const vm = mod.newContext();
  try {
    const r = vm.evalCode(source, 'repl.js', { compileOnly: true });
    if (r.error) {
      const e = vm.dump(r.error) as { message?: string };
      r.error.dispose();
      return String(e?.message ?? e);
    }
    r.value.dispose();
    return null;
  } finally {
    vm.dispose();
  }
}

// QuickJS reports running out of input as "unexpected end of ..." or as an
// unexpected *empty* token ("unexpected token in expression: ''").
const END_OF_INPUT = /unexpected end of (input|string|comment)|unexpected token in [a-z ]+: ''$|unterminated (string|template|comment|regexp)/i;

/** The syntax error of `source`, or null when it compiles. */
export function syntaxError(source: string): string | null {
  return compile(source);
}

export function completeness(source: string): Completeness {
  const err = compile(source);
  if (err === null) return 'complete';
  return END_OF_INPUT.test(err) ? 'incomplete' : 'error';
}

/** True when `source` parses as one expression (so the REPL wraps it in main()). */
export function isExpression(source: string): boolean {
  const trimmed = source.trim().replace(/;+\s*$/, '');
  if (trimmed === '' || /^(function|var|let|const|class|if|for|while|do|switch|try)\b/.test(trimmed)) return false;
  return compile(`(${trimmed}\n)`) === null;
}
