/**
 * Runs skip chevrotain's grammar and token checks (grammar/selector-parser.ts, tokens.ts):
 * they run here instead, so a grammar change that makes the parser ambiguous or a token
 * pattern that cannot match fails a test.
 */
import { describe, expect, it } from 'vitest';
import { Lexer } from '../../../grammar/chevrotain.js';
import { SelectorParser } from '../../../grammar/selector-parser.js';
import { allTokens } from '../../../grammar/tokens.js';

describe('selector grammar', () => {
  it('passes chevrotain validations', () => {
    expect(() => new SelectorParser(true)).not.toThrow();
    // definitionErrors is public at run time but missing from chevrotain's typings.
    const parser = new SelectorParser(true) as unknown as { definitionErrors: unknown[] };
    expect(parser.definitionErrors).toEqual([]);
  });
  it('token patterns pass the lexer checks', () => {
    const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });
});
