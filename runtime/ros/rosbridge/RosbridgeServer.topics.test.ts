import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import * as roslibModule from 'roslib';
import type * as RoslibTypes from '../../../node_modules/roslib/dist/src/RosLib.js';
import { afterEach, describe, expect, it } from 'vitest';
import { definitionOf, type MessageTypeMap } from '../../msgs/index.js';
import { SimClock } from '../../time/index.js';
import type { CdrEncoder } from './TopicFanout.js';
import { RawPeer, startBridge, waitFor, type RunningBridge } from './fixtures/testKit.js';
import { connectRoslib } from './fixtures/roslibClient.js';

// roslib 2.1's declarations re-export `./src/RosLib` without a file extension, which NodeNext module
// resolution cannot follow, so `import { Ros } from 'roslib'` type-checks as empty. Take the types from
// the file it means (a tsconfig `paths` entry for roslib would make the plain import work).
const { Topic } = roslibModule as unknown as typeof RoslibTypes;
type Ros = RoslibTypes.Ros;
type Topic<T> = RoslibTypes.Topic<T>;
type RosbridgeMessage = RoslibTypes.RosbridgeMessage;

type JointState = MessageTypeMap['sensor_msgs/msg/JointState'];

const connect = (url: string) => connectRoslib(url);

function jointState(i: number): JointState {
  return {
    header: { stamp: { sec: 1700000000 + i, nanosec: 250_000_000 }, frame_id: 'base_link' },
    name: ['hip_left', 'knee_left'],
    position: [0.1 * i, -0.25],
    velocity: [1.5, 0],
    effort: [i, 2.5],
  };
}

function statuses(frames: RosbridgeMessage[]): Record<string, unknown>[] {
  return frames.filter((f) => f.op === 'status') as unknown as Record<string, unknown>[];
}

let bridge: RunningBridge | undefined;
const clients: Ros[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await bridge?.stop();
  bridge = undefined;
});

async function setup(options: Parameters<typeof startBridge>[0] = {}): Promise<{ b: RunningBridge; ros: Ros; frames: RosbridgeMessage[] }> {
  const b = await startBridge(options);
  bridge = b;
  const { ros, frames } = await connect(b.url);
  clients.push(ros);
  return { b, ros, frames };
}

/** Subscribe through roslib and wait until the server has the bus subscription in place. */
async function subscribe<T>(b: RunningBridge, topic: Topic<T>, busTopic: string): Promise<T[]> {
  const got: T[] = [];
  const before = b.bus.topic(busTopic)?.subscribers ?? 0;
  topic.subscribe((m) => got.push(m));
  await waitFor(() => (b.bus.topic(busTopic)?.subscribers ?? 0) > before, `the bridge to subscribe to ${busTopic}`);
  return got;
}

describe('rosbridge topics with roslib', () => {
  it('delivers bus messages to a roslib subscriber in rosbridge JSON (stamp as sec/nanosec)', async () => {
    const { b, ros } = await setup();
    const pub = b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const got = await subscribe(b, new Topic<JointState>({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState' }), '/joint_states');
    pub.publish(jointState(1));
    pub.publish(jointState(2));
    await waitFor(() => got.length === 2, 'two JointState messages');
    expect(got).toEqual([jointState(1), jointState(2)]);
  });

  it('accepts a topic name without the leading slash and answers with the name the client used', async () => {
    const { b, ros } = await setup();
    const pub = b.bus.advertise('/chatter', 'std_msgs/msg/String');
    const got = await subscribe(b, new Topic<{ data: string }>({ ros, name: 'chatter', messageType: 'std_msgs/String' }), '/chatter');
    pub.publish({ data: 'hello 你好' });
    await waitFor(() => got.length === 1, 'the message');
    expect(got[0]).toEqual({ data: 'hello 你好' });
  });

  it('writes int64 as a number and uint8[] as base64, and reads them back the same way', async () => {
    const { b, ros } = await setup({ allowPublish: ['/bytes_in'] });
    const pub = b.bus.advertise('/bytes', 'std_msgs/msg/UInt8MultiArray');
    const got = await subscribe(b, new Topic<{ data: string }>({ ros, name: '/bytes', messageType: 'std_msgs/msg/UInt8MultiArray' }), '/bytes');
    const wide = b.bus.advertise('/wide', 'std_msgs/msg/Int64');
    const gotWide = await subscribe(b, new Topic<{ data: number }>({ ros, name: '/wide', messageType: 'std_msgs/msg/Int64' }), '/wide');
    pub.publish({ layout: { dim: [], data_offset: 0 }, data: new Uint8Array([0, 1, 2, 250, 255]) });
    wide.publish({ data: -9007199254740991n });
    await waitFor(() => got.length === 1 && gotWide.length === 1, 'both messages');
    expect(got[0]?.data).toBe(Buffer.from([0, 1, 2, 250, 255]).toString('base64'));
    expect(gotWide[0]?.data).toBe(-9007199254740991);

    const seen: unknown[] = [];
    b.bus.subscribe('/bytes_in', 'std_msgs/msg/UInt8MultiArray', (m) => seen.push(m));
    new Topic({ ros, name: '/bytes_in', messageType: 'std_msgs/msg/UInt8MultiArray' }).publish({ data: Buffer.from([9, 8, 7]).toString('base64') });
    await waitFor(() => seen.length === 1, 'the client message on the bus');
    expect(seen[0]).toEqual({ layout: { dim: [], data_offset: 0 }, data: new Uint8Array([9, 8, 7]) });
  });

  it('publishes a roslib message onto the bus, filling in the fields it leaves out', async () => {
    const { b, ros } = await setup({ allowPublish: ['/kindred/test_cmd', '/cmd/*'] });
    const seen: JointState[] = [];
    b.bus.subscribe('/kindred/test_cmd', 'sensor_msgs/msg/JointState', (m) => seen.push(m));
    const topic = new Topic({ ros, name: '/kindred/test_cmd', messageType: 'sensor_msgs/JointState' });
    topic.publish({ name: ['knee_left'], position: [0.5] });
    await waitFor(() => seen.length === 1, 'the message on the bus');
    expect(seen[0]).toEqual({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name: ['knee_left'], position: [0.5], velocity: [], effort: [] });
    expect(b.bus.topic('/kindred/test_cmd')?.publishers).toBe(1);
    expect(b.server.stats().messagesPublished).toBe(1);

    const globbed: unknown[] = [];
    b.bus.subscribe('/cmd/vel', 'std_msgs/msg/Float64', (m) => globbed.push(m));
    new Topic({ ros, name: 'cmd/vel', messageType: 'std_msgs/msg/Float64' }).publish({ data: 0.2 });
    await waitFor(() => globbed.length === 1, 'the message allowed by the glob');
    expect(globbed[0]).toEqual({ data: 0.2 });
  });

  it('refuses a publish outside the allow-list with a status; the bus sees nothing and the connection stays', async () => {
    const { b, ros, frames } = await setup({ allowPublish: ['/kindred/test_cmd'] });
    const sneaky = new Topic({ ros, name: '/joint_commands', messageType: 'std_msgs/msg/String' });
    sneaky.publish({ data: 'move' });
    await waitFor(() => statuses(frames).length >= 2, 'refusals of the advertise and the publish');
    for (const s of statuses(frames)) {
      expect(s).toMatchObject({ level: 'error', code: 'ROSBRIDGE_PUBLISH_NOT_ALLOWED' });
      expect(String(s['msg'])).toContain('/joint_commands');
      expect(typeof s['id']).toBe('string');
    }
    expect(b.bus.topic('/joint_commands')).toBeUndefined();

    const seen: unknown[] = [];
    b.bus.subscribe('/kindred/test_cmd', 'std_msgs/msg/String', (m) => seen.push(m));
    new Topic({ ros, name: '/kindred/test_cmd', messageType: 'std_msgs/msg/String' }).publish({ data: 'still here' });
    await waitFor(() => seen.length === 1, 'an allowed publish after the refusal');
    expect(b.bus.topic('/joint_commands')).toBeUndefined();
  });

  it('refuses a message whose fields do not fit the type, naming the field', async () => {
    const { b, ros, frames } = await setup({ allowPublish: ['/js'] });
    const seen: unknown[] = [];
    b.bus.subscribe('/js', 'sensor_msgs/msg/JointState', (m) => seen.push(m));
    new Topic({ ros, name: '/js', messageType: 'sensor_msgs/msg/JointState' }).publish({ position: [0.1, 'x'] });
    await waitFor(() => statuses(frames).length === 1, 'the refusal');
    expect(statuses(frames)[0]).toMatchObject({ level: 'error', code: 'ROSBRIDGE_MESSAGE_INVALID' });
    expect(String(statuses(frames)[0]?.['msg'])).toContain('msg.position[1] is "x"; expected float64');
    expect(seen).toEqual([]);
  });

  it('drops messages within throttle_rate of the last one sent (simulated clock)', async () => {
    const clock = new SimClock(1_000_000_000n);
    const { b, ros } = await setup({ clock });
    const pub = b.bus.advertise('/counter', 'std_msgs/msg/Int32');
    const got = await subscribe(b, new Topic<{ data: number }>({ ros, name: '/counter', messageType: 'std_msgs/msg/Int32', throttle_rate: 100 }), '/counter');
    pub.publish({ data: 1 });
    pub.publish({ data: 2 }); // same instant: throttled out
    clock.advance(60_000_000n);
    pub.publish({ data: 3 }); // 60 ms later: still throttled out
    clock.advance(40_000_000n);
    pub.publish({ data: 4 }); // 100 ms after the first: sent
    await waitFor(() => got.length === 2, 'two messages');
    expect(got.map((m) => m.data)).toEqual([1, 4]);
    expect(b.server.stats().messagesDropped).toBe(2);
  });

  it('keeps only the newest queue_length messages of a burst', async () => {
    const { b, ros } = await setup();
    const pub = b.bus.advertise('/burst', 'std_msgs/msg/Int32');
    const got = await subscribe(b, new Topic<{ data: number }>({ ros, name: '/burst', messageType: 'std_msgs/msg/Int32', queue_length: 3 }), '/burst');
    for (let i = 0; i < 10; i++) pub.publish({ data: i });
    await waitFor(() => got.some((m) => m.data === 9), 'the last message of the burst');
    expect(got.map((m) => m.data)).toEqual([7, 8, 9]);
  });

  it('with queue_length and throttle_rate, sends one queued message per interval, newest kept (simulated clock)', async () => {
    const clock = new SimClock(0n);
    const { b, ros } = await setup({ clock });
    const pub = b.bus.advertise('/q', 'std_msgs/msg/Int32');
    const got = await subscribe(b, new Topic<{ data: number }>({ ros, name: '/q', messageType: 'std_msgs/msg/Int32', queue_length: 2, throttle_rate: 100 }), '/q');
    for (let i = 1; i <= 5; i++) pub.publish({ data: i });
    await waitFor(() => got.length === 1, 'the first message, sent at once');
    clock.advance(100_000_000n);
    await waitFor(() => got.length === 2, 'the second, one interval later');
    clock.advance(50_000_000n);
    clock.advance(50_000_000n);
    await waitFor(() => got.length === 3, 'the third, another interval later');
    expect(got.map((m) => m.data)).toEqual([1, 4, 5]);
  });

  it('splits a long message into fragments of fragment_size characters, which roslib joins', async () => {
    const { b, ros } = await setup();
    const pub = b.bus.advertise('/big', 'sensor_msgs/msg/JointState');
    const got: JointState[] = [];
    ros.on('/big', (m) => got.push((m as unknown as { msg: JointState }).msg));
    ros.callOnConnection({ op: 'subscribe', id: 'sub-big', topic: '/big', type: 'sensor_msgs/msg/JointState', fragment_size: 100 } as RosbridgeMessage);
    const raw = await RawPeer.connect(b.url);
    raw.send({ op: 'subscribe', id: 'raw-big', topic: '/big', fragment_size: 100 });
    await waitFor(() => b.server.stats().framesReceived >= 2, 'both subscriptions');
    const big: JointState = { ...jointState(3), name: Array.from({ length: 20 }, (_, i) => `joint_${i}`), position: Array.from({ length: 20 }, (_, i) => i / 7) };
    pub.publish(big);
    pub.publish(jointState(4));
    await waitFor(() => got.length === 2, 'both messages reassembled by roslib');
    expect(got).toEqual([big, jointState(4)]);

    const text = JSON.stringify({ op: 'publish', topic: '/big', msg: big });
    await waitFor(() => raw.ops('fragment').length >= Math.ceil(text.length / 100), 'the raw peer to get every fragment of the first message');
    const fragments = raw.ops('fragment') as { id: string; data: string; num: number; total: number }[];
    const first = fragments.filter((f) => f.id === fragments[0]?.id);
    expect(first.map((f) => f.num)).toEqual(first.map((_, i) => i));
    expect(first.every((f) => f.total === Math.ceil(text.length / 100) && f.data.length <= 100)).toBe(true);
    expect(JSON.parse(first.map((f) => f.data).join(''))).toEqual(JSON.parse(text));
    raw.close();
  });

  it('sends CBOR with numeric arrays as typed arrays when asked for compression cbor', async () => {
    const { b, ros, frames } = await setup();
    const pub = b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const got = await subscribe(b, new Topic<Record<string, unknown>>({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState', compression: 'cbor' }), '/joint_states');
    pub.publish(jointState(5));
    await waitFor(() => got.length === 1, 'the CBOR message');
    const m = got[0] as { header: unknown; name: string[]; position: Float64Array; effort: Float64Array };
    expect(m.position).toBeInstanceOf(Float64Array);
    expect(Array.from(m.position)).toEqual(jointState(5).position);
    expect(Array.from(m.effort)).toEqual(jointState(5).effort);
    expect(m.header).toEqual(jointState(5).header);
    expect(m.name).toEqual(jointState(5).name);
    expect(frames.filter((f) => f.op === 'publish')).toHaveLength(1);
  });

  it('sends cbor-raw as {secs, nsecs, bytes} with CDR bytes when the server has a CDR encoder', async () => {
    const definitions = parse(definitionOf('sensor_msgs/msg/JointState').text, { ros2: true });
    const writer = new MessageWriter(definitions);
    const cdr: CdrEncoder = { encode: (_type, message) => writer.writeMessage(message) };
    const clock = new SimClock(1_700_000_123_456_789_000n);
    const { b, ros } = await setup({ cdr, clock });
    const pub = b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const got = await subscribe(b, new Topic<{ secs: number; nsecs: number; bytes: Uint8Array }>({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState', compression: 'cbor-raw' }), '/joint_states');
    pub.publish(jointState(6));
    await waitFor(() => got.length === 1, 'the cbor-raw message');
    expect(got[0]?.secs).toBe(1_700_000_123);
    expect(got[0]?.nsecs).toBe(456_789_000);
    const decoded = new MessageReader(definitions).readMessage<{ header: unknown; name: string[]; position: Float64Array; effort: Float64Array }>(got[0]?.bytes as Uint8Array);
    expect(decoded.header).toEqual(jointState(6).header);
    expect(decoded.name).toEqual(jointState(6).name);
    expect(Array.from(decoded.position)).toEqual(jointState(6).position);
    expect(Array.from(decoded.effort)).toEqual(jointState(6).effort);
  });

  it('refuses cbor-raw without a CDR encoder, and png, with a status', async () => {
    const { b, ros, frames } = await setup();
    b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    new Topic({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState', compression: 'cbor-raw' }).subscribe(() => undefined);
    new Topic({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState', compression: 'png' }).subscribe(() => undefined);
    await waitFor(() => statuses(frames).length === 2, 'two refusals');
    expect(statuses(frames).map((s) => s['code'])).toEqual(['ROSBRIDGE_COMPRESSION_UNSUPPORTED', 'ROSBRIDGE_COMPRESSION_UNSUPPORTED']);
    expect(b.bus.topic('/joint_states')?.subscribers).toBe(0);
  });

  it('gives a late subscriber the message a transient-local publisher keeps', async () => {
    const { b, ros } = await setup();
    const pub = b.bus.advertise('/safety/state', 'std_msgs/msg/String', { durability: 'transient_local', depth: 1 });
    pub.publish({ data: 'normal' });
    const got = await subscribe(b, new Topic<{ data: string }>({ ros, name: '/safety/state', messageType: 'std_msgs/msg/String' }), '/safety/state');
    await waitFor(() => got.length === 1, 'the kept message');
    expect(got[0]).toEqual({ data: 'normal' });
  });

  it('unsubscribing removes the bus subscription once no client needs the topic', async () => {
    const { b, ros } = await setup();
    b.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const topic = new Topic({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState' });
    await subscribe(b, topic, '/joint_states');
    topic.unsubscribe();
    await waitFor(() => b.bus.topic('/joint_states')?.subscribers === 0, 'the bus subscription to go');
  });
});
