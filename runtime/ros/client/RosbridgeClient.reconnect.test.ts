import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { Cleanup, FAST_BACKOFF, makeClient, startBridge, waitFor } from './fixtures/clientKit.js';
import { RosBridgeMapping } from './RosBridgeMapping.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const jointState = (k: number): MessageTypeMap['sensor_msgs/msg/JointState'] => ({
  header: { stamp: { sec: k, nanosec: 0 }, frame_id: '' },
  name: ['knee_left'],
  position: [k / 10],
  velocity: [0],
  effort: [0],
});

describe('reconnection after the robot’s rosbridge server restarts', () => {
  it('backs off with growing delays, fails what was in flight, and resumes every mapping on the same port', async () => {
    const r1 = await startBridge({ allowPublish: ['/robot/tts'] });
    cleanup.add(() => r1.stop());
    const port = r1.server.port ?? 0;
    let slowCalls = 0;
    r1.server.services.register('/robot/slow', 'std_srvs/srv/Trigger', () => {
      slowCalls++;
      return new Promise(() => undefined);
    });

    const bus = new Bus<MessageTypeMap>();
    const { client, changes } = makeClient(cleanup, { url: r1.url });
    const confirmations: unknown[] = [];
    const mapping = new RosBridgeMapping({
      client,
      bus,
      config: {
        topicsIn: [{ ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' }],
        topicsOut: [{ bus: '/kindred/say', ros: '/robot/tts', type: 'std_msgs/msg/String' }],
        servicesIn: [{ name: 'slow', ros: '/robot/slow', type: 'std_srvs/srv/Trigger' }],
        servicesOut: [{ ros: '/kindred/confirm', type: 'std_srvs/srv/Trigger', handler: 'confirm' }],
      },
      serviceHandlers: {
        confirm: (req) => {
          confirmations.push(req);
          return { success: true, message: `confirmation ${confirmations.length}` };
        },
      },
    });
    mapping.start();
    cleanup.add(() => mapping.stop());
    const states: unknown[] = [];
    bus.subscribe('/robot/joint_states', 'sensor_msgs/msg/JointState', (m) => states.push(m));
    const say = bus.advertise('/kindred/say', 'std_msgs/msg/String');
    await client.connect();

    // Everything flows on the first server.
    await waitFor(() => (r1.bus.topic('/joint_states')?.subscribers ?? 0) > 0, 'the first subscription');
    r1.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState').publish(jointState(1));
    await waitFor(() => states.length === 1, 'a joint state from the first server');
    const pending = mapping.call('slow').then(
      () => undefined,
      (e: unknown) => e,
    );
    await waitFor(() => slowCalls === 1, 'the slow call to reach the robot');

    // The server goes away: the call in flight fails with a code, and the client backs off, waiting longer each time.
    await r1.stop();
    const failed = await pending;
    expect(isKindredError(failed, 'ROS_CLIENT_DISCONNECTED')).toBe(true);
    expect(String((failed as Error).message)).toContain('call to /robot/slow failed');
    await waitFor(() => changes.filter((c) => c.state === 'backoff').length >= 4, 'four failed attempts');
    const backoffs = changes.filter((c) => c.state === 'backoff');
    expect(backoffs.slice(0, 4).map((c) => c.delayMs)).toEqual([20, 40, 80, 160]);
    expect(backoffs.slice(0, 4).map((c) => c.failures)).toEqual([1, 2, 3, 4]);
    expect(backoffs[0]?.error?.code).toBe('ROS_CLIENT_DISCONNECTED');
    expect(client.state === 'backoff' || client.state === 'connecting').toBe(true);
    say.publish({ data: 'while the robot is away' }); // dropped, never delivered late
    await expect(mapping.call('slow')).rejects.toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_NOT_CONNECTED' }));

    // A new server on the same port, with a fresh bus (as after a robot restart): the mappings come back by themselves.
    const r2 = await startBridge({ port, allowPublish: ['/robot/tts'] });
    cleanup.add(() => r2.stop());
    await waitFor(() => client.state === 'connected', 'the reconnection', 3000);
    expect(changes.at(-1)?.previous).toBe('connecting');
    await waitFor(() => (r2.bus.topic('/joint_states')?.subscribers ?? 0) > 0, 'the subscription to come back');
    r2.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState').publish(jointState(2));
    await waitFor(() => states.length === 2, 'a joint state from the second server');
    expect(states[1]).toEqual(jointState(2));

    await waitFor(() => (r2.bus.topic('/robot/tts')?.publishers ?? 0) > 0, 'the advertisement to come back');
    const heard: unknown[] = [];
    r2.bus.subscribe('/robot/tts', 'std_msgs/msg/String', (m) => heard.push(m));
    say.publish({ data: 'back again' });
    await waitFor(() => heard.length === 1, 'a message to the second server');
    expect(heard).toEqual([{ data: 'back again' }]);

    await waitFor(() => r2.server.services.list().some((s) => s.name === '/kindred/confirm'), 'the service to be advertised again');
    await expect(r2.server.services.call('/kindred/confirm', {})).resolves.toEqual({ success: true, message: 'confirmation 1' });
    expect(client.stats()).toMatchObject({ connections: 2, state: 'connected' });
  });

  it('counts a handshake that never finishes as a failed attempt after connectTimeoutMs', async () => {
    const silent: Server = createServer((socket: Socket) => {
      cleanup.add(() => socket.destroy());
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.add(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const { port } = silent.address() as AddressInfo;
    const { client, changes } = makeClient(cleanup, { url: `ws://127.0.0.1:${port}`, connectTimeoutMs: 100 });
    const started = Date.now();
    void client.connect().catch(() => undefined);
    await waitFor(() => changes.some((c) => c.state === 'backoff'), 'the attempt to time out', 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const backoff = changes.find((c) => c.state === 'backoff');
    expect(backoff?.error?.code).toBe('ROS_CLIENT_DISCONNECTED');
    expect(backoff?.error?.message).toMatch(/handshake has timed out/i);
  });

  it('fails calls in flight with ROS_CLIENT_CLOSED on close(), and refuses everything after', async () => {
    const r = await startBridge();
    cleanup.add(() => r.stop());
    r.server.services.register('/robot/slow', 'std_srvs/srv/Trigger', () => new Promise(() => undefined));
    const { client, changes } = makeClient(cleanup, { url: r.url });
    await client.connect();
    const call = client.callService('/robot/slow', 'std_srvs/srv/Trigger');
    const goal = client.sendActionGoal('/robot/none', 'example_interfaces/action/Fibonacci', { order: 2 });
    const settled = Promise.allSettled([call, goal.result]);
    await client.close();
    const [c, g] = await settled;
    expect(c.status === 'rejected' && isKindredError(c.reason, 'ROS_CLIENT_CLOSED')).toBe(true);
    expect(g.status === 'rejected' && isKindredError(g.reason, 'ROS_CLIENT_CLOSED')).toBe(true);
    expect(changes.at(-1)?.state).toBe('closed');
    expect(() => client.subscribe('/x', 'std_msgs/msg/String', () => undefined)).toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_CLOSED' }));
    await expect(client.connect()).rejects.toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_CLOSED' }));
    await new Promise((resolve) => setTimeout(resolve, FAST_BACKOFF.maxMs));
    expect(r.server.stats().clients).toBe(0);
  });
});
