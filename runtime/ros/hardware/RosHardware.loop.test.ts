import { afterEach, describe, expect, it } from 'vitest';
import type { SafetyEvent } from '../../../safety/log/SafetyEvent.js';
import type { ManagerEvent } from '../../control/index.js';
import { silentLogger } from '../../logging/index.js';
import type { LoopConfig } from '../../loop/LoopConfig.js';
import { LoopHost } from '../../loop/LoopHost.js';
import type { sensor_msgs } from '../../msgs/index.js';
import type { RosHardwareSystemStatus } from './RosHardwareSystem.js';
import { prepareRosHardware, type RosHardwareLink } from './RosHardwareLink.js';
import type { RosHardwareOptions } from './rosHardwareConfig.js';

/** A three-joint arm as its ros2_control hardware names it, taking position commands. */
const ARM: RosHardwareOptions = {
  name: 'robot',
  joints: [
    { name: 'shoulder', command: ['position'], min: -1, max: 1 },
    { name: 'elbow', command: ['position'], min: 0, max: 2 },
    { name: 'wrist', command: ['position'], min: -0.5, max: 0.5 },
  ],
  commandInterface: 'position',
  stateTimeoutMs: 50,
};
const JOINTS = ['shoulder', 'elbow', 'wrist'];
const RATE_HZ = 500;

function loopConfig(hardware: LoopConfig['hardware'][number], controllerInterface: 'position' | 'velocity' = 'position'): LoopConfig {
  return {
    rateHz: RATE_HZ,
    mode: 'lockstep',
    stallTimeoutMs: 100,
    spinUs: 50,
    hardware: [hardware],
    controllers: [{ name: 'fwd', type: 'forward_command', joints: JOINTS, interface: controllerInterface, params: {}, autostart: true }],
  };
}

/**
 * The robot's joint_state_broadcaster output: its own order (not ours), plus a joint this link does
 * not drive. `omit` leaves joints out of the message.
 */
function jointState(positions: Readonly<Record<string, number>>, omit: readonly string[] = []): sensor_msgs.JointState {
  const names = ['wrist', 'gripper', 'elbow', 'shoulder'].filter((n) => !omit.includes(n));
  const value = (n: string): number => (n === 'gripper' ? 0.04 : positions[n]!);
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
    name: names,
    position: names.map(value),
    velocity: names.map(() => 0),
    effort: names.map((_, i) => i * 0.1),
  };
}

let host: LoopHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

async function started(options: RosHardwareOptions, at: Record<string, number>, controllerInterface: 'position' | 'velocity' = 'position') {
  const { spec, link } = prepareRosHardware(options);
  link.feedJointState(jointState(at));
  await link.waitForState(1000);
  host = await LoopHost.start(loopConfig(spec, controllerInterface), silentLogger());
  const events: SafetyEvent[] = [];
  const managerEvents: ManagerEvent[] = [];
  host.onSafetyEvent((e) => events.push(e));
  host.onEvent((e) => managerEvents.push(e));
  return { h: host, link, events, managerEvents };
}

/** Step `cycles` cycles with the robot publishing its state every `every` cycles (as a 50 Hz broadcaster would at 500 Hz). */
async function stepFed(h: LoopHost, link: RosHardwareLink, at: Record<string, number>, cycles: number, every = 10): Promise<void> {
  for (let done = 0; done < cycles; done += every) {
    link.feedJointState(jointState(at));
    await h.step(Math.min(every, cycles - done));
  }
}

const positionOf = (h: LoopHost, joint: string): number => h.latest().state[h.stateNames.indexOf(`${joint}/position`)]!;

describe('ROS 2 robot hardware in the real-time worker (lock-step LoopHost, forward_command position controller)', () => {
  it('reads the robot state by joint name, forwards set-points within limits unchanged and clamps one past its limit: the SafetyGate sits between', async () => {
    const at = { shoulder: 0.1, elbow: 0.5, wrist: -0.2 };
    const { h, link } = await started(ARM, at);
    await h.step(1);
    // The message's order differs from ours and names an extra joint: values still land by name.
    expect(JOINTS.map((j) => positionOf(h, j))).toEqual([0.1, 0.5, -0.2]);
    expect(h.latest().state[h.stateNames.indexOf('elbow/effort')]).toBeCloseTo(0.2, 12);
    expect(h.stateNames).not.toContain('gripper/position');
    // Before any set-point the controller holds where the robot is.
    const first = link.readCommands();
    expect(first).toMatchObject({ seq: 1, torqueEnabled: true, stops: 0, joints: JOINTS, interfaceName: 'position' });
    expect(Array.from(first.values)).toEqual([0.1, 0.5, -0.2]);

    h.setSetpoints({ 'shoulder/position': 0.3, 'elbow/position': 1.2, 'wrist/position': 0.4 });
    await stepFed(h, link, at, 1);
    const within = link.readCommands();
    expect(within.seq).toBe(2);
    expect(within.timeS).toBeCloseTo(1 / RATE_HZ, 12);
    expect(Array.from(within.values)).toEqual([0.3, 1.2, 0.4]);
    expect(h.stats().gateLimitedCommands).toBe(0);

    h.setSetpoints({ 'shoulder/position': 1.7, 'wrist/position': -0.9 });
    await stepFed(h, link, at, 1);
    const clamped = link.readCommands();
    expect(clamped.seq).toBe(3);
    expect(Array.from(clamped.values)).toEqual([1, 1.2, -0.5]);
    const counters = h.gateCounters();
    expect(counters.find((c) => c.interface === 'shoulder/position')!.limited.position).toBe(1);
    expect(counters.find((c) => c.interface === 'wrist/position')!.limited.position).toBe(1);
    expect(counters.find((c) => c.interface === 'elbow/position')!.limitedCycles).toBe(0);
    // What the robot is sent equals what the gate let through (the loop's own record of it).
    const enforced = h.latest().commands;
    expect(JOINTS.map((j) => enforced[h.commandNames.indexOf(`${j}/position`)])).toEqual(Array.from(clamped.values));
    expect(h.safetyStatus().state).toBe('normal');
  });

  it('a robot that stops publishing: the read fails after stateTimeoutMs of loop time, the hardware monitor stops the loop, and one hold command goes out', async () => {
    const at = { shoulder: 0.1, elbow: 0.5, wrist: -0.2 };
    const { h, link, events, managerEvents } = await started(ARM, at);
    h.setSetpoints({ 'shoulder/position': 0.2 });
    await stepFed(h, link, at, 100);
    expect(h.safetyStatus().state).toBe('normal');
    expect(link.status().readErrors).toBe(0);
    // The robot's last message, seen by the next cycle.
    link.feedJointState(jointState(at));
    await h.step(1);
    const before = link.readCommands();
    expect(before.torqueEnabled).toBe(true);
    expect(before.values[0]).toBe(0.2);

    // 20 cycles (40 ms) without a message are within the 50 ms timeout; 30 (60 ms) are not.
    await h.step(20);
    expect(h.safetyStatus().state).toBe('normal');
    await h.step(10);
    await settle();
    expect(h.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 0 });
    expect(events.find((e) => e.kind === 'fault')).toMatchObject({ monitor: 'hardware', reaction: 'stop0' });
    expect(managerEvents.find((e) => e.type === 'hardware_failed')).toMatchObject({ component: 'robot', stage: 'read' });
    const stop = link.readCommands();
    expect(stop).toMatchObject({ torqueEnabled: false, stops: 1 });
    // The 20 cycles within the timeout wrote commands; then one stop, and nothing from the failing cycle on.
    expect(stop.seq - before.seq).toBeGreaterThanOrEqual(21);
    expect(stop.seq - before.seq).toBeLessThanOrEqual(27);
    // Position interface: the stop holds the robot where it was last measured.
    expect(Array.from(stop.values)).toEqual([0.1, 0.5, -0.2]);
    const status = link.status();
    expect(status.readErrors).toBeGreaterThan(0);
    expect(status.lastStaleJoint).toBe('shoulder');
    expect(((await h.hardwareCommand('robot', { op: 'status' })) as RosHardwareSystemStatus).staleJoints).toEqual(JOINTS);
    // Nothing follows the stop, even once the robot publishes again.
    await stepFed(h, link, at, 50);
    expect(link.readCommands().seq).toBe(stop.seq);
    await expect(h.safetyReset({ source: 'cli' })).rejects.toMatchObject({ code: 'SAFETY_RESET_CAUSE_PERSISTS' });
  });

  it('a joint missing from the feed is flagged at once and fails the read once it is stale, though the other joints are fresh', async () => {
    const at = { shoulder: 0.1, elbow: 0.5, wrist: -0.2 };
    const { h, link, events } = await started(ARM, at);
    const partial = link.feedJointState(jointState({ shoulder: 0.15, elbow: 0.55 }, ['wrist']));
    expect(partial).toEqual({ accepted: true, updated: ['shoulder', 'elbow'], missing: ['wrist'], incomplete: [], unknown: ['gripper'] });
    for (let k = 0; k < 3; k++) {
      link.feedJointState(jointState({ shoulder: 0.15, elbow: 0.55 }, ['wrist']));
      await h.step(10);
    }
    await settle();
    expect(positionOf(h, 'shoulder')).toBe(0.15);
    expect(h.safetyStatus().state).toBe('protective_stop');
    expect(events.find((e) => e.kind === 'fault')).toMatchObject({ monitor: 'hardware' });
    const status = link.status();
    expect(status.lastStaleJoint).toBe('wrist');
    expect(status.joints.find((j) => j.name === 'wrist')).toMatchObject({ updates: 1, missing: 4 });
    expect(status.joints.find((j) => j.name === 'shoulder')).toMatchObject({ updates: 5, missing: 0 });
  });

  it('refuses to start before the robot has reported every joint (dry run on the main thread, nothing started)', async () => {
    const { spec, link } = prepareRosHardware(ARM);
    await expect(LoopHost.start(loopConfig(spec), silentLogger())).rejects.toMatchObject({ code: 'ROS_HW_STATE_MISSING', context: { value: JOINTS } });
    link.feedJointState(jointState({ shoulder: 0, elbow: 0 }, ['wrist']));
    await expect(LoopHost.start(loopConfig(spec), silentLogger())).rejects.toMatchObject({ code: 'ROS_HW_STATE_MISSING', context: { value: ['wrist'] } });
    // The dry runs left the buffer as they found it: no command, torque flag down.
    expect(link.readCommands()).toMatchObject({ seq: 0, torqueEnabled: false });
  });

  it('velocity interface: gated (±velocityLimit) commands reach the robot; a category 0 stop sends zero velocity once; after the reset commands resume', async () => {
    const options: RosHardwareOptions = {
      ...ARM,
      joints: JOINTS.map((name) => ({ name, command: ['velocity' as const], velocityLimit: 1 })),
      commandInterface: 'velocity',
    };
    const at = { shoulder: 0.1, elbow: 0.5, wrist: -0.2 };
    const { h, link } = await started(options, at, 'velocity');
    h.setSetpoints({ 'shoulder/velocity': 0.5, 'elbow/velocity': -3, 'wrist/velocity': 0.25 });
    await stepFed(h, link, at, 10);
    expect(Array.from(link.readCommands().values)).toEqual([0.5, -1, 0.25]);

    await h.requestStop(0, 0.2, 'api');
    const stop = link.readCommands();
    expect(stop).toMatchObject({ torqueEnabled: false, stops: 1 });
    expect(Array.from(stop.values)).toEqual([0, 0, 0]);
    await stepFed(h, link, at, 200);
    expect(link.readCommands().seq).toBe(stop.seq);

    await h.safetyReset({ source: 'cli' });
    await stepFed(h, link, at, 10);
    const resumed = link.readCommands();
    expect(resumed.torqueEnabled).toBe(true);
    expect(resumed.seq).toBe(stop.seq + 10);
    expect(resumed.stops).toBe(1);
  });

  it('an orderly stop of the loop ends with the hold command', async () => {
    const at = { shoulder: 0.1, elbow: 0.5, wrist: -0.2 };
    const { h, link } = await started(ARM, at);
    h.setSetpoints({ 'elbow/position': 0.9 });
    await stepFed(h, link, at, 20);
    expect(link.readCommands().values[1]).toBe(0.9);
    await h.stop();
    const last = link.readCommands();
    expect(last).toMatchObject({ torqueEnabled: false, stops: 1 });
    expect(Array.from(last.values)).toEqual([0.1, 0.5, -0.2]);
  });

  it('realtime: a robot publishing at 100 Hz is driven through onCommands on the wall clock; when it falls silent the loop stops it', async () => {
    const at = { shoulder: 0.1, elbow: 0.5, wrist: -0.2 };
    // A generous timeout: on a loaded machine this thread's own timers may run late.
    const { spec, link } = prepareRosHardware({ ...ARM, stateTimeoutMs: 300 });
    const publish = setInterval(() => link.feedJointState(jointState(at)), 10);
    try {
      await link.waitForState(1000);
      host = await LoopHost.start({ ...loopConfig(spec), mode: 'realtime' }, silentLogger());
      const received: number[][] = [];
      let seq = 0;
      const lastDelivered = (): number => seq;
      const timer = link.onCommands((c) => {
        received.push(Array.from(c.values));
        seq = c.seq;
      }, 100);
      host.setSetpoints({ 'shoulder/position': 0.6, 'wrist/position': 0.9 });
      const deadline = performance.now() + 3000;
      while (!received.some((v) => v[0] === 0.6) && performance.now() < deadline) await settle();
      expect(received.find((v) => v[0] === 0.6)).toEqual([0.6, 0.5, 0.5]); // wrist clamped to 0.5
      expect(host.safetyStatus().state).toBe('normal');
      clearInterval(publish);
      while (host.safetyStatus().state === 'normal' && performance.now() < deadline + 3000) await settle();
      expect(host.safetyStatus().state).toBe('protective_stop');
      const stopDeadline = performance.now() + 2000;
      while (link.readCommands().seq !== lastDelivered() && performance.now() < stopDeadline) await settle();
      timer.cancel();
      expect(received.at(-1)).toEqual([0.1, 0.5, -0.2]);
      expect(link.readCommands().torqueEnabled).toBe(false);
    } finally {
      clearInterval(publish);
    }
  });
});
