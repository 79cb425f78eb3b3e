/**
 * Run the built CLI under a pseudo-terminal (util-linux `script`), for behaviour that
 * depends on a terminal: tables by default, widths fitted to the terminal, progress
 * lines, the REPL's keys. `cols` sets the terminal width with `stty` first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { BIN, cliEnv } from './cli.js';

export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function command(args: string[], cols: number): string {
  return `stty cols ${cols} rows 50; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
}

/** Environment for a terminal child: like cliEnv, but CI unset so progress lines may show. */
export function ttyEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cliEnv(extra);
  delete env.CI;
  delete env.QUARRY_PROGRESS;
  return env;
}

/** `quarry ...args` on a terminal `cols` wide; stdout and stderr arrive mixed, as on a screen (CRLF line ends). */
export function runInTty(args: string[], o: { cols?: number; env?: Record<string, string> } = {}): { code: number | null; output: string } {
  const r = spawnSync('script', ['-qec', command(args, o.cols ?? 100), '/dev/null'], { encoding: 'utf8', env: ttyEnv(o.env), input: '' });
  return { code: r.status, output: r.stdout.replace(/\r\n/g, '\n') };
}

/** Start `quarry ...args` on a terminal, to send keys to. */
export function startInTty(args: string[], o: { cols?: number; env?: Record<string, string> } = {}) {
  const child = spawn('script', ['-qec', command(args, o.cols ?? 100), '/dev/null'], { env: ttyEnv(o.env) });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    output: () => output,
    send: (keys: string) => child.stdin.write(keys),
    /** Resolves when the output (since `from`) matches; rejects after `ms` with what was seen. */
    waitFor: (re: RegExp, ms = 20_000, from = 0) =>
      new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const tick = setInterval(() => {
          if (re.test(output.slice(from))) {
            clearInterval(tick);
            resolve();
          } else if (Date.now() - t0 > ms) {
            clearInterval(tick);
            reject(new Error(`no ${re} in the terminal output:\n${JSON.stringify(output)}`));
          }
        }, 25);
      }),
    closed,
  };
}
