import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CycleStatus, GatedCommands } from './GatedCommands.js';
import { SafetyGate, type GatedInterface } from './SafetyGate.js';

class Recorder {
  readonly name = 'hw';
  last: number[] = [];
  write(_t: number, _p: number, c: GatedCommands): CycleStatus {
    this.last = [...c.values];
    return 'ok';
  }
}

const value = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));

describe('SafetyGate', () => {
  it('no command leaving the gate violates a limit or is non-finite (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ lo: fc.double({ min: -10, max: 0, noNaN: true }), width: fc.double({ min: 0, max: 10, noNaN: true }), want: value, held: value }), {
          minLength: 1,
          maxLength: 12,
        }),
        (joints) => {
          const specs: GatedInterface[] = joints.map((j, i) => ({ name: `j${i}/position`, min: j.lo, max: j.lo + j.width, holdStateIndex: i }));
          const hw = new Recorder();
          const gate = new SafetyGate(specs, [{ writer: hw, offset: 0, length: specs.length }]);
          gate.enforce(Float64Array.from(joints, (j) => j.want), Float64Array.from(joints, (j) => j.held));
          gate.write(0, 0.002, ['ok'], Uint8Array.of(1));
          hw.last.forEach((v, i) => {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(specs[i]!.min!);
            expect(v).toBeLessThanOrEqual(specs[i]!.max!);
          });
        },
      ),
    );
  });

  it('reports how much it limited, per interface', () => {
    const hw = new Recorder();
    const gate = new SafetyGate([{ name: 'a/effort', min: -5, max: 5 }, { name: 'b/effort' }], [{ writer: hw, offset: 0, length: 2 }]);
    expect(gate.enforce(Float64Array.of(8, 100), new Float64Array(0))).toBe(1);
    expect(gate.counters.limitedCycles[0]).toBe(1);
    expect(gate.counters.maxCorrection[0]).toBe(3);
    expect(gate.counters.limitedCycles[1]).toBe(0);
    expect([...gate.enforcedValues]).toEqual([5, 100]);
  });

  it('writes nothing to a disabled component', () => {
    const hw = new Recorder();
    const gate = new SafetyGate([{ name: 'a/effort' }], [{ writer: hw, offset: 0, length: 1 }]);
    gate.enforce(Float64Array.of(1), new Float64Array(0));
    gate.write(0, 0.002, ['ok'], Uint8Array.of(0));
    expect(hw.last).toEqual([]);
  });
});
