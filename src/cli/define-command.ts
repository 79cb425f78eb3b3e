/**
 * The one place that knows yargs' command shape. Every command file exports
 * `defineCommand({...})`: its name, description, options, examples and handler.
 */
import type { Argv, CommandModule } from 'yargs';

export interface CommandSpec<A> {
  command: string | string[];
  describe: string;
  /** At least one example: `--help` shows them. */
  examples: Array<[string, string]>;
  builder?: (y: Argv) => Argv<A>;
  handler?: (args: A) => Promise<void> | void;
  /** Subcommands (e.g. `import events`). */
  subcommands?: CommandModule[];
}

export function defineCommand<A>(spec: CommandSpec<A>): CommandModule {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (y: Argv) => {
      let out = (spec.builder ? spec.builder(y) : y) as Argv;
      for (const sub of spec.subcommands ?? []) out = out.command(sub);
      if (spec.subcommands?.length) out = out.demandCommand(1, 'Name a subcommand (see the list above).');
      for (const [cmd, what] of spec.examples) out = out.example(cmd, what);
      return out;
    },
    handler: async (args) => {
      if (spec.handler) await spec.handler(args as A);
    },
  };
}

/** Options every store-reading command takes. */
export function storeOption<T>(y: Argv<T>) {
  return y.option('store', {
    type: 'string',
    describe: 'Store directory (default: $QUARRY_STORE, else ./.quarry, else the built-in demo store)',
  });
}
