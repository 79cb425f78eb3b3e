/**
 * An import killed midway (SIGKILL: no handler runs, no cleanup) leaves the store as it
 * was. The import runs in a real child process, on JavaScript compiled from src/ by
 * tsc into a private directory (inside node_modules/.cache, so `apache-arrow` and
 * `csv-parse` resolve), and is killed either while reading a large CSV or while it is
 * writing the new profile table.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPeople, importPeopleCsv } from '../../../src/ingest/index.js';
import { LOCK_FILE } from '../../../src/store/index.js';
import { cleanStores, inputsOf, profileCount, tempFile, tempStore, userProfile } from './helpers.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const ROWS = 200_000;
let outDir = '';
let csv = '';
let script = '';

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(REPO, 'node_modules', '.cache-quarry-atomic-'));
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
    '--outDir',
    outDir,
    '--rootDir',
    REPO,
    '--target',
    'ES2022',
    '--module',
    'NodeNext',
    '--moduleResolution',
    'NodeNext',
    '--skipLibCheck',
    '--types',
    'node',
    '--esModuleInterop',
  ];
  try {
    execFileSync(process.execPath, [tsc, ...args, path.join(REPO, 'src/ingest/index.ts')], { cwd: REPO, stdio: 'pipe' });
  } catch {
    /* type errors elsewhere in the tree still emit JavaScript; the import below tells */
  }
  fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}');
  const lines = ['$distinct_id,$name,plan'];
  for (let i = 0; i < ROWS; i++) lines.push(`c${i},Name ${i},${i % 2 ? 'free' : 'premium'}`);
  csv = tempFile('big.csv', lines.join('\n') + '\n');
  // The child: import the CSV, telling the parent when it reads and when it writes
  // profile files; with "writing" it then blocks so the kill lands mid-write.
  script = tempFile(
    'child.mjs',
    `import fs from 'node:fs';
const [ingestUrl, storeUrl, dir, file, stopAt] = process.argv.slice(2);
const { importPeopleCsv } = await import(ingestUrl);
const { Store } = await import(storeUrl);
const write = fs.writeFileSync;
let profileFiles = 0;
fs.writeFileSync = (f, ...rest) => {
  write(f, ...rest);
  if (stopAt === 'writing' && String(f).includes('/profiles/') && ++profileFiles === 3) {
    process.stdout.write('writing\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
};
await importPeopleCsv(Store.open(dir), file, { onProgress: (p) => process.stdout.write('progress ' + p.records + '\\n') });
process.stdout.write('done\\n');
`,
  );
});

afterAll(() => {
  cleanStores();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

/** Run the child until it prints `signal`, then SIGKILL it. Resolves with what it printed. */
function runAndKill(storeDir: string, signal: RegExp, stopAt: string): Promise<string> {
  const url = (p: string) => pathToFileURL(path.join(outDir, p)).href;
  const child = spawn(process.execPath, [script, url('src/ingest/index.js'), url('src/store/index.js'), storeDir, csv, stopAt], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b) => (err += b));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b) => {
      out += b;
      if (signal.test(out)) child.kill('SIGKILL');
    });
    child.on('exit', (code, sig) => {
      if (sig === 'SIGKILL') resolve(out);
      else reject(new Error(`child exited with ${code} before it was killed:\n${out}\n${err}`));
    });
  });
}

describe('an import killed midway leaves the store as before', () => {
  for (const [stopAt, signal] of [
    ['reading', /progress 50000/],
    ['writing', /writing/],
  ] as const) {
    it(`killed while ${stopAt}`, async () => {
      const store = tempStore();
      await importPeople(store, inputsOf('people.json'), { now: Date.UTC(2024, 0, 1) });
      const manifestBefore = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
      const profileBefore = userProfile(store, 'u1');

      const out = await runAndKill(store.dir, signal, stopAt);
      expect(out).not.toContain('done');
      // The kill left the lock behind, and (when writing) half a profile table.
      expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(true);
      if (stopAt === 'writing') expect(fs.existsSync(path.join(store.dir, 'profiles', `g${store.reopen().manifest.generation + 1}`))).toBe(true);

      expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
      expect(profileCount(store)).toBe(3);
      expect(userProfile(store, 'u1')).toEqual(profileBefore);
      expect(store.reopen().users.size).toBe(3);

      // The next writer takes over the dead process's lock and clears its leftovers...
      store.begin('check').abort();
      expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
      expect(fs.readdirSync(path.join(store.dir, 'profiles'))).toEqual(['g1']);
      // ...and imports work as before.
      const r = await importPeopleCsv(store, csv, { now: Date.UTC(2024, 0, 2) });
      expect(r.imported).toBe(ROWS);
      expect(profileCount(store)).toBe(ROWS + 3);
    });
  }
});
