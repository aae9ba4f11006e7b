// A real robot under ROS 2, driven by Kindred through the robot's rosbridge_server (issue 7,
// `hardware.type: ros2`). The "robot" here is a second Kindred with mock joints and a rosbridge server
// that lets its forward-command topic be published — the shape of a ros2_control robot with a
// joint_state_broadcaster and a forward_command_controller. The driving Kindred's SafetyGate sits between
// its set-points and that robot: a set-point beyond the driving side's (tighter) limits arrives clamped,
// and when the robot's joint states stop, the driving side stops.
import { afterAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';

const robotLaunch = `kind: launch
name: ros2-robot
robot: { name: test_arm }
hardware:
  type: mock
  joints:
    - { name: shoulder, min: -1.5, max: 1.5 }
    - { name: elbow, min: -1.5, max: 1.5 }
loop: { rateHz: 200 }
controllers:
  - { name: forward_position_controller, type: forward_command, interface: position, joints: [shoulder, elbow] }
services:
  http: { enabled: false }
  rosbridge: { enabled: true, port: 0, allowPublish: [/forward_position_controller/commands] }
`;

const driverLaunch = (url: string): string => `kind: launch
name: ros2-driver
robot: { name: test_arm }
hardware:
  type: ros2
  url: ${url}
  joints:
    - { name: shoulder, command: [position], min: -0.8, max: 0.8 }
    - { name: elbow, command: [position], min: -0.5, max: 0.5 }
  commandInterface: position
  stateTimeoutMs: 300
  controller: { type: forward_command, name: forward_position_controller }
  commandRateHz: 100
loop: { rateHz: 100 }
controllers:
  - { name: arm, type: forward_command, interface: position, joints: [shoulder, elbow] }
services: { http: { enabled: false } }
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('hardware.type: ros2 over the robot’s rosbridge_server', () => {
  let robot: Kindred | undefined;
  let driver: Kindred | undefined;
  afterAll(async () => {
    await driver?.stop();
    await robot?.stop();
  });

  const robotPosition = (joint: string): number => {
    const names = robot!.loop.stateNames;
    return robot!.loop.latest().state[names.indexOf(`${joint}/position`)]!;
  };

  it('follows the driver’s set-points, clamped by the driver’s SafetyGate, and the driver stops when the robot goes silent', async () => {
    robot = await Kindred.start(validateLaunch(parseYaml(robotLaunch, 'robot.launch.yaml')), { logger: silentLogger() });
    driver = await Kindred.start(validateLaunch(parseYaml(driverLaunch(robot.rosbridge!.url!), 'driver.launch.yaml')), { logger: silentLogger() });
    await until(() => driver!.loop.status === 'running', 'the driver’s loop running');

    // Within limits: the robot's joints reach the set-points.
    driver.bus.advertise('/arm/commands', 'std_msgs/msg/Float64MultiArray').publish({ layout: { dim: [], data_offset: 0 }, data: [0.3, -0.2] });
    await until(() => Math.abs(robotPosition('shoulder') - 0.3) < 1e-6 && Math.abs(robotPosition('elbow') + 0.2) < 1e-6, 'the robot at (0.3, -0.2)');

    // Beyond the driver's limits (but inside the robot's own): clamped before they leave Kindred.
    driver.bus.advertise('/arm/commands', 'std_msgs/msg/Float64MultiArray').publish({ layout: { dim: [], data_offset: 0 }, data: [1.4, -1.4] });
    await until(() => Math.abs(robotPosition('shoulder') - 0.8) < 1e-6 && Math.abs(robotPosition('elbow') + 0.5) < 1e-6, 'the robot at the driver’s limits (0.8, -0.5)');
    await sleep(200);
    expect(robotPosition('shoulder')).toBeLessThanOrEqual(0.8 + 1e-9);
    expect(robotPosition('elbow')).toBeGreaterThanOrEqual(-0.5 - 1e-9);
    expect(driver.loop.safetyStatus().state).toBe('normal');

    // The robot goes away: its joint states stop, the driver's hardware read fails and the supervisor stops.
    await robot.stop();
    robot = undefined;
    await until(() => driver!.loop.safetyStatus().activeFaults.some((f) => f.code === 'SAFETY_HARDWARE_FAULT'), 'a hardware fault on the driver');
    expect(driver.loop.safetyStatus().state).not.toBe('normal');
  });
});

describe('bridges.rosbridgeClient: another system’s topics on Kindred’s bus', () => {
  let remote: Kindred | undefined;
  let local: Kindred | undefined;
  afterAll(async () => {
    await local?.stop();
    await remote?.stop();
  });

  const clientLaunch = (url: string, mapping: string): string => `kind: launch
name: bridge-client
robot: { name: test_arm }
hardware: { type: mock, joints: [{ name: shoulder }] }
controllers: [{ name: arm, type: forward_command, joints: [shoulder] }]
services: { http: { enabled: false } }
bridges:
  rosbridgeClient:
    enabled: true
    url: ${url}
${mapping}
`;

  it('maps a remote topic onto the bus, and refuses at start a mapping that would feed a command topic around the SafetyGate', async () => {
    remote = await Kindred.start(validateLaunch(parseYaml(robotLaunch, 'robot.launch.yaml')), { logger: silentLogger() });
    const url = remote.rosbridge!.url!;
    local = await Kindred.start(
      validateLaunch(parseYaml(clientLaunch(url, '    topicsIn: [{ ros: /joint_states, type: sensor_msgs/msg/JointState, bus: /remote/joint_states }]'), 'client.launch.yaml')),
      { logger: silentLogger() },
    );
    const received: string[][] = [];
    local.bus.subscribe('/remote/joint_states', 'sensor_msgs/msg/JointState', (m) => received.push(m.name));
    await until(() => received.length > 3, 'remote joint states on the local bus');
    expect(received.at(-1)).toEqual(['shoulder', 'elbow']);

    // Publishing Kindred's own (pre-gate) command topic to a remote command topic is refused, with its code.
    const bad = validateLaunch(parseYaml(clientLaunch(url, '    topicsOut: [{ bus: /arm/commands, ros: /forward_position_controller/commands, type: std_msgs/msg/Float64MultiArray }]'), 'bad.launch.yaml'));
    await expect(Kindred.start(bad, { logger: silentLogger() })).rejects.toMatchObject({ code: expect.stringMatching(/^ROS_CLIENT_/) });
  });
});
