// Load one of quarry's single-file bundles (dist/bundle/*.cjs, built by scripts/bundle.mjs)
// with a V8 code cache: compiling quarry's modules is a large part of a short run's start-up,
// and Node 20 caches no compiled code on its own. Decision: docs/decisions/0018-cli-bundle.md.
//
// The cache file sits beside the bundle (<bundle>.<command>.v8cache). Its header holds a key
// made of the Node and V8 versions, the platform and the bundle file's size, mtime and inode,
// so a rebuilt bundle or another Node never reads a stale cache (V8 itself checks only the
// source's length and its own version and flags). A cache V8 rejects anyway is ignored. It is written
// once, when missing or rejected, to a temporary file renamed into place, so concurrent runs
// never read half a file; a directory that cannot be written just means no cache.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const MAGIC = 'quarry-v8cache-1';

/**
 * The bundle's manifest (<bundle>.json, written by scripts/bundle.mjs): `files` it reads
 * from its build-time layout, and whether its text is all `ascii`. Null when unreadable.
 */
function readManifest(file) {
  try {
    return JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
  } catch {
    return null;
  }
}

function layoutHolds(file) {
  const manifest = readManifest(file);
  if (manifest === null) return false;
  const dir = path.dirname(file);
  return manifest.files.every((f) => fs.existsSync(path.join(dir, f)));
}

/**
 * The bundle at `file`, or null when it is absent or its build-time layout is not there
 * (the caller then loads dist/src/ module by module).
 */
function bundleUsable(file) {
  return process.env.QUARRY_NO_BUNDLE === undefined && fs.existsSync(file) && layoutHolds(file);
}

/**
 * The bundle's identity: its size, modification time (ns) and inode. Hashing its 5.6 MB
 * text would cost more than the compile time saved on a small machine; a rebuild writes
 * a new file (scripts/bundle.mjs removes dist/bundle/ first, caches included).
 */
function cacheKey(file) {
  const st = fs.statSync(file, { bigint: true });
  return `${MAGIC} ${process.version} ${process.versions.v8} ${process.platform}-${process.arch} ${st.size} ${st.mtimeNs} ${st.ino}`;
}

function readCache(cacheFile, key) {
  let buf;
  try {
    buf = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const nl = buf.indexOf(10);
  if (nl < 0 || buf.subarray(0, nl).toString('latin1') !== key) return undefined;
  return buf.subarray(nl + 1);
}

function writeCache(cacheFile, key, data) {
  const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${key}\n`, 'latin1'), data]));
    fs.renameSync(tmp, cacheFile);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {}
  }
}

/**
 * Run the bundle at `file` and return its exports. The bundle sees `__quarryBundle`:
 * where its sibling bundles are, and saveCodeCache() (the worker calls it once its hot
 * path has run; the CLI's cache is saved when the process exits). `opts.cacheName` keeps
 * one cache per name (the CLI's command), `opts.saveAtExit` saves it at exit.
 */
function runBundle(file, opts = {}) {
  if (opts.cacheName !== undefined && !/^[a-z][a-z-]{0,30}$/.test(opts.cacheName)) opts = { ...opts, cacheName: 'other' };
  const key = cacheKey(file);
  // An all-ASCII bundle read as latin1 is a one-byte string, made without UTF-8 decoding.
  const source = fs.readFileSync(file, readManifest(file)?.ascii === true ? 'latin1' : 'utf8');
  // One cache per CLI command: each holds the functions its own runs compiled.
  const cacheFile = `${file}${opts.cacheName ? `.${opts.cacheName}` : ''}.v8cache`;
  const cachedData = readCache(cacheFile, key);
  const wrapped = `(function (exports, require, module, __filename, __dirname, __quarryBundleUrl, __quarryBundle, __quarryImport) {${source}\n})`;
  const url = pathToFileURL(file).href;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  let saved = cachedData !== undefined && !script.cachedDataRejected;
  const saveCodeCache = () => {
    if (saved) return;
    saved = true;
    writeCache(cacheFile, key, script.createCachedData());
  };
  if (opts.saveAtExit) process.once('exit', saveCodeCache);
  const dir = path.dirname(file);
  const bundle = { dir, saveCodeCache, sandboxWorker: path.join(dir, 'sandbox-worker.boot.cjs'), shardWorker: path.join(dir, 'shard-worker.boot.cjs') };
  const mod = { exports: {} };
  // The bundle's dynamic imports (bundle.mjs rewrites them): node: modules, and what it
  // leaves out, from dist/src/ relative to itself.
  const importFromBundle = (specifier) => import(specifier.startsWith('.') ? new URL(specifier, url).href : specifier);
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dir, url, bundle, importFromBundle);
  return mod.exports;
}

module.exports = { bundleUsable, runBundle };
