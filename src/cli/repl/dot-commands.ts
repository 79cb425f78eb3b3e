/** The REPL's dot-commands, registered in one table. */
import fs from 'node:fs';
import type { OutputFormat } from '../../output/index.js';
import { OUTPUT_FORMATS } from '../../output/index.js';

export interface ReplState {
  params: unknown;
  format: OutputFormat;
  /** Top-level code entered so far (helper functions, vars), prepended to every query. */
  prelude: string[];
  print(text: string): void;
  runScript(source: string, label: string): Promise<void>;
  close(): void;
}

export interface DotCommand {
  help: string;
  run(state: ReplState, arg: string): Promise<void> | void;
}

export const DOT_COMMANDS: Record<string, DotCommand> = {
  help: {
    help: 'Show this help',
    run(s) {
      s.print('Type a JQL expression (it runs as the body of main), or top-level code (kept for later queries).');
      s.print('Input continues over several lines until the code is complete; a line starting with .method( continues the query above.');
      s.print('Tab completes names (Events, mixpanel.reducer.*, property names). Ctrl-C cancels a running query or the input;');
      s.print('Ctrl-C twice on an empty line, Ctrl-D or .exit leaves.\n');
      for (const [name, c] of Object.entries(DOT_COMMANDS)) s.print(`  .${name.padEnd(8)} ${c.help}`);
    },
  },
  params: {
    help: '.params JSON   set the params object scripts see (no argument: show it)',
    run(s, arg) {
      if (arg.trim() === '') {
        s.print(JSON.stringify(s.params));
        return;
      }
      try {
        s.params = JSON.parse(arg);
      } catch (e) {
        s.print(`params must be JSON: ${(e as Error).message}`);
      }
    },
  },
  format: {
    help: `.format F      output format: ${OUTPUT_FORMATS.join(', ')} (no argument: show it)`,
    run(s, arg) {
      const f = arg.trim();
      if (f === '') s.print(s.format);
      else if ((OUTPUT_FORMATS as readonly string[]).includes(f)) s.format = f as OutputFormat;
      else s.print(`unknown format ${JSON.stringify(f)}; one of ${OUTPUT_FORMATS.join(', ')}`);
    },
  },
  load: {
    help: '.load FILE     run a script file (with main) and keep its helpers',
    async run(s, arg) {
      const file = arg.trim();
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        s.print(`cannot read ${file}: ${(e as Error).message}`);
        return;
      }
      await s.runScript(text, file);
    },
  },
  clear: {
    help: 'Forget the top-level code entered so far',
    run(s) {
      s.prelude = [];
    },
  },
  exit: {
    help: 'Leave the REPL',
    run(s) {
      s.close();
    },
  },
};
