import { ScriptError } from '../../errors.js';

/** One component of a groupBy key: JQL keys are scalars. */
export type KeyComponent = string | number | boolean | null;

/**
 * A key value as it appears in output: `undefined` groups with `null` and is written
 * as `null`; NaN and ±Infinity are written as `null` by JSON, so they group there
 * too; -0 is 0. A Date becomes its ISO string (what the hosted engine's JSON encoding
 * produced). Any other object is a script error.
 */
export function toKeyComponent(v: unknown): KeyComponent {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return null;
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      throw objectKeyError(v);
    default:
      // functions, symbols, bigints
      throw new ScriptError(
        'InvalidQuery',
        `A groupBy key evaluated to a ${typeof v}; key values must be strings, numbers, booleans or null. ` +
          'Return a scalar from the key function (for example String(x)).',
      );
  }
}

function objectKeyError(v: object): ScriptError {
  let shown: string;
  try {
    shown = JSON.stringify(v) ?? String(v);
  } catch {
    shown = Object.prototype.toString.call(v);
  }
  if (shown.length > 80) shown = shown.slice(0, 77) + '...';
  return new ScriptError(
    'InvalidQuery',
    `A groupBy key evaluated to an object (${shown}); key values must be strings, numbers, booleans or null. ` +
      'Group by one of its properties instead (e.g. "properties.plan.name"), or turn it into a string ' +
      'with a key function such as function(e) { return JSON.stringify(e.properties.plan); }.',
  );
}
