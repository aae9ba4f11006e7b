import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CycleStatus, GatedCommands } from './GatedCommands.js';
import { compileLimits } from './limits/LimitTable.js';
import { resolveLimits } from './limits/resolveLimits.js';
import { decodeGateCounters, SafetyGate, type GatedInterface } from './SafetyGate.js';

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

  /** One knee (position + effort) and an elbow (velocity), all limits set, at 500 Hz; state [q, v] per joint. */
  function limitedGate(): { gate: SafetyGate; state: Float64Array; requested: Float64Array; hw: Recorder } {
    const limits = compileLimits(
      resolveLimits({
        base: {
          type: 'limits',
          limits: {
            name: 'urdf',
            joints: [
              { joint: 'knee', kind: 'revolute', position: { lower: 0, upper: 2 }, soft: { lower: 0.1, upper: 1.9, kPosition: 20 }, velocity: 2, effort: 40 },
              { joint: 'elbow', kind: 'revolute', position: { lower: -1, upper: 1 }, velocity: 1.5 },
            ],
          },
        },
        layers: [{ type: 'inline', name: 'robot', joints: { knee: { acceleration: 20, jerk: 4000 }, elbow: { acceleration: 10 } } }],
      }),
    );
    const hw = new Recorder();
    const gate = new SafetyGate([{ name: 'knee/position' }, { name: 'knee/effort' }, { name: 'elbow/velocity' }], [{ writer: hw, offset: 0, length: 3 }], {
      limits,
      stateNames: ['knee/position', 'knee/velocity', 'elbow/position', 'elbow/velocity'],
      periodS: 0.002,
    });
    const state = Float64Array.of(0.5, 0, 0, 0);
    return { gate, state, requested: new Float64Array(3), hw };
  }

  it('with composed limits, no command sequence leaving the gate violates a limit, whatever is requested (property)', () => {
    const h = 0.002;
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 2, maxLength: 200 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (requests, scale) => {
        const { gate, state, requested } = limitedGate();
        expect(gate.setVelocityScale(scale)).toBe(true);
        let previous = Number.NaN;
        let previousV = 0;
        let elbowV = 0;
        for (const [q, e, v] of requests) {
          requested[0] = q;
          requested[1] = e;
          requested[2] = v;
          gate.enforce(requested, state);
          const [knee, effort, elbow] = gate.enforcedValues as Float64Array;
          expect(Number.isFinite(knee) && Number.isFinite(effort) && Number.isFinite(elbow)).toBe(true);
          expect(knee).toBeGreaterThanOrEqual(0);
          expect(knee).toBeLessThanOrEqual(2);
          expect(Math.abs(effort!)).toBeLessThanOrEqual(40);
          expect(Math.abs(elbow!)).toBeLessThanOrEqual(1.5 * scale + 1e-9);
          expect(Math.abs(elbow! - elbowV) / h).toBeLessThanOrEqual(10 + 1e-6);
          if (Number.isFinite(previous)) {
            const vel = (knee! - previous) / h;
            expect(Math.abs(vel)).toBeLessThanOrEqual(2 * scale + 1e-6);
            expect(Math.abs(vel - previousV) / h).toBeLessThanOrEqual(20 + 1e-3);
            previousV = vel;
          }
          previous = knee!;
          elbowV = elbow!;
          state[0] = knee!;
          state[2] = state[2]! + elbow! * h;
          state[3] = elbow!;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('regression: finite requests ~1e306 apart never yield NaN (the request rate and the braking bound overflowed to −∞ + ∞)', () => {
    const { gate, state, requested } = limitedGate();
    gate.setVelocityScale(0.05);
    for (const q of [4.49423283715579e306, 0, Number.NaN, -1.7e308, 1.7e308, 0.5]) {
      requested[0] = q;
      gate.enforce(requested, state);
      expect(Number.isFinite(gate.enforcedValues[0])).toBe(true);
      state[0] = gate.enforcedValues[0]!;
    }
    expect(gate.counters.byKind.nonfinite[0]).toBe(1); // only the NaN request
  });

  it('regression: without limits or range a 1e308 position request passes as it is, never as ∞, and a stop from there is finite', () => {
    const gate = new SafetyGate([{ name: 'a/position', holdStateIndex: 0 }, { name: 'a/velocity' }], []);
    const state = Float64Array.of(0, 0);
    for (const q of [1e308, -1e308, 1e308]) {
      gate.enforce(Float64Array.of(q, q), state);
      expect([...gate.enforcedValues]).toEqual([q, q]);
      state[0] = q;
    }
    gate.beginStop(1, 0.5, state);
    gate.enforce(Float64Array.of(0, 0), state);
    expect([...gate.enforcedValues]).toEqual([1e308, 0]);
  });

  it('counts per interface and per kind of limit, and decodes the shared layout to the same figures', () => {
    const { gate, state, requested } = limitedGate();
    requested[0] = 0.5;
    requested[1] = 100; // beyond ±40 N·m
    requested[2] = Number.NaN;
    gate.enforce(requested, state);
    requested[0] = 1.5; // a step: velocity, acceleration and jerk limits act
    requested[2] = 0.2;
    for (let k = 0; k < 50; k++) {
      gate.enforce(requested, state);
      state[0] = gate.enforcedValues[0]!;
    }
    const { byKind, limitedCycles, maxCorrection, nonFinite } = gate.counters;
    expect(limitedCycles[0]).toBe(50);
    expect(byKind.acceleration[0]).toBeGreaterThan(0);
    expect(byKind.jerk[0]).toBeGreaterThan(0);
    expect(maxCorrection[0]).toBeCloseTo(1, 2);
    expect(byKind.effort[1]).toBe(51);
    expect(maxCorrection[1]).toBe(60);
    expect(nonFinite[2]).toBe(1);
    expect(maxCorrection[2]).toBe(Infinity);
    expect(byKind.acceleration[2]).toBeGreaterThan(0); // 0 → 0.2 rad/s at 10 rad/s² takes 10 cycles
    const rows = decodeGateCounters(gate.counters.buffer, ['knee/position', 'knee/effort', 'elbow/velocity']);
    expect(rows[1]).toEqual({
      interface: 'knee/effort',
      limitedCycles: 51,
      maxCorrection: 60,
      limited: { position: 0, soft: byKind.soft[1], velocity: 0, acceleration: 0, jerk: 0, effort: 51, nonfinite: 0, range: 0, stop: 0 },
    });
    expect(rows[0]!.limited.acceleration).toBe(byKind.acceleration[0]);
  });

  it('a category 1 stop decelerates every position and velocity command monotonically within the stopping time', () => {
    const { gate, state, requested } = limitedGate();
    requested[0] = 1.8;
    requested[2] = 1;
    for (let k = 0; k < 120; k++) {
      gate.enforce(requested, state);
      state[0] = gate.enforcedValues[0]!;
    }
    const h = 0.002;
    const durationS = gate.beginStop(1, 0.3, state);
    expect(durationS).toBeLessThanOrEqual(0.3);
    let q = gate.enforcedValues[0]!;
    let v = Infinity;
    let elbow = gate.enforcedValues[2]!;
    expect(elbow).toBeGreaterThan(0.5);
    for (let k = 0; k < 0.3 / h; k++) {
      gate.enforce(requested, state);
      const speed = Math.abs(gate.enforcedValues[0]! - q) / h;
      expect(speed).toBeLessThanOrEqual(v + 1e-9);
      expect(Math.abs(gate.enforcedValues[2]!)).toBeLessThanOrEqual(Math.abs(elbow) + 1e-12);
      v = speed;
      q = gate.enforcedValues[0]!;
      elbow = gate.enforcedValues[2]!;
    }
    expect(gate.stopFinished).toBe(true);
    expect(v).toBe(0);
    expect(elbow).toBe(0);
    expect(gate.counters.byKind.stop[0]).toBe(Math.round(0.3 / h));
  });

  it('warmUp runs the stop paths and leaves the gate as built: counters zero, commands start from the measured state', () => {
    const { gate, state, requested } = limitedGate();
    gate.warmUp(200);
    expect(gate.stopping).toBe(false);
    expect([...gate.counters.buffer].every((x) => x === 0)).toBe(true);
    expect(gate.countersVersion).toBe(0);
    state[0] = 1.234;
    requested[0] = 1.234;
    gate.enforce(requested, state);
    expect(gate.enforcedValues[0]).toBe(1.234);
    expect(gate.counters.limitedCycles[0]).toBe(0);
  });

  it('the first stop after start-up runs warmed-up code: no allocation per cycle (regression: a never-run stop path allocated ~1.5 kB/cycle)', () => {
    // A child process, because only a process started with --expose-gc can collect before measuring.
    const probe = fileURLToPath(new URL('./limits/scripts/gateAllocationProbe.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, '18', '2000', 'warm'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { bytes: number; cycles: number; bytesPerCycle: number };
    console.log(`SafetyGate, 18 joints × (position + effort), first category 1 + 2 stops after warmUp: heap grew ${result.bytes} B over ${result.cycles} cycles = ${result.bytesPerCycle.toFixed(1)} B/cycle`);
    // Heap noise on a shared machine is a few B/cycle; an unoptimised stop path is over a kilobyte.
    expect(result.bytesPerCycle).toBeLessThan(64);
  });
});

