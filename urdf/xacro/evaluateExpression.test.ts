import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { evaluateExpression, formatValue, literalValue, type XacroValue } from './evaluateExpression.js';

const scope: Record<string, XacroValue> = { L: 0.4, n: 3, side: 'left', flag: true, neg: -2 };
const ev = (e: string): XacroValue => evaluateExpression(e, (k) => scope[k]);

describe('xacro expression evaluator', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ** 3 ** 2', 512],
    ['-2 ** 2', -4],
    ['2 ** -1', 0.5],
    ['-(3 - 5)', 2],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['10 / 4', 2.5],
    ['1e-3 * 1000', 1],
    ['.5 + 0.25', 0.75],
    ['2 * L', 0.8],
    ['n * neg', -6],
    ['pi', Math.PI],
    ['radians(180)', Math.PI],
    ['degrees(pi / 2)', 90],
    ['sqrt(16) + abs(-1)', 5],
    ['atan2(1, 1) * 4', Math.PI],
    ['max(1, n, 2)', 3],
    ['cos(0) + sin(0)', 1],
    ['1 < 2', true],
    ['1 < 2 < 3', true],
    ['3 > 2 > 2', false],
    ['1 == 1 and 2 != 3', true],
    ['not flag', false],
    ['0 or 5', 5],
    ['1 and 0', 0],
    ['not 1 == 2', true],
    ["side == 'left'", true],
    ["'a' + 'b'", 'ab'],
    ['1 if n > 2 else -1', 1],
    ['1 if n > 5 else -1', -1],
    ['side', 'left'],
  ] as const)('%s = %s', (expr, value) => {
    const v = ev(expr);
    if (typeof value === 'number' && typeof v === 'number') expect(v).toBeCloseTo(value, 12);
    else expect(v).toBe(value);
  });

  it.each([
    ['1 +', 'XACRO_BAD_EXPRESSION', 'unexpected end of expression at character 4'],
    ['(1 + 2', 'XACRO_BAD_EXPRESSION', 'expected ")"'],
    ['1 2', 'XACRO_BAD_EXPRESSION', 'unexpected 2 at character 3'],
    ['1 / 0', 'XACRO_BAD_EXPRESSION', 'division by zero'],
    ['1 $ 2', 'XACRO_BAD_EXPRESSION', 'unexpected character "$" at character 3'],
    ["side * 2", 'XACRO_BAD_EXPRESSION', 'operator "*" at character 6 needs numbers, got the string "left"'],
    ['missing + 1', 'XACRO_UNDEFINED_NAME', '"missing" is not a defined property'],
    ['system(1)', 'XACRO_UNDEFINED_NAME', '"system" is not a known function'],
    ['sqrt(1, 2)', 'XACRO_BAD_EXPRESSION', 'sqrt() takes 1 argument(s), got 2'],
    ["'open", 'XACRO_BAD_EXPRESSION', 'unterminated string'],
    ['__import__', 'XACRO_UNDEFINED_NAME', '"__import__" is not a defined property'],
  ] as const)('%s → %s', (expr, code, fragment) => {
    let err: unknown;
    try {
      ev(expr);
    } catch (e) {
      err = e;
    }
    expect(isKindredError(err, code)).toBe(true);
    expect((err as Error).message).toContain(fragment);
  });

  it('agrees with JavaScript arithmetic on random integer expressions (+, -, *, parentheses, unary minus)', () => {
    type Expr = { readonly text: string; readonly value: number };
    const leaf = fc.integer({ min: -20, max: 20 }).map((n): Expr => ({ text: n < 0 ? `(${n})` : String(n), value: n }));
    const expr = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]): Expr => ({
          text: `(${a.text} ${op} ${b.text})`,
          value: op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : a.value * b.value,
        })),
        tie('e').map((a): Expr => ({ text: `-${a.text}`, value: -a.value })),
      ),
    })).e;
    fc.assert(fc.property(expr, (x) => Object.is(ev(x.text), x.value) || ev(x.text) === x.value), { numRuns: 200 });
  });

  it('formats values back into XML text and reads literals', () => {
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(true)).toBe('True');
    expect(literalValue('1e-3')).toBe(0.001);
    expect(literalValue('false')).toBe(false);
    expect(literalValue('0 1 0')).toBe('0 1 0');
  });
});
