// Are two stores' events the same? Per day: the manifest's meta (but its directory), then
// every file of the partition, byte for byte; a file whose bytes differ is decoded and
// compared value by value (string dictionaries may come out in another order when a day
// was written from spill runs instead of in one piece).
//   npm run build && node bench/compare-event-stores.mjs . /tmp/store-a /tmp/store-b
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
const [root, a, b] = process.argv.slice(2);
const { decodeColumn, valueAt } = await import(path.resolve(root) + '/dist/src/store/index.js');
const manifest = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const ma = manifest(a).events;
const mb = manifest(b).events;
const out = { days: 0, identicalFiles: 0, decodedEqualFiles: 0, unequal: [] };
const values = (bytes) => {
  const col = decodeColumn(bytes);
  return Array.from({ length: col.length }, (_, i) => valueAt(col, i));
};
if (!isDeepStrictEqual(Object.keys(ma).sort(), Object.keys(mb).sort())) out.unequal.push('days');
for (const day of Object.keys(ma).sort()) {
  const [da, db] = [ma[day], mb[day]];
  if (db === undefined) continue;
  out.days++;
  if (!isDeepStrictEqual({ ...da, dir: '' }, { ...db, dir: '' })) out.unequal.push(`${day}: meta`);
  const files = fs.readdirSync(path.join(a, da.dir)).sort();
  if (!isDeepStrictEqual(files, fs.readdirSync(path.join(b, db.dir)).sort())) {
    out.unequal.push(`${day}: files`);
    continue;
  }
  for (const f of files) {
    const [fa, fb] = [fs.readFileSync(path.join(a, da.dir, f)), fs.readFileSync(path.join(b, db.dir, f))];
    if (fa.equals(fb)) out.identicalFiles++;
    else if (isDeepStrictEqual(values(fa), values(fb))) out.decodedEqualFiles++;
    else out.unequal.push(`${day}/${f}`);
  }
}
console.log(JSON.stringify(out));
process.exitCode = out.unequal.length === 0 ? 0 : 1;
