/**
 * Any accepted cohort definition JSON -> quarry's criteria tree (definition.ts).
 *
 * Shapes, told apart by their keys:
 *   - quarry's own: `{operator, children}` / `{type: ...}` (or wrapped: `{criteria}`);
 *   - the hosted stored shape: `{selector: {operator, children}, behaviors: {...}}`,
 *     also wrapped as `{raw_cohort: {...}}` (mixpanel-formats D);
 *   - the other observed inline shape: `{and_batch | or_batch: [{event_selectors, ...}]}`.
 * Every problem is a UserError naming where in the JSON it is.
 */
import { UserError } from '../errors.js';
import { checkCount, checkDay, checkSelector, fail } from './checks.js';
import { type BehaviorCriterion, type BehaviorWindow, COUNT_OPS, type CountOp, type Criterion, type WindowUnit } from './definition.js';
import { fromHosted } from './hosted-shape.js';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse any accepted shape. `path` prefixes error messages. */
export function parseDefinition(json: unknown, path = ''): Criterion {
  if (!isObj(json)) fail(path, 'expected a JSON object');
  if ('raw_cohort' in json) return parseDefinition(json.raw_cohort, join(path, 'raw_cohort'));
  if ('selector' in json && isObj(json.selector) && !('type' in json)) return fromHosted(json, path);
  if ('and_batch' in json || 'or_batch' in json) return fromHosted(json, path);
  if ('criteria' in json) return parseCriterion(json.criteria, join(path, 'criteria'));
  return parseCriterion(json, path);
}

const join = (a: string, b: string | number) => (typeof b === 'number' ? `${a}[${b}]` : a ? `${a}.${b}` : b);

/** quarry's own shape, checked strictly (a typo in a key is an error, not a silent default). */
export function parseCriterion(v: unknown, path: string): Criterion {
  if (!isObj(v)) fail(path, 'expected an object');
  if ('operator' in v && 'children' in v) {
    only(v, ['operator', 'children'], path);
    const op = v.operator;
    if (op !== 'and' && op !== 'or') fail(join(path, 'operator'), `expected "and" or "or", got ${JSON.stringify(op)}`);
    if (!Array.isArray(v.children) || v.children.length === 0) fail(join(path, 'children'), 'expected a non-empty list of criteria');
    return { operator: op, children: v.children.map((c, i) => parseCriterion(c, join(join(path, 'children'), i))) };
  }
  switch (v.type) {
    case 'property': {
      only(v, ['type', 'where'], path);
      return { type: 'property', where: checkSelector(v.where, join(path, 'where')) };
    }
    case 'behavior':
      return parseBehavior(v, path);
    case 'cohort': {
      only(v, ['type', 'cohort', 'operator'], path);
      const c = v.cohort;
      if (!((typeof c === 'string' && c !== '') || (typeof c === 'number' && Number.isInteger(c))))
        fail(join(path, 'cohort'), 'expected a cohort name (or numeric id)');
      const op = v.operator ?? 'in';
      if (op !== 'in' && op !== 'not in') fail(join(path, 'operator'), `expected "in" or "not in", got ${JSON.stringify(op)}`);
      return { type: 'cohort', cohort: c, operator: op };
    }
    default:
      fail(
        path,
        `unknown criterion ${JSON.stringify(v).slice(0, 80)}: expected {"operator":"and"|"or","children":[...]} or a "type" of "property", "behavior" or "cohort"`,
      );
  }
}

function parseBehavior(v: Raw, path: string): BehaviorCriterion {
  only(v, ['type', 'event', 'where', 'count', 'window', 'distinctDays'], path);
  const event = v.event ?? null;
  if (event !== null && (typeof event !== 'string' || event === '')) fail(join(path, 'event'), 'expected an event name (or null for any event)');
  const out: BehaviorCriterion = { type: 'behavior', event, count: parseCount(v.count ?? { op: '>=', value: 1 }, join(path, 'count')) };
  if (v.where !== undefined) out.where = checkSelector(v.where, join(path, 'where'));
  if (v.window !== undefined) out.window = parseWindow(v.window, join(path, 'window'));
  if (v.distinctDays !== undefined) {
    if (typeof v.distinctDays !== 'boolean') fail(join(path, 'distinctDays'), 'expected true or false');
    if (v.distinctDays) out.distinctDays = true;
  }
  return out;
}

export function parseCount(v: unknown, path: string): { op: CountOp; value: number } {
  if (!isObj(v)) fail(path, 'expected {"op": ">=", "value": N}');
  only(v, ['op', 'value'], path);
  if (!COUNT_OPS.includes(v.op as CountOp)) fail(join(path, 'op'), `expected one of ${COUNT_OPS.join(' ')}, got ${JSON.stringify(v.op)}`);
  return { op: v.op as CountOp, value: checkCount(v.value, join(path, 'value')) };
}

const UNITS: Record<string, WindowUnit> = {
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  week: 'week',
  weeks: 'week',
  m: 'month',
  month: 'month',
  months: 'month',
};

export function parseWindow(v: unknown, path: string): BehaviorWindow {
  if (!isObj(v)) fail(path, 'expected {"last": N, "unit": "day"} or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}');
  if ('from' in v || 'to' in v) {
    only(v, ['from', 'to'], path);
    const from = checkDay(v.from, join(path, 'from'));
    const to = checkDay(v.to, join(path, 'to'));
    if (from > to) fail(path, `from (${from}) is after to (${to})`);
    return { from, to };
  }
  only(v, ['last', 'unit'], path);
  const last = v.last;
  if (typeof last !== 'number' || !Number.isInteger(last) || last < 1) fail(join(path, 'last'), `expected a whole number >= 1, got ${JSON.stringify(last)}`);
  const unit = UNITS[String(v.unit ?? 'day')];
  if (unit === undefined) fail(join(path, 'unit'), `expected "day", "week" or "month", got ${JSON.stringify(v.unit)}`);
  return { last, unit };
}

/** `30d`, `4w`, `3m`, `30` (days), `30 days` -> a rolling window. */
export function parseWithin(text: string): BehaviorWindow {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] || 'd').toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) < 1)
    throw new UserError(`--within ${JSON.stringify(text)}: expected a number of days, weeks or months such as 30d, 4w or 3m`);
  return { last: Number(m[1]), unit };
}

function only(v: Raw, keys: string[], path: string): void {
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail(path, `unknown key ${JSON.stringify(k)} (allowed: ${keys.join(', ')})`);
}
