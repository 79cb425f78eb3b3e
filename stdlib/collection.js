// Events, People, join and the chainable collection. Runs inside QuickJS, evaluated
// by the host as the body of `function (Q, global) { ... }`.
//
// A collection does not compute anything: each call RECORDS a step. When main()
// returns, the host asks Q.planJson(result) for the recorded plan as JSON, and
// src/plan/read-plan.ts validates it (all InvalidQuery checks live there, so the
// rules are in one typed place). Each step records where in the user's file it was
// called, so errors found later still point at the user's line.
//
// Markers (issue 9): what only quarry can make (a function reference, a Date, a
// collection, a mixpanel.* helper) is encoded as an object whose one key is Q.mark,
// a random text the host picks per query and the script never sees: {MARK: {t, v}}.
// Everything a script builds is plain data, so `.filter({$fn: 0})` is an object, not
// a function reference. To keep the mark unseen, a collection's recorded state lives
// in a WeakMap (not on the object), encoded values are null-prototype objects written
// with defineProperty (no setter or toJSON a script installs ever sees them), and the
// plan text is made by our own serializer. Builtins are captured before user code runs.

var MARK = Q.mark;
var apply = Reflect.apply;
var DP = Object.defineProperty;
var create = Object.create;
var isArray = Array.isArray;
var hasOwn = Object.prototype.hasOwnProperty;
var dateGetTime = Date.prototype.getTime;
var dateISO = Date.prototype.toISOString;
var RealDate = Date;
var fnToString = Function.prototype.toString;
var JSONstringify = JSON.stringify;
var mapGet = Map.prototype.get;
var mapSet = Map.prototype.set;
var wmGet = WeakMap.prototype.get;
var wmSet = WeakMap.prototype.set;
var wmHas = WeakMap.prototype.has;
var keysOf = Object.keys;
var arrJoin = Array.prototype.join;
var isDescriptor = Q.isDescriptor;

function put(o, k, v) {
  DP(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

function obj() { return create(null); }

function marker(t, v) { return put(obj(), MARK, put(put(obj(), 't', t), 'v', v)); }

var fns = [];
var fnIds = new Map();
Q.fns = fns;

Q.registerFn = function (fn) {
  var id = apply(mapGet, fnIds, [fn]);
  if (id === undefined) {
    id = fns.length;
    put(fns, id, fn);
    apply(mapSet, fnIds, [fn, id]);
  }
  return id;
};

// The first stack frame in the user's file: [line, column] or null.
Q.callerLoc = function (stack) {
  var lines = String(stack || new Error().stack || '').split('\n');
  var needle = Q.userFile + ':';
  for (var i = 0; i < lines.length; i++) {
    var at = lines[i].lastIndexOf(needle);
    if (at < 0) continue;
    var m = /^(\d+):(\d+)/.exec(lines[i].slice(at + needle.length));
    if (m) return { line: +m[1], column: +m[2] };
  }
  return null;
};

// collection -> {source, stages}: private, so a script cannot read the encoded plan.
var states = new WeakMap();

// Only this file makes collections (`Events(...).constructor` is reachable by scripts).
var MINT = {};

function Collection(token, source, stages) {
  if (token !== MINT) throw new TypeError('collections are made by Events(), People() and join()');
  apply(wmSet, states, [this, put(put(obj(), 'source', source), 'stages', stages)]);
}

function stateOf(x) {
  return x !== null && typeof x === 'object' && apply(wmHas, states, [x]) ? apply(wmGet, states, [x]) : undefined;
}

function encode(value, depth) {
  if (depth > 64) throw new TypeError('value nested too deeply to record in a query plan (more than 64 levels)');
  // A reducer descriptor is callable (mixpanel.js) but records as its descriptor.
  if (typeof value === 'function' && !isDescriptor(value)) return marker('fn', Q.registerFn(value));
  if (value instanceof RealDate) {
    var t = apply(dateGetTime, value, []);
    return marker('date', t !== t ? null : apply(dateISO, value, []));
  }
  var st = stateOf(value);
  if (st !== undefined) return marker('collection', st);
  if (isArray(value)) {
    var arr = [];
    var n = value.length;
    for (var i = 0; i < n; i++) put(arr, i, value[i] === undefined ? null : encode(value[i], depth + 1));
    return arr;
  }
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    var fields = obj();
    for (var k in value) {
      if (!apply(hasOwn, value, [k]) || value[k] === undefined) continue;
      put(fields, k, encode(value[k], depth + 1));
    }
    return isDescriptor(value) ? marker('mp', fields) : fields;
  }
  if (typeof value === 'number' && !isFinite(value)) return null;
  if (typeof value === 'bigint' || typeof value === 'symbol') {
    throw new TypeError('a ' + typeof value + ' cannot be recorded in a query plan');
  }
  return value === undefined ? null : value;
}

function encodeArgs(args) {
  var encoded = [];
  for (var i = 0; i < args.length; i++) put(encoded, i, args[i] === undefined ? null : encode(args[i], 0));
  return encoded;
}

function record(collection, op, args) {
  var st = stateOf(collection);
  if (st === undefined) throw new TypeError('.' + op + '() must be called on a collection (Events(...), People(...) or join(...))');
  var stage = put(put(put(put(obj(), 'op', op), 'args', encodeArgs(args)), 'argc', args.length), 'loc', Q.callerLoc());
  var stages = [];
  for (var i = 0; i < st.stages.length; i++) put(stages, i, st.stages[i]);
  put(stages, stages.length, stage);
  return new Collection(MINT, st.source, stages);
}

var OPS = ['filter', 'map', 'flatten', 'sortAsc', 'sortDesc', 'reduce', 'groupBy', 'groupByUser',
  'applyGroupLimits', 'internalLimitHierarchically'];
OPS.forEach(function (op) {
  Object.defineProperty(Collection.prototype, op, {
    value: function () { return record(this, op, Array.prototype.slice.call(arguments)); },
    writable: true, configurable: true, enumerable: false,
  });
});

function source(kind, args) {
  return new Collection(MINT, put(put(put(obj(), 'kind', kind), 'args', encodeArgs(args)), 'loc', Q.callerLoc()), []);
}

global.Events = function Events(spec) { return source('events', [spec]); };
global.People = function People(spec) { return source('people', [spec]); };
global.join = function join(a, b, options) { return source('join', [a, b, options]); };

// JSON text of an encoded tree (null-prototype objects, arrays, primitives only).
// JSON.stringify is used for primitives alone: they have no toJSON to look up.
function toJson(v) {
  if (v === null || typeof v !== 'object') {
    var s = JSONstringify(v);
    return s === undefined ? 'null' : s;
  }
  var parts = [];
  var i;
  if (isArray(v)) {
    for (i = 0; i < v.length; i++) put(parts, i, toJson(v[i]));
    return '[' + apply(arrJoin, parts, [',']) + ']';
  }
  var ks = keysOf(v);
  for (i = 0; i < ks.length; i++) put(parts, i, JSONstringify(String(ks[i])) + ':' + toJson(v[ks[i]]));
  return '{' + apply(arrJoin, parts, [',']) + '}';
}
Q.isCollection = function (x) { return stateOf(x) !== undefined; };

// The plan of main()'s result as JSON text, or null when it is not a collection.
Q.planJson = function (result) {
  var st = stateOf(result);
  if (st === undefined) return null;
  return '{"source":' + toJson(st.source) + ',"stages":' + toJson(st.stages) + ',"fnCount":' + fns.length + '}';
};

// Sources of the registered functions (for the host's `reads` analysis and explain).
Q.fnSourcesJson = function () {
  var out = [];
  for (var i = 0; i < fns.length; i++) {
    var f = fns[i];
    var src;
    try { src = apply(fnToString, f, []); } catch (e) { src = ''; }
    var name = '';
    try { name = typeof f.name === 'string' ? f.name : ''; } catch (e) { /* a throwing getter: anonymous */ }
    put(out, i, put(put(obj(), 'source', String(src)), 'name', name));
  }
  return toJson(out);
};

// A readable description of what main() returned, for the error message.
Q.describe = function (x) {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (Q.isDescriptor(x)) return 'a mixpanel.' + x.$mp + ' descriptor';
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'object') return 'an object';
  return 'a ' + typeof x;
};
