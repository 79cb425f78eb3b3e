// Events, People, join and the chainable collection. Runs inside QuickJS, evaluated
// by the host as the body of `function (Q, global) { ... }`.
//
// A collection does not compute anything: each call RECORDS a step. When main()
// returns, the host asks Q.planJson(result) for the recorded plan as JSON, and
// src/plan/read-plan.ts validates it (all InvalidQuery checks live there, so the
// rules are in one typed place). Functions are registered in Q.fns and appear in
// the plan as {"$fn": id}; Dates as {"$date": iso}; collections as
// {"$collection": ...}. Each step records where in the user's file it was called,
// so errors found later still point at the user's line.

var JSONstringify = JSON.stringify;

Q.fns = [];
var fnIds = new Map();

Q.registerFn = function (fn) {
  var id = fnIds.get(fn);
  if (id === undefined) {
    id = Q.fns.length;
    Q.fns.push(fn);
    fnIds.set(fn, id);
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

function Collection(source, stages) {
  // Non-enumerable so a script that inspects a collection sees no internals.
  Object.defineProperty(this, '_q', { value: { source: source, stages: stages } });
}

function encode(value, depth) {
  if (depth > 64) throw new TypeError('value nested too deeply to record in a query plan');
  // A reducer descriptor is callable (mixpanel.js) but records as its descriptor.
  if (typeof value === 'function' && !Q.isDescriptor(value)) return { $fn: Q.registerFn(value) };
  if (value instanceof Date) return { $date: isNaN(value.getTime()) ? null : value.toISOString() };
  if (value instanceof Collection) return { $collection: value._q };
  if (Array.isArray(value)) {
    var arr = [];
    for (var i = 0; i < value.length; i++) arr.push(value[i] === undefined ? null : encode(value[i], depth + 1));
    return arr;
  }
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    var out = {};
    for (var k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k) || value[k] === undefined) continue;
      out[k] = encode(value[k], depth + 1);
    }
    return out;
  }
  if (typeof value === 'number' && !isFinite(value)) return null;
  return value === undefined ? null : value;
}

function record(collection, op, args) {
  var encoded = [];
  for (var i = 0; i < args.length; i++) encoded.push(args[i] === undefined ? null : encode(args[i], 0));
  var stage = { op: op, args: encoded, argc: args.length, loc: Q.callerLoc() };
  return new Collection(collection._q.source, collection._q.stages.concat([stage]));
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
  var encoded = [];
  for (var i = 0; i < args.length; i++) encoded.push(args[i] === undefined ? null : encode(args[i], 0));
  return new Collection({ kind: kind, args: encoded, loc: Q.callerLoc() }, []);
}

global.Events = function Events(spec) { return source('events', [spec]); };
global.People = function People(spec) { return source('people', [spec]); };
global.join = function join(a, b, options) { return source('join', [a, b, options]); };

Q.isCollection = function (x) { return x instanceof Collection; };

// The plan of main()'s result as JSON text, or null when it is not a collection.
Q.planJson = function (result) {
  if (!(result instanceof Collection)) return null;
  return JSONstringify({ source: result._q.source, stages: result._q.stages, fnCount: Q.fns.length });
};

// Sources of the registered functions (for the host's `reads` analysis and explain).
Q.fnSourcesJson = function () {
  return JSONstringify(Q.fns.map(function (f) {
    var src;
    try { src = Function.prototype.toString.call(f); } catch (e) { src = ''; }
    return { source: src, name: typeof f.name === 'string' ? f.name : '' };
  }));
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
