/**
 * The hosted product's definition shapes (mixpanel-formats D) -> quarry's criteria.
 *
 * Stored shape: `{"selector": {"operator": "and"|"or", "children": [...]}, "behaviors": {...}}`
 *   - `{"property":"user","value":K,"operator":OP,"operand":X,"type":T}` becomes a
 *     property selector over `properties[K]` (`== != in "not in" > < >= <= defined "not defined"`);
 *   - `{"property":"behaviors","value":"bhvr_0","operator":OP,"operand":N}` becomes a
 *     behaviour criterion from `behaviors.bhvr_0` (`count.event_selector`, `window` or
 *     `from_date`+`to_date`); an aggregate of `time` with `unique` is "on N distinct days";
 *   - `{"property":"cohort","value":ID_OR_NAME,"operator":"in"|"not in"}`.
 * Inline shape: `{"and_batch"|"or_batch": [{"event_selectors":[{"event","selector"}], ...}]}`:
 * each entry is "did any of these events at least once" (or, with only a `selector`,
 * a property criterion).
 */
import type { BehaviorCriterion, CountOp, Criterion } from './definition.js';
import { checkCount, checkDay, checkSelector, fail } from './checks.js';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (a: string, b: string | number) => (typeof b === 'number' ? `${a}[${b}]` : a ? `${a}.${b}` : b);

export function fromHosted(json: Raw, path: string): Criterion {
  if ('and_batch' in json || 'or_batch' in json) return fromBatch(json, path);
  const behaviors = json.behaviors === undefined ? {} : json.behaviors;
  if (!isObj(behaviors)) fail(at(path, 'behaviors'), 'expected an object of named behaviours');
  return node(json.selector, at(path, 'selector'), behaviors as Raw, path);
}

function node(v: unknown, path: string, behaviors: Raw, root: string): Criterion {
  if (!isObj(v)) fail(path, 'expected an object');
  if (Array.isArray(v.children)) {
    const op = v.operator;
    if (op !== 'and' && op !== 'or') fail(at(path, 'operator'), `expected "and" or "or", got ${JSON.stringify(op)}`);
    if (v.children.length === 0) fail(at(path, 'children'), 'expected at least one criterion');
    const children = v.children.map((c, i) => node(c, at(at(path, 'children'), i), behaviors, root));
    return children.length === 1 ? children[0]! : { operator: op, children };
  }
  switch (v.property) {
    case 'user':
    case 'people':
      return { type: 'property', where: checkSelector(propertySelector(v, path), path) };
    case 'behaviors':
      return behavior(v, path, behaviors, root);
    case 'cohort': {
      const id = v.value;
      if (!((typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && id !== ''))) fail(at(path, 'value'), 'expected a cohort id or name');
      const op = v.operator ?? 'in';
      if (op !== 'in' && op !== 'not in') fail(at(path, 'operator'), `expected "in" or "not in", got ${JSON.stringify(op)}`);
      // A numeric id in a string ("456") is still an id.
      const ref = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
      return { type: 'cohort', cohort: ref, operator: op };
    }
    default:
      fail(at(path, 'property'), `expected "user", "behaviors" or "cohort", got ${JSON.stringify(v.property)}`);
  }
}

/** A literal the selector grammar reads back as the same value. */
function literal(x: unknown, type: unknown, path: string): string {
  if (typeof x === 'string') return type === 'datetime' ? `datetime(${JSON.stringify(x)})` : JSON.stringify(x);
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  if (typeof x === 'boolean') return String(x);
  fail(path, `expected a string, number or boolean operand, got ${JSON.stringify(x)}`);
}

export function propertySelector(v: Raw, path: string): string {
  const key = v.value;
  if (typeof key !== 'string' || key === '') fail(at(path, 'value'), 'expected a property name');
  const p = `properties[${JSON.stringify(key)}]`;
  const lhs = v.type === 'datetime' ? `datetime(${p})` : p;
  const operand = v.operand;
  const anyOf = (xs: unknown[]) => `(${xs.map((x, i) => `${lhs} == ${literal(x, v.type, at(at(path, 'operand'), i))}`).join(' or ')})`;
  switch (v.operator) {
    case 'defined':
      return `defined(${p})`;
    case 'not defined':
      return `not defined(${p})`;
    case '==':
      return Array.isArray(operand) ? anyOf(operand) : `${lhs} == ${literal(operand, v.type, at(path, 'operand'))}`;
    case '!=':
      return Array.isArray(operand) ? `not ${anyOf(operand)}` : `${lhs} != ${literal(operand, v.type, at(path, 'operand'))}`;
    case 'in':
      // A list operand: the value is one of them. A scalar: the property (list or text) contains it.
      return Array.isArray(operand) ? anyOf(operand) : `${literal(operand, v.type, at(path, 'operand'))} in ${p}`;
    case 'not in':
      return Array.isArray(operand) ? `not ${anyOf(operand)}` : `not (${literal(operand, v.type, at(path, 'operand'))} in ${p})`;
    case '>':
    case '<':
    case '>=':
    case '<=':
      return `${lhs} ${v.operator} ${literal(operand, v.type, at(path, 'operand'))}`;
    default:
      fail(at(path, 'operator'), `unsupported property operator ${JSON.stringify(v.operator)} (supported: == != in "not in" > < >= <= defined "not defined")`);
  }
}

const OPS = new Set(['>=', '<=', '==', '>', '<', '!=']);

function behavior(v: Raw, path: string, behaviors: Raw, root: string): BehaviorCriterion {
  const name = v.value;
  if (typeof name !== 'string') fail(at(path, 'value'), 'expected the name of an entry of "behaviors"');
  const b = behaviors[name];
  const bpath = at(at(root, 'behaviors'), name);
  if (!isObj(b)) fail(at(path, 'value'), `no behaviour ${JSON.stringify(name)} in "behaviors" (have: ${Object.keys(behaviors).join(', ') || 'none'})`);
  const op = v.operator;
  if (typeof op !== 'string' || !OPS.has(op)) fail(at(path, 'operator'), `expected one of >= <= == > < !=, got ${JSON.stringify(op)}`);
  const count = isObj(b.count) ? b.count : fail(at(bpath, 'count'), 'expected an object with "event_selector"');
  const es = count.event_selector === undefined ? {} : count.event_selector;
  if (!isObj(es)) fail(at(at(bpath, 'count'), 'event_selector'), 'expected {"event": NAME, "selector": EXPR}');
  const event = es.event === undefined || es.event === null || es.event === '' ? null : es.event;
  if (event !== null && typeof event !== 'string') fail(at(at(at(bpath, 'count'), 'event_selector'), 'event'), 'expected an event name');
  const out: BehaviorCriterion = { type: 'behavior', event, count: { op: op as CountOp, value: checkCount(v.operand, at(path, 'operand')) } };
  if (es.selector !== undefined && es.selector !== null && es.selector !== '') {
    out.where = checkSelector(es.selector, at(at(at(bpath, 'count'), 'event_selector'), 'selector'));
  }
  const agg = count.aggregationOperator;
  if (agg !== undefined && agg !== null) {
    const prop = isObj(count.property) ? count.property.name : count.property;
    if ((agg === 'unique' || agg === 'distinct_count') && (prop === 'time' || prop === '$time')) out.distinctDays = true;
    else
      fail(
        at(at(bpath, 'count'), 'aggregationOperator'),
        `property aggregates (${JSON.stringify(agg)} of ${JSON.stringify(prop)}) are not supported: quarry evaluates event counts and "on N distinct days" (unique of time)`,
      );
  } else if (count.type === 'distinct_days') out.distinctDays = true;
  else if (count.type !== undefined && count.type !== 'absolute')
    fail(at(at(bpath, 'count'), 'type'), `expected "absolute", got ${JSON.stringify(count.type)}`);
  if (isObj(b.window)) {
    const w = b.window;
    const last = w.value;
    const unit = w.unit ?? 'day';
    if (typeof last !== 'number' || !Number.isInteger(last) || last < 1) fail(at(at(bpath, 'window'), 'value'), 'expected a whole number >= 1');
    if (unit !== 'day' && unit !== 'week' && unit !== 'month')
      fail(at(at(bpath, 'window'), 'unit'), `expected "day", "week" or "month", got ${JSON.stringify(unit)}`);
    out.window = { last, unit };
  } else if (b.from_date !== undefined || b.to_date !== undefined) {
    const from = checkDay(String(b.from_date ?? '').slice(0, 10), at(bpath, 'from_date'));
    const to = checkDay(String(b.to_date ?? '').slice(0, 10), at(bpath, 'to_date'));
    out.window = { from, to };
  }
  return out;
}

function fromBatch(json: Raw, path: string): Criterion {
  const key = 'and_batch' in json ? 'and_batch' : 'or_batch';
  const list = json[key];
  if (!Array.isArray(list) || list.length === 0) fail(at(path, key), 'expected a non-empty list');
  const children = list.map((e, i): Criterion => {
    const p = at(at(path, key), i);
    if (!isObj(e)) fail(p, 'expected an object');
    if (Array.isArray(e.event_selectors) && e.event_selectors.length > 0) {
      const did = e.event_selectors.map((s, j): Criterion => {
        const sp = at(at(p, 'event_selectors'), j);
        if (!isObj(s)) fail(sp, 'expected {"event": NAME}');
        const event = typeof s.event === 'string' && s.event !== '' ? s.event : null;
        const c: BehaviorCriterion = { type: 'behavior', event, count: { op: '>=', value: 1 } };
        if (typeof s.selector === 'string' && s.selector !== '') c.where = checkSelector(s.selector, at(sp, 'selector'));
        return c;
      });
      return did.length === 1 ? did[0]! : { operator: 'or', children: did };
    }
    if (typeof e.selector === 'string' && e.selector !== '') return { type: 'property', where: checkSelector(e.selector, at(p, 'selector')) };
    fail(p, 'expected "event_selectors" (a list of {"event": NAME}) or a "selector"');
  });
  return children.length === 1 ? children[0]! : { operator: key === 'and_batch' ? 'and' : 'or', children };
}
