/**
 * The `quarry` command. Commands load lazily, so `quarry info` never pays for the
 * sandbox or the selector parser.
 */
import yargs from 'yargs';
import { EXIT, UsageError } from '../errors.js';
import { reportError } from './handle-errors.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<void> {
  // A reader that goes away (`quarry run q.js | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // Standard error carries messages and console lines: when its reader goes away
  // (EPIPE) or the pipe refuses more (ENOBUFS), the run goes on without them.
  process.stderr.on('error', () => undefined);
  const debug = argv.includes('--debug');
  const parser = yargs(argv)
    .scriptName('quarry')
    .usage('quarry: run JQL scripts on your own event and profile data\n\nUsage: $0 <command> [options]')
    .option('debug', { type: 'boolean', describe: 'Show stack traces of internal errors' })
    .strict()
    .demandCommand(1, 'Name a command (see the list above).')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Each command has its own --help with examples. Docs: docs/cli.md')
    .fail((msg, err, y) => {
      // Throwing stops yargs before any handler runs.
      if (err) throw err;
      if (/Name a (sub)?command/.test(msg ?? '')) y.showHelp((s: string) => process.stderr.write(`${s}\n\n`));
      throw new UsageError(`${msg}\nRun with --help for usage.`);
    });
  for (const c of commands) parser.command(c);
  try {
    await parser.parseAsync();
  } catch (e) {
    process.exitCode = reportError(e, debug);
    return;
  }
  if (process.exitCode === undefined) process.exitCode = EXIT.OK;
}
