/**
 * Lexical grammar of segmentation expressions (spec §1). Tokens only: no meaning.
 *
 * Order matters to chevrotain: longer operators before their prefixes (`==` before
 * `=`), keywords before IDENT (with `longer_alt` so `andrew` stays one identifier).
 * Keywords and NOW match in any case; the four sources match lowercase only, so
 * `PROPERTIES[...]` lexes as an identifier and fails in the parser with a hint.
 *
 * A few tokens exist only to be rejected with a good message (`=`, `&&`, `||`, `!`,
 * a broken string): the parser never accepts them, and the message provider names
 * the fix.
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

const keyword = (name: string, word: string, label = `'${word}'`) =>
  createToken({ name, pattern: new RegExp(word, 'i'), longer_alt: Identifier, label });

export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Not = keyword('Not', 'not');
export const In = keyword('In', 'in');
export const True = keyword('True', 'true');
export const False = keyword('False', 'false');
export const Now = keyword('Now', 'now', "'NOW'");

/** Category shared by the four accessor sources. */
export const Source = createToken({ name: 'Source', pattern: Lexer.NA, label: 'properties, user, event or behaviors' });
const source = (name: string, word: string) =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Source], label: `'${word}'` });
export const Properties = source('Properties', 'properties');
export const User = source('User', 'user');
export const Event = source('Event', 'event');
export const Behaviors = source('Behaviors', 'behaviors');

/** JSON escapes only; no raw control characters (so no raw newline). */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|'(?:[^'\\\u0000-\u001f]|\\(?:['"\\/bfnrt]|u[0-9a-fA-F]{4}))*'/,
  label: 'a quoted string',
});
/**
 * A quote that StringLiteral could not finish: a bad escape, a raw newline or no
 * closing quote. Matched only so the error can say which of those it was.
 */
export const BadString = createToken({
  name: 'BadString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"?|'(?:[^'\\\r\n]|\\[^\r\n])*'?/,
  label: 'a broken string',
});

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

const punct = (name: string, pattern: string, categories: TokenType[] = []) =>
  createToken({ name, pattern: new RegExp(pattern.replace(/[|*+?()[\]\\/.^$]/g, '\\$&')), label: `'${pattern}'`, categories });

/** Category of the comparison operators (used for the "no chaining" hint). */
export const Comparison = createToken({ name: 'Comparison', pattern: Lexer.NA, label: 'a comparison operator' });
export const Eq = punct('Eq', '==', [Comparison]);
export const NotEq = punct('NotEq', '!=', [Comparison]);
export const LessEq = punct('LessEq', '<=', [Comparison]);
export const GreaterEq = punct('GreaterEq', '>=', [Comparison]);
export const Less = punct('Less', '<', [Comparison]);
export const Greater = punct('Greater', '>', [Comparison]);
export const Plus = punct('Plus', '+');
export const Minus = punct('Minus', '-');
export const Star = punct('Star', '*');
export const Slash = punct('Slash', '/');
export const Percent = punct('Percent', '%');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const Comma = punct('Comma', ',');

/** Rejected forms (spec §1): lexed so the parser can name the right operator. */
export const SingleEquals = punct('SingleEquals', '=');
export const AmpAmp = punct('AmpAmp', '&&');
export const PipePipe = punct('PipePipe', '||');
export const Bang = punct('Bang', '!');

export const allTokens: TokenType[] = [
  WhiteSpace,
  StringLiteral,
  BadString,
  NumberLiteral,
  Eq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  SingleEquals,
  AmpAmp,
  PipePipe,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  And,
  Or,
  Not,
  In,
  True,
  False,
  Now,
  Properties,
  User,
  Event,
  Behaviors,
  Source,
  Comparison,
  Identifier,
];

let lexer: InstanceType<typeof Lexer> | undefined;

/**
 * The lexer, built on first use: building it analyses every token pattern (tens of ms
 * at start-up), which a script without selectors should not pay.
 */
export function selectorLexer(): InstanceType<typeof Lexer> {
  // The token set is fixed: its pattern checks run in a test (grammar-valid.test.ts), not in every run.
  return (lexer ??= new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false, skipValidations: true }));
}
