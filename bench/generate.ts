/**
 * Write the benchmark input files for one size, in the hosted export formats:
 *   bench/data/<size>/events.jsonl    raw event export, one JSON object a line
 *   bench/data/<size>/profiles.jsonl  engage export records, one a line
 * Deterministic (src/demo, seed 42): the same size always gives byte-identical files.
 *
 *   node dist/bench/generate.js --size 5m
 */
import fs from 'node:fs';
import { demoEvents, demoProfiles } from '../src/demo/index.js';
import { demoOptions, parseSize, paths, type Size } from './sizes.js';

async function writeLines(file: string, values: Iterable<unknown>): Promise<{ lines: number; bytes: number }> {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let buf: string[] = [];
  let len = 0;
  let lines = 0;
  let bytes = 0;
  const flush = () => {
    const s = buf.join('');
    bytes += fs.writeSync(fd, s);
    buf = [];
    len = 0;
  };
  for (const v of values) {
    const s = `${JSON.stringify(v)}\n`;
    buf.push(s);
    len += s.length;
    lines++;
    if (len > 4 << 20) flush();
  }
  flush();
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return { lines, bytes };
}

export async function generate(size: Size, log: (s: string) => void = () => {}): Promise<void> {
  const p = paths(size);
  fs.mkdirSync(p.dir, { recursive: true });
  const o = demoOptions(size);
  if (!fs.existsSync(p.events)) {
    const t = Date.now();
    const r = await writeLines(p.events, demoEvents(o));
    log(`generated ${p.events}: ${r.lines} events, ${(r.bytes / 1e6).toFixed(0)} MB (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  if (!fs.existsSync(p.profiles)) {
    const r = await writeLines(p.profiles, demoProfiles(o));
    log(`generated ${p.profiles}: ${r.lines} profiles, ${(r.bytes / 1e6).toFixed(1)} MB`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--size');
  await generate(parseSize(i >= 0 ? process.argv[i + 1] : undefined), (s) => console.log(s));
}
