/** Run the built CLI (`node bin/quarry.js`) as a child process. Needs `npm run build`. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(REPO, 'bin', 'quarry.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let cache: string | undefined;
/** Environment for the child: a private cache dir (never the user's demo store), CI=1. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  cache ??= tempDir('quarry-cache-');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.QUARRY_STORE;
  delete env.QUARRY_CLUSTER;
  delete env.FORCE_COLOR;
  return { ...env, QUARRY_CACHE: cache, CI: '1', ...extra };
}

/** Start `quarry ...args`; the caller owns the process. `nodeArgs` go before the script (e.g. `-r file`); `input`: its standard input. */
export function startCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[]; input?: string } = {}): ChildProcess {
  if (!fs.existsSync(path.join(REPO, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    env: cliEnv(opts.env),
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  return child;
}

/**
 * Start `quarry ...args` so that its peak resident memory (the whole process, worker
 * threads included) can be read after it exits: `peakKb()`.
 */
export function startMeasuredCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): { child: ChildProcess; peakKb(): number } {
  const file = path.join(tempDir('quarry-peak-'), 'peak');
  const child = startCli(args, {
    ...opts,
    nodeArgs: ['-r', path.join(REPO, 'test', 'helpers', 'peak-rss.cjs')],
    env: { ...opts.env, QUARRY_TEST_PEAK_FILE: file },
  });
  return { child, peakKb: () => Number(fs.readFileSync(file, 'utf8')) };
}

/** Run `quarry ...args` to completion and report its peak resident memory (KB). */
export async function runMeasuredCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult & { peakKb: number }> {
  const { child, peakKb } = startMeasuredCli(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  const r = await new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { ...r, peakKb: peakKb() };
}

/** Run `quarry ...args` to completion (`nodeArgs`: as startCli). */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string; nodeArgs?: string[] } = {}): Promise<CliResult> {
  const child = startCli(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The version in package.json. */
export const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** Replace machine-specific text (given paths, the repo path, the version) so output can be compared. */
export function normalizeOutput(text: string, replacements: Record<string, string> = {}): string {
  let out = text;
  for (const [from, to] of Object.entries(replacements)) out = out.split(from).join(to);
  out = out.split(REPO).join('<repo>').replace(/\r\n/g, '\n');
  return out.replace(new RegExp(`(^|[^\\d.])${VERSION.replace(/\./g, '\\.')}(?![\\d.])`, 'g'), '$1<version>');
}
