/**
 * Syntax of segmentation expressions (spec §2) as a chevrotain CstParser.
 * No embedded actions: the CST is turned into a typed AST in src/selector/to-ast.ts.
 * Every sub-rule and token is labelled, so to-ast reads `children.lhs`, not
 * positional guesses. Precedence is encoded by the rule ladder (see README.md).
 */
import type { CstNode, IToken } from 'chevrotain';
import { CstParser } from './chevrotain.js';
import * as T from './tokens.js';
import { selectorMessages } from './messages.js';

export class SelectorParser extends CstParser {
  /**
   * `validate`: run chevrotain's grammar checks (ambiguities, left recursion). The grammar
   * is fixed, so runs skip them (a CPU cost of every CLI run that parses a selector) and a
   * test (test/unit/selector/grammar-valid.test.ts) runs them instead.
   */
  constructor(validate = false) {
    super(T.allTokens, { maxLookahead: 3, errorMessageProvider: selectorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** selector = [ expr ] EOF. Blank input is handled before parsing. */
  public selector = this.RULE('selector', () => {
    this.SUBRULE(this.orExpr, { LABEL: 'body' });
  });

  private orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.Or, { LABEL: 'ops' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.And, { LABEL: 'ops' });
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not, { LABEL: 'not' });
          this.SUBRULE(this.notExpr, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.cmpExpr, { LABEL: 'comparison' }) },
    ]);
  });

  /** At most one comparison: `1 < 2 < 3` leaves `< 3` unparsed, an error. */
  private cmpExpr = this.RULE('cmpExpr', () => {
    this.SUBRULE(this.addExpr, { LABEL: 'lhs' });
    this.OPTION(() => {
      this.SUBRULE(this.cmpOp, { LABEL: 'op' });
      this.SUBRULE2(this.addExpr, { LABEL: 'rhs' });
    });
  });

  private cmpOp = this.RULE('cmpOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Eq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.In, { LABEL: 'op' }) },
      {
        ALT: () => {
          this.CONSUME(T.Not, { LABEL: 'not' });
          this.CONSUME2(T.In, { LABEL: 'op' });
        },
      },
    ]);
  });

  private addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.mulExpr, { LABEL: 'operands' });
    });
  });

  private mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Percent, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  private unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus, { LABEL: 'minus' });
          this.SUBRULE(this.unary, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.primary, { LABEL: 'primary' }) },
    ]);
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'true' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'false' }) },
      { ALT: () => this.CONSUME(T.Now, { LABEL: 'now' }) },
      { ALT: () => this.SUBRULE(this.accessor, { LABEL: 'accessor' }) },
      { ALT: () => this.SUBRULE(this.call, { LABEL: 'call' }) },
      { ALT: () => this.SUBRULE(this.list, { LABEL: 'list' }) },
      { ALT: () => this.SUBRULE(this.parens, { LABEL: 'parens' }) },
    ]);
  });

  /** Only the four sources can be indexed, and only once (no `a["b"]["c"]`). */
  private accessor = this.RULE('accessor', () => {
    this.CONSUME(T.Source, { LABEL: 'source' });
    this.CONSUME(T.LBracket);
    this.CONSUME(T.StringLiteral, { LABEL: 'key' });
    this.CONSUME(T.RBracket);
  });

  private call = this.RULE('call', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.orExpr, { LABEL: 'args' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.orExpr, { LABEL: 'args' });
      });
    });
    this.CONSUME(T.RParen, { LABEL: 'close' });
  });

  /** `[a, b,]`: one trailing comma is allowed. */
  private list = this.RULE('list', () => {
    this.CONSUME(T.LBracket, { LABEL: 'open' });
    this.OPTION(() => {
      this.SUBRULE(this.orExpr, { LABEL: 'items' });
      this.MANY({
        GATE: () => this.LA(2).tokenType !== T.RBracket,
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.orExpr, { LABEL: 'items' });
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  private parens = this.RULE('parens', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.orExpr, { LABEL: 'inner' });
    this.CONSUME(T.RParen);
  });
}

/** One parser instance is reused: chevrotain parsers are resettable via `input`. */
let shared: SelectorParser | undefined;
export function selectorParser(): SelectorParser {
  return (shared ??= new SelectorParser());
}

export type { CstNode, IToken };
