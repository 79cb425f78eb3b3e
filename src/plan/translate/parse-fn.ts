/**
 * Turn a user function's source into a JsExpr, when the function is a pure
 * expression over its parameter's fields; null otherwise (the sandbox runs it).
 * Accepted: `p => EXPR`, `(p) => EXPR`, `p => { return EXPR; }` and
 * `function [name](p) { return EXPR; }`, where EXPR uses literals, the parameter's
 * member chains, comparisons, arithmetic, `! && || ?? ?:`, `typeof`, whitelisted
 * string/array methods and `new Date(x).getX()`. Anything else (other identifiers,
 * assignments, calls of other functions, prototype members) is refused.
 */
import { ARRAY_METHODS, DATE_METHODS, type JsExpr, STRING_METHODS } from './js-expr.js';

type Tok = { t: 'id' | 'num' | 'str' | 'p'; v: string };

const PUNCT = [
  '===',
  '!==',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '.',
  ',',
  ';',
  '?',
  ':',
];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Tokenize the accepted subset only: anything else gives null (not reads.ts's tokenizer; decision 0027). */
function tokenize(src: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      i = e < 0 ? src.length : e;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) return null;
      i = e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\n') return null;
        if (src[j] === '\\') {
          const esc = ESCAPES[src[j + 1] ?? ''];
          if (esc === undefined) return null;
          v += esc;
          j++;
        } else v += src[j];
      }
      if (j >= src.length) return null;
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(src.slice(i, i + 40));
    if (num && /[\d.]/.test(c)) {
      if (/^[A-Za-z_$]/.test(src[i + num[0].length] ?? '')) return null;
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 200));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) return null;
    out.push({ t: 'p', v: p });
    i += p.length;
  }
  return out;
}

/** Names that resolve through prototypes (or are getters) in JavaScript: not plain data. */
const PROTO = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Array.prototype),
  ...Object.getOwnPropertyNames(String.prototype),
  ...Object.getOwnPropertyNames(Number.prototype),
  ...Object.getOwnPropertyNames(Boolean.prototype),
  'prototype',
]);
PROTO.delete('length');

class Refused extends Error {}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly param: string,
  ) {}

  private peek(v?: string): Tok | undefined {
    const t = this.toks[this.i];
    return v === undefined || (t && t.v === v && t.t !== 'str') ? t : undefined;
  }
  private eat(v: string): boolean {
    if (this.peek(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(v: string): void {
    if (!this.eat(v)) throw new Refused(v);
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }

  expr(): JsExpr {
    const c = this.logic(0);
    if (this.eat('?')) {
      const a = this.expr();
      this.expect(':');
      return { k: 'cond', c, a, b: this.expr() };
    }
    return c;
  }

  private static LEVELS: string[][] = [['??'], ['||'], ['&&'], ['===', '!==', '==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

  private logic(level: number): JsExpr {
    if (level === Parser.LEVELS.length) return this.unary();
    let a = this.logic(level + 1);
    for (;;) {
      const t = this.toks[this.i];
      if (!t || t.t !== 'p' || !Parser.LEVELS[level]!.includes(t.v)) return a;
      this.i++;
      const b = this.logic(level + 1);
      a = level <= 2 ? { k: 'logic', op: t.v as '&&' | '||' | '??', a, b } : { k: 'bin', op: t.v as never, a, b };
    }
  }

  private unary(): JsExpr {
    for (const op of ['!', '-', '+'] as const) if (this.eat(op)) return { k: 'unary', op, a: this.unary() };
    if (this.peek('typeof')) {
      this.i++;
      return { k: 'unary', op: 'typeof', a: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): JsExpr {
    const t = this.toks[this.i++];
    if (!t) throw new Refused('end');
    if (t.t === 'num') return { k: 'lit', v: Number(t.v) };
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'p' && t.v === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.t === 'id') {
      switch (t.v) {
        case 'true':
          return { k: 'lit', v: true };
        case 'false':
          return { k: 'lit', v: false };
        case 'null':
          return { k: 'lit', v: null };
        case 'undefined':
          return { k: 'lit', v: undefined };
        case 'new': {
          if (!this.eat('Date')) throw new Refused('new');
          this.expect('(');
          const arg = this.expr();
          this.expect(')');
          return { k: 'newDate', arg };
        }
      }
      if (t.v === this.param) return { k: 'param', path: [] };
    }
    throw new Refused(t.v);
  }

  private postfix(e: JsExpr): JsExpr {
    for (;;) {
      let key: string | number | undefined;
      if (this.eat('.')) {
        const t = this.toks[this.i++];
        if (!t || t.t !== 'id') throw new Refused('.');
        key = t.v;
      } else if (this.eat('[')) {
        const t = this.toks[this.i++];
        if (!t || (t.t !== 'str' && t.t !== 'num')) throw new Refused('[');
        key = t.t === 'num' ? Number(t.v) : t.v;
        this.expect(']');
      } else return e;
      if (this.peek('(')) {
        this.i++;
        const args: JsExpr[] = [];
        if (!this.eat(')')) {
          do args.push(this.expr());
          while (this.eat(','));
          this.expect(')');
        }
        const method = String(key);
        const isDate = e.k === 'newDate';
        if (isDate ? !DATE_METHODS.has(method) : !STRING_METHODS.has(method) && !ARRAY_METHODS.has(method)) throw new Refused(method);
        e = { k: 'call', obj: e, method, args };
        continue;
      }
      if (typeof key === 'string' && PROTO.has(key)) throw new Refused(key);
      if (e.k === 'param') e = { k: 'param', path: [...e.path, String(key)] };
      else e = { k: 'member', obj: e, key };
    }
  }
}

/** The parameter name and the returned expression's tokens, for the accepted function shapes. */
function splitFunction(toks: Tok[]): { param: string; body: Tok[] } | null {
  let i = 0;
  let param: string;
  const isP = (k: number, v: string) => toks[k]?.t === 'p' && toks[k]!.v === v;
  if (toks[0]?.t === 'id' && toks[0].v === 'function') {
    i = 1;
    if (toks[i]?.t === 'id') i++;
    if (!isP(i, '(') || toks[i + 1]?.t !== 'id' || !isP(i + 2, ')')) return null;
    param = toks[i + 1]!.v;
    i += 3;
    return block(i);
  }
  if (toks[0]?.t === 'id' && isP(1, '=>')) {
    param = toks[0].v;
    i = 2;
  } else if (isP(0, '(') && toks[1]?.t === 'id' && isP(2, ')') && isP(3, '=>')) {
    param = toks[1].v;
    i = 4;
  } else return null;
  if (isP(i, '{')) return block(i);
  return { param, body: toks.slice(i) };

  function block(at: number): { param: string; body: Tok[] } | null {
    if (!isP(at, '{') || toks[at + 1]?.v !== 'return' || toks[at + 1]?.t !== 'id') return null;
    let end = toks.length - 1;
    if (!isP(end, '}')) return null;
    end--;
    if (isP(end, ';')) end--;
    return { param, body: toks.slice(at + 2, end + 1) };
  }
}

const RESERVED = new Set([
  'this',
  'arguments',
  'eval',
  'new',
  'typeof',
  'function',
  'return',
  'var',
  'let',
  'const',
  'Date',
  'undefined',
  'true',
  'false',
  'null',
]);

/** The JsExpr of a function's source, or null when it is not in the translatable subset. */
export function translateFunction(source: string): JsExpr | null {
  const toks = tokenize(source.trim());
  if (!toks) return null;
  const fn = splitFunction(toks);
  if (!fn || RESERVED.has(fn.param)) return null;
  // A `;` or `,` inside the body means statements or sequences: not an expression.
  if (fn.body.some((t) => t.t === 'p' && (t.v === ';' || t.v === '{' || t.v === '}'))) return null;
  try {
    const p = new Parser(fn.body, fn.param);
    const e = p.expr();
    return p.done() ? e : null;
  } catch (e) {
    if (e instanceof Refused) return null;
    throw e;
  }
}
