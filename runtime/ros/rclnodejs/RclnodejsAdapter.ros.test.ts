/**
 * The adapter against real ROS 2 (rclnodejs over the sourced RMW): a second node in the same process,
 * in an rcl context of its own, is the peer. Runs only where ROS 2 is sourced and rclnodejs is
 * installed (see README.md); anywhere else the suite is skipped with the reason printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Bus } from '../../bus/index.js';
import type { MessageTypeMap, sensor_msgs } from '../../msgs/index.js';
import { ParameterStore } from '../../params/index.js';
import { WallClock } from '../../time/index.js';
import { ActionRegistry, ServiceRegistry } from '../rosbridge/index.js';
import { loadRclnodejs, reasonText } from './loadRclnodejs.js';
import type { RclApi, RclContext, RclNode } from './RclApi.js';
import { RclnodejsAdapter } from './RclnodejsAdapter.js';
import { ROS_PARAMETER_TYPE } from './rclParameters.js';

const loaded = await loadRclnodejs();
if (!loaded.available) console.warn(`[rclnodejs] native ROS 2 integration tests skipped: ${reasonText(loaded.reason)}`);

/** Unique per run, so tests on a shared DDS domain (a robot's) do not hear each other. */
const TAG = `kt${process.pid}`;
const NODE = `kindred_${TAG}`;
const RATE = 'state_publisher.joint_states_hz';
const FIBONACCI = 'example_interfaces/action/Fibonacci';

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!loaded.available)('RclnodejsAdapter with ROS 2 (native)', () => {
  let rcl: RclApi;
  let bus: Bus<MessageTypeMap>;
  let parameters: ParameterStore;
  let adapter: RclnodejsAdapter;
  let peerContext: RclContext;
  let peer: RclNode;
  const fromRos: sensor_msgs.JointState[] = [];

  beforeAll(async () => {
    if (!loaded.available) return;
    rcl = loaded.rcl;
    bus = new Bus<MessageTypeMap>();
    parameters = new ParameterStore();
    parameters.declare(RATE, { schema: z.number().positive().max(1000), default: 100, description: 'JointState rate, Hz' });
    const services = new ServiceRegistry(new WallClock(), 2000);
    services.register(`/${TAG}/trigger`, 'std_srvs/srv/Trigger', (_request, context) => ({ success: true, message: `ok from ${context.client ?? 'kindred'} / 好` }));
    const actions = new ActionRegistry();
    actions.register(`/${TAG}/fibonacci`, FIBONACCI, async (goal, handle) => {
      const order = (goal as { order: number }).order;
      const sequence = [0, 1];
      for (let i = 2; i <= order; i++) {
        sequence.push((sequence[i - 1] ?? 0) + (sequence[i - 2] ?? 0));
        handle.feedback({ sequence: [...sequence] });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { sequence };
    });
    bus.subscribe('/robot/joint_states', 'sensor_msgs/msg/JointState', (m) => fromRos.push(m));

    adapter = new RclnodejsAdapter(rcl);
    await adapter.start({
      bus,
      parameters,
      services,
      actions,
      nodeName: NODE,
      topicsOut: ['/joint_states', `/${TAG}/latched`],
      topicsIn: [{ ros: `/${TAG}/robot_joint_states`, type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' }],
      allowPublish: ['/robot/*'],
    });

    peerContext = new rcl.Context();
    await rcl.init(peerContext, ['peer']);
    peer = new rcl.Node(`peer_${TAG}`, '', peerContext);
    peer.spin();
  });

  afterAll(async () => {
    await adapter?.stop();
    peer?.destroy();
    if (peerContext !== undefined && !peerContext.isShutdown()) peerContext.shutdown();
  });

  it('Kindred’s /joint_states reaches a native subscription, field for field', async () => {
    const received: unknown[] = [];
    peer.createSubscription('sensor_msgs/msg/JointState', '/joint_states', {}, (m) => received.push(m));
    const publisher = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const sent: sensor_msgs.JointState = { header: { stamp: { sec: 17, nanosec: 5 }, frame_id: TAG }, name: ['knee_left', 'knee_right'], position: [0.25, -0.5], velocity: [0, 1], effort: [2.5, -2.5] };
    const mine = (): Record<string, unknown> | undefined =>
      received.map((m) => m as Record<string, unknown>).find((m) => (m['header'] as { frame_id: string }).frame_id === TAG);
    // Discovery takes a moment: publish until the peer has one.
    const got = await waitFor('a JointState on the peer', () => {
      publisher.publish(sent);
      return mine();
    });
    expect(got['name']).toEqual(sent.name);
    expect(Array.from(got['position'] as ArrayLike<number>)).toEqual(sent.position);
    expect(Array.from(got['effort'] as ArrayLike<number>)).toEqual(sent.effort);
    expect(got['header']).toEqual(sent.header);
    expect(adapter.stats().topicsOut.find((t) => t.bus === '/joint_states')?.messages).toBeGreaterThan(0);
  });

  it('a latched (transient-local) bus topic reaches a late native subscriber that asks for transient local', async () => {
    const latched = bus.advertise(`/${TAG}/latched`, 'std_msgs/msg/String', { durability: 'transient_local', depth: 1 });
    latched.publish({ data: 'kept / 保留' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received: unknown[] = [];
    peer.createSubscription('std_msgs/msg/String', `/${TAG}/latched`, { qos: new rcl.QoS(1, 1, 1, 1, 0) }, (m) => received.push(m));
    const got = await waitFor('the kept String', () => received[0]);
    expect(got).toEqual({ data: 'kept / 保留' });
  });

  it('a configured ROS 2 topic arrives on its bus topic with plain arrays', async () => {
    const publisher = peer.createPublisher('sensor_msgs/msg/JointState', `/${TAG}/robot_joint_states`);
    const got = await waitFor('a JointState on the bus', () => {
      publisher.publish({ header: { stamp: { sec: 3, nanosec: 4 }, frame_id: 'robot' }, name: ['hip'], position: [1.25], velocity: [], effort: [] });
      return fromRos[0];
    });
    expect(got).toEqual({ header: { stamp: { sec: 3, nanosec: 4 }, frame_id: 'robot' }, name: ['hip'], position: [1.25], velocity: [], effort: [] });
    expect(Array.isArray(got.position)).toBe(true);
  });

  it('a Kindred service answers a native client', async () => {
    const client = peer.createClient('std_srvs/srv/Trigger', `/${TAG}/trigger`);
    expect(await client.waitForService(5000)).toBe(true);
    const response = await client.sendRequestAsync({}, { timeout: 5000 });
    expect(response).toEqual({ success: true, message: 'ok from rclnodejs / 好' });
  });

  it('Kindred calls a native service', async () => {
    peer.createService('std_srvs/srv/SetBool', `/${TAG}/peer_set`, {}, (request, response) => {
      response.send({ success: (request as { data: boolean }).data, message: 'set by the peer' });
    });
    expect(await adapter.callService(`/${TAG}/peer_set`, 'std_srvs/srv/SetBool', { data: true })).toEqual({ success: true, message: 'set by the peer' });
  });

  it('a parameter set through ROS 2 is validated by the ParameterStore: accepted, refused with the reason, an integer taken for a double', async () => {
    const client = peer.createClient('rcl_interfaces/srv/SetParameters', `/${NODE}/set_parameters`);
    expect(await client.waitForService(5000)).toBe(true);
    const set = async (value: object): Promise<{ successful: boolean; reason: string }> => {
      const response = (await client.sendRequestAsync({ parameters: [{ name: RATE, value }] }, { timeout: 5000 })) as { results: Array<{ successful: boolean; reason: string }> };
      const [result] = response.results;
      if (result === undefined) throw new Error('no result');
      return result;
    };
    expect(await set({ type: ROS_PARAMETER_TYPE.DOUBLE, double_value: 250 })).toEqual({ successful: true, reason: '' });
    expect(parameters.get(RATE)).toBe(250);

    const refused = await set({ type: ROS_PARAMETER_TYPE.DOUBLE, double_value: 5000 });
    expect(refused.successful).toBe(false);
    expect(refused.reason).toContain('PARAM_INVALID');
    expect(refused.reason).toContain('(keeps 250)');
    expect(parameters.get(RATE)).toBe(250);

    expect((await set({ type: ROS_PARAMETER_TYPE.INTEGER, integer_value: 50n })).successful).toBe(true);
    expect(parameters.get(RATE)).toBe(50);
  });

  it('a change made inside Kindred is visible to ROS 2', async () => {
    parameters.set(RATE, 125);
    const client = peer.createClient('rcl_interfaces/srv/GetParameters', `/${NODE}/get_parameters`);
    expect(await client.waitForService(5000)).toBe(true);
    const response = (await client.sendRequestAsync({ names: [RATE] }, { timeout: 5000 })) as { values: Array<{ type: number; double_value: number }> };
    expect(response.values[0]).toMatchObject({ type: ROS_PARAMETER_TYPE.DOUBLE, double_value: 125 });
  });

  it('a Kindred action runs for a native action client, with feedback', async (context) => {
    const skipped = adapter.stats().skipped.find((s) => s.name === `/${TAG}/fibonacci`);
    if (skipped !== undefined) {
      console.warn(`[rclnodejs] action test skipped: ${skipped.reason} (install ros-${process.env['ROS_DISTRO'] ?? 'jazzy'}-example-interfaces)`);
      context.skip();
    }
    const client = new rcl.ActionClient(peer, FIBONACCI, `/${TAG}/fibonacci`);
    expect(await client.waitForServer(5000)).toBe(true);
    const feedback: unknown[] = [];
    const handle = await client.sendGoal({ order: 5 }, (f) => feedback.push(f));
    expect(handle.accepted).toBe(true);
    const result = (await handle.getResult()) as { sequence: ArrayLike<number> };
    expect(Array.from(result.sequence)).toEqual([0, 1, 1, 2, 3, 5]);
    expect(handle.isSucceeded()).toBe(true);
    expect(feedback.length).toBeGreaterThan(0);
    client.destroy();
  });

  it('stop() removes the node from the ROS graph', async () => {
    await adapter.stop();
    expect(adapter.started).toBe(false);
    const client = peer.createClient('rcl_interfaces/srv/GetParameters', `/${NODE}/get_parameters`);
    await waitFor('the node to leave the graph', () => (client.isServiceServerAvailable() ? undefined : true));
  });
});
