// A quarry CLI process that loads everything an import needs, then waits until the
// parent creates the "go" file, so that several processes start their writes at the
// same instant (the parent writes one byte to every child's standard input at once).
// Usage: node barrier-child.mjs <ready-file-prefix> <quarry args...>
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [go, ...args] = process.argv.slice(2);
const dist = path.resolve(import.meta.dirname, '../../dist/src');
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { main } = await load('cli/main.js');
await load('ingest/index.js');
await load('store/index.js');
fs.writeFileSync(`${go}.ready-${process.pid}`, '');
process.stdin.once('data', () => {
  process.stdin.destroy();
  void main(args);
});
