/**
 * Which function in the script a registered user function is: the one whose source
 * text is exactly the text the sandbox reported (Function.prototype.toString). None
 * (a bound or built-in function, a method, code made by eval) or more than one (two
 * identical texts, which may sit in different scopes and lines) is no answer.
 */
import type { FunctionNode, ParsedScript } from './parse-script.js';

export function findFunction(p: ParsedScript, text: string): FunctionNode | 'none' | 'several' {
  const found = p.functions.filter((f) => f.end - f.start === text.length && p.source.slice(f.start, f.end) === text);
  if (found.length === 0) return 'none';
  if (found.length > 1) return 'several';
  return found[0]!;
}
