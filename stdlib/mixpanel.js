// The `mixpanel` global. Runs inside QuickJS, evaluated by the host as the body of
// `function (Q, global) { ... }`: Q is quarry's private guest object (never a global).
//
// Reducers and key helpers are DESCRIPTORS: plain objects tagged `$mp` that the
// collection records into the plan; the host executes them natively. Nothing here
// computes a result. `mixpanel.reducer` holds plain enumerable properties so that
// `mixpanel.reducer[params.task](acc)` works (jql.md §8).

// Descriptors quarry made, so that an object a script builds with a `$mp` key is
// plain data, never a helper (issue 9: internal markers out of the script's reach).
var minted = new WeakSet();
var mintedAdd = WeakSet.prototype.add;
var mintedHas = WeakSet.prototype.has;
var apply = Reflect.apply;

function descriptor(kind, fields) {
  var d = { $mp: kind };
  for (var k in fields) if (fields[k] !== undefined) d[k] = fields[k];
  apply(mintedAdd, minted, [d]);
  return d;
}

// A reducer descriptor is also callable: `mixpanel.reducer.count()(accs, items)` inside
// a custom reducer gives the built-in's result (stdlib/reducer-functions.js).
function reducer(name, accessor, args, options) {
  var d = descriptor('reducer', { name: name, accessor: accessor, args: args || [], options: options });
  var call = null;
  var f = function (accs, items) { return (call || (call = Q.reducerFunction(d)))(accs, items); };
  // defineProperty: a function's own `name` is read-only to plain assignment.
  for (var k in d) Object.defineProperty(f, k, { value: d[k], enumerable: true, writable: true, configurable: true });
  apply(mintedAdd, minted, [f]);
  return f;
}

// Optional trailing `{account_for_sampling: true}`-style options object.
function isOptions(x) {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && x.$mp === undefined;
}

var reducers = {
  count: function (options) { return reducer('count', undefined, [], isOptions(options) ? options : undefined); },
  sum: function (acc) { return reducer('sum', acc); },
  avg: function (acc, options) { return reducer('avg', acc, [], isOptions(options) ? options : undefined); },
  min: function (acc) { return reducer('min', acc); },
  max: function (acc) { return reducer('max', acc); },
  min_by: function (acc) { return reducer('min_by', acc); },
  max_by: function (acc) { return reducer('max_by', acc); },
  numeric_summary: function (acc) { return reducer('numeric_summary', acc); },
  numeric_percentiles: function (acc, percentiles) { return reducer('numeric_percentiles', acc, [percentiles]); },
  top: function (n) { return reducer('top', undefined, [n]); },
  any: function () { return reducer('any'); },
  'null': function () { return reducer('null'); },
  noop: function () { return reducer('noop'); },
  object_merge: function (acc) { return reducer('object_merge', acc); },
  count_unique: function (acc) { return reducer('count_unique', acc); },
  // python mixpanel-jql emits these two under `reducer` (formats C4): aliases.
  applyGroupLimits: function (limits, globalLimit) {
    return descriptor('applyGroupLimits', { limits: limits, globalLimit: globalLimit });
  },
  numeric_bucket: function (acc, spec) { return descriptor('numeric_bucket', { inner: acc, spec: timeBucketSpec(spec) }); },
};

// The time-bucket constants are data, as hosted: {offset, bucket_size} in ms (scripts
// read mixpanel.daily_time_buckets.bucket_size). numeric_bucket recognises the
// constants themselves (by identity) and buckets by the calendar in the project
// timezone (weeks from Monday, months, quarters, years); a copy is a plain fixed-size
// spec. docs/compatibility.md lists the values.
var HOUR_MS = 3600000, DAY_MS = 86400000;
var TIME_BUCKETS = [
  ['hourly', 0, HOUR_MS],
  ['daily', 0, DAY_MS],
  ['weekly', 4 * DAY_MS, 7 * DAY_MS], // 1970-01-05 was a Monday
  ['monthly', 0, 30 * DAY_MS],
  ['quarterly', 0, 91 * DAY_MS],
  ['annual', 0, 365 * DAY_MS],
].map(function (t) { return { unit: t[0], constant: { offset: t[1], bucket_size: t[2] } }; });

function timeBucketSpec(spec) {
  for (var i = 0; i < TIME_BUCKETS.length; i++) {
    if (spec === TIME_BUCKETS[i].constant) return descriptor('time_buckets', { unit: TIME_BUCKETS[i].unit });
  }
  return spec;
}

function timeBuckets(unit) {
  for (var i = 0; i < TIME_BUCKETS.length; i++) if (TIME_BUCKETS[i].unit === unit) return TIME_BUCKETS[i].constant;
}

var mixpanel = {
  reducer: reducers,
  multiple_keys: function (key) { return descriptor('multiple_keys', { inner: key }); },
  slice: function (key, start, limit) { return descriptor('slice', { path: key, start: start, limit: limit }); },
  numeric_bucket: reducers.numeric_bucket,
  to_number: function (acc) { return descriptor('to_number', { inner: acc }); },
  to_string: function (acc) { return descriptor('to_string', { inner: acc }); },
  to_boolean: function (acc) { return descriptor('to_boolean', { inner: acc }); },
  hourly_time_buckets: timeBuckets('hourly'),
  daily_time_buckets: timeBuckets('daily'),
  weekly_time_buckets: timeBuckets('weekly'),
  monthly_time_buckets: timeBuckets('monthly'),
  quarterly_time_buckets: timeBuckets('quarterly'),
  annual_time_buckets: timeBuckets('annual'),
};

// jql.md §8: one script calls this without defining it. Flatten nested lists of
// accumulators into one plain list; anything else becomes a one-item list.
function fix_reducer_signature(accs) {
  if (!Array.isArray(accs)) return accs === undefined ? [] : [accs];
  var out = [];
  (function walk(xs) {
    for (var i = 0; i < xs.length; i++) Array.isArray(xs[i]) ? walk(xs[i]) : out.push(xs[i]);
  })(accs);
  return out;
}

global.mixpanel = mixpanel;
global.fix_reducer_signature = fix_reducer_signature;
Q.isDescriptor = function (x) { return x !== null && (typeof x === 'object' || typeof x === 'function') && apply(mintedHas, minted, [x]); };
