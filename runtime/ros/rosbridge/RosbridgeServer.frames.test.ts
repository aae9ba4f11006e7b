import { encode } from 'cbor-x';
import { afterEach, describe, expect, it } from 'vitest';
import { RawPeer, startBridge, waitFor, type RunningBridge } from './fixtures/testKit.js';

let bridge: RunningBridge | undefined;
let peer: RawPeer | undefined;
afterEach(async () => {
  peer?.close();
  await bridge?.stop();
  bridge = undefined;
});

async function setup(options: Parameters<typeof startBridge>[0] = {}): Promise<{ b: RunningBridge; raw: RawPeer }> {
  const b = await startBridge(options);
  bridge = b;
  b.server.services.register('/kindred/ping', 'std_srvs/srv/Trigger', () => ({ success: true, message: 'pong' }));
  const raw = await RawPeer.connect(b.url);
  peer = raw;
  return { b, raw };
}

/** After a bad frame, the same connection still answers a service call. */
async function stillServes(raw: RawPeer, id: string): Promise<void> {
  raw.send({ op: 'call_service', id, service: '/kindred/ping' });
  expect(await raw.next('service_response', { id })).toMatchObject({ result: true, values: { success: true, message: 'pong' } });
}

describe('rosbridge server and bad frames', () => {
  it.each([
    ['text that is not JSON', '{"op": "subscribe", "topic":', 'ROSBRIDGE_BAD_FRAME', /^the frame is not JSON/],
    ['a JSON array', '[1, 2, 3]', 'ROSBRIDGE_BAD_FRAME', /^the frame is an array; expected a JSON object with an "op" field$/],
    ['a JSON number', '42', 'ROSBRIDGE_BAD_FRAME', /^the frame is 42; expected a JSON object/],
    ['an object without op', '{"topic": "/x"}', 'ROSBRIDGE_FIELD_INVALID', /^"op" is missing; expected one of auth, set_level/],
    ['an op that is not a string', '{"op": 7}', 'ROSBRIDGE_FIELD_INVALID', /^"op" is 7; expected one of/],
  ])('answers %s with a status and keeps the connection', async (_what, frame, code, msg) => {
    const { raw } = await setup();
    raw.send(frame);
    const status = await raw.next('status');
    expect(status).toMatchObject({ op: 'status', level: 'error', code });
    expect(status['msg']).toMatch(msg);
    await stillServes(raw, 'after');
  });

  it.each([
    ['an unknown op', { op: 'teleport', id: 'u1', to: 'moon' }, 'ROSBRIDGE_UNKNOWN_OP', /^unknown op "teleport"; expected one of auth, set_level, fragment, advertise/],
    ['a missing field', { op: 'subscribe', id: 'm1' }, 'ROSBRIDGE_FIELD_INVALID', /^subscribe: "topic" is missing; expected a string$/],
    ['a field of the wrong type', { op: 'subscribe', id: 'w1', topic: '/x', throttle_rate: 'fast' }, 'ROSBRIDGE_FIELD_INVALID', /^subscribe: "throttle_rate" is "fast"; expected an integer ≥ 0$/],
    ['a negative queue length', { op: 'subscribe', id: 'w2', topic: '/x', queue_length: -1 }, 'ROSBRIDGE_FIELD_INVALID', /"queue_length" is -1/],
    ['a publish without msg', { op: 'publish', id: 'p1', topic: '/x' }, 'ROSBRIDGE_FIELD_INVALID', /^publish: "msg" is missing; expected an object$/],
    ['an invalid topic name', { op: 'subscribe', id: 'n1', topic: '/bad name' }, 'ROSBRIDGE_FIELD_INVALID', /^topic "\/bad name" is not a valid ROS 2 name/],
    ['an unknown message type', { op: 'subscribe', id: 't1', topic: '/x', type: 'no_msgs/Nothing' }, 'ROSBRIDGE_TYPE_UNKNOWN', /Kindred has no message type "no_msgs\/Nothing"/],
    ['a subscription to a topic that does not exist, without a type', { op: 'subscribe', id: 's1', topic: '/ghost' }, 'ROSBRIDGE_TOPIC_UNKNOWN', /subscribe with "type"/],
  ])('answers %s with a status carrying its id, and keeps the connection', async (_what, frame, code, msg) => {
    const { raw } = await setup();
    raw.send(frame);
    const status = await raw.next('status');
    expect(status).toMatchObject({ level: 'error', code, id: frame.id });
    expect(status['msg']).toMatch(msg);
    await stillServes(raw, 'after');
  });

  it('refuses a subscription whose type differs from the bus topic', async () => {
    const { b, raw } = await setup();
    b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    raw.send({ op: 'subscribe', id: 'x', topic: '/joint_states', type: 'std_msgs/String' });
    expect(await raw.next('status')).toMatchObject({ code: 'BUS_TYPE_MISMATCH', msg: 'subscribe /joint_states: the topic carries sensor_msgs/msg/JointState, not std_msgs/msg/String' });
  });

  it('refuses an advertise whose type differs from the bus topic (BUS_TYPE_MISMATCH from the bus)', async () => {
    const { b, raw } = await setup({ allowPublish: ['/joint_states'] });
    b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    raw.send({ op: 'advertise', id: 'a', topic: '/joint_states', type: 'std_msgs/msg/String' });
    const status = await raw.next('status');
    expect(status).toMatchObject({ code: 'BUS_TYPE_MISMATCH', id: 'a' });
    expect(status['msg']).toContain('carries sensor_msgs/msg/JointState');
    await stillServes(raw, 'after');
  });

  it('answers binary frames that are not CBOR with a status, and runs CBOR-encoded ops', async () => {
    const { raw } = await setup();
    raw.send(Buffer.from([0xff, 0x00, 0x13]));
    expect(await raw.next('status')).toMatchObject({ code: 'ROSBRIDGE_BAD_FRAME' });
    raw.send(encode({ op: 'call_service', id: 'cbor-call', service: 'kindred/ping' }));
    expect(await raw.next('service_response', { id: 'cbor-call' })).toMatchObject({ result: true });
  });

  it('joins fragments a client sends, in any order, and runs the whole op', async () => {
    const { b, raw } = await setup({ allowPublish: ['/chatter'] });
    const seen: unknown[] = [];
    b.bus.subscribe('/chatter', 'std_msgs/msg/String', (m) => seen.push(m));
    const text = JSON.stringify({ op: 'publish', topic: '/chatter', msg: { data: 'fragmented 分片 message' } });
    const parts = [text.slice(0, 20), text.slice(20, 40), text.slice(40)];
    raw.send({ op: 'fragment', id: 'f1', data: parts[2], num: 2, total: 3 });
    raw.send({ op: 'fragment', id: 'f1', data: parts[0], num: 0, total: 3 });
    raw.send({ op: 'fragment', id: 'f1', data: parts[1], num: 1, total: 3 });
    await waitFor(() => seen.length === 1, 'the joined publish');
    expect(seen[0]).toEqual({ data: 'fragmented 分片 message' });
    raw.send({ op: 'fragment', id: 'f2', data: 'x', num: 5, total: 3 });
    expect(await raw.next('status')).toMatchObject({ code: 'ROSBRIDGE_FRAGMENT_INVALID', id: 'f2' });
  });

  it('sends warnings only to a client that asked for them with set_level, and nothing at level none', async () => {
    const { raw } = await setup();
    raw.send({ op: 'unsubscribe', id: 'w', topic: '/never' });
    raw.send({ op: 'set_level', level: 'none' });
    raw.send({ op: 'teleport', id: 'quiet' });
    raw.send({ op: 'set_level', level: 'warning' });
    raw.send({ op: 'unsubscribe', id: 'w2', topic: '/never' });
    await stillServes(raw, 'sync');
    expect(raw.ops('status').map((s) => s['id'])).toEqual(['w2']);
    expect(raw.ops('status')[0]).toMatchObject({ level: 'warning', code: 'ROSBRIDGE_TOPIC_UNKNOWN' });
  });

  it('answers a plain HTTP request with 426 and a bilingual hint', async () => {
    const { b } = await setup();
    const res = await fetch(b.url.replace('ws://', 'http://'));
    expect(res.status).toBe(426);
    expect(await res.text()).toContain('WebSocket 服务器');
  });
});
