import { defineCommand, storeOption } from '../define-command.js';
import { readParams } from './run.js';

export const replCommand = defineCommand<{ store?: string; params?: string; paramsFile?: string }>({
  command: 'repl',
  describe: 'Interactive JQL: type an expression such as Events({...}).groupBy(["name"], mixpanel.reducer.count())',
  examples: [
    ['quarry repl', 'on the current store (or the demo store)'],
    ['quarry repl --store data/acme --params \'{"day":"2024-03-01"}\'', 'with params preset'],
  ],
  builder: (y) =>
    storeOption(y)
      .option('params', { type: 'string', describe: 'JSON params for every query' })
      .option('params-file', { type: 'string', describe: 'Read params from a JSON file' }) as never,
  handler: async (a) => {
    const { resolveStore } = await import('../resolve-store.js');
    const { store } = await resolveStore(a.store);
    const { startRepl } = await import('../repl/server.js');
    process.stdout.write('quarry repl: type .help for help, Tab to complete, Ctrl-D to leave\n');
    await startRepl({ input: process.stdin, output: process.stdout, store, terminal: Boolean(process.stdin.isTTY), params: readParams(a) });
  },
});
