/**
 * compileText keeps a function at its line and column: the padded text, parsed,
 * puts the function's first character exactly where the script has it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../../src/sandbox/compile-text.js';

const lineCol = (text: string, offset: number) => {
  const before = text.slice(0, offset).split(/\r\n|[\r\n\u2028\u2029]/u);
  return [before.length, before[before.length - 1]!.length];
};

describe('compileText', () => {
  it('the example', () => {
    expect(compileText('var a = 1;\nvar f = function (e) { return e };', 19, 44)).toBe('(          \n        function (e) { return e })');
  });

  it('a function on the first line, after other code', () => {
    const s = 'var f = (e) => e.name;';
    expect(compileText(s, 8, 21)).toBe('       ((e) => e.name)');
  });

  it('keeps line and column, whatever precedes it', () => {
    const line = fc.stringMatching(/^[a-z ;=+\t]{0,12}$/);
    const sep = fc.constantFrom('\n', '\r\n', '\u2028');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, sep), { maxLength: 4 }), line, (lines, last) => {
        const head = lines.map(([l, s]) => l + s).join('') + last;
        if (head.length === 0) return;
        const fn = 'function (e) {\n  return e;\n}';
        const script = `${head}${fn}`;
        const text = compileText(script, head.length, script.length);
        const at = text.indexOf('function');
        expect(lineCol(text, at)).toEqual(lineCol(script, head.length));
        expect(text.endsWith(`${fn})`)).toBe(true);
        // Parenthesized: an expression whose value is the function.
        expect(typeof new Function(`return ${text.replace(/[\r\n\u2028]/gu, ' ')}`)()).toBe('function');
      }),
    );
  });
});
