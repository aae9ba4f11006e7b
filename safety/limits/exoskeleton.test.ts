import { describe, expect, it } from 'vitest';
import { loadUrdfFile, shippedRobots } from '../../urdf/index.js';
import { composeLimits } from './composeLimits.js';
import { JointLimitEnforcer } from './JointLimitEnforcer.js';
import { LimitFlag } from './LimitFlag.js';
import { parseLimitLayer } from './limitLayerFile.js';
import { compileLimits } from './LimitTable.js';
import { limitsFromUrdf } from './limitsFromUrdf.js';

const robotLayer = `joints:
${['hip_abduction', 'hip_flexion', 'knee', 'ankle']
  .flatMap((j) => [`${j}_left`, `${j}_right`])
  .map((j) => `  ${j}: { acceleration: 10, jerk: 500 }`)
  .join('\n')}
`;
const prescription = `joints:
  knee_left: { position: { lower: 0.1, upper: 1.4 }, velocity: 1.0, effort: 40 }
`;

describe('the exoskeleton with its robot layer and a knee prescription', () => {
  it('keeps every command of every joint within the composed limits', () => {
    const model = loadUrdfFile(shippedRobots.kindred_exo);
    const composed = composeLimits([limitsFromUrdf(model), parseLimitLayer(robotLayer, 'robot'), parseLimitLayer(prescription, 'prescription')]);
    const table = compileLimits(composed);
    const system = model.ros2Control[0]!;
    const commands = system.joints.flatMap((j) =>
      j.commandInterfaces.map((i) => ({ name: `${j.name}/${i.name}`, ...(i.min === undefined ? {} : { min: i.min }), ...(i.max === undefined ? {} : { max: i.max }) })),
    );
    const stateNames = system.joints.flatMap((j) => j.stateInterfaces.map((i) => `${j.name}/${i.name}`));
    const h = 0.002;
    const enforcer = new JointLimitEnforcer({ limits: table, commands, stateNames, periodS: h });
    const requested = new Float64Array(commands.length);
    const state = new Float64Array(stateNames.length);
    const out = new Float64Array(commands.length);
    const kneePosition = commands.findIndex((c) => c.name === 'knee_left/position');
    const kneeEffort = commands.findIndex((c) => c.name === 'knee_left/effort');
    const kneeState = stateNames.indexOf('knee_left/position');
    state[kneeState] = 0.5;
    const knee: number[] = [0.5];
    for (let k = 0; k < 3000; k++) {
      // Sweep well past the prescription (to 2.3 rad, inside the URDF range) and ask for full torque.
      requested[kneePosition] = 1.2 + 1.1 * Math.sin(k * h * 2);
      requested[kneeEffort] = 80;
      enforcer.enforce(requested, state, out);
      knee.push(out[kneePosition]!);
      state[kneeState] = out[kneePosition]!;
      expect(Math.abs(out[kneeEffort]!)).toBeLessThanOrEqual(40);
    }
    expect(Math.min(...knee)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...knee)).toBeLessThanOrEqual(1.4);
    expect(Math.max(...knee)).toBeGreaterThan(1.39);
    const speeds = knee.slice(1).map((q, i) => Math.abs(q - knee[i]!) / h);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(1.0 + 1e-9);
    expect(enforcer.jerkWindow[kneePosition]).toBe(Math.ceil((2 * 10) / (500 * h)));
    // Unclaimed joints (requests of zero) were held inside their own ranges.
    const ankle = commands.findIndex((c) => c.name === 'ankle_left/position');
    expect(out[ankle]).toBe(0);
    // The URDF's k_velocity is 4·E/V = 4·80/4 = 80 N·m·s/rad, so ros2_control's soft effort bound
    // k_v·(v_max − v) leaves the knee at rest 80 N·m at the prescribed 1 rad/s: the prescribed 40 N·m
    // binds, not the soft bound (the gravity-loaded knee keeps its prescribed torque).
    const kv = model.joints.find((j) => j.name === 'knee_left')!.safetyController!.kVelocity;
    expect(kv).toBe(80);
    expect(out[kneeEffort]).toBe(40);
    expect(enforcer.flags[kneeEffort]! & LimitFlag.effort).toBe(LimitFlag.effort);
    expect(enforcer.flags[kneeEffort]! & LimitFlag.soft).toBe(0);
    // Moving at 0.9 rad/s towards the prescribed 1 rad/s in mid-range, the soft bound does bind: 80·(1 − 0.9) = 8 N·m.
    state[stateNames.indexOf('knee_left/position')] = 0.7;
    state[stateNames.indexOf('knee_left/velocity')] = 0.9;
    enforcer.enforce(requested, state, out);
    expect(out[kneeEffort]).toBeCloseTo(kv * (1 - 0.9), 9);
    expect(enforcer.flags[kneeEffort]! & LimitFlag.soft).toBe(LimitFlag.soft);
  });
});
