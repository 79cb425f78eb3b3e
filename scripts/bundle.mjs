// Build quarry's single-file bundles from the compiled dist/src/ (run by `npm run build`
// after tsc): the CLI (dist/bundle/cli.cjs), the sandbox worker
// (dist/bundle/sandbox-worker.cjs) and the parallel scan's shard worker
// (dist/bundle/shard-worker.cjs), each loaded by bin/load-bundle.cjs with a V8 code cache.
// Why and how: docs/decisions/0018-cli-bundle.md.
//
// - Every module keeps its own import.meta.url (rewritten relative to the bundle's URL), so
//   the paths quarry computes from it (the stdlib folder, worker entries, createRequire, the
//   QuickJS wasm file) are those of the module-by-module layout. Files reached that way
//   that lie outside the package (in node_modules) are listed in <bundle>.json; the loader
//   falls back to dist/src/ when one is missing (another install layout).
// - Everything is inside, the HTTP server (fastify) and S3 stores (the AWS SDK) included:
//   behind quarry's dynamic imports they are only evaluated when used (~0.01 s CPU more per
//   run than leaving them out). Left out and imported from dist/src/, they would bring a
//   second copy of every module they share with the bundle (error classes that instanceof
//   no longer recognises, a second sandbox pool).
// - grammar/chevrotain.ts awaits at its top level (CommonJS cannot): here it becomes a plain
//   re-export of the same single-file chevrotain build it loads.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'bundle');
const require = createRequire(import.meta.url);
const chevrotainMin = path.join(path.dirname(require.resolve('chevrotain')), '..', 'chevrotain.min.mjs');

const toPosix = (p) => p.split(path.sep).join('/');
const fromBundle = (id) => toPosix(path.relative(outDir, id));

/**
 * Non-ASCII characters left in comments (output.charset 'ascii' escapes them in code, not
 * in the licence comments kept): written as \\u escapes, which mean nothing there. An
 * all-ASCII bundle is read as latin1 by the loader, a one-byte string: decoding 5 MB of
 * UTF-8 into a two-byte string cost ~20 ms of every start, and V8 then scans it twice as wide.
 */
function asciiComments(code) {
  return code.replace(/^[ \t]*(\/\/|\/\*|\*).*$/gm, (line) => line.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * Node built-ins that cost milliseconds to load (each sets up more of Node) and that
 * `quarry run` does not use: the bundle requires every built-in at its top, so these
 * become lazy bindings, required on first property read (LAZY_RUNTIME).
 */
const LAZY_BUILTINS = ['node:repl', 'node:child_process'];
const LAZY_RUNTIME = `function __quarryLazy(load) {
\tlet m;
\tconst get = () => (m ??= load());
\treturn new Proxy({}, { get: (_, k) => Reflect.get(get(), k), has: (_, k) => Reflect.has(get(), k), ownKeys: () => Reflect.ownKeys(get()), getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); return d && { ...d, configurable: true }; } });
}
`;

function lazyBuiltins(code) {
  let out = code;
  for (const mod of LAZY_BUILTINS) {
    const re = new RegExp(`^let (\\w+) = require\\(${JSON.stringify(mod).replace(/[/]/g, '\\/')}\\);\\n(?:\\1 = (__toESM)\\(\\1(, 1)?\\);\\n)?`, 'm');
    out = out.replace(re, (_, name, toEsm, flag) => `let ${name} = __quarryLazy(() => ${toEsm ? `__toESM(require(${JSON.stringify(mod)})${flag ?? ''})` : `require(${JSON.stringify(mod)})`});\n`);
  }
  return out === code ? code : `${LAZY_RUNTIME}${out}`;
}

/**
 * string-width (yargs' cliui, quarry's table output) builds an `Intl.Segmenter` at its top
 * level: the first one in a process loads ICU's break data, 10-50 ms, paid by every run
 * that loads those modules, even one that never measures a string. Built on first use.
 */
function lazySegmenters(code) {
  return code.replace(
    /^const (\w+) = new Intl\.Segmenter\(\);$/gm,
    (_, name) => `let ${name}$made;\nconst ${name} = { segment: (text) => (${name}$made ??= new Intl.Segmenter()).segment(text) };`,
  );
}

/**
 * Unicode-set regexes (the `v` flag; string-width's `\p{RGI_Emoji}` and friends) at a
 * module's top level: made from the code cache, V8 builds their sets when the literal is
 * evaluated, 10-30 ms of every run that loads string-width (yargs does), though `quarry run`
 * never measures a string. Made on first use instead: the stand-in forwards the methods
 * string-width calls (test, and search/match/replace/split through their symbols).
 */
const LAZY_REGEXP_RUNTIME = `function __quarryLazyRegExp(make) {
\tlet r;
\tconst get = () => (r ??= make());
\treturn { test: (s) => get().test(s), exec: (s) => get().exec(s), [Symbol.search]: (s) => get()[Symbol.search](s), [Symbol.match]: (s) => get()[Symbol.match](s), [Symbol.matchAll]: (s) => get()[Symbol.matchAll](s), [Symbol.replace]: (s, w) => get()[Symbol.replace](s, w), [Symbol.split]: (s, l) => get()[Symbol.split](s, l) };
}
`;

function lazyUnicodeSetRegexps(code) {
  const out = code.replace(/^const (\w+) = (\/(?:[^/\\\n]|\\.)+\/[dgimsuy]*v[dgimsuy]*);$/gm, (_, name, literal) => `const ${name} = __quarryLazyRegExp(() => ${literal});`);
  return out === code ? code : `${LAZY_REGEXP_RUNTIME}${out}`;
}

function quarryPlugin(outsideFiles) {
  return {
    name: 'quarry-bundle',
    load(id) {
      if (id === path.join(root, 'dist/grammar/chevrotain.js'))
        return `import * as c from ${JSON.stringify(chevrotainMin)};\nexport const { createToken, Lexer, CstParser, EOF, tokenMatcher } = c;\n`;
      return null;
    },
    // A dynamic import() inside vm.Script needs --experimental-vm-modules on Node 20: the
    // loader passes in __quarryImport, a real import() relative to the bundle's file.
    renderChunk(code) {
      const out = lazyBuiltins(asciiComments(code)).replace(/(?<![\w.$])import\((["'])([^"'\n]+)\1\)/g, (_, q, spec) => `__quarryImport(${q}${spec}${q})`);
      const left = out.split('\n').filter((line) => /(?<![\w.$])import\((?!\))/.test(line) && !/^\s*(\*|\/\/)/.test(line));
      if (left.length) throw new Error(`bundle: dynamic import() with a computed specifier:\n${left.join('\n')}`);
      return { code: out, map: null };
    },
    transform(code, id) {
      code = lazyUnicodeSetRegexps(lazySegmenters(code));
      if (!code.includes('import.meta')) return { code, map: null };
      const rel = fromBundle(id);
      if (!id.startsWith(root + path.sep) || id.includes(`${path.sep}node_modules${path.sep}`)) outsideFiles.add(rel);
      // import.meta.resolve (yargs' `extends` option, unused by quarry) has no CommonJS form.
      const url = `new URL(${JSON.stringify(rel)}, __quarryBundleUrl).href`;
      return { code: code.replaceAll('import.meta.url', url).replaceAll('import.meta.resolve', '(() => { throw new Error("import.meta.resolve in a bundle"); })'), map: null };
    },
  };
}

async function bundle(input, name) {
  const outsideFiles = new Set();
  await build({
    input: path.join(root, input),
    platform: 'node',
    checks: { pluginTimings: false },
    plugins: [quarryPlugin(outsideFiles)],
    output: { file: path.join(outDir, `${name}.cjs`), format: 'cjs', codeSplitting: false, sourcemap: false, charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } },
    logLevel: 'warn',
  });
  // ascii: the loader may read it as latin1 (see asciiComments).
  const ascii = !/[^\x00-\x7f]/.test(fs.readFileSync(path.join(outDir, `${name}.cjs`), 'latin1'));
  fs.writeFileSync(path.join(outDir, `${name}.cjs.json`), `${JSON.stringify({ files: [...outsideFiles].sort(), ascii }, null, 2)}\n`);
}

fs.rmSync(outDir, { recursive: true, force: true });
await bundle('dist/src/cli/bundle-entry.js', 'cli');
await bundle('dist/src/sandbox/worker.js', 'sandbox-worker');
await bundle('dist/src/exec/parallel/shard-worker.js', 'shard-worker');
// The workers' entry scripts: new Worker() needs a file; each loads its bundle code-cached.
const loader = toPosix(path.relative(outDir, path.join(root, 'bin', 'load-bundle.cjs')));
for (const name of ['sandbox-worker', 'shard-worker'])
  fs.writeFileSync(
    path.join(outDir, `${name}.boot.cjs`),
    `'use strict';\n// Generated by scripts/bundle.mjs: the ${name} thread's entry.\nrequire(${JSON.stringify(`./${loader}`)}).runBundle(require('node:path').join(__dirname, '${name}.cjs'));\n`,
  );
