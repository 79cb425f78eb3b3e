/**
 * Shared pieces of the stress suite: processes started on a barrier, and a
 * whole-store check that reads every file a manifest refers to. (The seeded random
 * source is test/helpers/seeded.ts.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Store, valueAt } from '../../src/store/index.js';
import { cliEnv, REPO } from '../helpers/index.js';

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const CHILD = path.join(import.meta.dirname, 'barrier-child.mjs');

/**
 * Start one `quarry` process per argument list; each loads its modules, then all wait
 * on one barrier file and start together. Resolves when all have exited.
 */
export async function onBarrier(argLists: string[][], barrierDir: string): Promise<ProcResult[]> {
  if (!fs.existsSync(path.join(REPO, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const go = path.join(barrierDir, `go-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const children: ChildProcess[] = [];
  const runs = argLists.map((args) => {
    const child = spawn(process.execPath, [CHILD, go, ...args], { cwd: REPO, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    return new Promise<ProcResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  });
  // Release the barrier once every child has loaded (bounded wait).
  for (let i = 0; i < 3000; i++) {
    const ready = fs.readdirSync(barrierDir).filter((f) => f.startsWith(`${path.basename(go)}.ready-`)).length;
    if (ready >= argLists.length) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const c of children) c.stdin!.write('g');
  return Promise.all(runs);
}

/**
 * Open the store and read every file its manifest refers to (every column of every
 * partition and profile table, the user dictionary): what any query could touch.
 * Returns the event count and the user-profile count; throws when anything is missing.
 */
export function readWholeStore(dir: string): { events: number; profiles: number; groups: Record<string, number> } {
  const s = Store.open(dir);
  let events = 0;
  for (const day of s.days()) {
    const p = s.openPartition(day);
    if (p.name.indices.length !== p.length || p.user.length !== p.length || p.time.length !== p.length)
      throw new Error(`partition ${day}: fixed columns do not match its row count`);
    p.column('$insert_id');
    for (const k of p.keys()) {
      const c = p.column(k);
      for (let i = 0; i < p.length; i++) valueAt(c, i);
    }
    for (let i = 0; i < p.length; i++) if (p.user[i]! >= s.users.size) throw new Error(`partition ${day}: user number ${p.user[i]} beyond the dictionary`);
    events += p.length;
  }
  const readTable = (t: ReturnType<Store['profiles']>) => {
    if (t === null) return 0;
    void t.time;
    void t.lastSeen;
    for (const k of t.keys()) t.column(k);
    return t.length;
  };
  const profiles = readTable(s.profiles());
  if (s.profiles()) for (const u of s.profiles()!.user) if (u >= s.users.size) throw new Error(`profile of user number ${u} beyond the dictionary`);
  const groups: Record<string, number> = Object.create(null);
  for (const key of Object.keys(s.manifest.groups)) {
    const t = s.groupProfiles(key);
    void t?.groupIds;
    groups[key] = readTable(t);
  }
  if (events !== s.eventCount) throw new Error('event count differs from the manifest');
  return { events, profiles, groups };
}

/** No JavaScript stack trace and no internal-error text in a CLI's output. */
export function looksClean(text: string): boolean {
  return !/\n\s+at .+[:(]\d+:\d+\)?/.test(text) && !/internal error|This is a bug/.test(text);
}
