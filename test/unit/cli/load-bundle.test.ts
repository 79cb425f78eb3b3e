/**
 * bin/load-bundle.cjs: the single-file bundle's loader and its V8 code cache
 * (decision 0018). Each case runs a small bundle in a child Node process, as quarry does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp.js';

const LOADER = path.join(REPO, 'bin', 'load-bundle.cjs');

/** A bundle in a fresh folder: `source` is the body of the wrapper function. */
function makeBundle(source: string, manifestFiles: string[] = [], ascii?: boolean): string {
  const dir = tempDir('quarry-bundle-');
  const file = path.join(dir, 'cli.cjs');
  fs.writeFileSync(file, source);
  fs.writeFileSync(`${file}.json`, JSON.stringify({ files: manifestFiles, ascii }));
  return file;
}

/** Load `file` in a child process; prints what the bundle's main() returns and whether a cache was used. */
function load(file: string, opts: { env?: Record<string, string>; cacheName?: string } = {}): { usable: boolean; out: string; stderr: string } {
  const code = `
    const { bundleUsable, runBundle } = require(${JSON.stringify(LOADER)});
    const file = ${JSON.stringify(file)};
    if (!bundleUsable(file)) { console.log('unusable'); return; }
    const m = runBundle(file, { saveAtExit: true, cacheName: ${JSON.stringify(opts.cacheName ?? 'run')} });
    Promise.resolve(m.main()).then((v) => console.log(JSON.stringify(v)));`;
  const p = spawnSync(process.execPath, ['-e', `(() => {${code}})()`], { encoding: 'utf8', env: { ...process.env, ...opts.env } });
  expect(p.status, p.stderr).toBe(0);
  const out = p.stdout.trim();
  return { usable: out !== 'unusable', out, stderr: p.stderr };
}

const cacheFiles = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.v8cache'));

describe('load-bundle', () => {
  it('runs the bundle and writes one code cache per command, which the next run reads', () => {
    const file = makeBundle('exports.main = () => [typeof __quarryBundle.saveCodeCache, __filename];');
    expect(load(file).out).toBe(JSON.stringify(['function', file]));
    expect(cacheFiles(file)).toEqual(['cli.cjs.run.v8cache']);
    const header = fs.readFileSync(`${file}.run.v8cache`, 'latin1').split('\n')[0]!;
    expect(header).toContain(process.version);
    const before = fs.statSync(`${file}.run.v8cache`).mtimeMs;
    expect(load(file).out).toBe(JSON.stringify(['function', file]));
    // Accepted: not rewritten.
    expect(fs.statSync(`${file}.run.v8cache`).mtimeMs).toBe(before);
    load(file, { cacheName: 'info' });
    expect(cacheFiles(file).sort()).toEqual(['cli.cjs.info.v8cache', 'cli.cjs.run.v8cache']);
  });

  it('a rebuilt bundle of the same length does not read the old cache', () => {
    const file = makeBundle('exports.main = () => "one";');
    expect(load(file).out).toBe('"one"');
    const old = fs.readFileSync(`${file}.run.v8cache`);
    fs.rmSync(file);
    fs.writeFileSync(file, 'exports.main = () => "two";');
    expect(load(file).out).toBe('"two"');
    expect(fs.readFileSync(`${file}.run.v8cache`).equals(old)).toBe(false);
  });

  it('ignores a corrupt or foreign cache file and replaces it', () => {
    const file = makeBundle('exports.main = () => 42;');
    fs.writeFileSync(`${file}.run.v8cache`, 'not a cache\n\u0000\u0001garbage');
    expect(load(file).out).toBe('42');
    expect(fs.readFileSync(`${file}.run.v8cache`, 'latin1').startsWith('quarry-v8cache-1 ')).toBe(true);
  });

  it('a cache it cannot read or write just means no cache', () => {
    const file = makeBundle('exports.main = () => 1;');
    // A directory where the cache file should be: reading fails, and so does the rename.
    fs.mkdirSync(`${file}.run.v8cache`);
    fs.writeFileSync(path.join(`${file}.run.v8cache`, 'x'), '');
    expect(load(file).out).toBe('1');
    expect(load(file).out).toBe('1');
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the bundle imports relative to itself and node: modules through __quarryImport', () => {
    const file = makeBundle('exports.main = async () => [(await __quarryImport("./side.mjs")).x, typeof (await __quarryImport("node:fs")).readFileSync];');
    fs.writeFileSync(path.join(path.dirname(file), 'side.mjs'), 'export const x = "side";');
    expect(load(file).out).toBe(JSON.stringify(['side', 'function']));
  });

  it('is not used when a file of its build-time layout is missing, or with QUARRY_NO_BUNDLE', () => {
    const file = makeBundle('exports.main = () => 1;', ['../no-such-package/index.js']);
    expect(load(file).usable).toBe(false);
    const ok = makeBundle('exports.main = () => 1;', ['cli.cjs']);
    expect(load(ok).usable).toBe(true);
    expect(load(ok, { env: { QUARRY_NO_BUNDLE: '1' } }).usable).toBe(false);
    fs.rmSync(`${ok}.json`);
    expect(load(ok).usable).toBe(false);
  });

  it('reads an all-ASCII bundle as latin1 and any other as UTF-8', () => {
    expect(load(makeBundle('exports.main = () => "caf\\u00e9 \u00e9";', [], false)).out).toBe(JSON.stringify('caf\u00e9 \u00e9'));
    expect(load(makeBundle('exports.main = () => "caf\\u00e9";', [], true)).out).toBe(JSON.stringify('caf\u00e9'));
  });

  it('the built bundles are all ASCII and say so (scripts/bundle.mjs)', () => {
    for (const name of ['cli', 'sandbox-worker', 'shard-worker']) {
      const file = path.join(REPO, 'dist', 'bundle', `${name}.cjs`);
      if (!fs.existsSync(file)) continue;
      expect(JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')).ascii).toBe(true);
      expect(/[^\x00-\x7f]/.test(fs.readFileSync(file, 'latin1'))).toBe(false);
    }
  });

  it("string-width's unicode-set regexes are made on first use and answer as the literals do (scripts/bundle.mjs)", () => {
    const file = path.join(REPO, 'dist', 'bundle', 'cli.cjs');
    if (!fs.existsSync(file)) return;
    const text = fs.readFileSync(file, 'latin1');
    // No `v`-flag literal is evaluated at a module's top level any more.
    expect(text).not.toMatch(/^\s*\w+ = \/(?:[^/\\\n]|\\.)+\/[dgimsuy]*v[dgimsuy]*;$/m);
    const start = text.indexOf('function __quarryLazyRegExp(make) {');
    expect(start).toBeGreaterThanOrEqual(0);
    const lazy = new Function(`${text.slice(start, text.indexOf('\n}\n', start) + 3)}\nreturn __quarryLazyRegExp;`)() as (make: () => RegExp) => RegExp;
    const samples = [
      '',
      'a',
      'e\u0301',
      '\u200b',
      '\u0903',
      '\u{1F44D}',
      '\u{1F468}\u200d\u{1F469}',
      '1\u20e3',
      '\u{1F1FA}\u{1F1F8}',
      '\u00ad\u0300x',
      'abc\u{1F600}def',
    ];
    // Built from source text: the project's TypeScript target predates the `v` flag's literals.
    const sources: [string, string][] = [
      ['[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]', 'v'],
      ['\\p{Spacing_Mark}', 'v'],
      ['^\\p{RGI_Emoji}$', 'v'],
      ['\\p{Extended_Pictographic}', 'gv'],
    ];
    const pairs = sources.map(([src, flags]): [RegExp, RegExp] => [new RegExp(src, flags), lazy(() => new RegExp(src, flags))]);
    for (const [real, stand] of pairs) {
      for (const s of samples) {
        expect(stand.test(s)).toBe(real.test(s));
        expect(s.search(stand)).toBe(s.search(real));
        expect(s.match(stand)).toEqual(s.match(real));
        expect(s.replace(stand, '_')).toBe(s.replace(real, '_'));
        expect(s.split(stand)).toEqual(s.split(real));
      }
    }
  });
});
