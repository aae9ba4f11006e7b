// ROS 2 interop as a user meets it (issue 7): `kindred start`'s default launch serves rosbridge v2, and
// roslib — the real npm client — sees Kindred's topics (/joint_states, /tf, /tf_static, /safety/state,
// /diagnostics), its e-stop service, and can command a controller only where the launch file allows it,
// with the SafetyGate still between that command and the joints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { ESTOP_SERVICE } from '../runtime/cli/kindredServices.js';
import { silentLogger } from '../runtime/logging/index.js';
import type { kindred_msgs, sensor_msgs, tf2_msgs } from '../runtime/msgs/index.js';
import { SafetyState_Constants } from '../runtime/msgs/generated/kindred_msgs.js';
import { connectRoslib, roslib, type RoslibTypes } from '../runtime/ros/rosbridge/fixtures/roslibClient.js';
import { payloadOf, RecordingClient, waitFor } from '../runtime/ros/foxglove/fixtures/foxgloveKit.js';
import { cdrCodec } from '../runtime/ros/cdr/index.js';

const root = new URL('..', import.meta.url).pathname;

function firstMessage<T>(ros: RoslibTypes.Ros, name: string, messageType: string, accept: (m: T) => boolean = () => true): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const topic = new roslib.Topic<T>({ ros, name, messageType });
    const timer = setTimeout(() => reject(new Error(`no message on ${name} within 10 s`)), 10_000);
    topic.subscribe((m) => {
      if (!accept(m)) return;
      clearTimeout(timer);
      topic.unsubscribe();
      resolve(m);
    });
  });
}

describe('the default launch serves rosbridge v2 to roslib', () => {
  let kindred: Kindred;
  let ros: RoslibTypes.Ros;
  beforeAll(async () => {
    const source = parseYaml(readFileSync(join(root, 'launch/exo_default.launch.yaml'), 'utf8'), 'exo_default.launch.yaml');
    const launch = validateLaunch(source);
    expect(launch.services.rosbridge).toMatchObject({ enabled: true, host: '127.0.0.1', port: 9090, allowPublish: [] });
    expect(launch.services.foxglove).toMatchObject({ enabled: true, host: '127.0.0.1', port: 8765 });
    // As shipped, on free ports, without the browser viewer, with slack for a loaded test machine.
    const hardware = launch.hardware.type === 'sim' ? { ...launch.hardware, viewer: false, watchdogTimeoutMs: 1000 } : launch.hardware;
    kindred = await Kindred.start(
      { ...launch, hardware, loop: { ...launch.loop, stallTimeoutMs: 5000 }, services: { ...launch.services, http: { ...launch.services.http, port: 0 }, rosbridge: { ...launch.services.rosbridge, port: 0 }, foxglove: { ...launch.services.foxglove, port: 0 } } },
      { logger: silentLogger() },
    );
    ros = (await connectRoslib(kindred.rosbridge!.url!, false)).ros;
  }, 60_000);
  afterAll(async () => {
    ros?.close();
    await kindred?.stop();
  });

  it('lists the robot topics with their ROS 2 types and the e-stop service', async () => {
    const topics = await new Promise<{ topics: string[]; types: string[] }>((resolve, reject) => ros.getTopics(resolve, reject));
    const typeOf = new Map(topics.topics.map((t, i) => [t, topics.types[i]]));
    expect(typeOf.get('/joint_states')).toBe('sensor_msgs/msg/JointState');
    expect(typeOf.get('/tf')).toBe('tf2_msgs/msg/TFMessage');
    expect(typeOf.get('/tf_static')).toBe('tf2_msgs/msg/TFMessage');
    expect(typeOf.get('/safety/state')).toBe('kindred_msgs/msg/SafetyState');
    expect(typeOf.get('/diagnostics')).toBe('diagnostic_msgs/msg/DiagnosticArray');
    expect(typeOf.get('/legs_position/commands')).toBe('std_msgs/msg/Float64MultiArray');
    const services = await new Promise<string[]>((resolve, reject) => ros.getServices(resolve, reject));
    expect(services).toContain(ESTOP_SERVICE);
  });

  it('streams joint states and the transforms of every moving joint, stamped alike', async () => {
    const joints = await firstMessage<sensor_msgs.JointState>(ros, '/joint_states', 'sensor_msgs/msg/JointState');
    expect(joints.name).toEqual(expect.arrayContaining(['hip_flexion_left', 'knee_left', 'ankle_right']));
    expect(joints.position.every((p) => Number.isFinite(p))).toBe(true);
    const tf = await firstMessage<tf2_msgs.TFMessage>(ros, '/tf', 'tf2_msgs/msg/TFMessage');
    expect(tf.transforms.length).toBeGreaterThanOrEqual(8);
    for (const t of tf.transforms) {
      const q = t.transform.rotation;
      expect(Math.hypot(q.x, q.y, q.z, q.w)).toBeCloseTo(1, 9);
      expect(t.header.frame_id).not.toBe('');
    }
    // /tf_static is latched: a late subscriber still gets it.
    const tfStatic = await firstMessage<tf2_msgs.TFMessage>(ros, '/tf_static', 'tf2_msgs/msg/TFMessage');
    expect(tfStatic.transforms.length).toBeGreaterThan(0);
  });

  it('serves Foxglove: the robot topics as cdr channels with ros2msg schemas, live joint states that decode', async () => {
    const fox = await RecordingClient.connect(kindred.foxglove!.url!);
    try {
      for (const [topic, type] of [
        ['/joint_states', 'sensor_msgs/msg/JointState'],
        ['/tf', 'tf2_msgs/msg/TFMessage'],
        ['/safety/state', 'kindred_msgs/msg/SafetyState'],
        ['/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray'],
      ] as const) {
        const channel = await fox.waitForChannel(topic);
        expect(channel).toMatchObject({ encoding: 'cdr', schemaName: type, schemaEncoding: 'ros2msg' });
      }
      const joints = fox.channel('/joint_states')!;
      fox.client.subscribe(joints.id);
      await waitFor(() => fox.messages.length > 0, 'a /joint_states message over Foxglove');
      const decoded = cdrCodec('sensor_msgs/msg/JointState').decode(payloadOf(fox.messages[0]!));
      expect(decoded.name).toEqual(expect.arrayContaining(['knee_left', 'knee_right']));
      // Kindred's e-stop service is offered to Foxglove too.
      await waitFor(() => [...fox.services.values()].some((sv) => sv.name === ESTOP_SERVICE), 'the e-stop service');
    } finally {
      fox.close();
    }
  });

  it('an e-stop asked for over rosbridge stops the robot, and /safety/state says so', async () => {
    const before = await firstMessage<kindred_msgs.SafetyState>(ros, '/safety/state', 'kindred_msgs/msg/SafetyState');
    expect(before.state).toBe(SafetyState_Constants.NORMAL);
    const service = new roslib.Service<Record<string, never>, { success: boolean; message: string }>({ ros, name: ESTOP_SERVICE, serviceType: 'std_srvs/srv/Trigger' });
    const answer = await new Promise<{ success: boolean; message: string }>((resolve, reject) => service.callService({}, resolve, reject));
    expect(answer.success).toBe(true);
    expect(answer.message).toMatch(/emergency stop engaged \/ 已急停/);
    expect(kindred.loop.safetyStatus().state).toBe('emergency_stop');
    const after = await firstMessage<kindred_msgs.SafetyState>(ros, '/safety/state', 'kindred_msgs/msg/SafetyState', (m) => m.state !== SafetyState_Constants.NORMAL);
    expect(after.state).toBe(SafetyState_Constants.EMERGENCY_STOP);
    expect(after.stop_category).toBe(kindred.loop.safetyStatus().stopCategory);
  });
});

describe('commands from a bridge client pass the SafetyGate, and only where the launch file allows', () => {
  const launchText = (allow: string): string => `kind: launch
name: bridge-commands
robot: { name: test_arm }
hardware:
  type: mock
  joints:
    - { name: shoulder, command: [position], min: -1, max: 1 }
    - { name: elbow, command: [position], min: -0.5, max: 0.5 }
loop: { rateHz: 200, mode: lockstep }
controllers:
  - { name: arm, type: forward_command, interface: position, joints: [shoulder, elbow] }
services:
  http: { enabled: false }
  rosbridge: { enabled: true, port: 0, allowPublish: ${allow} }
`;
  let kindred: Kindred | undefined;
  let ros: RoslibTypes.Ros | undefined;
  afterAll(async () => {
    ros?.close();
    await kindred?.stop();
  });

  const commandPosition = async (values: number[]): Promise<Float64Array> => {
    const topic = new roslib.Topic({ ros: ros!, name: '/arm/commands', messageType: 'std_msgs/msg/Float64MultiArray' });
    topic.publish({ layout: { dim: [], data_offset: 0 }, data: values });
    // Let the message arrive and the lock-step loop run a few hundred cycles.
    await new Promise((r) => setTimeout(r, 300));
    const latest = kindred!.loop.latest();
    const names = kindred!.loop.stateNames;
    return Float64Array.from(['shoulder/position', 'elbow/position'].map((n) => latest.state[names.indexOf(n)]!));
  };

  it('a command within the limits is applied; one beyond them is clamped by the SafetyGate', async () => {
    kindred = await Kindred.start(validateLaunch(parseYaml(launchText('["/arm/commands"]'), 'bridge.launch.yaml')), { logger: silentLogger() });
    ros = (await connectRoslib(kindred.rosbridge!.url!, false)).ros;
    const inside = await commandPosition([0.4, -0.2]);
    expect(inside[0]).toBeCloseTo(0.4, 6);
    expect(inside[1]).toBeCloseTo(-0.2, 6);
    const beyond = await commandPosition([5, -3]);
    expect(beyond[0]).toBeLessThanOrEqual(1 + 1e-9);
    expect(beyond[1]).toBeGreaterThanOrEqual(-0.5 - 1e-9);
    expect(kindred.loop.gateCounters().some((c) => c.limitedCycles > 0)).toBe(true);
    // A malformed command (wrong length) is refused whole: nothing moves.
    const unchanged = await commandPosition([0]);
    expect(Array.from(unchanged)).toEqual(Array.from(beyond));
  });

  it('without the topic in allowPublish, a client cannot command the robot at all', async () => {
    ros?.close();
    await kindred?.stop();
    kindred = await Kindred.start(validateLaunch(parseYaml(launchText('[]'), 'bridge.launch.yaml')), { logger: silentLogger() });
    const client = await connectRoslib(kindred.rosbridge!.url!, true);
    ros = client.ros;
    const before = await commandPosition([0.4, -0.2]);
    expect(Array.from(before)).toEqual([0, 0]);
    const refusal = client.frames.find((f) => f.op === 'status' && /not allowed|allowPublish/i.test(JSON.stringify(f)));
    expect(refusal, JSON.stringify(client.frames.filter((f) => f.op === 'status'))).toBeDefined();
  });
});
