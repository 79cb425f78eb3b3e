/**
 * The text a shard's sandbox evaluates to get one user function back: the function's
 * own source as a parenthesized expression, preceded by the script's text blanked
 * out (every character a space, line breaks kept) so the function starts at the very
 * line and column it has in the script. Its stack traces and error locations then
 * read exactly as they do in main()'s sandbox.
 *
 * @example compileText('var a = 1;\nvar f = function (e) { return e };', 19, 44)
 *   // -> '(          \n        function (e) { return e })'
 */
export function compileText(source: string, start: number, end: number): string {
  const before = source.slice(0, start).replace(/[^\r\n\u2028\u2029]/gu, ' ');
  const laterLine = /[\r\n\u2028\u2029]/u.test(before);
  if (!laterLine && before.length === 0) throw new Error('internal: a function at offset 0 cannot be compiled as an expression');
  // The '(' goes where it moves nothing: at the start of the text when the function
  // is on a later line, else in place of the blank just before the function.
  const open = laterLine ? `(${before}` : `${before.slice(0, -1)}(`;
  return `${open}${source.slice(start, end)})`;
}
