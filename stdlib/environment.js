// What a script's world looks like besides Events/People/join/mixpanel/_ (jql.md §1,
// §8): console routed to the host, reproducible Math.random and Date when asked.
// Evaluated by the host as the body of `function (Q, global) { ... }` after it set
// Q.emit (a host function), Q.seed and Q.nowMs.

function show(x) {
  if (typeof x === 'string') return x;
  if (x === undefined) return 'undefined';
  if (typeof x === 'function') return '[Function' + (x.name ? ': ' + x.name : '') + ']';
  if (x instanceof Error) return x.stack ? x.name + ': ' + x.message + '\n' + x.stack : String(x);
  try {
    var s = JSON.stringify(x);
    return s === undefined ? String(x) : s;
  } catch (e) {
    return String(x);
  }
}

// Console output is bounded (src/sandbox/console-budget.ts). Once the host refuses a
// line, later lines are only counted here: a flood then costs no host calls. The host
// reads the counts as plain properties of Q (no guest code runs, even after a timeout).
Q.droppedLines = 0;
Q.droppedBytes = 0;
var consoleFull = false;

function writer(level) {
  return function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(show(arguments[i]));
    var line = String(parts.join(' '));
    if (consoleFull) {
      Q.droppedLines++;
      Q.droppedBytes += line.length + 1;
    } else if (Q.emit(level, line, line.length) === false) {
      consoleFull = true;
    }
  };
}

global.console = {
  log: writer('log'), info: writer('info'), debug: writer('debug'),
  warn: writer('warn'), error: writer('error'),
};

// mulberry32: small, fast, and good enough for sampling in scripts.
if (typeof Q.seed === 'number') {
  var state = Q.seed >>> 0;
  Math.random = function random() {
    state = (state + 0x6d2b79f5) >>> 0;
    var t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A Date whose "now" is fixed. Same prototype, so `instanceof Date` and every method
// still work; only the no-argument forms and Date.now() change.
if (typeof Q.nowMs === 'number') {
  var RealDate = Date;
  var NOW = Q.nowMs;
  var FixedDate = function Date() {
    if (!new.target) return RealDate.prototype.toString.call(new RealDate(NOW));
    if (arguments.length === 0) return Reflect.construct(RealDate, [NOW], new.target);
    return Reflect.construct(RealDate, Array.prototype.slice.call(arguments), new.target);
  };
  FixedDate.prototype = RealDate.prototype;
  FixedDate.now = function now() { return NOW; };
  FixedDate.parse = RealDate.parse;
  FixedDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FixedDate, writable: true, configurable: true });
  global.Date = FixedDate;
}
