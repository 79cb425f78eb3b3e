/**
 * Text -> validated AST: lex, parse (grammar/), convert (to-ast.ts). Every failure
 * becomes a SelectorError whose message reads
 *   line 1, column 23: expected '==' to compare values, found '='
 *     properties["country"] = "US"
 *                           ^
 */
import type { ILexingError, IRecognitionException, IToken } from 'chevrotain';
import { SelectorError } from '../errors.js';
import { selectorLexer, BadString } from '../../grammar/tokens.js';
import { selectorParser } from '../../grammar/selector-parser.js';
import type { SelectorAst } from './ast.js';
import { MAX_SELECTOR_DEPTH, tooDeep } from './nesting.js';
import { cstToAst } from './to-ast.js';

/** The message with its position prefix and a caret line under the spot. */
export function selectorError(expression: string, line: number, column: number, what: string): SelectorError {
  const lines = expression.split(/\r\n|\r|\n/);
  const text = lines[line - 1] ?? '';
  // Keep tabs so the caret lines up under tab-indented text.
  const pad = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
  const message = `line ${line}, column ${column}: ${what}\n  ${text}\n  ${pad}^`;
  return new SelectorError(message, expression, line, column);
}

function badStringMessage(image: string): string {
  const quote = image[0]!;
  for (let i = 1; i < image.length; i++) {
    if (image[i] !== '\\') continue;
    const esc = image[i + 1];
    if (esc === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(image.slice(i + 2, i + 6))) return `invalid escape '\\u${image.slice(i + 2, i + 6)}' in string (\\u needs 4 hex digits)`;
      i += 5;
    } else if (esc !== undefined && !(quote === "'" ? `'"\\/bfnrt` : `"\\/bfnrt`).includes(esc)) {
      return `invalid escape '\\${esc}' in string (allowed: \\${quote} \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`;
    } else {
      i++;
    }
  }
  if (/[\u0000-\u001f]/.test(image)) return 'control character in string (write \\t, \\n ...)';
  return `unterminated string: missing closing ${quote}`;
}

function lexError(expression: string, err: ILexingError): SelectorError {
  const ch = expression.charAt(err.offset);
  return selectorError(expression, err.line ?? 1, err.column ?? 1, `unexpected character '${ch}'`);
}

function tokenError(expression: string, tok: IToken, what: string): SelectorError {
  if (Number.isNaN(tok.startOffset) || tok.startLine === undefined) {
    // EOF has no position: point just past the last character.
    const lines = expression.split(/\r\n|\r|\n/);
    return selectorError(expression, lines.length, lines[lines.length - 1]!.length + 1, what);
  }
  return selectorError(expression, tok.startLine, tok.startColumn ?? 1, what);
}

function parseErrorOf(expression: string, err: IRecognitionException): SelectorError {
  return tokenError(expression, err.token, err.message);
}

/**
 * Build the lexer and the parser now (chevrotain's grammar analysis, ~10 ms of CPU) rather
 * than at the first parse: a caller that will parse soon calls it while it waits on
 * something else (run-query.ts, while the sandbox records the script's main()).
 */
export function prewarmSelectorParser(): void {
  selectorLexer();
  selectorParser();
}

/** Parse and validate. Blank text is the match-all selector. Throws SelectorError. */
export function parseSelector(text: string): SelectorAst {
  if (text.trim() === '') return { kind: 'all' };
  const lexed = selectorLexer().tokenize(text);
  // Report whichever lexical problem comes first: a stray character or a broken string.
  const stray = lexed.errors[0];
  const bad = lexed.tokens.find((t) => t.tokenType === BadString);
  if (bad && (stray === undefined || bad.startOffset < stray.offset)) throw tokenError(text, bad, badStringMessage(bad.image));
  if (stray) throw lexError(text, stray);
  const deep = tooDeep(lexed.tokens);
  if (deep) {
    throw tokenError(
      text,
      deep,
      `the expression nests deeper than ${MAX_SELECTOR_DEPTH} levels (parentheses, lists, function calls, 'not' and '-' count); simplify it`,
    );
  }

  const parser = selectorParser();
  parser.input = lexed.tokens;
  const cst = parser.selector();
  if (parser.errors.length > 0) throw parseErrorOf(text, parser.errors[0]!);
  return cstToAst(cst, (tok, what) => tokenError(text, tok, what));
}
