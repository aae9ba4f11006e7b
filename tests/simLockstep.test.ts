// A launch in lock-step: the simulated robot, the control loop and every timer on the bus advance
// together in simulated time, faster than real time, deterministically.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import { nsFromStamp } from '../runtime/msgs/index.js';

const launch = validateLaunch(
  parseYaml(
    `kind: launch
name: lockstep-test
robot: { name: kindred_exo }
hardware: { type: sim, scene: exo_standing, seed: 4, viewer: false }
loop: { rateHz: 500, mode: lockstep }
controllers:
  - { name: legs, type: forward_command, interface: position, joints: [hip_abduction_left, hip_flexion_left, knee_left, ankle_left, hip_abduction_right, hip_flexion_right, knee_right, ankle_right] }
services: { http: { port: 0 } }
`,
    'lockstep-test.launch.yaml',
  ),
);

let kindred: Kindred;
beforeAll(async () => {
  kindred = await Kindred.start(launch, { logger: silentLogger() });
}, 60_000);
afterAll(() => kindred.stop());

describe('lock-step launch', () => {
  it('runs simulated time ahead of wall time, with /joint_states stamped and paced in simulated time', async () => {
    const stamps: bigint[] = [];
    kindred.bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => stamps.push(nsFromStamp(m.header.stamp)));
    const wall0 = performance.now();
    const sim0 = kindred.clock.now();
    await new Promise((r) => setTimeout(r, 1500));
    const wallS = (performance.now() - wall0) / 1000;
    const simS = Number(kindred.clock.now() - sim0) / 1e9;
    expect(kindred.clock.kind).toBe('sim');
    expect(simS).toBeGreaterThan(wallS); // faster than real time even on a loaded 2-core machine
    // The loop's own time and the bus clock agree (batches of 10 ms).
    expect(Math.abs(kindred.loop.stats().cycles / 500 - Number(kindred.clock.now()) / 1e9)).toBeLessThan(0.011);
    // 50 Hz of simulated time, every 20 ms exactly.
    expect(stamps.length).toBeGreaterThan(simS * 50 - 3);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBe(20_000_000n);
  });

  it('set-points act in simulated time: the knee reaches its target within half a simulated second', async () => {
    const knee = kindred.loop.stateNames.indexOf('knee_left/position');
    // A modest step: a 0.5 rad step drags the patient's shank hard enough (~140 N at the cuff) for the
    // force monitor to stop the exoskeleton, as it should.
    kindred.loop.setSetpoints({ 'knee_left/position': 0.2 });
    const start = kindred.clock.now();
    await expect.poll(() => kindred.loop.latest().state[knee]!, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0.18);
    expect(Number(kindred.clock.now() - start) / 1e9).toBeLessThan(1.5);
  });
});
