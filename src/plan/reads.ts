/**
 * Which paths of its argument can a user function read? Answered from the source
 * text, cheaply and conservatively, so the engine can send only those columns into
 * the sandbox. Any doubt gives null ("it may read anything"), which is always safe.
 *
 * A known answer needs: a plain first parameter (no destructuring or default), and
 * every use of it in the body a member chain `p.a.b` / `p["lit"]` / `p?.a`. The path
 * read is the chain (a computed `p.a[k]` reads all of `a`; a call `p.a.b()` reads
 * all of `a`). A bare use (`f(p)`, `return p`, `{p}`, `var p`), `arguments`,
 * `eval`, `with`, template literals or an untokenizable source give null.
 *
 * @example analyzeReads('function(e){ return e.properties.country == "US" }')
 *   // -> ['properties.country']
 */

type Tok = { t: 'id' | 'str' | 'num' | 'punct' | 'regex'; v: string };

const PUNCT = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else']);

/** Tokenize JavaScript well enough for reads analysis; null when unsure (not parse-fn.ts's tokenizer; decision 0027). */
function tokenize(src: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) return null;
      i = e + 2;
      continue;
    }
    if (c === '`') return null; // template literals may hold ${...} uses: give up
    if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (j < n && src[j] !== c) {
        if (src[j] === '\\') return null; // escapes: keep the scanner simple and safe
        if (src[j] === '\n') return null;
        v += src[j++];
      }
      if (j >= n) return null;
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:0[xob][0-9a-f_]+|[0-9_]*\.?[0-9_]*(?:e[+-]?[0-9]+)?n?)/i.exec(src.slice(i));
      const v = m![0] || c;
      out.push({ t: 'num', v });
      i += v.length;
      continue;
    }
    if (/[A-Za-z_$\u00a0-\uffff]/.test(c)) {
      const m = /^[A-Za-z0-9_$\u00a0-\uffff]+/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '\\') return null; // unicode escapes in identifiers
    if (c === '/') {
      const prev = out[out.length - 1];
      const regexHere =
        prev === undefined ||
        (prev.t === 'punct' && prev.v !== ')' && prev.v !== ']' && prev.v !== '}' && prev.v !== '++' && prev.v !== '--') ||
        (prev.t === 'id' && REGEX_AFTER_WORD.has(prev.v));
      if (regexHere) {
        let j = i + 1;
        let inClass = false;
        while (j < n) {
          const d = src[j]!;
          if (d === '\\') {
            j += 2;
            continue;
          }
          if (d === '\n') return null;
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          j++;
        }
        if (j >= n) return null;
        j++;
        while (j < n && /[a-z]/i.test(src[j]!)) j++;
        out.push({ t: 'regex', v: src.slice(i, j) });
        i = j;
        continue;
      }
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    const v = p ?? c;
    out.push({ t: 'punct', v });
    i += v.length;
  }
  return out;
}

/** The first parameter's name and where the body starts, or null. */
function firstParam(toks: Tok[]): { name: string; bodyStart: number } | null {
  let i = 0;
  if (toks[i]?.v === 'async') return null;
  if (toks[i]?.t === 'id' && toks[i]!.v === 'function') {
    i++;
    if (toks[i]?.v === '*') return null;
    if (toks[i]?.t === 'id') i++;
  } else if (toks[i]?.t === 'id' && toks[i + 1]?.v === '=>') {
    return { name: toks[i]!.v, bodyStart: i + 2 };
  } else if (toks[i]?.t === 'id' && toks[i + 1]?.v === '(') {
    i++; // method shorthand `name(p) {`
  }
  if (toks[i]?.v !== '(') return null;
  i++;
  const name = toks[i];
  if (name === undefined || name.t !== 'id') return null;
  // Skip the remaining parameters; they must be plain names.
  let j = i + 1;
  while (toks[j]?.v === ',') {
    if (toks[j + 1]?.t !== 'id') {
      if (toks[j + 1]?.v === ')') {
        j++;
        break;
      }
      return null;
    }
    j += 2;
  }
  if (toks[j]?.v !== ')') return null;
  return { name: name.v, bodyStart: j + 1 };
}

/** Paths of the first argument `source` can read, or null when not knowable. */
export function analyzeReads(source: string): string[] | null {
  const toks = tokenize(source);
  if (toks === null) return null;
  const head = firstParam(toks);
  if (head === null) return null;
  const { name } = head;
  if (['arguments', 'eval', 'this', 'function', 'return'].includes(name)) return null;
  const paths = new Set<string>();
  const uses = usesOf(toks, name, head.bodyStart);
  if (uses === null) return null;
  // An object literal key `{p: ...}` looks like a use; treating it as bare is safe.
  for (const i of uses) {
    const segs: string[] = [];
    let j = i + 1;
    let whole = false;
    for (;;) {
      const a = toks[j];
      const b = toks[j + 1];
      if ((a?.v === '.' || a?.v === '?.') && b?.t === 'id') {
        segs.push(b.v);
        j += 2;
        continue;
      }
      if (a?.v === '?.' && toks[j + 1]?.v === '[') j++; // `p?.["x"]`
      if (toks[j]?.v === '[') {
        const lit = toks[j + 1];
        if ((lit?.t === 'str' || lit?.t === 'num') && toks[j + 2]?.v === ']') {
          if (lit.v.includes('.') || lit.v === '') return null; // ambiguous as a dotted path
          segs.push(lit.v);
          j += 3;
          continue;
        }
        whole = true; // computed member: the whole value so far
      }
      break;
    }
    if (!whole && toks[j]?.v === '(') segs.pop(); // a method call reads its receiver whole
    if (segs.length === 0) return null; // bare use of the item
    paths.add(segs.join('.'));
  }
  return [...paths].sort();
}

/**
 * Where the body uses the variable `name` (not as a property name after `.`), or
 * null when the body uses `arguments`, `eval`, `with` or `Function` (anything goes).
 */
function usesOf(toks: Tok[], name: string, from: number): number[] | null {
  const out: number[] = [];
  for (let i = from; i < toks.length; i++) {
    const tok = toks[i]!;
    if (tok.t !== 'id') continue;
    if (tok.v === 'arguments' || tok.v === 'eval' || tok.v === 'with' || tok.v === 'Function') return null;
    if (tok.v !== name) continue;
    const before = toks[i - 1];
    if (before?.t === 'punct' && (before.v === '.' || before.v === '?.')) continue;
    out.push(i);
  }
  return out;
}

/** Parameter names and where the body starts, or null (only plain-name parameters). */
function params(toks: Tok[]): { names: string[]; bodyStart: number } | null {
  const head = firstParam(toks);
  if (head === null) return null;
  // Walk back from the body start to the opening parenthesis.
  const names: string[] = [];
  let i = head.bodyStart - 1;
  if (toks[i]?.v === '=>') return { names: [toks[i - 1]!.v], bodyStart: head.bodyStart };
  if (toks[i]?.v !== ')') return null;
  for (i--; i >= 0 && toks[i]!.v !== '('; i--) if (toks[i]!.t === 'id') names.unshift(toks[i]!.v);
  return { names, bodyStart: head.bodyStart };
}

/**
 * Paths a reducer `function (state, items)` can read from the ELEMENTS of its
 * `items` argument (parameter `paramIndex`), or null when not knowable. Known only when
 * every use is `items.length` or `items[expr].a.b` (a member chain on an element).
 *
 * @example analyzeElementReads('function (s, evs) { for (var i = 0; i < evs.length; i++) if (evs[i].name == "x") s++; return s; }')
 *   // -> ['name']
 */
export function analyzeElementReads(source: string, paramIndex = 1): string[] | null {
  const toks = tokenize(source);
  if (toks === null) return null;
  const head = params(toks);
  if (head === null) return null;
  const name = head.names[paramIndex];
  if (name === undefined) return [];
  if (['arguments', 'eval', 'this'].includes(name)) return null;
  const paths = new Set<string>();
  const uses = usesOf(toks, name, head.bodyStart);
  if (uses === null) return null;
  for (const i of uses) {
    const next = toks[i + 1];
    if (next?.v === '.' && toks[i + 2]?.v === 'length' && toks[i + 3]?.v !== '(' && toks[i + 3]?.v !== '=') continue;
    if (next?.v !== '[') return null;
    // Skip the balanced index expression.
    let depth = 0;
    let j = i + 1;
    for (; j < toks.length; j++) {
      if (toks[j]!.v === '[') depth++;
      else if (toks[j]!.v === ']' && --depth === 0) break;
    }
    if (j >= toks.length) return null;
    j++;
    const segs: string[] = [];
    for (;;) {
      const a = toks[j];
      const b = toks[j + 1];
      if ((a?.v === '.' || a?.v === '?.') && b?.t === 'id') {
        segs.push(b.v);
        j += 2;
        continue;
      }
      if (a?.v === '[' && (b?.t === 'str' || b?.t === 'num') && toks[j + 2]?.v === ']') {
        if (b.v.includes('.') || b.v === '') return null;
        segs.push(b.v);
        j += 3;
        continue;
      }
      if (a?.v === '[') return null; // computed member of an element
      break;
    }
    if (toks[j]?.v === '(') segs.pop();
    if (
      toks[j]?.v === '=' ||
      toks[j]?.v === '++' ||
      toks[j]?.v === '--' ||
      (toks[j]?.t === 'punct' && toks[j]!.v.endsWith('=') && !['==', '===', '!=', '!==', '<=', '>='].includes(toks[j]!.v))
    )
      return null; // writes
    if (segs.length === 0) return null; // the element itself
    paths.add(segs.join('.'));
  }
  return [...paths].sort();
}

/** Method names that never change their receiver (strings, numbers, dates, arrays read). */
const PURE_METHODS = new Set([
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'slice',
  'substring',
  'substr',
  'indexOf',
  'lastIndexOf',
  'includes',
  'startsWith',
  'endsWith',
  'trim',
  'trimStart',
  'trimEnd',
  'split',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'toString',
  'toFixed',
  'toPrecision',
  'padStart',
  'padEnd',
  'repeat',
  'replace',
  'replaceAll',
  'match',
  'search',
  'test',
  'concat',
  'join',
  'at',
  'hasOwnProperty',
  'getTime',
  'toISOString',
  'toJSON',
  'valueOf',
  'localeCompare',
  'normalize',
  'floor',
  'ceil',
  'round',
  'abs',
  'min',
  'max',
  'pow',
  'sqrt',
  'trunc',
  'sign',
  'log',
  'exp',
  'isArray',
  'stringify',
  'keys',
]);
/** Global functions that never change their arguments. */
const PURE_CALLS = new Set(['String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'Date', 'encodeURIComponent', 'decodeURIComponent']);
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']);

/**
 * Can a function change the object it is given (`delete e.date`, `e.seen = 1`,
 * `e.properties.tags.push(x)`, or by handing it to other code)? Answered from the
 * source, conservatively: false only when every use of the argument is a member read
 * (analyzeReads knows the paths) and the body has no `delete`, no `++`/`--`, no
 * assignment to a member, and calls only methods and functions known to leave their
 * receiver and arguments alone. Anything else is true, which is always safe: the
 * engine then lets the function's writes reach what later reads the item.
 *
 * @example analyzeWrites('function (i) { var d = i.date; delete i.date; return d; }') // -> true
 * @example analyzeWrites('function (e) { return e.properties.city.toLowerCase(); }')  // -> false
 */
export function analyzeWrites(source: string): boolean {
  if (analyzeReads(source) === null) return true;
  const toks = tokenize(source);
  const head = toks === null ? null : firstParam(toks);
  if (toks === null || head === null) return true;
  for (let i = head.bodyStart; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.t === 'id' && (t.v === 'delete' || t.v === 'Object' || t.v === 'Reflect' || t.v === '_')) return true;
    if (t.t !== 'punct') continue;
    if (t.v === '++' || t.v === '--') return true;
    if (ASSIGN.has(t.v)) {
      const prev = toks[i - 1];
      const before = toks[i - 2];
      // `x.y = ...`, `x[k] = ...`: a member write (on the argument or an alias of it).
      if (prev?.v === ']' || (prev?.t === 'id' && (before?.v === '.' || before?.v === '?.'))) return true;
      continue;
    }
    if (t.v === '(') {
      const callee = toks[i - 1];
      if (callee === undefined || callee.t !== 'id') continue; // grouping, or a call of a call's result (checked at its name)
      if (['if', 'while', 'for', 'switch', 'return', 'typeof', 'function', 'catch', 'in', 'of', 'new', 'void'].includes(callee.v)) continue;
      if (toks[i - 3]?.t === 'id' && toks[i - 3]!.v === 'function' && toks[i - 2]?.t === 'id') continue; // function name (...)
      const isMethod = toks[i - 2]?.v === '.' || toks[i - 2]?.v === '?.';
      // Getters and conversions (getUTCDay, toFixed, toISOString) read only.
      if (isMethod ? PURE_METHODS.has(callee.v) || /^(get|to)[A-Z]/.test(callee.v) : PURE_CALLS.has(callee.v)) continue;
      if (toks[i - 2]?.t === 'id' && toks[i - 2]!.v === 'function') continue; // `function name(` declaration
      return true;
    }
  }
  return false;
}
