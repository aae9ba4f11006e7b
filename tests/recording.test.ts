// Recording a running Kindred to MCAP from its launch file (issue 7): `record: { enabled: true }` writes
// one rosbag2-layout file per run into the data directory, closed in order when Kindred stops.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { sensor_msgs } from '../runtime/msgs/index.js';
import { McapFile } from '../runtime/ros/mcap/index.js';

describe('record: in a launch file', () => {
  it('records the chosen topics while Kindred runs and closes a readable rosbag2-style file on stop', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindred-record-'));
    const launch = validateLaunch(
      parseYaml(
        `kind: launch
name: record-test
robot: { name: test_arm }
hardware:
  type: mock
  joints: [{ name: shoulder, min: -1, max: 1 }]
loop: { rateHz: 200, mode: lockstep }
controllers: [{ name: arm, type: forward_command, joints: [shoulder] }]
services: { http: { enabled: false } }
record: { enabled: true, topics: [/joint_states, /safety/state] }
`,
        'record.launch.yaml',
      ),
    );
    const kindred = await Kindred.start(launch, { logger: silentLogger(), dataDir });
    const path = kindred.recordingPath;
    expect(path).toMatch(new RegExp(`^${join(dataDir, 'recordings')}/record-test_.*\\.mcap$`));
    // Lock-step runs faster than real time: wait for 2 s of simulated time (about 100 joint states at 50 Hz).
    while (kindred.clock.now() < 2_000_000_000n) await new Promise((r) => setTimeout(r, 20));
    await kindred.stop();
    expect(readdirSync(join(dataDir, 'recordings'))).toHaveLength(1);

    const file = await McapFile.open(path!);
    try {
      expect(file.profile).toBe('ros2');
      expect(file.channels.map((c) => c.topic).sort()).toEqual(['/joint_states', '/safety/state']);
      const joints = file.channel('/joint_states')!;
      expect(joints.type).toBe('sensor_msgs/msg/JointState');
      expect(joints.metadata.get('offered_qos_profiles')).toMatch(/reliability/);
      expect(joints.schemaEncoding).toBe('ros2msg');
      expect(joints.messageEncoding).toBe('cdr');
      const states: sensor_msgs.JointState[] = [];
      let lastLog = -1n;
      for await (const m of file.messages({ topics: ['/joint_states'] })) {
        expect(m.logTimeNs).toBeGreaterThanOrEqual(lastLog); // in time order, on the bus's (simulated) clock
        lastLog = m.logTimeNs;
        states.push(m.message as sensor_msgs.JointState);
      }
      expect(states.length).toBeGreaterThanOrEqual(90);
      expect(states.every((s) => s.name.length === 1 && s.name[0] === 'shoulder')).toBe(true);
    } finally {
      await file.close();
    }
  });
});
