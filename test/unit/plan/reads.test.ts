import { describe, expect, it } from 'vitest';
import { analyzeReads, analyzeWrites } from '../../../src/plan/reads.js';

describe('analyzeReads', () => {
  const cases: Array<[string, string[] | null]> = [
    ['function (e) { return e.properties.country == "US"; }', ['properties.country']],
    ['function named(e) { return e.name == "a" && e.properties["$city"] }', ['name', 'properties.$city']],
    ['e => e.properties.codes[0]', ['properties.codes.0']],
    ['(e) => e.properties.name.toUpperCase()', ['properties.name']],
    ['(e) => e.properties[key]', ['properties']],
    ['(e) => e?.properties?.x', ['properties.x']],
    ['function (e) { delete e.date; return e.properties.x }', ['date', 'properties.x']],
    ['function (e) { return /a\\/b/.test(e.name) }', ['name']],
    ['function (e) { // e here is a comment\n return e.time / 1000 / 60 }', ['time']],
    ['function (e, i) { return e.x }', ['x']],
    // conservative: unknown
    ['function (e) { return helper(e) }', null],
    ['function (e) { return e }', null],
    ['function (e) { return {e} }', null],
    ['function (e) { return arguments[0].x }', null],
    ['function (e) { return eval("e.x") }', null],
    ['function (e) { with (e) { return x } }', null],
    ['function (e) { return `${e.x}` }', null],
    ['function ({properties}) { return properties.x }', null],
    ['function (e = {}) { return e.x }', null],
    ['function (e) { return _.map(e.list, function (e) { return e.y }) }', null],
    ['function (e) { return e.properties["a.b"] }', null],
    ['function (e) { return e.hasOwnProperty("x") }', null],
    ['function (e) { var e = 1; return e }', null],
    ['function () { [native code] }', null],
    ['function (e) { return e["x\\"y"] }', null],
  ];
  for (const [src, want] of cases) it(src, () => expect(analyzeReads(src)).toEqual(want));
});

describe('analyzeWrites', () => {
  it.each([
    ['function (i) { var d = i.date; delete i.date; return d; }', true],
    ['function (e) { e.seen = 1; return e.name; }', true],
    ['function (e) { e.properties.n++; return e.name; }', true],
    ['function (e) { e.properties.tags.push("x"); return e.name; }', true],
    ['function (e) { var p = e.properties; p.x = 1; return e.name; }', true],
    ['function (e) { return helper(e.properties); }', true],
    ['function (e) { return _.extend(e.properties, {a: 1}).a; }', true],
    ['function (e) { Object.assign(e.properties, {}); return 1; }', true],
    ['function (e) { return f(e); }', true],
    ['function (e) { return e.properties.city.toLowerCase(); }', false],
    ['function (e) { var d = new Date(e.time); return d.getUTCDay() + String(e.name).slice(0, 2); }', false],
    ['e => e.properties.a == 1 ? "x" : Number(e.properties.b)', false],
    ['function (e) { var x = e.name; x = x + "!"; return x; }', false],
  ])('%s -> %s', (src, expected) => {
    expect(analyzeWrites(src)).toBe(expected);
  });
});
