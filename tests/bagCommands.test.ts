// `kindred record` and `kindred replay` as a user runs them against a running Kindred (issue 7): the real
// CLI in a child process, Kindred's rosbridge server on a free port, MCAP in rosbag2's layout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { sensor_msgs } from '../runtime/msgs/index.js';
import { McapFile } from '../runtime/ros/mcap/index.js';
import { kindredCli } from './kindredCli.js';

const work = mkdtempSync(join(tmpdir(), 'kindred-bag-'));


const launch = (allow: string): string => `kind: launch
name: bag-test
robot: { name: test_arm }
hardware: { type: mock, joints: [{ name: shoulder, min: -1, max: 1 }, { name: elbow }] }
controllers: [{ name: arm, type: forward_command, joints: [shoulder, elbow] }]
services:
  http: { enabled: false }
  rosbridge: { enabled: true, port: 0, allowPublish: ${allow} }
`;

describe('kindred record / kindred replay against a running Kindred', () => {
  let kindred: Kindred;
  const file = join(work, 'session.mcap');
  beforeAll(async () => {
    kindred = await Kindred.start(validateLaunch(parseYaml(launch('[/review/*]'), 'bag.launch.yaml')), { logger: silentLogger() });
  }, 30_000);
  afterAll(() => kindred.stop());

  it('records the chosen topics for the given time into a rosbag2-layout file', async () => {
    const r = await kindredCli('record', '--url', kindred.rosbridge!.url!, '--topics', '/joint_states', '/safety/state', '--duration', '1.5', '-o', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\+ \/joint_states \[sensor_msgs\/msg\/JointState\]/);
    expect(r.stdout).toMatch(/messages written to/);
    const mcap = await McapFile.open(file);
    try {
      expect(mcap.profile).toBe('ros2');
      expect(mcap.channels.map((c) => c.topic).sort()).toEqual(['/joint_states', '/safety/state']);
      const states: sensor_msgs.JointState[] = [];
      for await (const m of mcap.messages({ topics: ['/joint_states'] })) states.push(m.message as sensor_msgs.JointState);
      // 50 Hz for ~1.5 s, allowing for start-up on a loaded machine.
      expect(states.length).toBeGreaterThan(30);
      expect(states[0]!.name).toEqual(['shoulder', 'elbow']);
    } finally {
      await mcap.close();
    }
  });

  it('replays it under a review namespace the running Kindred allows, at twice the speed', async () => {
    const received: sensor_msgs.JointState[] = [];
    const sub = kindred.bus.subscribe('/review/joint_states', 'sensor_msgs/msg/JointState', (m) => received.push(m));
    const started = Date.now();
    const r = await kindredCli('replay', file, '--url', kindred.rosbridge!.url!, '--topics', '/joint_states', '--prefix', '/review', '--rate', '2');
    sub.unsubscribe();
    expect(r.code, r.stderr).toBe(0);
    const published = Number(/^(\d+) messages published/m.exec(r.stdout)?.[1]);
    expect(published).toBeGreaterThan(30);
    expect(received.length).toBe(published);
    expect(received[0]!.name).toEqual(['shoulder', 'elbow']);
    expect(Date.now() - started).toBeGreaterThan(600); // ~0.75 s of recording at 2× plus start-up: paced, not dumped
  });

  it('reports what the running Kindred refuses and exits 1', async () => {
    const r = await kindredCli('replay', file, '--url', kindred.rosbridge!.url!, '--topics', '/joint_states');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused by .*\/joint_states/);
  });

  it('names the address when nothing answers there', async () => {
    const r = await kindredCli('record', '--url', 'ws://127.0.0.1:1', '-o', join(work, 'none.mcap'), '--duration', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ROS_REMOTE_UNREACHABLE.*ws:\/\/127\.0\.0\.1:1/);
  });
});
