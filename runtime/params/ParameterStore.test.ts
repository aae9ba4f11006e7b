import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isKindredError, type KindredError } from '../errors/index.js';
import { ParameterStore } from './ParameterStore.js';

function rejection(f: () => unknown): KindredError {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected a KindredError');
}

/** A store like a rehab exoskeleton's: loop rate, gait speed, knee range of motion, robot model. */
function exoStore(): ParameterStore {
  const p = new ParameterStore();
  p.declare('loop.rateHz', { schema: z.number().min(10).max(2000), default: 500, description: 'control-loop rate' });
  p.declare('gait.speedMPerS', { schema: z.number().gt(0).max(1.2), default: 0.4, description: 'walking speed' });
  p.declare('gait.mode', { schema: z.enum(['assist', 'resist', 'transparent']), default: 'assist', description: 'therapy mode' });
  p.declare('knee.romLowerRad', {
    schema: z.number().min(0).max(2),
    default: 0.1,
    description: 'lowest knee angle',
    validate: (lower, get) => {
      const upper = get('knee.romUpperRad');
      return typeof upper === 'number' && !(lower < upper) ? `less than knee.romUpperRad (${upper})` : undefined;
    },
  });
  p.declare('knee.romUpperRad', { schema: z.number().min(0).max(2), default: 1.2, description: 'highest knee angle' });
  p.declare('limits', {
    schema: z.strictObject({ effortNm: z.number().positive(), waypoints: z.array(z.number()).default([]) }),
    default: { effortNm: 40 },
    description: 'drive limits',
  });
  p.declare('robot.model', { schema: z.string(), default: 'exo_v2', description: 'robot model', readOnly: true });
  return p;
}

describe('ParameterStore.set', () => {
  it.each<[string, unknown]>([
    ['loop.rateHz', 1000],
    ['loop.rateHz', 10],
    ['gait.speedMPerS', 1.2],
    ['gait.mode', 'resist'],
    ['knee.romLowerRad', 0],
    ['limits', { effortNm: 20, waypoints: [0.1, 0.2] }],
  ])('accepts %s = %j', (name, value) => {
    const p = exoStore();
    p.set(name, value);
    expect(p.get(name)).toEqual(value);
  });

  it.each<[string, unknown, string, string, string[]]>([
    ['loop.rateHz', 5, 'PARAM_INVALID', 'loop.rateHz', ['parameter "loop.rateHz": 5 is not valid; expected a number between 10 and 2000 (keeps 500)']],
    ['loop.rateHz', '500', 'PARAM_INVALID', 'loop.rateHz', ['"500" is not valid', 'a number between 10 and 2000']],
    ['loop.rateHz', Number.NaN, 'PARAM_INVALID', 'loop.rateHz', ['NaN is not valid']],
    ['loop.rateHz', Number.POSITIVE_INFINITY, 'PARAM_INVALID', 'loop.rateHz', ['Infinity is not valid']],
    ['gait.speedMPerS', 0, 'PARAM_INVALID', 'gait.speedMPerS', ['expected a number > 0 and ≤ 1.2 (keeps 0.4)']],
    ['gait.mode', 'run', 'PARAM_INVALID', 'gait.mode', ['"run" is not valid; expected one of assist | resist | transparent']],
    ['knee.romLowerRad', 1.5, 'PARAM_INVALID', 'knee.romLowerRad', ['1.5 is not valid; expected less than knee.romUpperRad (1.2) (nothing changed)']],
    ['knee.romUpperRad', 0.05, 'PARAM_INVALID', 'knee.romLowerRad', ['parameter "knee.romLowerRad" after setting knee.romUpperRad: 0.1 is not valid']],
    ['limits', { effortNm: -1 }, 'PARAM_INVALID', 'limits.effortNm', ['parameter "limits": -1 at effortNm is not valid; expected a number > 0']],
    ['limits', { effortNm: 1, waypoints: [0, 'x'] }, 'PARAM_INVALID', 'limits.waypoints[1]', ['"x" at waypoints[1] is not valid; expected a number']],
    ['limits', { effortNm: 1, speed: 2 }, 'PARAM_INVALID', 'limits.speed', ['unknown key "speed" at speed; allowed keys here: effortNm | waypoints']],
    ['limits', {}, 'PARAM_INVALID', 'limits.effortNm', ['missing key at effortNm; expected a number > 0']],
    ['robot.model', 'exo_v3', 'PARAM_READ_ONLY', 'robot.model', ['parameter "robot.model" is read-only; change it in the launch file and restart']],
    ['loop.rate', 100, 'PARAM_UNKNOWN', 'loop.rate', ['unknown parameter "loop.rate"; declared: loop.rateHz, gait.speedMPerS']],
  ])('rejects %s = %j with %s', (name, value, code, field, fragments) => {
    const p = exoStore();
    const before = p.list().map((d) => [d.name, d.value]);
    const e = rejection(() => p.set(name, value));
    expect(e.code).toBe(code);
    expect(e.context.field).toBe(field);
    for (const f of fragments) expect(e.message).toContain(f);
    expect(p.list().map((d) => [d.name, d.value])).toEqual(before);
  });

  it('context names the parameter, the bad value and what was expected', () => {
    const e = rejection(() => exoStore().set('gait.mode', 'run'));
    expect(e.context).toEqual({ field: 'gait.mode', parameter: 'gait.mode', value: 'run', expected: 'one of assist | resist | transparent' });
  });

  it('applies schema defaults and freezes stored values', () => {
    const p = exoStore();
    expect(p.get('limits')).toEqual({ effortNm: 40, waypoints: [] });
    p.set('limits', { effortNm: 10, waypoints: [1] });
    const v = p.get('limits') as { waypoints: number[] };
    expect(Object.isFrozen(v)).toBe(true);
    expect(() => v.waypoints.push(2)).toThrow(TypeError);
  });

  it('a typed handle reads and writes through the store', () => {
    const p = new ParameterStore();
    const rate = p.declare('loop.rateHz', { schema: z.number().min(10), default: 100, description: 'rate' });
    rate.set(200);
    expect(rate.get()).toBe(200);
    expect(p.get('loop.rateHz')).toBe(200);
    expect(rejection(() => rate.set(1)).code).toBe('PARAM_INVALID');
  });
});

describe('ParameterStore.declare', () => {
  it('validates the default', () => {
    const p = new ParameterStore();
    const e = rejection(() => p.declare('loop.rateHz', { schema: z.number().min(10), default: 1, description: 'rate' }));
    expect(e.code).toBe('PARAM_INVALID');
    expect(e.message).toBe('default of parameter "loop.rateHz": 1 is not valid; expected a number ≥ 10');
    expect(p.has('loop.rateHz')).toBe(false);
  });

  it('runs the cross-check on the default against what is declared', () => {
    const p = new ParameterStore();
    p.declare('upper', { schema: z.number(), default: 1, description: 'upper' });
    const e = rejection(() =>
      p.declare('lower', { schema: z.number(), default: 2, description: 'lower', validate: (v, get) => (v < (get('upper') as number) ? undefined : 'below upper') }),
    );
    expect(e.message).toBe('default of parameter "lower": 2 is not valid; expected below upper');
  });

  it('refuses a second declaration of one name', () => {
    const p = exoStore();
    expect(rejection(() => p.declare('gait.mode', { schema: z.string(), default: 'x', description: 'x' })).code).toBe('PARAM_DUPLICATE');
  });
});

describe('ParameterStore.setMany', () => {
  it('applies a batch whose cross-check only holds for the batch as a whole', () => {
    const p = exoStore();
    // Moving the range up past the old upper bound: setting lower first alone would be refused.
    p.setMany({ 'knee.romLowerRad': 1.4, 'knee.romUpperRad': 1.9 });
    expect([p.get('knee.romLowerRad'), p.get('knee.romUpperRad')]).toEqual([1.4, 1.9]);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ 'loop.rateHz': 1000, 'gait.mode': 'run' }, 'PARAM_INVALID'],
    [{ 'loop.rateHz': 1000, 'robot.model': 'x' }, 'PARAM_READ_ONLY'],
    [{ 'loop.rateHz': 1000, nope: 1 }, 'PARAM_UNKNOWN'],
    [{ 'knee.romUpperRad': 0.05, 'gait.mode': 'resist' }, 'PARAM_INVALID'],
  ])('all or nothing: %j → %s and nothing changes', (batch, code) => {
    const p = exoStore();
    const seen: string[] = [];
    p.onChange('*', (name) => seen.push(name));
    const before = p.list().map((d) => d.value);
    expect(rejection(() => p.setMany(batch)).code).toBe(code);
    expect(p.list().map((d) => d.value)).toEqual(before);
    expect(seen).toEqual([]);
  });

  it('property: a batch with any invalid value leaves every parameter as it was', () => {
    const good = fc.oneof(
      fc.record({ name: fc.constant('loop.rateHz'), value: fc.double({ min: 10, max: 2000, noNaN: true }) }),
      fc.record({ name: fc.constant('gait.mode'), value: fc.constantFrom('assist', 'resist', 'transparent') }),
      fc.record({ name: fc.constant('gait.speedMPerS'), value: fc.double({ min: 0.01, max: 1.2, noNaN: true }) }),
    );
    const bad = fc.oneof(
      fc.record({ name: fc.constant('loop.rateHz'), value: fc.oneof(fc.double({ max: 9.99 }), fc.double({ min: 2000.01 }), fc.string()) }),
      fc.record({ name: fc.constant('gait.mode'), value: fc.string().filter((s) => !['assist', 'resist', 'transparent'].includes(s)) }),
      fc.record({ name: fc.constant('knee.romLowerRad'), value: fc.double({ min: 1.2, max: 2, noNaN: true }) }),
      fc.record({ name: fc.constant('robot.model'), value: fc.string() }),
      fc.record({ name: fc.string({ minLength: 1 }).filter((s) => !s.includes('.') && s !== '__proto__' && s !== 'limits'), value: fc.integer() }),
    );
    fc.assert(
      fc.property(fc.array(good, { maxLength: 4 }), fc.array(bad, { minLength: 1, maxLength: 3 }), fc.nat(), (goods, bads, seed) => {
        const p = exoStore();
        let changes = 0;
        p.onChange('*', () => changes++);
        const before = p.list().map((d) => [d.name, d.value]);
        const items = [...goods, ...bads];
        // Shuffle deterministically so bad values are not always last; a later duplicate name wins.
        const shuffled = items.map((it, i) => ({ it, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k);
        const batch: Record<string, unknown> = {};
        for (const { it } of shuffled) batch[it.name] = it.value;
        // Ensure at least one bad value survives de-duplication by name.
        const lastBad = bads[bads.length - 1];
        if (lastBad !== undefined) batch[lastBad.name] = lastBad.value;
        expect(() => p.setMany(batch)).toThrow();
        expect(p.list().map((d) => [d.name, d.value])).toEqual(before);
        expect(changes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ParameterStore.onChange', () => {
  it('fires once per change with new and old value, for the name and for *', () => {
    const p = exoStore();
    const calls: unknown[] = [];
    p.onChange('loop.rateHz', (...args) => calls.push(['rate', ...args]));
    p.onChange('*', (...args) => calls.push(['any', ...args]));
    p.setMany({ 'loop.rateHz': 250, 'gait.mode': 'resist' });
    expect(calls).toEqual([
      ['rate', 'loop.rateHz', 250, 500],
      ['any', 'loop.rateHz', 250, 500],
      ['any', 'gait.mode', 'resist', 'assist'],
    ]);
  });

  it('does not fire on rejection or when the value is unchanged', () => {
    const p = exoStore();
    let count = 0;
    p.onChange('*', () => count++);
    expect(() => p.set('loop.rateHz', 1)).toThrow();
    p.set('loop.rateHz', 500);
    p.set('limits', { effortNm: 40, waypoints: [] });
    expect(count).toBe(0);
  });

  it('listeners see the whole batch applied, and a throwing listener does not stop the others', () => {
    const errors: unknown[] = [];
    const p = new ParameterStore({ onListenerError: (e) => errors.push(e) });
    p.declare('a', { schema: z.number(), default: 0, description: 'a' });
    p.declare('b', { schema: z.number(), default: 0, description: 'b' });
    const seen: unknown[] = [];
    p.onChange('a', () => {
      throw new Error('listener bug');
    });
    const stop = p.onChange('a', () => seen.push([p.get('a'), p.get('b')]));
    p.setMany({ a: 1, b: 2 });
    expect(seen).toEqual([[1, 2]]);
    expect(errors).toHaveLength(1);
    stop();
    p.set('a', 3);
    expect(seen).toHaveLength(1);
  });

  it('refuses to listen to an undeclared name', () => {
    expect(rejection(() => exoStore().onChange('loop.rate', () => undefined)).code).toBe('PARAM_UNKNOWN');
  });
});

describe('ParameterStore.list', () => {
  it('describes each parameter with a JSON-schema type', () => {
    const list = exoStore().list();
    expect(list.map((d) => d.name)).toEqual(['loop.rateHz', 'gait.speedMPerS', 'gait.mode', 'knee.romLowerRad', 'knee.romUpperRad', 'limits', 'robot.model']);
    expect(list[0]).toEqual({ name: 'loop.rateHz', value: 500, description: 'control-loop rate', readOnly: false, type: { type: 'number', minimum: 10, maximum: 2000 } });
    expect(list[2]?.type).toEqual({ type: 'string', enum: ['assist', 'resist', 'transparent'] });
    expect(list[6]).toMatchObject({ name: 'robot.model', readOnly: true, type: { type: 'string' } });
  });
});
