// The guest side of batched calls (src/sandbox/host.ts is the other side). Evaluated
// by the host as the body of `function (Q, global) { ... }`.
//
// One host->guest crossing per batch: the host packs the columns of a batch into ONE
// ArrayBuffer plus one JSON text (strings, dictionaries, JSON cells), and a small
// JSON descriptor saying where each column lives (src/sandbox/marshal/pack.ts). Here
// we rebuild plain objects per row — ordinary objects, so every script operation
// (spread, for...in, JSON.stringify, mutation) behaves as on the hosted service —
// run the requested steps over them, and return ONE JSON text (+ the surviving row
// numbers as an Int32Array buffer). Results leave as JSON text made here, never as
// live handles, so getters and prototypes cannot reach the host.

// Captured now: a script may overwrite JSON, Array.prototype methods etc. later, and
// our results must not depend on what it did (the host also validates them).
var JSONparse = JSON.parse;
var JSONstringify = JSON.stringify;
var FunctionCtor = Function;
// A dotted path into an item: reducer-functions.js's (evaluated before this file).
var readPath = Q.readPath;

Q.dicts = Object.create(null);
Q.userStates = Object.create(null);

function InvalidQuery(message) {
  var e = new Error(message);
  e.name = 'InvalidQuery';
  return e;
}

// ---- cycles between stages --------------------------------------------------------
// A value passing from one stage to the next keeps its cycles (a groupByUser state with
// state.self = state, removed by a later map). JSON has none: such a value travels as
// its acyclic form, each cyclic reference null and listed as [slot path, target path]
// (src/sandbox/marshal/cycles.ts is the host's side). Acyclic values cost nothing
// extra: this runs only when JSON.stringify reports a circular structure.

function isCircularError(e) {
  return e instanceof TypeError && /circular/i.test(String(e.message));
}

// JSON semantics (toJSON, boxed primitives, dropped undefined/function members).
function acyclicValue(root) {
  var cycles = [];
  var stack = [];
  var paths = [];
  function walk(v, key, path) {
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON(key);
    if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
    if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
    var at = stack.indexOf(v);
    if (at >= 0) { cycles.push([path, paths[at]]); return null; }
    stack.push(v);
    paths.push(path);
    var out, i, el;
    if (Array.isArray(v)) {
      out = new Array(v.length);
      for (i = 0; i < v.length; i++) { el = walk(v[i], String(i), path.concat([i])); out[i] = el === undefined ? null : el; }
    } else {
      out = {};
      var ks = Object.keys(v);
      for (i = 0; i < ks.length; i++) {
        el = walk(v[ks[i]], ks[i], path.concat([ks[i]]));
        if (el !== undefined) Object.defineProperty(out, ks[i], { value: el, enumerable: true, writable: true, configurable: true });
      }
    }
    stack.pop();
    paths.pop();
    return out;
  }
  return { value: walk(root, '', []), cycles: cycles };
}

function restoreCyclesGuest(root, cycles) {
  for (var c = 0; c < cycles.length; c++) {
    var slot = cycles[c][0], target = cycles[c][1], i;
    var obj = root;
    for (i = 0; i < target.length; i++) obj = obj[target[i]];
    var parent = root;
    for (i = 0; i < slot.length - 1; i++) parent = parent[slot[i]];
    parent[slot[slot.length - 1]] = obj;
  }
}

// JSON text of a result object (runBatch): cycles, if any, listed in its `cycles` field.
function stringifyResult(obj) {
  try {
    return JSONstringify(obj);
  } catch (e) {
    if (!isCircularError(e)) throw e;
    var a = acyclicValue(obj);
    a.value.cycles = a.cycles;
    return JSONstringify(a.value);
  }
}

// JSON text of a list (userResults, combine): {list, cycles} when it has cycles.
function stringifyList(list) {
  try {
    return JSONstringify(list);
  } catch (e) {
    if (!isCircularError(e)) throw e;
    var a = acyclicValue(list);
    return JSONstringify({ list: a.value, cycles: a.cycles });
  }
}

// ---- columns -> values ------------------------------------------------------------

// Items are built by code generated per record shape (the fields a batch carries):
// straight-line object literals reading the packed arrays directly. In QuickJS a
// function call per field per row (a reader closure) costs more than the object
// itself, so nothing here calls a function per field.

// One column's typed views and dictionary, as generated code reads them: returns the
// source of an expression for row `i` (guarded by `present`/`nulls` when the column
// has them) and pushes the arrays it needs onto `arrays`.
function columnSource(col, buf, extra, arrays) {
  function bind(x) {
    arrays.push(x);
    return 'a' + (arrays.length - 1);
  }
  var value;
  if (col.t === 's') {
    var idx = bind(new Int32Array(buf, col.v, col.len));
    var dict = bind(col.d !== undefined ? Q.dicts[col.d] : extra.sub[col.sub]);
    value = dict + '[' + idx + '[i]]';
  } else if (col.t === 'n') {
    value = bind(new Float64Array(buf, col.v, col.len)) + '[i]';
  } else if (col.t === 'b') {
    value = bind(new Uint8Array(buf, col.v, col.len)) + '[i] === 1';
  } else {
    value = bind(extra.json[col.j]) + '[i]';
  }
  return {
    value: value,
    present: col.p >= 0 ? bind(new Uint8Array(buf, col.p, col.len)) + '[i] === 1' : null,
    isNull: col.n >= 0 ? bind(new Uint8Array(buf, col.n, col.len)) + '[i] === 1' : null,
  };
}

// Statements that leave the record of row `i` in `o`: top-level fields in a fixed
// order (absent value -> undefined, like the hosted objects), then properties
// (absent key -> no key; JSON null -> null).
function recordSource(shape, buf, extra, arrays) {
  var fields = [];
  for (var t = 0; t < shape.fields.length; t++) {
    var f = shape.fields[t];
    var expr;
    if (f[1] === 1) expr = '1';
    else {
      var c = columnSource(f[1], buf, extra, arrays);
      expr = c.present === null ? c.value : '(' + c.present + ' ? ' + c.value + ' : ' + (c.isNull === null ? 'undefined' : c.isNull + ' ? null : undefined') + ')';
    }
    fields.push(JSONstringify(f[0]) + ': ' + expr);
  }
  var src = 'o = {' + fields.join(', ') + '};';
  if (shape.properties) {
    src += ' p = {};';
    for (var b = 0; b < shape.properties.length; b++) {
      var name = shape.properties[b][0];
      var pc = columnSource(shape.properties[b][1], buf, extra, arrays);
      // A property named __proto__ must stay data, not reach the prototype setter.
      var set = name === '__proto__'
        ? function (v) { return 'DP(p, "__proto__", {value: ' + v + ', enumerable: true, writable: true, configurable: true});'; }
        : function (v) { return 'p[' + JSONstringify(name) + '] = ' + v + ';'; };
      if (pc.present === null) src += ' ' + set(pc.value);
      else src += ' if (' + pc.present + ') ' + set(pc.value) + (pc.isNull === null ? '' : ' else if (' + pc.isNull + ') ' + set('null'));
    }
    src += ' o.properties = p;';
  }
  return src;
}

function locals(arrays) {
  var src = 'var o, p';
  for (var a = 0; a < arrays.length; a++) src += ', a' + a + ' = A[' + a + ']';
  return src + ';';
}

// Generated builders by source text: batches of one query mostly share their record
// shape, and compiling the source again for every batch costs more than a small batch's
// objects. The source names its arrays by position (A[k]), so one compiled factory
// serves every batch of that shape.
// (A null-prototype object, not a Map: a script may have replaced Map.prototype.get.)
var ObjectCreate = Object.create;
var builderFactories = ObjectCreate(null);
var builderCount = 0;
function compiledBuilder(src) {
  var f = builderFactories[src];
  if (f === undefined) {
    if (++builderCount > 64) {
      builderFactories = ObjectCreate(null);
      builderCount = 1;
    }
    f = builderFactories[src] = new FunctionCtor('A', 'DP', src);
  }
  return f;
}

// row(i): the record of packed row i.
function recordBuilder(shape, buf, extra) {
  var arrays = [];
  var body = recordSource(shape, buf, extra, arrays);
  var src = locals(arrays) + ' return function (i) { ' + body + ' return o; };';
  return compiledBuilder(src)(arrays, Object.defineProperty);
}

// range(from, to): a fresh array of the records of packed rows from..to-1.
function rangeBuilder(shape, buf, extra) {
  var arrays = [];
  var body = recordSource(shape, buf, extra, arrays);
  var src = 'return function (from, to) { ' + locals(arrays) +
    ' var out = new Array(to - from); for (var i = from; i < to; i++) { ' + body + ' out[i - from] = o; } return out; };';
  return compiledBuilder(src)(arrays, Object.defineProperty);
}

function readExtra(desc, extraText) {
  var extra = extraText ? JSONparse(extraText) : { sub: [], json: [], dicts: null, items: null };
  if (extra.dicts) for (var id in extra.dicts) Q.dicts[id] = extra.dicts[id];
  if (desc.drop) for (var d = 0; d < desc.drop.length; d++) delete Q.dicts[desc.drop[d]];
  return extra;
}

// desc: the descriptor made by marshal/pack.ts; returns a fresh array of items.
function buildItems(desc, buf, extraText) {
  var extra = readExtra(desc, extraText);
  if (desc.kind === 'json') {
    if (extra.itemCycles) restoreCyclesGuest(extra.items, extra.itemCycles);
    return extra.items;
  }
  var n = desc.length;
  if (desc.kind === 'join') {
    var items = new Array(n);
    var ev = recordBuilder(desc.events, buf, extra);
    var us = recordBuilder(desc.people, buf, extra);
    var hasEvent = new Uint8Array(buf, desc.hasEvent, n);
    var hasUser = new Uint8Array(buf, desc.hasUser, n);
    for (var i = 0; i < n; i++) {
      var e = hasEvent[i] === 1 ? ev(i) : undefined;
      var u = hasUser[i] === 1 ? us(i) : undefined;
      var id = e !== undefined && e.distinct_id !== undefined ? e.distinct_id : u !== undefined ? u.distinct_id : undefined;
      items[i] = { distinct_id: id, event: e, user: u };
    }
    return items;
  }
  return rangeBuilder(desc.record, buf, extra)(0, n);
}

// A builder of item ranges (from, to) -> fresh array, without building the rest.
function itemRanges(desc, buf, extraText) {
  if (desc.kind === 'events' || desc.kind === 'people') return rangeBuilder(desc.record, buf, readExtra(desc, extraText));
  var all = buildItems(desc, buf, extraText);
  return function (from, to) { return all.slice(from, to); };
}

// ---- steps -----------------------------------------------------------------------

// Values leave as JSON, and the host refuses any nested deeper than Q.maxValueDepth
// (src/sandbox/marshal/value-budget.ts). Checking here too, on a bounded walk, stops
// a function that returns such a value at its first row, before a batch of them
// costs seconds to build and serialize.
var MAX_DEPTH = typeof Q.maxValueDepth === 'number' ? Q.maxValueDepth : 500;
var WALK_NODES = 2000;
function checkDepth(v) {
  if (typeof v === 'bigint') {
    throw InvalidQuery('a function returned a BigInt (' + String(v).slice(0, 40) + 'n), which JSON cannot hold; return Number(x) or String(x) instead');
  }
  if (v === null || typeof v !== 'object') return v;
  // Fast path: a flat object or list (the common case) has nothing deeper to walk.
  var flat = true, i0, k0;
  if (Array.isArray(v)) {
    for (i0 = 0; i0 < v.length && flat; i0++) flat = v[i0] === null || typeof v[i0] !== 'object';
  } else {
    for (k0 in v) {
      var c0 = v[k0];
      if (c0 !== null && typeof c0 === 'object') { flat = false; break; }
    }
  }
  if (flat) return v;
  // Depth along a spanning tree: an object seen before (a cycle, or shared) is not
  // walked again, so cycles (which cross as their acyclic form) never count as depth.
  var seen = new Set();
  var stack = [v, 1];
  var visits = 0;
  while (stack.length > 0 && visits < WALK_NODES) {
    var d = stack.pop();
    var x = stack.pop();
    if (seen.has(x)) continue;
    seen.add(x);
    visits++;
    if (d > MAX_DEPTH) {
      throw InvalidQuery('a value the script returned is nested deeper than ' + MAX_DEPTH +
        ' levels of lists or objects; quarry accepts up to ' + MAX_DEPTH);
    }
    if (Array.isArray(x)) {
      for (var i = 0; i < x.length && i < WALK_NODES; i++) {
        if (x[i] !== null && typeof x[i] === 'object') stack.push(x[i], d + 1);
      }
    } else {
      for (var k in x) {
        var c = x[k];
        if (c !== null && typeof c === 'object') stack.push(c, d + 1);
      }
    }
  }
  return v;
}

// Key components must be scalars; a list is spliced by the engine (jql.md §3, §8).
function checkKey(v) {
  if (v === null || v === undefined) return v;
  var t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return v;
  if (typeof v.toJSON === 'function') return checkKey(v.toJSON());
  if (Array.isArray(v)) {
    for (var i = 0; i < v.length; i++) {
      var c = v[i];
      if (c !== null && c !== undefined && typeof c === 'object') {
        throw InvalidQuery('a groupBy key returned a list containing ' + (Array.isArray(c) ? 'a list' : 'an object') +
          ': key components must be strings, numbers, booleans or null');
      }
    }
    return v;
  }
  throw InvalidQuery('a groupBy key returned ' + (t === 'function' ? 'a function' : 'an object') +
    ' (' + String(JSONstringify(v)).slice(0, 60) + '): key components must be strings, numbers, booleans or null');
}

function spliceKey(keys) {
  var out = [];
  for (var i = 0; i < keys.length; i++) {
    if (Array.isArray(keys[i])) for (var j = 0; j < keys[i].length; j++) out.push(keys[i][j]);
    else out.push(keys[i]);
  }
  return out;
}

// JSON between stages (jql.md §5): what a later step sees after a map.
function roundTrip(v) {
  var s;
  try {
    s = JSONstringify(v);
  } catch (e) {
    if (!isCircularError(e)) throw e;
    var a = acyclicValue(v);
    var copy = JSONparse(JSONstringify(a.value));
    restoreCyclesGuest(copy, a.cycles);
    return copy;
  }
  return s === undefined ? null : JSONparse(s);
}

function reduceGroups(step, items, sel, keysByRow) {
  var fn = Q.fns[step.fn];
  var partials = [];
  var k;
  if (step.groupsFrom === 'all') {
    if (sel.length === 0) return partials;
    var all = new Array(sel.length);
    for (k = 0; k < sel.length; k++) all[k] = items[sel[k]];
    partials.push({ value: checkDepth(fn([], all)) });
    return partials;
  }
  var order = [];
  var groups = new Map();
  function add(id, keys, item) {
    var g = groups.get(id);
    if (g === undefined) {
      g = { keys: keys, items: [] };
      groups.set(id, g);
      order.push(id);
    }
    g.items.push(item);
  }
  if (step.groupsFrom === 'keys') {
    if (keysByRow === null) throw new Error('quarry: a reduce step with groupsFrom "keys" needs a keys step before it');
    for (k = 0; k < sel.length; k++) {
      var comp = spliceKey(keysByRow[sel[k]]);
      add(JSONstringify(comp), comp, items[sel[k]]);
    }
  } else {
    // Engine-made groups: (row, group) membership pairs; filtered-out rows are skipped.
    var alive = new Uint8Array(items.length);
    for (k = 0; k < sel.length; k++) alive[sel[k]] = 1;
    var rows = step.groups.row, gs = step.groups.group;
    for (k = 0; k < rows.length; k++) if (alive[rows[k]] === 1) add(gs[k], undefined, items[rows[k]]);
  }
  for (k = 0; k < order.length; k++) {
    var grp = groups.get(order[k]);
    var part = { value: checkDepth(fn([], grp.items)) };
    if (step.groupsFrom === 'keys') part.keys = grp.keys;
    else part.group = order[k];
    partials.push(part);
  }
  return partials;
}

// reqText: {desc, steps}; buf: the packed columns; extraText: strings and JSON cells.
// Returns [resultJson, rowsBuffer | null].
Q.runBatch = function (reqText, buf, extraText) {
  var req = JSONparse(reqText);
  var items = buildItems(req.desc, buf, extraText);
  var n = items.length;
  var sel = null; // null = every row survives so far
  var fns = Q.fns;
  var steps = req.steps;
  var result = {};
  var keysByRow = null;
  var k, i, fn;
  function survivors() {
    if (sel !== null) return sel;
    sel = new Array(n);
    for (var r = 0; r < n; r++) sel[r] = r;
    return sel;
  }
  for (var s = 0; s < steps.length; s++) {
    var step = steps[s];
    var last = s === steps.length - 1;
    if (step.kind === 'filter') {
      fn = fns[step.fn];
      var kept = [];
      if (sel === null) { for (i = 0; i < n; i++) if (fn(items[i])) kept.push(i); }
      else for (k = 0; k < sel.length; k++) if (fn(items[sel[k]])) kept.push(sel[k]);
      sel = kept;
    } else if (step.kind === 'map') {
      fn = fns[step.fn];
      survivors();
      if (last) {
        var values = new Array(sel.length);
        for (k = 0; k < sel.length; k++) values[k] = checkDepth(fn(items[sel[k]]));
        result.values = values;
      } else {
        for (k = 0; k < sel.length; k++) items[sel[k]] = roundTrip(fn(items[sel[k]]));
      }
    } else if (step.kind === 'keys') {
      survivors();
      var kfns = step.fns.map(function (id) { return fns[id]; });
      keysByRow = new Array(n);
      for (k = 0; k < sel.length; k++) {
        var row = new Array(kfns.length);
        for (var j = 0; j < kfns.length; j++) row[j] = checkKey(kfns[j](items[sel[k]]));
        keysByRow[sel[k]] = row;
      }
      if (last) {
        var keys = new Array(sel.length);
        for (k = 0; k < sel.length; k++) keys[k] = keysByRow[sel[k]];
        result.keys = keys;
      }
    } else if (step.kind === 'values') {
      // Accessor functions (reducer accessors, sort keys): any JSON value, no key check.
      survivors();
      var vfns = step.fns.map(function (id) { return fns[id]; });
      // Paths are read after the functions ran, from the same items: a key function
      // that mutates its item changes what the reducers read (jql.md section 8).
      var vpaths = step.paths || [];
      var vals = new Array(sel.length);
      for (k = 0; k < sel.length; k++) {
        var vrow = new Array(vfns.length + vpaths.length);
        var vitem = items[sel[k]];
        for (var vj = 0; vj < vfns.length; vj++) vrow[vj] = checkDepth(vfns[vj](vitem));
        for (var vp = 0; vp < vpaths.length; vp++) vrow[vfns.length + vp] = vpaths[vp] === '' ? roundTrip(vitem) : readPath(vitem, vpaths[vp]);
        vals[k] = vrow;
      }
      result.keys = vals;
    } else if (step.kind === 'reduce') {
      result.partials = reduceGroups(step, items, survivors(), keysByRow);
    } else {
      throw new Error('quarry: unknown guest step ' + step.kind);
    }
  }
  var rowsBuf = null;
  if (sel !== null) {
    var rows = new Int32Array(sel.length);
    for (k = 0; k < sel.length; k++) rows[k] = sel[k];
    rowsBuf = rows.buffer;
  }
  return [stringifyResult(result), rowsBuf];
};

// Combine custom reducer partials: fn(partials, []) per group.
Q.combine = function (fnId, partialsText) {
  var groups = JSONparse(partialsText);
  if (!Array.isArray(groups)) {
    // {groups, cycles}: partials with cycles (see "cycles between stages" above).
    restoreCyclesGuest(groups.groups, groups.cycles);
    groups = groups.groups;
  }
  var fn = Q.fns[fnId];
  var out = new Array(groups.length);
  for (var g = 0; g < groups.length; g++) out[g] = checkDepth(fn(groups[g], []));
  return stringifyList(out);
};

// groupByUser: state stays here between calls (Dates, cycles survive). runs:
// [[key, count], ...] over the batch's rows, which arrive grouped and time-ordered.
Q.userReduce = function (fnId, reqText, buf, extraText) {
  var req = JSONparse(reqText);
  var fn = Q.fns[fnId];
  var states = Q.userStates[fnId] || (Q.userStates[fnId] = new Map());
  // Key functions that write to their items ran on other copies of them for the keys;
  // they run again here so the reducer sees the items as they left them.
  var keyFns = (req.keyFns || []).map(function (id) { return Q.fns[id]; });
  var range;
  if (keyFns.length > 0) {
    var items = buildItems(req.desc, buf, extraText);
    for (var ki = 0; ki < keyFns.length; ki++) for (var kr = 0; kr < items.length; kr++) keyFns[ki](items[kr]);
    range = function (from, to) { return items.slice(from, to); };
  } else range = itemRanges(req.desc, buf, extraText);
  // A call holds whole users (src/exec/batches/merge-users.ts). With extra keys a
  // user's items may alternate between groups: each group gets ONE call here, with
  // its items in time order.
  var byKey = new Map();
  var pos = 0;
  for (var r = 0; r < req.runs.length; r++) {
    var key = req.runs[r][0], count = req.runs[r][1];
    var list = byKey.get(key);
    var part = range(pos, pos + count);
    if (list === undefined) byKey.set(key, part);
    else for (var i = 0; i < part.length; i++) list.push(part[i]);
    pos += count;
  }
  byKey.forEach(function (list, key) { states.set(key, fn(states.get(key), list)); });
};

Q.userResults = function (fnId) {
  var states = Q.userStates[fnId];
  var out = [];
  if (states) states.forEach(function (value, key) { out.push({ key: key, value: value }); });
  delete Q.userStates[fnId];
  return stringifyList(out);
};
