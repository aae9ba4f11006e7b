import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT } from '../../safety/monitors/index.js';
import type { LoopConfig } from './LoopConfig.js';
import { buildLoop } from './buildManager.js';

interface Case {
  readonly joints: { readonly velocity: number; readonly acceleration: number; readonly jerk: number | null; readonly start: number }[];
  readonly rateHz: number;
  readonly stopTimeLimitS: number;
  readonly cruiseCycles: number;
  readonly source: string;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  joints: fc.array(
    fc.record({
      velocity: fc.double({ min: 0.2, max: 3, noNaN: true }),
      acceleration: fc.double({ min: 2, max: 40, noNaN: true }),
      jerk: fc.option(fc.double({ min: 50, max: 2000, noNaN: true })),
      start: fc.double({ min: -1, max: 1, noNaN: true }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  rateHz: fc.constantFrom(250, 500, 1000),
  stopTimeLimitS: fc.double({ min: 0.05, max: 1, noNaN: true }),
  cruiseCycles: fc.integer({ min: 1, max: 400 }),
  source: fc.constantFrom('tablet', 'voice', 'bridge', 'api', 'somebody_else'),
});

/** Mock position joints under the given limits, cruising towards far set-points, with the supervisor's e-stop at category 1. */
function loopFor(c: Case): LoopConfig {
  const names = c.joints.map((_, i) => `j${i}`);
  return {
    rateHz: c.rateHz,
    mode: 'lockstep',
    stallTimeoutMs: 200,
    spinUs: 50,
    hardware: [{ type: 'mock', name: 'm', joints: c.joints.map((j, i) => ({ name: names[i]!, command: ['position'], initialPositionRad: j.start })) }],
    controllers: [{ name: 'fwd', type: 'forward_command', joints: names, interface: 'position', params: {}, autostart: true }],
    safety: {
      base: {
        type: 'limits',
        limits: {
          name: 'urdf',
          joints: c.joints.map((j, i) => ({
            joint: names[i]!,
            kind: 'revolute' as const,
            position: { lower: -1000, upper: 1000 },
            velocity: j.velocity,
            acceleration: j.acceleration,
            ...(j.jerk === null ? {} : { jerk: j.jerk }),
          })),
        },
      },
      layers: [],
    },
    supervisor: { stopTimeLimitS: c.stopTimeLimitS, estop: { reaction: 'stop1' } },
  };
}

describe('category 1 stops through the supervisor (fast-check)', () => {
  it('an e-stop at any moment of any motion decelerates every joint monotonically to standstill within the stopping-time limit, then removes torque', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { manager, supervisor } = await buildLoop(loopFor(c));
        const periodS = 1 / c.rateHz;
        const n = c.joints.length;
        const vIndex = c.joints.map((_, i) => manager.stateNames.indexOf(`j${i}/velocity`));
        let k = 0;
        const cycle = (): void => {
          supervisor.inputs[INPUT.TIME_S] = k * periodS;
          manager.cycle(k * periodS, periodS);
          k++;
        };
        c.joints.forEach((j, i) => (manager.setpoints[i] = j.start + (i % 2 === 0 ? 500 : -500)));
        for (let m = 0; m < c.cruiseCycles; m++) cycle();
        expect(supervisor.estop(c.source)).toBe(1);
        const speeds: number[][] = c.joints.map((_, i) => [Math.abs(manager.state[vIndex[i]!]!)]);
        const limitCycles = Math.ceil(c.stopTimeLimitS / periodS - 1e-9);
        for (let m = 0; m < limitCycles + 2; m++) {
          cycle();
          for (let i = 0; i < n; i++) speeds[i]!.push(Math.abs(manager.state[vIndex[i]!]!));
        }
        if (c.cruiseCycles > 5) expect(Math.max(...speeds.map((s) => s[0]!))).toBeGreaterThan(0); // it was moving
        for (let i = 0; i < n; i++) {
          const s = speeds[i]!;
          for (let m = 1; m < s.length; m++) expect(s[m]!).toBeLessThanOrEqual(s[m - 1]! + 1e-9);
          // At rest by the stopping-time limit (the mock reports the velocity of the last command step).
          expect(s[limitCycles]!).toBeLessThanOrEqual(1e-9);
        }
        expect(manager.torqueRemoved).toBe(true);
        expect(supervisor.heartbeatEnabled).toBe(false);
        manager.dispose();
      }),
      { numRuns: 60 },
    );
  });
});
