// Plain-V8 baseline for bench/queries/q5.js: the same groupByUser reducer, called once per user
// per batch with that user's events in time order, then users counted per reducer result.
import { eachBatch, report } from './load.js';

const started = performance.now();
var STEPS = ['Sign up', 'View Item', 'Add To Cart', 'Purchase'];

function funnelStep(state, events) {
  var step = state || 0;
  for (var i = 0; i < events.length && step < STEPS.length; i++) {
    if (events[i].name === STEPS[step]) step++;
  }
  return step;
}

const state = new Map();
const times = eachBatch(process.argv[2], (events) => {
  const byUser = new Map();
  for (const e of events) {
    if (e.distinct_id === undefined) continue;
    const list = byUser.get(e.distinct_id);
    if (list) list.push(e);
    else byUser.set(e.distinct_id, [e]);
  }
  for (const [id, list] of byUser) state.set(id, funnelStep(state.get(id), list));
});
const t0 = performance.now();
const counts = new Map();
for (const v of state.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
times.queryMs += performance.now() - t0;
const result = [...counts].map(([k, v]) => ({ key: [k], value: v }));
report(result, times, started);
