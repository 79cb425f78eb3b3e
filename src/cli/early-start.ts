/**
 * `quarry run`: start the sandbox worker before the CLI's own modules (yargs and the
 * command table, ~0.1 s) load, so the worker's Node start-up and wasm load overlap
 * them. bin/quarry.js calls this next to main(); the run command's prewarmSandbox
 * then finds the worker and sends it the run's seed and fixed time to install the
 * stdlib (sandbox/session.ts). With `--memory` the worker's limits are not the
 * default ones: nothing starts early.
 */
import { DEFAULT_MEMORY_MB } from './run-defaults.js';

export async function startEarly(argv: readonly string[]): Promise<void> {
  if (argv[0] !== 'run' || argv.some((a) => a === '--memory' || a.startsWith('--memory=') || a === '--help' || a === '-h')) return;
  const { prewarmSandbox } = await import('../sandbox/index.js');
  prewarmSandbox(DEFAULT_MEMORY_MB * 1024 * 1024, 1);
}
