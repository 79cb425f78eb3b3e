/** numberFromAscii reads a JSON number text's bytes as exactly the double `+text` gives. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { numberFromAscii } from '../../../src/selector/json-number.js';

const bytesOf = (s: string) => new TextEncoder().encode(s);
const read = (s: string) => numberFromAscii(bytesOf(`"x"${s},`), 3, 3 + s.length);

describe('numberFromAscii', () => {
  test('fast path and fallback texts', () => {
    const texts = [
      '0',
      '-0',
      '1',
      '24.99',
      '-2.5',
      '0.1',
      '0.0001',
      '123456789012345',
      '1234567890123456',
      '9007199254740993',
      '1e21',
      '5e-7',
      '-1.5e+300',
      '0.30000000000000004',
      '1.7976931348623157e308',
    ];
    for (const t of texts) expect(Object.is(read(t), +t), t).toBe(true);
  });

  test('every double: the bytes of JSON.stringify(x) read back as +text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer(),
          fc.integer({ min: -99999, max: 99999 }).map((n) => n / 100),
        ),
        (x) => {
          const t = JSON.stringify(x);
          expect(Object.is(read(t), +t)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
