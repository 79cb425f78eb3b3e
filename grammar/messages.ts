/**
 * Parse-error wording for selectors. Chevrotain's defaults name token types
 * ("Expecting --> RBracket <--"); users need the character they typed and the fix.
 * Messages here carry no position: src/selector/parse.ts prefixes
 * "line L, column C:" from the offending token and draws the caret.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';

function found(tok: IToken): string {
  if (tok.tokenType === EOF) return 'the end of the expression';
  if (tok.tokenType === T.StringLiteral) return `the string ${tok.image}`;
  if (tok.tokenType === T.NumberLiteral) return `the number ${tok.image}`;
  return `'${tok.image}'`;
}

function label(t: TokenType): string {
  if (t === EOF) return 'the end of the expression';
  return t.LABEL ?? t.name;
}

/** The fix for operators borrowed from other languages, whatever was expected. */
function borrowedOperator(tok: IToken): string | undefined {
  if (tok.tokenType === T.SingleEquals) return `expected '==' to compare values, found '='`;
  if (tok.tokenType === T.AmpAmp) return `expected 'and', found '&&'`;
  if (tok.tokenType === T.PipePipe) return `expected 'or', found '||'`;
  if (tok.tokenType === T.Bang) return `expected 'not' (or '!=' to compare), found '!'`;
  return undefined;
}

const VALUE =
  'a value (number, string, true, false, NOW, properties["..."], user["..."], event["..."], a function call, a list or "(")';

export const selectorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const borrowed = borrowedOperator(actual);
    if (borrowed) return borrowed;
    if (expected === T.StringLiteral && ruleName === 'accessor') {
      const hint = actual.tokenType === T.Identifier ? ` (property names are quoted: ["${actual.image}"])` : '';
      return `expected a quoted property name, found ${found(actual)}${hint}`;
    }
    if (expected === T.LParen && ruleName === 'call' && previous?.tokenType === T.Identifier) {
      const name = previous.image;
      const lower = name.toLowerCase();
      if (['properties', 'user', 'event', 'behaviors'].includes(lower)) {
        return `expected '(' after '${name}', found ${found(actual)} (sources are lowercase: ${lower}["..."])`;
      }
      return `expected '(' after '${name}', found ${found(actual)} ('${name}' is not a value; properties are read as properties["${name}"])`;
    }
    if (expected === T.RBracket && ruleName === 'accessor' && actual.tokenType === T.LBracket) {
      return `expected ']', found '[' (nested property access is not supported)`;
    }
    if (expected === T.RParen && ruleName === 'parens' && actual.tokenType === T.Comma) {
      return `expected ')', found ',' (lists are written with brackets: [a, b])`;
    }
    return `expected ${label(expected)}, found ${found(actual)}`;
  },

  buildNotAllInputParsedMessage({ firstRedundant }) {
    const borrowed = borrowedOperator(firstRedundant);
    if (borrowed) return borrowed;
    if (tokenMatcher(firstRedundant, T.Comparison) || firstRedundant.tokenType === T.In) {
      return `expected 'and', 'or' or the end of the expression, found ${found(firstRedundant)} (comparisons cannot be chained: write 'a < b and b < c')`;
    }
    if (firstRedundant.tokenType === T.LBracket) {
      return `expected an operator or the end of the expression, found '[' (nested property access is not supported)`;
    }
    return `expected an operator, 'and', 'or' or the end of the expression, found ${found(firstRedundant)}`;
  },

  buildNoViableAltMessage({ actual, ruleName }) {
    const tok = actual[0]!;
    const borrowed = borrowedOperator(tok);
    if (borrowed) return borrowed;
    if (ruleName === 'cmpOp') return `expected 'in' after 'not', found ${found(tok)}`;
    return `expected ${VALUE}, found ${found(tok)}`;
  },

  buildEarlyExitMessage({ actual }) {
    return `expected ${VALUE}, found ${found(actual[0]!)}`;
  },
};
