/**
 * Selector evaluation rate on a store: the vectorized evaluator (one pass per
 * partition over the columns) against the row evaluator (one record per event), for
 * the same expression. Usage (after npm run build):
 *   node dist/bench/micro/selector-rate.js STORE ['EXPRESSION']
 * Column loading is excluded from both timings (it is shared).
 */
import { compileRow, compileVector, parseSelector } from '../../src/selector/index.js';
import { Store, valueAt } from '../../src/store/index.js';

const [dir, expr = 'properties["mp_country_code"] == "US" and properties["amount"] > 10'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: selector-rate STORE [EXPRESSION]\n');
  process.exit(2);
}
const store = Store.open(dir);
const ast = parseSelector(expr);
const env = { timezone: store.timezone, nowSeconds: Math.floor(Date.now() / 1000) };
const vector = compileVector(ast, 'event', env);
const row = compileRow(ast, 'event', env);

let rows = 0;
let vecMs = 0;
let rowMs = 0;
let vecHits = 0;
let rowHits = 0;
for (const day of store.days()) {
  const part = store.openPartition(day);
  const keys = ['mp_country_code', 'amount', ...part.keys()].filter((k, i, a) => a.indexOf(k) === i);
  const cols = new Map(keys.map((k) => [k, part.column(k)]));
  const time = part.time;
  rows += part.length;
  let t = performance.now();
  const mask = vector({ length: part.length, column: (src, key) => (src === 'properties' ? (cols.get(key) ?? part.column(key)) : undefined), time });
  vecMs += performance.now() - t;
  for (let i = 0; i < mask.length; i++) vecHits += mask[i]!;
  // The row evaluator gets each event's referenced properties as a plain record.
  const refs = ['mp_country_code', 'amount'];
  t = performance.now();
  for (let i = 0; i < part.length; i++) {
    const properties: Record<string, unknown> = {};
    for (const k of refs) {
      const v = valueAt(cols.get(k), i);
      if (v !== undefined) properties[k] = v;
    }
    if (row({ properties, time: time[i] })) rowHits++;
  }
  rowMs += performance.now() - t;
}
const rate = (ms: number) => Math.round(rows / (ms / 1000));
process.stdout.write(
  `${JSON.stringify({ expression: expr, rows, matches: vecHits, vectorized: { ms: Math.round(vecMs), rowsPerSecond: rate(vecMs) }, rowEvaluator: { ms: Math.round(rowMs), rowsPerSecond: rate(rowMs), matches: rowHits } }, null, 1)}\n`,
);
if (vecHits !== rowHits) process.exit(1);
