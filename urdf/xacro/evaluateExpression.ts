import { KindredError } from '../../runtime/errors/index.js';

/** A value inside a xacro `${...}` expression (Python-like, without objects). */
export type XacroValue = number | string | boolean;

/** Looks a name up in the current xacro scope; `undefined` when it is not defined. */
export type NameLookup = (name: string) => XacroValue | undefined;

type Token =
  | { readonly t: 'num'; readonly v: number; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'name'; readonly v: string; readonly at: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '<', '>', '(', ')', ','] as const;
const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else']);

function syntaxError(expr: string, at: number, what: string): KindredError {
  return new KindredError('XACRO_BAD_EXPRESSION', `cannot evaluate \${${expr}}: ${what} at character ${at + 1}`, {
    value: expr,
    expected: 'an arithmetic or logical expression over numbers, strings and property names',
  });
}

function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(expr.slice(i));
    if (num !== null) {
      out.push({ t: 'num', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (name !== null) {
      const v = name[0];
      out.push(KEYWORDS.has(v) ? { t: 'op', v, at: i } : { t: 'name', v, at: i });
      i += v.length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = expr.indexOf(ch, i + 1);
      if (end < 0) throw syntaxError(expr, i, 'unterminated string');
      out.push({ t: 'str', v: expr.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => expr.startsWith(o, i));
    if (op === undefined) throw syntaxError(expr, i, `unexpected character ${JSON.stringify(ch)}`);
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  out.push({ t: 'end', at: expr.length });
  return out;
}

type Fn = (...args: number[]) => number;
const FUNCTIONS: Readonly<Record<string, { readonly arity: number | 'any'; readonly fn: Fn }>> = {
  sin: { arity: 1, fn: Math.sin },
  cos: { arity: 1, fn: Math.cos },
  tan: { arity: 1, fn: Math.tan },
  asin: { arity: 1, fn: Math.asin },
  acos: { arity: 1, fn: Math.acos },
  atan: { arity: 1, fn: Math.atan },
  atan2: { arity: 2, fn: Math.atan2 },
  sqrt: { arity: 1, fn: Math.sqrt },
  exp: { arity: 1, fn: Math.exp },
  log: { arity: 1, fn: Math.log },
  log10: { arity: 1, fn: Math.log10 },
  fabs: { arity: 1, fn: Math.abs },
  abs: { arity: 1, fn: Math.abs },
  floor: { arity: 1, fn: Math.floor },
  ceil: { arity: 1, fn: Math.ceil },
  radians: { arity: 1, fn: (d) => (d * Math.PI) / 180 },
  degrees: { arity: 1, fn: (r) => (r * 180) / Math.PI },
  pow: { arity: 2, fn: Math.pow },
  min: { arity: 'any', fn: Math.min },
  max: { arity: 'any', fn: Math.max },
  float: { arity: 1, fn: (x) => x },
  int: { arity: 1, fn: Math.trunc },
};

const CONSTANTS: Readonly<Record<string, XacroValue>> = { pi: Math.PI, e: Math.E, True: true, False: false, true: true, false: false };

function truthy(v: XacroValue): boolean {
  return typeof v === 'number' ? v !== 0 : typeof v === 'string' ? v.length > 0 : v;
}

/**
 * Evaluate the text inside a xacro `${...}`: numbers, strings, property names, `pi`, `e`,
 * `+ - * / // % **`, unary minus, parentheses, comparisons, `and`/`or`/`not`, `a if c else b`, and
 * math functions (sin, cos, sqrt, radians, ...). Python precedence: `**` binds tighter than unary
 * minus on its left (`-2**2` is -4) and is right-associative. No `eval`, no `Function`.
 */
export function evaluateExpression(expr: string, lookup: NameLookup): XacroValue {
  const tokens = tokenize(expr);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { t: 'end', at: expr.length };
  const isOp = (v: string): boolean => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw syntaxError(expr, peek().at, `expected "${v}"`);
    pos++;
  };
  const num = (v: XacroValue, at: number, op: string): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new KindredError('XACRO_BAD_EXPRESSION', `cannot evaluate \${${expr}}: operator "${op}" at character ${at + 1} needs numbers, got the string ${JSON.stringify(v)}`, {
      value: expr,
      expected: 'numeric operands',
    });
  };

  function conditional(): XacroValue {
    const then = orExpr();
    if (!isOp('if')) return then;
    pos++;
    const cond = orExpr();
    expect('else');
    const otherwise = conditional();
    return truthy(cond) ? then : otherwise;
  }
  function orExpr(): XacroValue {
    let left = andExpr();
    while (isOp('or')) {
      pos++;
      const right = andExpr();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  function andExpr(): XacroValue {
    let left = notExpr();
    while (isOp('and')) {
      pos++;
      const right = notExpr();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  function notExpr(): XacroValue {
    if (isOp('not')) {
      pos++;
      return !truthy(notExpr());
    }
    return comparison();
  }
  function comparison(): XacroValue {
    let left = additive();
    let result: boolean | undefined;
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(t.v)) break;
      pos++;
      const right = additive();
      let ok: boolean;
      if (t.v === '==') ok = left === right;
      else if (t.v === '!=') ok = left !== right;
      else {
        const a = typeof left === 'string' && typeof right === 'string' ? left : num(left, t.at, t.v);
        const b = typeof left === 'string' && typeof right === 'string' ? right : num(right, t.at, t.v);
        ok = t.v === '<' ? a < b : t.v === '<=' ? a <= b : t.v === '>' ? a > b : a >= b;
      }
      result = (result ?? true) && ok;
      left = right;
    }
    return result ?? left;
  }
  function additive(): XacroValue {
    let left = multiplicative();
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || (t.v !== '+' && t.v !== '-')) return left;
      pos++;
      const right = multiplicative();
      if (t.v === '+' && typeof left === 'string' && typeof right === 'string') left = left + right;
      else left = t.v === '+' ? num(left, t.at, '+') + num(right, t.at, '+') : num(left, t.at, '-') - num(right, t.at, '-');
    }
  }
  function multiplicative(): XacroValue {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !['*', '/', '//', '%'].includes(t.v)) return left;
      pos++;
      const a = num(left, t.at, t.v);
      const b = num(unary(), t.at, t.v);
      if (t.v !== '*' && b === 0) {
        throw new KindredError('XACRO_BAD_EXPRESSION', `cannot evaluate \${${expr}}: division by zero at character ${t.at + 1}`, {
          value: expr,
          expected: 'a non-zero divisor',
        });
      }
      left = t.v === '*' ? a * b : t.v === '/' ? a / b : t.v === '//' ? Math.floor(a / b) : a - b * Math.floor(a / b);
    }
  }
  function unary(): XacroValue {
    const t = peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      pos++;
      const v = num(unary(), t.at, t.v);
      return t.v === '-' ? -v : v;
    }
    return power();
  }
  function power(): XacroValue {
    const base = primary();
    const t = peek();
    if (t.t === 'op' && t.v === '**') {
      pos++;
      return num(base, t.at, '**') ** num(unary(), t.at, '**');
    }
    return base;
  }
  function primary(): XacroValue {
    const t = peek();
    pos++;
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'op' && t.v === '(') {
      const v = conditional();
      expect(')');
      return v;
    }
    if (t.t === 'name') {
      if (isOp('(')) return call(t.v, t.at);
      const v = lookup(t.v) ?? CONSTANTS[t.v];
      if (v === undefined) {
        throw new KindredError('XACRO_UNDEFINED_NAME', `cannot evaluate \${${expr}}: "${t.v}" is not a defined property, argument or constant`, {
          value: t.v,
          expected: 'a property defined with <xacro:property>, a macro parameter, or a math constant',
        });
      }
      return v;
    }
    throw syntaxError(expr, t.at, t.t === 'end' ? 'unexpected end of expression' : `unexpected ${JSON.stringify(t.v)}`);
  }
  function call(name: string, at: number): XacroValue {
    const f = FUNCTIONS[name];
    if (f === undefined) {
      throw new KindredError('XACRO_UNDEFINED_NAME', `cannot evaluate \${${expr}}: "${name}" is not a known function`, {
        value: name,
        expected: `one of ${Object.keys(FUNCTIONS).join(', ')}`,
      });
    }
    expect('(');
    const args: number[] = [];
    if (!isOp(')')) {
      for (;;) {
        args.push(num(conditional(), at, name));
        if (!isOp(',')) break;
        pos++;
      }
    }
    expect(')');
    if (f.arity !== 'any' ? args.length !== f.arity : args.length === 0) {
      throw syntaxError(expr, at, `${name}() takes ${f.arity === 'any' ? 'at least 1' : f.arity} argument(s), got ${args.length}`);
    }
    return f.fn(...args);
  }

  const value = conditional();
  const rest = peek();
  if (rest.t !== 'end') throw syntaxError(expr, rest.at, `unexpected ${JSON.stringify(rest.v)}`);
  return value;
}

/** How a value is written back into XML text (Python's spelling for booleans). */
export function formatValue(v: XacroValue): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** Property and argument text as an expression value: numbers and booleans become typed. */
export function literalValue(text: string): XacroValue {
  const s = text.trim();
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (s === 'true' || s === 'True') return true;
  if (s === 'false' || s === 'False') return false;
  return text;
}
