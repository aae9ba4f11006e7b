import { parse } from '@foxglove/rosmsg';
import { MessageReader } from '@foxglove/rosmsg2-serialization';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { definitionOf, type MessageTypeMap } from '../../msgs/index.js';
import { SimClock } from '../../time/index.js';
import { cdrCodec } from '../cdr/index.js';
import { payloadOf, RecordingClient, startServer, waitFor, type RunningServer } from './fixtures/foxgloveKit.js';

type JointState = MessageTypeMap['sensor_msgs/msg/JointState'];

const JOINTS = Array.from({ length: 12 }, (_, i) => `joint_${i}`);

function jointState(nanosec: number): JointState {
  return {
    header: { stamp: { sec: 1_700_000_000, nanosec }, frame_id: 'base_link' },
    name: JOINTS,
    position: JOINTS.map((_, i) => i * 0.125 - 0.5),
    velocity: JOINTS.map((_, i) => -i * 0.25),
    effort: JOINTS.map((_, i) => i * 1.5),
  };
}

let running: RunningServer | undefined;
const clients: RecordingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.stop();
  running = undefined;
});

async function connect(url: string): Promise<RecordingClient> {
  const c = await RecordingClient.connect(url);
  clients.push(c);
  return c;
}

describe('Foxglove server: serverInfo and channels', () => {
  it('greets with serverInfo: name, subprotocol, capabilities and encodings', async () => {
    running = await startServer({ name: 'exo-sim' });
    const c = await connect(running.url);
    expect(c.socket.protocol).toBe('foxglove.websocket.v1');
    expect(c.serverInfo?.name).toBe('exo-sim');
    expect(c.serverInfo?.supportedEncodings).toEqual(['cdr', 'json']);
    // Nothing to publish to, no parameters, no services, wall clock: no optional capability.
    expect(c.serverInfo?.capabilities).toEqual([]);
    expect(c.serverInfo?.metadata?.['ROS_DISTRO']).toBe('jazzy');
  });

  it('advertises every bus topic as a cdr channel with its ROS 2 type and ros2msg schema', async () => {
    running = await startServer();
    running.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    running.bus.advertise('/safety/state', 'std_msgs/msg/String', { durability: 'transient_local', depth: 1 });
    const c = await connect(running.url);
    const js = c.channel('/joint_states');
    expect(js).toMatchObject({ topic: '/joint_states', encoding: 'cdr', schemaName: 'sensor_msgs/msg/JointState', schemaEncoding: 'ros2msg' });
    expect(js?.schema).toBe(definitionOf('sensor_msgs/msg/JointState').text);
    // The dependent definitions travel with it, as rosbag2 writes them.
    expect(js?.schema).toContain('MSG: std_msgs/Header');
    expect(c.channel('/safety/state')?.schemaName).toBe('std_msgs/msg/String');
    expect(new Set([...c.channels.keys()]).size).toBe(2);
  });

  it('subscribes: JointState arrives as CDR that Kindred and an independent ROS 2 reader of the advertised schema both decode', async () => {
    const clock = new SimClock(1_700_000_000_123_000_000n);
    running = await startServer({ clock });
    const pub = running.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const c = await connect(running.url);
    const channel = await c.waitForChannel('/joint_states');
    const subId = c.client.subscribe(channel.id);
    await waitFor(() => (running?.bus.topic('/joint_states')?.subscribers ?? 0) === 1, 'the bus subscription');
    const sent = [jointState(1), jointState(2), jointState(3)];
    for (const m of sent) pub.publish(m);
    await waitFor(() => c.messages.length === 3, 'three messages');

    const independent = new MessageReader(parse(channel.schema, { ros2: true }));
    const codec = cdrCodec('sensor_msgs/msg/JointState');
    c.messages.forEach((m, i) => {
      expect(m.subscriptionId).toBe(subId);
      expect(m.timestamp).toBe(clock.now());
      const bytes = payloadOf(m);
      expect(codec.decode(bytes)).toEqual(sent[i]);
      const other = independent.readMessage<{ header: { stamp: { sec: number; nanosec: number }; frame_id: string }; name: string[]; position: Float64Array; velocity: Float64Array; effort: Float64Array }>(bytes);
      expect(other.header).toEqual(sent[i]?.header);
      expect(other.name).toEqual(JOINTS);
      expect(Array.from(other.position)).toEqual(sent[i]?.position);
      expect(Array.from(other.velocity)).toEqual(sent[i]?.velocity);
      expect(Array.from(other.effort)).toEqual(sent[i]?.effort);
    });
  });

  it('unsubscribe stops the messages and releases the bus subscription', async () => {
    running = await startServer();
    const pub = running.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const c = await connect(running.url);
    const subId = c.client.subscribe((await c.waitForChannel('/joint_states')).id);
    await waitFor(() => running?.server.stats().subscriptions === 1, 'the subscription');
    pub.publish(jointState(1));
    await waitFor(() => c.messages.length === 1, 'one message');
    c.client.unsubscribe(subId);
    await waitFor(() => running?.bus.topic('/joint_states')?.subscribers === 0, 'the bus subscription to go');
    pub.publish(jointState(2));
    // A round trip after the publish: had the message been sent, it would have arrived before this answer.
    c.client.subscribe(999_999);
    await c.waitForStatus('FOXGLOVE_CHANNEL_UNKNOWN');
    expect(c.messages).toHaveLength(1);
  });

  it('a late subscriber to a transient-local topic gets the kept message at once', async () => {
    running = await startServer();
    const pub = running.bus.advertise('/safety/state', 'std_msgs/msg/String', { durability: 'transient_local', depth: 1 });
    pub.publish({ data: 'normal' });
    const c = await connect(running.url);
    c.client.subscribe((await c.waitForChannel('/safety/state')).id);
    await waitFor(() => c.messages.length === 1, 'the kept message');
    expect(cdrCodec('std_msgs/msg/String').decode(payloadOf(c.messages[0]!))).toEqual({ data: 'normal' });
  });

  it('advertises topics that appear later and withdraws those that go', async () => {
    running = await startServer();
    const c = await connect(running.url);
    expect(c.channels.size).toBe(0);
    const pub = running.bus.advertise('/humans/bodies/tracked', 'hri_msgs/msg/IdsList');
    const channel = await c.waitForChannel('/humans/bodies/tracked');
    expect(channel.schemaName).toBe('hri_msgs/msg/IdsList');
    pub.close();
    await waitFor(() => c.unadvertised.includes(channel.id), 'the unadvertise');
    expect(c.channel('/humans/bodies/tracked')).toBeUndefined();
    // The same topic and type coming back get the same id (the spec allows reuse only for an identical channel).
    running.bus.advertise('/humans/bodies/tracked', 'hri_msgs/msg/IdsList');
    expect((await c.waitForChannel('/humans/bodies/tracked')).id).toBe(channel.id);
  });

  it('skips a topic whose type Kindred cannot encode, logs it once and keeps serving', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    running = await startServer({ logger });
    running.bus.advertiseAny('/vendor/blob', 'vendor_msgs/msg/Blob');
    const pub = running.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const c = await connect(running.url);
    expect(c.channel('/vendor/blob')).toBeUndefined();
    expect(lines.filter((l) => l.includes('FOXGLOVE_TOPIC_NOT_ENCODABLE') && l.includes('/vendor/blob'))).toHaveLength(1);
    c.client.subscribe((await c.waitForChannel('/joint_states')).id);
    await waitFor(() => running?.server.stats().subscriptions === 1, 'the subscription');
    pub.publish(jointState(7));
    await waitFor(() => c.messages.length === 1, 'a message on the good topic');
  });

  it('drops (and counts) messages for a client whose socket is congested instead of buffering them, then serves it again', async () => {
    running = await startServer({ maxBufferedBytes: 256 * 1024 });
    const pub = running.bus.advertise('/camera/image_raw', 'sensor_msgs/msg/Image');
    const c = await connect(running.url);
    c.client.subscribe((await c.waitForChannel('/camera/image_raw')).id);
    await waitFor(() => running?.server.stats().subscriptions === 1, 'the subscription');
    const image = (i: number): MessageTypeMap['sensor_msgs/msg/Image'] => ({
      header: { stamp: { sec: 0, nanosec: i }, frame_id: 'camera' },
      height: 512,
      width: 512,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: 1536,
      data: new Uint8Array(512 * 1536),
    });
    // 40 frames of 768 KiB published in one turn of the event loop: far more than the socket can take.
    const burst = 40;
    for (let i = 0; i < burst; i++) pub.publish(image(i));
    const stats = running.server.stats();
    expect(stats.messagesDropped).toBeGreaterThan(0);
    expect(stats.messagesSent + stats.messagesDropped).toBe(burst);
    await waitFor(() => c.messages.length === stats.messagesSent, 'the messages that were sent');
    // Once the socket has drained, the client is served again and told how many it missed.
    pub.publish(image(1000));
    await waitFor(() => c.messages.length === stats.messagesSent + 1, 'the next message');
    const status = await c.waitForStatus('FOXGLOVE_CLIENT_CONGESTED');
    expect(status.level).toBe(1);
    expect(status.message).toContain(`${stats.messagesDropped} topic messages were dropped`);
  });

  it('serves a simulated clock as time messages (capability time) with message timestamps from the same clock', async () => {
    const clock = new SimClock(5_000_000_000n);
    running = await startServer({ clock, timePeriodMs: 100 });
    const c = await connect(running.url);
    expect(c.serverInfo?.capabilities).toContain('time');
    await waitFor(() => c.times.length === 1, 'the time sent on connection');
    expect(c.times[0]?.timestamp).toBe(5_000_000_000n);
    clock.advance(250_000_000n);
    await waitFor(() => c.times.length === 3, 'two more time messages');
    expect(c.times.map((t) => t.timestamp)).toEqual([5_000_000_000n, 5_100_000_000n, 5_200_000_000n]);
  });
});
