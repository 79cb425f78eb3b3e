/** Reads test/cases/selectors/*.cases: `number | context | match | expression | note` lines. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SelectorContext } from '../../../src/selector/index.js';

export interface SelectorCase {
  id: string;
  context: SelectorContext;
  match: boolean;
  expression: string;
  note: string;
}

export function readCases(name: string): SelectorCase[] {
  const path = fileURLToPath(new URL(`../../cases/selectors/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [id, context, match, expression, ...note] = line.split(' | ');
      if (expression === undefined || (match !== 'true' && match !== 'false')) throw new Error(`bad case line: ${line}`);
      return { id: id!, context: context as SelectorContext, match: match === 'true', expression, note: note.join(' | ').trim() };
    });
}
