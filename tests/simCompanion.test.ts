// The companion robot's scene as a behaviour developer meets it: the person at home in the simulator,
// published on the ROS4HRI-style topics perception will later publish, labelled as ground truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { hri_msgs, kindred_msgs } from '../runtime/msgs/index.js';

const launch = validateLaunch(
  parseYaml(
    `kind: launch
name: companion-test
robot: { name: kindred_companion }
hardware: { type: sim, scene: companion_home, seed: 2, viewer: false }
loop: { rateHz: 500, stallTimeoutMs: 5000 }
services: { http: { port: 0 } }
`,
    'companion-test.launch.yaml',
  ),
);

let kindred: Kindred;
beforeAll(async () => {
  kindred = await Kindred.start(launch, { logger: silentLogger() });
}, 60_000);
afterAll(() => kindred.stop());

describe('companion_home: the simulated person on ROS4HRI-style topics', () => {
  it('tracks the body and reports a fall as posture "fallen", labelled as simulator ground truth', async () => {
    const tracked: hri_msgs.IdsList[] = [];
    const postures: kindred_msgs.BodyPosture[] = [];
    kindred.bus.subscribe('/humans/bodies/tracked', 'hri_msgs/msg/IdsList', (m) => tracked.push(m));
    kindred.bus.subscribe('/humans/bodies/person1/posture', 'kindred_msgs/msg/BodyPosture', (m) => postures.push(m));
    await expect.poll(() => tracked.length, { timeout: 5000 }).toBeGreaterThan(2);
    expect(tracked.at(-1)?.ids).toEqual(['person1']);
    expect(tracked.at(-1)?.header.frame_id).toBe('sim_world');
    expect(postures.at(-1)?.source).toBe('sim_ground_truth');
    expect(postures.at(-1)?.fallen).toBe(false);

    await kindred.loop.hardwareCommand('sim', { op: 'human', command: { op: 'fall', direction: 'forward' } });
    await expect.poll(() => postures.at(-1)?.posture, { timeout: 10_000, interval: 100 }).toBe('fallen');
    expect(postures.at(-1)).toMatchObject({ fallen: true, code: 4, source: 'sim_ground_truth' });
    const head = kindred.loop.latest().state[kindred.loop.stateNames.indexOf('person/head_height')]!;
    await expect.poll(() => kindred.loop.latest().state[kindred.loop.stateNames.indexOf('person/head_height')]!, { timeout: 10_000 }).toBeLessThan(Math.min(head, 0.5));
  });
});
