/**
 * `quarry run SCRIPT --cluster tcp://HOST:8786`: the shard protocol's three steps
 * around the Dask driver, in a temporary folder removed at the end:
 *   1. `quarry plan` pins the store and writes the task list (plan.json);
 *   2. the driver (contrib/dask/quarry_dask.py) runs every task and the ordered merges
 *      on the cluster and writes the final part here;
 *   3. `quarry finish` runs the remaining stages and writes the result exactly as a
 *      local run does (same --format/--out rules), and releases the pin.
 * plan and finish run as child processes of this same quarry, through the commands'
 * documented interface, so a cluster run and a hand-made one are the same thing.
 * A child's message goes to stderr as it printed it, and its exit code becomes ours.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { UsageError } from '../../errors.js';
import { checkOutFolder } from '../out-file.js';
import { scriptName } from '../script-name.js';
import { ClusterProgress } from './cluster-progress.js';
import { runDriver, workerCommand } from './dask-driver.js';
import { driverPath, selfCommand } from './package-files.js';
export { schedulerAddress } from './scheduler-address.js';

export interface ClusterRunArgs {
  scheduler: string;
  file: string;
  params?: string;
  paramsFile?: string;
  store?: string;
  shards?: string;
  keySlices?: string;
  seed?: number;
  now?: string;
  timeout?: number;
  memory?: number;
  translate?: boolean;
  maxOutput?: number;
  format?: string;
  json?: boolean;
  out?: string;
  crlf?: boolean;
  wide?: boolean;
  stats?: boolean;
}

/** Seconds to reach the scheduler before saying it is unreachable. */
const CONNECT_TIMEOUT_S = 5;

/** The store argument for `quarry plan`: a URI as given, a folder made absolute (workers run elsewhere). */
async function storeForPlan(explicit: string | undefined): Promise<string> {
  const given = explicit ?? (process.env.QUARRY_STORE || undefined);
  if (given !== undefined) return /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : path.resolve(given);
  const { resolveStore } = await import('../resolve-store.js');
  return path.resolve((await resolveStore(undefined)).store.dir);
}

export async function runOnCluster(a: ClusterRunArgs): Promise<void> {
  if (a.out !== undefined && a.out !== '-') checkOutFolder(a.out, '--out');
  const shards = a.shards ?? 'auto';
  if (shards !== 'auto' && !/^[1-9]\d*$/.test(shards)) throw new UsageError(`--shards must be a positive whole number or auto, got ${JSON.stringify(shards)}`);
  const workers = workerCommand();
  driverPath(); // fail now, not after planning, when the package lacks the driver
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-cluster-'));
  const progress = new ClusterProgress(a.scheduler);
  try {
    const planFile = path.join(tmp, 'plan.json');
    const part = path.join(tmp, 'final.part');
    let finalParts = [part];
    if (a.file === '-' && a.paramsFile === '-') throw new UsageError('standard input can hold the script or the params, not both');
    // A script from standard input goes to quarry plan's standard input, so that it is
    // named <stdin> in console lines and messages, as in a local run.
    const script = a.file === '-' ? fs.readFileSync(0, 'utf8') : undefined;
    const planArgs = ['plan', a.file === '-' ? '-' : path.resolve(a.file), '--store', await storeForPlan(a.store), '--shards', shards, '--out', planFile];
    const params = a.paramsFile === '-' ? fs.readFileSync(0, 'utf8') : a.params;
    if (params !== undefined) planArgs.push('--params', params);
    else if (a.paramsFile !== undefined) planArgs.push('--params-file', path.resolve(a.paramsFile));
    if (a.keySlices !== undefined) planArgs.push('--key-slices', a.keySlices);
    if (a.seed !== undefined) planArgs.push('--seed', String(a.seed));
    if (a.now !== undefined) planArgs.push('--now', a.now);
    if (a.timeout !== undefined) planArgs.push('--timeout', String(a.timeout));
    if (a.memory !== undefined) planArgs.push('--memory', String(a.memory));
    if (a.translate === false) planArgs.push('--no-translate');
    // main()'s console lines print again when finish runs main() (or in the part of a
    // plan with nothing to split): shown here only if planning fails, so a cluster run
    // prints them once, as a local run does.
    const scriptLines = new RegExp(`^\\[${escapeRegExp(scriptName(a.file))}\\] `);
    if (!(await quarryChild(planArgs, 'ignore', { drop: PLAN_SUMMARY, holdUnlessFailed: scriptLines }, script))) return;

    try {
      await runDriver({
        scheduler: a.scheduler,
        jobs: [[planFile, part]],
        workerCommand: workers,
        connectTimeoutS: CONNECT_TIMEOUT_S,
        onEvent: (e) => {
          // With key slices the driver writes one final part per slice.
          if (e.event === 'finished' && e.outs) finalParts = e.outs;
          progress.onEvent(e);
        },
      });
    } finally {
      progress.stop();
    }

    const finishArgs = ['finish', planFile, ...finalParts];
    if (a.format !== undefined) finishArgs.push('--format', a.format);
    if (a.json) finishArgs.push('--json');
    if (a.out !== undefined) finishArgs.push('--out', path.resolve(a.out));
    if (a.crlf) finishArgs.push('--crlf');
    if (a.wide) finishArgs.push('--wide');
    if (a.maxOutput !== undefined) finishArgs.push('--max-output', String(a.maxOutput));
    if (a.stats) finishArgs.push('--stats');
    await quarryChild(finishArgs, 'inherit');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (a.stats) process.stderr.write(`${JSON.stringify({ cluster: progress.summary })}\n`);
  }
}

/** `quarry plan`'s own summary line: a local run does not print one, so neither does this. */
const PLAN_SUMMARY = /^quarry plan: /;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Run `quarry ARGS` with this Node and CLI; its stderr passes through (the script's
 * console lines, error messages), but for lines matching `filter.drop`, and lines
 * matching `filter.holdUnlessFailed`, printed only when it fails. False (and our exit
 * code set) when it fails. `input`: its standard input.
 */
function quarryChild(args: string[], stdout: 'ignore' | 'inherit', filter?: { drop: RegExp; holdUnlessFailed?: RegExp }, input?: string): Promise<boolean> {
  const [node, ...pre] = selfCommand();
  const held: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn(node!, [...pre, ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', stdout, filter ? 'pipe' : 'inherit'] });
    if (input !== undefined) child.stdin!.end(input);
    if (filter)
      readline.createInterface({ input: child.stderr! }).on('line', (line) => {
        if (filter.drop.test(line)) return;
        if (filter.holdUnlessFailed?.test(line)) held.push(line);
        else process.stderr.write(`${line}\n`);
      });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(true);
      for (const line of held) process.stderr.write(`${line}\n`);
      process.exitCode = code ?? 70;
      if (signal) process.stderr.write(`quarry: quarry ${args[0]} stopped by ${signal}\n`);
      resolve(false);
    });
  });
}
