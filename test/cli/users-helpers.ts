/** Real child processes running `node bin/quarry.js` (built by `npm run build`), on temp stores made with `quarry import`. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin', 'quarry.js');
const made: string[] = [];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function quarry(args: string[], o: { input?: string; cwd?: string } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: o.cwd ?? REPO,
    input: o.input,
    encoding: 'utf8',
    env: { ...process.env, QUARRY_PROGRESS: '0', QUARRY_STORE: '' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-cli-users-'));
  made.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

const ev = (event: string, id: string, day: string, props: Record<string, unknown> = {}, hms = '12:00:00') => ({
  event,
  properties: { time: Date.parse(`${day}T${hms}Z`) / 1000, distinct_id: id, ...props },
});

export const EVENTS = [
  ev('Login', 'a', '2024-03-01'),
  ev('Purchase', 'a', '2024-03-28', { amount: 10, method: 'card' }),
  ev('Purchase', 'a', '2024-03-29', { amount: 20, method: 'card' }),
  ev('Purchase', 'a', '2024-03-30', { amount: 30, method: 'paypal' }),
  ev('Purchase', 'b', '2024-03-30', { amount: 5, method: 'card' }),
  ev('Login', 'b', '2024-03-30', {}, '13:00:00'),
  ev('Login', 'c', '2024-02-01'),
  ev('Purchase', 'd', '2024-03-30', { amount: 100 }, '08:00:00'),
  ev('Purchase', 'd', '2024-03-30', { amount: 200 }, '09:00:00'),
];

export const PEOPLE_CSV =
  '$distinct_id,$name,$email,$city,plan,age,Cohort\na,Ann,ann@x.io,Berlin,pro,30,Android Users\nb,Bob,bob@x.io,Paris,free,40,iOS Users\nc,"Cy, Jr.",,Paris,pro,,Android Users\ne,Eve,eve@x.io,,free,,\n';

/** A store with the events above and the profiles of PEOPLE_CSV (typed). Returns its directory. */
export function makeStore(): string {
  const dir = tempDir();
  const store = path.join(dir, 'store');
  const must = (r: Run) => {
    if (r.code !== 0) throw new Error(`quarry failed: ${r.stderr}`);
  };
  must(quarry(['init', '--store', store]));
  fs.writeFileSync(path.join(dir, 'events.jsonl'), EVENTS.map((e) => JSON.stringify(e)).join('\n'));
  must(quarry(['import', 'events', path.join(dir, 'events.jsonl'), '--store', store]));
  fs.writeFileSync(path.join(dir, 'people.csv'), PEOPLE_CSV);
  must(quarry(['import', 'people', path.join(dir, 'people.csv'), '--store', store, '--infer-types']));
  return store;
}

export function writeFile(name: string, text: string): string {
  const f = path.join(tempDir(), name);
  fs.writeFileSync(f, text);
  return f;
}

export { ev };
