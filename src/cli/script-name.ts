import path from 'node:path';

/** What a script read from standard input is called in console lines and error messages. */
export const STDIN_NAME = '<stdin>';

/**
 * The name a script's console lines and errors carry (`[q.js] ...`): its file's base
 * name, or STDIN_NAME for `-`. `quarry run`, `quarry plan` and a cluster run's filter of
 * main()'s lines must agree on it.
 */
export function scriptName(file: string): string {
  return file === '-' ? STDIN_NAME : path.basename(file);
}
