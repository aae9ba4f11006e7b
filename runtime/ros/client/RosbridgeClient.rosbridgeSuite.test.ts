import type { AddressInfo } from 'node:net';
import { Encoder } from 'cbor-x';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { capturingLogger, Cleanup, makeClient, waitFor } from './fixtures/clientKit.js';
import { RosBridgeMapping } from './RosBridgeMapping.js';
import type { RosbridgeStatus } from './RosbridgeClient.js';

/**
 * A minimal stand-in for rosbridge_suite's ROS 2 rosbridge_server, written from its behaviour rather
 * than from Kindred's server, so the client is checked against frames as rosbridge_suite sends them:
 * - JSON as Python's `json.dumps` writes it: `", "` and `": "` separators, non-ASCII as `\uXXXX`, and
 *   bare `NaN`/`Infinity` inside float arrays (rosbridge_suite issue #916);
 * - `fragment_size` from any op applies to everything sent afterwards; fragments of an op without an
 *   id carry the integer id 0, and `total` is `(len-1)/size + 1` computed with float division;
 * - `compression: cbor` sends the whole op as a binary CBOR frame, float arrays as typed arrays;
 * - `status` ops, `service_response` with `result: false` and the error text, forwarded
 *   `call_service` with `service_request:<name>:<n>` ids, `action_feedback` / `action_result`.
 */
class FakeRosbridgeSuite {
  readonly received: Record<string, unknown>[] = [];
  private readonly wss: WebSocketServer;
  private socket: WebSocket | undefined;
  private fragmentSize: number | undefined;
  private readonly subscriptions: { topic: string; compression: string }[] = [];
  private requests = 0;
  readonly responses = new Map<string, Record<string, unknown>>();

  private constructor(wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => this.incoming(JSON.parse(String(data)) as Record<string, unknown>));
    });
  }

  static async start(): Promise<FakeRosbridgeSuite> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new FakeRosbridgeSuite(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  ops(op: string): Record<string, unknown>[] {
    return this.received.filter((m) => m['op'] === op);
  }

  /** Publish to every subscription of `topic`, as rosbridge_suite's subscribe capability does. */
  publish(topic: string, msg: Record<string, unknown>, typedArrays: Record<string, Float64Array> = {}): void {
    for (const s of this.subscriptions.filter((x) => x.topic === topic)) {
      if (s.compression === 'cbor') this.sendBinary(new Encoder({ useRecords: false }).encode({ op: 'publish', topic, msg: { ...msg, ...typedArrays } }));
      else this.send({ op: 'publish', topic, msg });
    }
  }

  /** rosbridge_suite's advertise_service host: forward a ROS call to the client that advertised it. */
  callAdvertised(service: string, args: Record<string, unknown>): string {
    const id = `service_request:${service}:${++this.requests}`;
    this.send({ op: 'call_service', id, service, args });
    return id;
  }

  private incoming(m: Record<string, unknown>): void {
    this.received.push(m);
    if (typeof m['fragment_size'] === 'number') this.fragmentSize = m['fragment_size'];
    const id = m['id'];
    switch (m['op']) {
      case 'subscribe':
        if (m['type'] === 'nonexistent_msgs/msg/Foo') {
          this.send({ op: 'status', level: 'error', msg: "subscribe: Unable to import msg class Foo from package nonexistent_msgs. Caused by: No module named 'nonexistent_msgs'", id });
          return;
        }
        this.subscriptions.push({ topic: String(m['topic']), compression: typeof m['compression'] === 'string' ? m['compression'] : 'none' });
        this.send({ op: 'status', level: 'warning', msg: `Topic ${String(m['topic'])} has no publishers yet`, id });
        return;
      case 'call_service':
        if (m['service'] === '/robot/reset') this.send({ op: 'service_response', service: m['service'], values: { success: true, message: 'drives reset' }, result: true, id });
        else this.send({ op: 'service_response', service: m['service'], values: `Service ${String(m['service'])} does not exist`, result: false, id });
        return;
      case 'service_response':
        this.responses.set(String(id), m);
        return;
      case 'send_action_goal': {
        const action = m['action'];
        this.send({ op: 'action_feedback', action, values: { distance_remaining: 1.5 }, id });
        this.send({ op: 'action_result', action, values: { result: {} }, status: 4, result: true, id });
        return;
      }
    }
  }

  private send(op: Record<string, unknown>): void {
    const text = pythonJson(op);
    const size = this.fragmentSize;
    if (size === undefined || text.length <= size) {
      this.socket?.send(text);
      return;
    }
    const mid = typeof op['id'] === 'string' ? op['id'] : 0;
    const total = (text.length - 1) / size + 1;
    for (let i = 0, n = 0; i < text.length; i += size, n++) {
      this.socket?.send(pythonJson({ op: 'fragment', id: mid, data: text.slice(i, i + size), num: n, total }));
    }
  }

  private sendBinary(bytes: Uint8Array): void {
    this.socket?.send(bytes, { binary: true });
  }
}

/** JSON as Python's `json.dumps` (default settings) writes it. */
function pythonJson(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : JSON.stringify(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}: ${pythonJson(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function fake(): Promise<FakeRosbridgeSuite> {
  const f = await FakeRosbridgeSuite.start();
  cleanup.add(() => f.stop());
  return f;
}

const robotJointState = {
  header: { stamp: { sec: 1_718_000_000, nanosec: 5_000_000 }, frame_id: '外骨骼_base' },
  name: ['hip_left', 'knee_left', 'hip_right', 'knee_right'],
  position: [0.1, 0.7, -0.05, 0.65],
  velocity: [0.01, -0.2, 0, 0.3],
  effort: [NaN, 12.25, Infinity, -3.5],
};

describe('the client against frames as rosbridge_suite sends them', () => {
  it('joins fragments (integer id, float total), reads Python NaN/Infinity and CBOR, and logs status ops', async () => {
    const f = await fake();
    const { logger, lines } = capturingLogger();
    const bus = new Bus<MessageTypeMap>();
    const { client } = makeClient(cleanup, { url: f.url, logger });
    const statuses: RosbridgeStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    const mapping = new RosBridgeMapping({
      client,
      bus,
      config: {
        topicsIn: [
          { ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states', fragmentSize: 64 },
          { ros: '/joint_states_cbor', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states_cbor', compression: 'cbor' },
        ],
      },
    });
    mapping.start();
    cleanup.add(() => mapping.stop());
    const json: unknown[] = [];
    const cbor: unknown[] = [];
    bus.subscribe('/robot/joint_states', 'sensor_msgs/msg/JointState', (m) => json.push(m));
    bus.subscribe('/robot/joint_states_cbor', 'sensor_msgs/msg/JointState', (m) => cbor.push(m));
    await client.connect();
    await waitFor(() => f.ops('subscribe').length === 2, 'both subscriptions');
    expect(f.ops('subscribe')[0]).toMatchObject({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/msg/JointState', fragment_size: 64 });
    expect(f.ops('subscribe')[1]).toMatchObject({ op: 'subscribe', topic: '/joint_states_cbor', type: 'sensor_msgs/msg/JointState', compression: 'cbor' });

    f.publish('/joint_states', robotJointState);
    f.publish('/joint_states', { ...robotJointState, header: { ...robotJointState.header, stamp: { sec: 1_718_000_001, nanosec: 0 } } });
    const { position, velocity, effort, ...rest } = robotJointState;
    f.publish('/joint_states_cbor', rest, { position: Float64Array.from(position), velocity: Float64Array.from(velocity), effort: Float64Array.from(effort) });
    await waitFor(() => json.length === 2 && cbor.length === 1, 'the fragmented and the CBOR joint states');
    expect(json[0]).toEqual(robotJointState);
    expect((json[1] as typeof robotJointState).header.stamp).toEqual({ sec: 1_718_000_001, nanosec: 0 });
    expect(cbor[0]).toEqual(robotJointState);
    expect(client.stats()).toMatchObject({ badFrames: 0, messagesInvalid: 0, cborFramesReceived: 1 });

    await waitFor(() => statuses.length === 2, 'the status ops');
    expect(statuses[0]).toEqual({ level: 'warning', msg: 'Topic /joint_states has no publishers yet', id: f.ops('subscribe')[0]?.['id'] });
    expect(lines.some((l) => l['level'] === 40 && String(l['msg']).includes('Topic /joint_states has no publishers yet'))).toBe(true);

    const bad = client.subscribe('/does_not_exist', 'nonexistent_msgs/msg/Foo', () => undefined);
    await waitFor(() => statuses.length === 3, 'the error status');
    expect(statuses[2]).toMatchObject({ level: 'error', id: bad.id });
    expect(lines.some((l) => l['level'] === 50 && String(l['msg']).includes("No module named 'nonexistent_msgs'"))).toBe(true);
  });

  it('calls services (a success and result: false), answers forwarded calls, and follows a goal to its result', async () => {
    const f = await fake();
    const { client } = makeClient(cleanup, { url: f.url, token: 'ward-3-robot-bridge-7f3a9c' });
    client.advertiseService('/kindred/confirm', 'std_srvs/srv/SetBool', (req) => ({ success: (req as { data: boolean }).data, message: '已确认 / confirmed' }));
    client.advertise('/kindred/say', 'std_msgs/msg/String');
    await client.connect();
    await waitFor(() => f.received.length >= 3, 'the first three ops');
    expect(f.received[0]).toEqual({ op: 'auth', mac: 'ward-3-robot-bridge-7f3a9c' });
    expect(f.received.slice(1, 3)).toEqual([
      { op: 'advertise', topic: '/kindred/say', type: 'std_msgs/msg/String' },
      { op: 'advertise_service', service: '/kindred/confirm', type: 'std_srvs/srv/SetBool' },
    ]);

    await expect(client.callService('/robot/reset', 'std_srvs/srv/Trigger')).resolves.toEqual({ success: true, message: 'drives reset' });
    expect(f.ops('call_service')[0]).toMatchObject({ op: 'call_service', service: '/robot/reset', type: 'std_srvs/srv/Trigger', args: {} });
    const failure = await client.callService('/robot/brake_test', 'std_srvs/srv/Trigger').catch((e: unknown) => e);
    expect(isKindredError(failure, 'ROS_CLIENT_SERVICE_FAILED')).toBe(true);
    expect((failure as { context: { reason: string } }).context.reason).toBe('Service /robot/brake_test does not exist');

    const requestId = f.callAdvertised('/kindred/confirm', { data: true });
    await waitFor(() => f.responses.has(requestId), 'the client to answer the forwarded call');
    expect(f.responses.get(requestId)).toEqual({ op: 'service_response', id: requestId, service: '/kindred/confirm', values: { success: true, message: '已确认 / confirmed' }, result: true });

    const feedback: unknown[] = [];
    const goal = client.sendActionGoal('/navigate_to_pose', 'nav2_msgs/action/NavigateToPose', { pose: {} }, { onFeedback: (x) => feedback.push(x) });
    await expect(goal.result).resolves.toEqual({ status: 'succeeded', statusCode: 4, result: { result: {} } });
    expect(feedback).toEqual([{ distance_remaining: 1.5 }]);
    expect(f.ops('send_action_goal')[0]).toMatchObject({ action: '/navigate_to_pose', action_type: 'nav2_msgs/action/NavigateToPose', args: { pose: {} }, feedback: true, id: goal.id });
  });
});
