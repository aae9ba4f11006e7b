import { describe, expect, it } from 'vitest';
import { run } from './bus.bench.js';
import { checkResult } from './checkResult.js';
import { formatFigure, formatResult } from './formatResult.js';
import type { BenchResult } from './types.js';

describe('bus bench (quick, smoke)', () => {
  it('returns a well-formed result: positive finite figures, ratio = kindred / reference', async () => {
    const result = await run({ quick: true });
    expect(result.name).toBe('bus');
    expect(result.rows.length).toBe(7);
    expect(checkResult(result)).toEqual([]);
    for (const row of result.rows) {
      expect(Number.isFinite(row.kindred) && row.kindred > 0).toBe(true);
      expect(Number.isFinite(row.reference) && row.reference > 0).toBe(true);
      expect(row.ratio).toBeCloseTo(row.kindred / row.reference, 12);
      expect(row.referenceName).toBe('EventEmitter');
      expect(row.unit).toBe('msg/s');
    }
    expect(result.rows.filter((r) => r.aim !== undefined).every((r) => typeof r.met === 'boolean')).toBe(true);
    expect(formatResult(result)).toContain('JointState (12 joints), 4 subscribers');
  });
});

describe('checkResult', () => {
  const good: BenchResult = {
    name: 'x',
    rows: [{ metric: 'm', kindred: 2, reference: 4, referenceName: 'ref', unit: 'msg/s', ratio: 0.5, better: 'higher' }],
    notes: [],
  };

  it.each<[string, BenchResult, string]>([
    ['a wrong ratio', { ...good, rows: [{ ...good.rows[0]!, ratio: 2 }] }, 'x / m: ratio is 2; expected 0.5'],
    ['a wrong lower-is-better ratio', { ...good, rows: [{ ...good.rows[0]!, better: 'lower' }] }, 'x / m: ratio is 0.5; expected 2'],
    ['a NaN figure', { ...good, rows: [{ ...good.rows[0]!, kindred: Number.NaN, ratio: Number.NaN }] }, 'x / m: kindred is NaN; expected a positive finite number'],
    ['an aim without met', { ...good, rows: [{ ...good.rows[0]!, aim: '≥ 1×' }] }, 'x / m: aim and met must come together'],
    ['no rows', { ...good, rows: [] }, 'x: no rows'],
  ])('reports %s', (_label, result, problem) => {
    expect(checkResult(result)).toContain(problem);
  });

  it('accepts a good result', () => {
    expect(checkResult(good)).toEqual([]);
  });
});

describe('formatResult', () => {
  it.each([
    [12_345_678, '12.3 M'],
    [456_000, '456 k'],
    [0.8123, '0.812'],
    [2.5e9, '2.50 G'],
  ])('formatFigure(%d) = %s', (value, text) => {
    expect(formatFigure(value)).toBe(text);
  });

  it('prints one line per row with ✓/✗ and the notes', () => {
    const text = formatResult({
      name: 'demo',
      rows: [
        { metric: 'rate', kindred: 2e6, reference: 4e6, referenceName: 'EventEmitter', unit: 'msg/s', ratio: 0.5, better: 'higher', aim: '≥ 0.5×', met: true },
        { metric: 'latency', kindred: 2, reference: 1, referenceName: 'cyclictest', unit: 'µs', ratio: 0.5, better: 'lower', aim: '≤ 2×', met: false },
      ],
      notes: ['hello'],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('== demo ==');
    expect(lines[3]).toMatch(/^rate\s+2\.00 M\s+EventEmitter 4\.00 M\s+msg\/s\s+0\.50×\s+≥ 0\.5×\s+✓$/);
    expect(lines[4]).toMatch(/^latency .*cyclictest 1\.00 .*0\.50× \(ref\/kindred\).*✗$/);
    expect(lines[5]).toBe('  note: hello');
  });
});
