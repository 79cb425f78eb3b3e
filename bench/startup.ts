/**
 * Where the fixed cost of `quarry run` goes (issue 16): whole processes, each one step
 * more than the last, on an empty store, so the differences are the pieces.
 *
 *   node dist/bench/startup.js [--runs 15]
 *
 *   node -e 0                     Node itself
 *   quarry --version              + the CLI's own modules (yargs, command table)
 *   import the engine modules     + exec/output/cohort/store/selector module loading (dist/src/)
 *   sandbox session               + a QuickJS worker started, stdlib loaded, main() recorded
 *   quarry run, module by module  the whole command on an empty store, from dist/src/
 *   quarry run (built-ins only)   the same from the code-cached bundle (dist/bundle/, decision 0018)
 *
 * The two `quarry --version`/`quarry run` bundle steps run once before timing, so their
 * code caches exist (a fresh build writes them on its first run).
 * Prints medians (min-max) of wall and CPU (user + sys) seconds; CPU is the steadier
 * figure on a loaded machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './sizes.js';

const SCRIPT = 'function main() { return Events({from_date: "2024-01-01", to_date: "2024-01-31"}).groupBy(["name"], mixpanel.reducer.count()); }';

function main(): void {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 15;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-startup-'));
  const store = path.join(tmp, 'store');
  const script = path.join(tmp, 'q.js');
  fs.writeFileSync(script, SCRIPT);
  const bin = path.join(ROOT, 'bin/quarry.js');
  const dist = (p: string) => JSON.stringify(path.join(ROOT, 'dist/src', p));
  spawnSync('node', [bin, 'init', '--store', store]);
  const noBundle = { ...process.env, QUARRY_NO_BUNDLE: '1' };
  const steps: Array<[string, string[], NodeJS.ProcessEnv?]> = [
    ['node -e 0', ['node', '-e', '0']],
    ['quarry --version', ['node', bin, '--version']],
    [
      '+ engine modules imported',
      [
        'node',
        '--input-type=module',
        '-e',
        `await Promise.all([import(${dist('exec/index.js')}), import(${dist('output/index.js')}), import(${dist('cohort/index.js')}), import(${dist('cli/resolve-store.js')})]);`,
      ],
    ],
    [
      'sandbox session (worker, stdlib, main() recorded)',
      [
        'node',
        '--input-type=module',
        '-e',
        `const s = await import(${dist('sandbox/index.js')}); const x = await s.openSession({ source: ${JSON.stringify(SCRIPT)}, filename: 'q.js', params: {}, limits: { timeoutMs: 60000, memoryBytes: 256 << 20 } }); await x.close(); await s.shutdownSandboxPool();`,
      ],
    ],
    ['quarry run, module by module (QUARRY_NO_BUNDLE=1)', ['node', bin, 'run', script, '--store', store, '--format', 'json'], noBundle],
    ['quarry run (built-ins only, empty store)', ['node', bin, 'run', script, '--store', store, '--format', 'json']],
  ];
  for (const [, cmd, env] of steps) spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env });
  const rss = path.join(tmp, 'rss');
  const res = steps.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let r = 0; r < runs; r++) {
    steps.forEach(([, cmd, env], k) => {
      const t0 = process.hrtime.bigint();
      const p = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', rss, ...cmd], { cwd: ROOT, encoding: 'utf8', env });
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (p.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${p.stderr}`);
      const [u, s] = fs.readFileSync(rss, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      res[k]!.wall.push(wall);
      res[k]!.cpu.push(u! + s!);
    });
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const f = (xs: number[]) => `${med(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
  const out = ['| step | wall s, median (min–max) | CPU s, median (min–max) |', '|---|---|---|'];
  steps.forEach(([name], k) => out.push(`| ${name} | ${f(res[k]!.wall)} | ${f(res[k]!.cpu)} |`));
  out.push(
    '',
    `${runs} runs, interleaved; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main();
