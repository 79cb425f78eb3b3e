// Built-in reducers called as functions inside a custom reducer (real scripts write
// `function (accs, items) { return mixpanel.reducer.count()(accs, items); }`). Runs
// inside QuickJS, evaluated by the host as the body of `function (Q, global) { ... }`.
//
// When a built-in is passed to groupBy/reduce directly the host runs it natively
// (src/exec/reducers/); these are the same rules in the guest, for the function form:
//   fn(accs, items): accs are earlier results of the same reducer (a list, or one
//   groupByUser state, or undefined), items the new items.
// Results equal the native ones. avg, numeric_percentiles and count_unique cannot be
// rebuilt from several earlier results (a mean does not say how many values it had):
// one earlier result and no items gives it back; more throws an InvalidQuery that says
// what to do instead.

function ReducerFnError(message) {
  var e = new Error(message);
  e.name = 'InvalidQuery';
  return e;
}

function isNum(v) { return typeof v === 'number' && v - v === 0; }

// A dotted path into an item, own properties only; a missing step tries the rest of
// the path as one key (property names with dots), like the host's readPath. Also
// guest-runtime.js's (as Q.readPath) for the value paths of a batch.
function readPath(item, path) {
  var parts = path.split('.');
  var cur = item;
  for (var i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Object.prototype.hasOwnProperty.call(cur, parts[i])) { cur = cur[parts[i]]; continue; }
    var rest = parts.slice(i).join('.');
    return i < parts.length - 1 && Object.prototype.hasOwnProperty.call(cur, rest) ? cur[rest] : undefined;
  }
  return cur;
}

Q.readPath = readPath;

function accessorOf(name, acc, fallback) {
  if (acc === undefined || acc === null) acc = fallback;
  if (acc === undefined || acc === null) return function (x) { return x; };
  if (typeof acc === 'string') return function (x) { return readPath(x, acc); };
  if (typeof acc === 'function' && typeof acc.$mp !== 'string') return acc;
  throw ReducerFnError('mixpanel.reducer.' + name + '() called as a function takes a property path or a function as its accessor; ' +
    'wrap other helpers in a function, e.g. function (e) { return Number(e.properties.x); }');
}

function earlier(accs) {
  if (accs === undefined || accs === null) return [];
  return Array.isArray(accs) ? accs : [accs];
}

// One earlier result and no new items is that result (quarry's combine call for a
// group that came in one chunk); anything more cannot be rebuilt exactly.
function noCombine(name, accs, items) {
  var list = earlier(accs).filter(function (a) { return a !== null && a !== undefined; });
  if (list.length === 1 && items.length === 0) return { value: list[0] };
  if (list.length === 0) return null;
  throw ReducerFnError('mixpanel.reducer.' + name + '() called as a function cannot combine earlier results (quarry calls ' +
    'groupBy and reduce reducers on chunks of items, then once more with the chunks\' results): pass mixpanel.reducer.' + name +
    '() to groupBy/reduce directly, or keep what it needs (e.g. a sum and a count) in your own accumulator');
}

function samplingFactor(item) {
  var f = item !== null && typeof item === 'object' ? item.sampling_factor : undefined;
  if (f === undefined && item !== null && typeof item === 'object' && item.event !== null && typeof item.event === 'object') f = item.event.sampling_factor;
  return isNum(f) && f > 0 ? f : 1;
}

// groupBy output order of key components: null < false < true < numbers < strings.
function rank(v) {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 2 : 1;
  return typeof v === 'number' ? 3 : 4;
}
function compareComponents(a, b) {
  var ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3) return a - b;
  if (ra === 4) return a === b ? 0 : a < b ? -1 : 1;
  return 0;
}
function isScalarList(k) {
  if (!Array.isArray(k)) return false;
  for (var i = 0; i < k.length; i++) if (k[i] !== null && typeof k[i] === 'object') return false;
  return true;
}
function compareRanked(a, b) {
  if (a.value !== b.value) return b.value > a.value ? 1 : -1;
  if (isScalarList(a.key) && isScalarList(b.key)) {
    var n = Math.min(a.key.length, b.key.length);
    for (var i = 0; i < n; i++) {
      var c = compareComponents(a.key[i], b.key[i]);
      if (c !== 0) return c;
    }
    return a.key.length - b.key.length;
  }
  var ja = JSON.stringify(a.key) || '', jb = JSON.stringify(b.key) || '';
  return ja === jb ? 0 : ja < jb ? -1 : 1;
}
function rankable(v) { return typeof v === 'string' || typeof v === 'boolean' || isNum(v); }

function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false;
  var p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}
function jsonCopy(v) { var s = JSON.stringify(v); return s === undefined ? null : JSON.parse(s); }
function setKey(dst, k, v) {
  if (k === '__proto__') Object.defineProperty(dst, k, { value: v, enumerable: true, writable: true, configurable: true });
  else dst[k] = v;
}
// object_merge's rules (src/exec/reducers/object_merge.ts): numbers add, objects merge,
// an object beats a number, which beats anything else; else the later value wins.
function mergeInto(dst, src) {
  var keys = Object.keys(src);
  for (var i = 0; i < keys.length; i++) {
    var k = keys[i], sv = src[k];
    if (sv === undefined || typeof sv === 'function') continue;
    var has = Object.prototype.hasOwnProperty.call(dst, k);
    var dv = has ? dst[k] : undefined;
    if (isPlainObject(sv)) {
      if (isPlainObject(dv)) mergeInto(dv, sv);
      else setKey(dst, k, jsonCopy(sv));
    } else if (isNum(sv)) {
      if (isNum(dv)) dst[k] = dv + sv;
      else if (!isPlainObject(dv)) setKey(dst, k, sv);
    } else if (!has || !(isPlainObject(dv) || isNum(dv))) {
      setKey(dst, k, jsonCopy(sv));
    }
  }
}

// Identity of a value for count_unique (src/exec/reducers/count_unique.ts).
function identity(v) {
  switch (typeof v) {
    case 'string': return 's' + v;
    case 'number': return v - v === 0 ? 'n' + (v === 0 ? '0' : String(v)) : null;
    case 'boolean': return v ? 'T' : 'F';
    case 'object': {
      if (v === null) return null;
      var s = JSON.stringify(v);
      return s === undefined || s === 'null' ? null : 'j' + s;
    }
    default: return null;
  }
}

function percentileOfSorted(sorted, p) {
  var n = sorted.length;
  var h = ((n - 1) * p) / 100;
  var lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  var frac = h - lo;
  var a = sorted[lo];
  return frac === 0 ? a : a + frac * (sorted[lo + 1] - a);
}

var IMPLS = {
  count: function (d, accs, items) {
    var sampling = d.options && d.options.account_for_sampling === true;
    var n = 0, prev = earlier(accs), i;
    for (i = 0; i < prev.length; i++) if (isNum(prev[i])) n += prev[i];
    if (!sampling) return n + items.length;
    for (i = 0; i < items.length; i++) n += 1 / samplingFactor(items[i]);
    return n;
  },
  sum: function (d, accs, items, value) {
    var s = 0, prev = earlier(accs), i;
    for (i = 0; i < prev.length; i++) if (isNum(prev[i])) s += prev[i];
    for (i = 0; i < items.length; i++) { var v = value(items[i]); if (isNum(v)) s += v; }
    return s;
  },
  min: function (d, accs, items, value) { return extreme(accs, items, value, -1); },
  max: function (d, accs, items, value) { return extreme(accs, items, value, 1); },
  avg: function (d, accs, items, value) {
    var one = noCombine('avg', accs, items);
    if (one !== null) return one.value;
    var sampling = d.options && d.options.account_for_sampling === true;
    var s = 0, w = 0;
    for (var i = 0; i < items.length; i++) {
      var v = value(items[i]);
      if (!isNum(v)) continue;
      var f = sampling ? 1 / samplingFactor(items[i]) : 1;
      s += v * f;
      w += f;
    }
    return w === 0 ? null : s / w;
  },
  min_by: function (d, accs, items, value) { return byValue(accs, items, value, -1); },
  max_by: function (d, accs, items, value) { return byValue(accs, items, value, 1); },
  numeric_summary: function (d, accs, items, value) {
    // Welford's running mean and M2, merged with Chan's formula (as the native one).
    var acc = { count: 0, sum: 0, sum_squares: 0, mean: 0, m2: 0 };
    var prev = earlier(accs), i;
    for (i = 0; i < prev.length; i++) {
      var p = prev[i];
      if (p === null || typeof p !== 'object' || !isNum(p.count) || p.count === 0) continue;
      var b = { count: p.count, sum: p.sum, sum_squares: p.sum_squares, mean: p.sum / p.count, m2: p.stddev * p.stddev * p.count };
      if (acc.count === 0) { acc = b; continue; }
      var n = acc.count + b.count, delta = b.mean - acc.mean;
      acc.m2 = acc.m2 + b.m2 + (delta * delta * acc.count * b.count) / n;
      acc.mean = acc.mean + (delta * b.count) / n;
      acc.count = n;
      acc.sum += b.sum;
      acc.sum_squares += b.sum_squares;
    }
    for (i = 0; i < items.length; i++) {
      var v = value(items[i]);
      if (!isNum(v)) continue;
      var c = ++acc.count;
      acc.sum += v;
      acc.sum_squares += v * v;
      var dd = v - acc.mean;
      acc.mean += dd / c;
      acc.m2 += dd * (v - acc.mean);
    }
    if (acc.count === 0) return { count: 0, sum: 0, sum_squares: 0, avg: null, stddev: null };
    return { count: acc.count, sum: acc.sum, sum_squares: acc.sum_squares, avg: acc.sum / acc.count, stddev: Math.sqrt(Math.max(0, acc.m2) / acc.count) };
  },
  numeric_percentiles: function (d, accs, items, value) {
    var one = noCombine('numeric_percentiles', accs, items);
    if (one !== null) return one.value;
    var p = d.args[0];
    var vals = [];
    for (var i = 0; i < items.length; i++) { var v = value(items[i]); if (isNum(v)) vals.push(v); }
    vals.sort(function (a, b) { return a - b; });
    if (!Array.isArray(p)) return vals.length ? percentileOfSorted(vals, p) : null;
    if (vals.length === 0) return [];
    return p.map(function (q) { return { percentile: q, value: percentileOfSorted(vals, q) }; });
  },
  top: function (d, accs, items) {
    var n = d.args[0];
    var all = [], prev = earlier(accs), i;
    // Earlier results are lists of {key, value}; a single groupByUser state is one such list.
    if (prev.length && !Array.isArray(prev[0])) prev = [prev];
    for (i = 0; i < prev.length; i++) if (Array.isArray(prev[i])) all = all.concat(prev[i]);
    for (i = 0; i < items.length; i++) all.push(items[i]);
    var ranked = all.filter(function (it) { return it !== null && typeof it === 'object' && isNum(it.value); });
    // Stable: equal items keep their order (Array.prototype.sort is stable in ES2019+).
    ranked.sort(compareRanked);
    return ranked.slice(0, n);
  },
  any: function (d, accs, items) {
    var prev = earlier(accs);
    for (var i = 0; i < prev.length; i++) if (prev[i] !== null && prev[i] !== undefined) return prev[i];
    return items.length ? items[0] : null;
  },
  'null': function () { return null; },
  noop: function () { return null; },
  object_merge: function (d, accs, items, value) {
    var out = {}, prev = earlier(accs), i;
    for (i = 0; i < prev.length; i++) if (isPlainObject(prev[i])) mergeInto(out, prev[i]);
    for (i = 0; i < items.length; i++) { var v = value(items[i]); if (isPlainObject(v)) mergeInto(out, v); }
    return out;
  },
  count_unique: function (d, accs, items, value) {
    var one = noCombine('count_unique', accs, items);
    if (one !== null) return one.value;
    var seen = new Set();
    for (var i = 0; i < items.length; i++) { var id = identity(value(items[i])); if (id !== null) seen.add(id); }
    return seen.size;
  },
};

function extreme(accs, items, value, sign) {
  var best = null, prev = earlier(accs), i, v;
  for (i = 0; i < prev.length; i++) { v = prev[i]; if (isNum(v) && (best === null || sign * (v - best) > 0)) best = v; }
  for (i = 0; i < items.length; i++) { v = value(items[i]); if (isNum(v) && (best === null || sign * (v - best) > 0)) best = v; }
  return best;
}

function byValue(accs, items, value, sign) {
  var best = null, bestValue, prev = earlier(accs), i;
  function consider(item) {
    var v = value(item);
    if (!rankable(v)) return;
    if (best === null || sign * compareComponents(v, bestValue) > 0) { best = item; bestValue = v; }
  }
  // Earlier results are the best items so far: they are ranked again, first.
  for (i = 0; i < prev.length; i++) if (prev[i] !== null && prev[i] !== undefined) consider(prev[i]);
  for (i = 0; i < items.length; i++) consider(items[i]);
  return best;
}

var DEFAULT_ACCESSOR = { count_unique: 'distinct_id' };

// The callable form of a reducer descriptor {name, accessor, args, options}.
Q.reducerFunction = function (d) {
  var impl = IMPLS[d.name];
  if (impl === undefined) throw ReducerFnError('mixpanel.reducer.' + d.name + ' cannot be called as a function');
  var value = null;
  return function (accs, items) {
    if (value === null) value = accessorOf(d.name, d.accessor, DEFAULT_ACCESSOR[d.name]);
    if (items === undefined || items === null) items = [];
    if (!Array.isArray(items)) throw ReducerFnError('mixpanel.reducer.' + d.name + '()(accumulators, items): items must be a list');
    return impl(d, accs, items, value);
  };
};
