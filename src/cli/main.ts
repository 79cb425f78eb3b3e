/**
 * The `quarry` command. Commands load lazily, so `quarry info` never pays for the
 * sandbox or the selector parser.
 */
import yargs from 'yargs';
import { EXIT, UsageError } from '../errors.js';
import { explainYargsMessage } from './arg-checks.js';
import { reportError } from './handle-errors.js';
import { commands } from './commands/index.js';

const STDIN_TOKEN = '\u0000stdin';

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
  // yargs drops a lone "-" from array positionals and turns it into "" elsewhere; it
  // means standard input, so it travels as a token that no file name can be.
  const parser = yargs(argv.map((a) => (a === '-' ? STDIN_TOKEN : a)))
    .middleware((args) => {
      for (const [k, v] of Object.entries(args)) {
        if (v === STDIN_TOKEN) args[k] = '-';
        else if (Array.isArray(v)) args[k] = v.map((x) => (x === STDIN_TOKEN ? '-' : x));
      }
    }, true)
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
      // yargs' own validation errors (YError) are usage errors; anything else is ours.
      if (err && err.name !== 'YError') throw err;
      if (err) msg = err.message;
      if (/Name a (sub)?command/.test(msg ?? '')) y.showHelp((s: string) => process.stderr.write(`${s}\n\n`));
      throw new UsageError(`${explainYargsMessage(msg ?? '') ?? msg}\nRun with --help for usage.`);
    });
  for (const c of commands) parser.command(c);
  skipHelpCaching(parser);
  try {
    await parser.parseAsync();
  } catch (e) {
    process.exitCode = reportError(e, debug);
    return;
  }
  if (process.exitCode === undefined) process.exitCode = EXIT.OK;
}

/**
 * yargs renders the whole help text of a command before running its handler, to have it
 * at hand should the handler fail later (command.js, `cacheHelpMessage`): with cliui's
 * string widths that was the largest single cost of `quarry run` on an empty store
 * (issue 16). quarry shows help only for validation failures, which come before any
 * handler, so nothing reads that text: skip rendering it. Without the internals (another
 * yargs), nothing changes.
 */
function skipHelpCaching(parser: unknown): void {
  const internals = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}
