import { parse } from '@foxglove/rosmsg';
import { MessageWriter } from '@foxglove/rosmsg2-serialization';
import { afterEach, describe, expect, it } from 'vitest';
import { definitionOf, type MessageTypeMap } from '../../msgs/index.js';
import { RecordingClient, startServer, waitFor, type RunningServer } from './fixtures/foxgloveKit.js';

type Twist = MessageTypeMap['geometry_msgs/msg/Twist'];

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

/** Foxglove's own CDR writer for a Kindred type, from the same ros2msg text the server advertises. */
function foxgloveWriter(type: keyof MessageTypeMap): MessageWriter {
  return new MessageWriter(parse(definitionOf(type).text, { ros2: true }));
}

const twist: Twist = { linear: { x: 0.25, y: 0, z: 0 }, angular: { x: 0, y: 0, z: -0.5 } };

describe('Foxglove server: client publishing', () => {
  it('announces clientPublish only when some topic is allowed', async () => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    const c = await connect(running.url);
    expect(c.serverInfo?.capabilities).toContain('clientPublish');
  });

  it('puts a CDR message published on an allowed topic onto the bus, decoded as sent', async () => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    const received: Twist[] = [];
    running.bus.subscribe('/cmd/velocity', 'geometry_msgs/msg/Twist', (m) => received.push(m));
    const c = await connect(running.url);
    const id = c.client.advertise({ topic: '/cmd/velocity', encoding: 'cdr', schemaName: 'geometry_msgs/msg/Twist' });
    await waitFor(() => (running?.bus.topic('/cmd/velocity')?.publishers ?? 0) === 1, 'the bus publisher');
    c.client.sendMessage(id, foxgloveWriter('geometry_msgs/msg/Twist').writeMessage(twist));
    await waitFor(() => received.length === 1, 'the message on the bus');
    expect(received[0]).toEqual(twist);
    expect(running.server.stats().messagesPublished).toBe(1);
    expect(c.statuses).toEqual([]);
  });

  it('takes JSON too, filling left-out fields with their defaults', async () => {
    running = await startServer({ allowPublish: ['/cmd/velocity'] });
    const received: Twist[] = [];
    running.bus.subscribe('/cmd/velocity', 'geometry_msgs/msg/Twist', (m) => received.push(m));
    const c = await connect(running.url);
    const id = c.client.advertise({ topic: '/cmd/velocity', encoding: 'json', schemaName: 'geometry_msgs/Twist' });
    await waitFor(() => (running?.bus.topic('/cmd/velocity')?.publishers ?? 0) === 1, 'the bus publisher');
    c.client.sendMessage(id, new TextEncoder().encode(JSON.stringify({ linear: { x: 0.25 }, angular: { z: -0.5 } })));
    await waitFor(() => received.length === 1, 'the message on the bus');
    expect(received[0]).toEqual(twist);
  });

  it('refuses a topic outside allowPublish with a bilingual status naming it; its data never reaches the bus and the connection stays', async () => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    const onBus: unknown[] = [];
    running.bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => onBus.push(m));
    const c = await connect(running.url);
    const refused = c.client.advertise({ topic: '/joint_states', encoding: 'cdr', schemaName: 'sensor_msgs/msg/JointState' });
    const status = await c.waitForStatus('FOXGLOVE_PUBLISH_NOT_ALLOWED');
    expect(status.level).toBe(2);
    expect(status.message).toContain('/joint_states');
    expect(status.message).toContain('/cmd/*');
    expect(status.message).toMatch(/[\u4e00-\u9fff]/);
    expect(running.bus.topic('/joint_states')?.publishers).toBe(0);
    c.client.sendMessage(refused, new Uint8Array([0, 1, 0, 0]));
    await c.waitForStatus('FOXGLOVE_CHANNEL_UNKNOWN');
    expect(onBus).toEqual([]);
    expect(c.closed).toBe(false);
    // Still connected and served: an allowed topic works on the same connection.
    const ok = c.client.advertise({ topic: '/cmd/velocity', encoding: 'cdr', schemaName: 'geometry_msgs/msg/Twist' });
    const received: Twist[] = [];
    running.bus.subscribe('/cmd/velocity', 'geometry_msgs/msg/Twist', (m) => received.push(m));
    c.client.sendMessage(ok, foxgloveWriter('geometry_msgs/msg/Twist').writeMessage(twist));
    await waitFor(() => received.length === 1, 'the allowed message');
  });

  it.each([
    ['an unknown type', { topic: '/cmd/x', encoding: 'cdr', schemaName: 'vendor_msgs/msg/Nope' }, 'FOXGLOVE_TYPE_UNKNOWN'],
    ['an unsupported encoding', { topic: '/cmd/x', encoding: 'protobuf', schemaName: 'geometry_msgs/msg/Twist' }, 'FOXGLOVE_ENCODING_UNSUPPORTED'],
    ['a name ROS 2 rejects', { topic: '/cmd/1x', encoding: 'cdr', schemaName: 'geometry_msgs/msg/Twist' }, 'FOXGLOVE_FIELD_INVALID'],
  ])('refuses %s', async (_label, channel, code) => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    const c = await connect(running.url);
    c.client.advertise(channel);
    const status = await c.waitForStatus(code);
    expect(status.level).toBe(2);
    expect(running.bus.topics().filter((t) => t.name.startsWith('/cmd/'))).toEqual([]);
  });

  it('refuses a type that differs from the one the bus carries on that topic', async () => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    running.bus.advertise('/cmd/velocity', 'geometry_msgs/msg/Twist');
    const c = await connect(running.url);
    c.client.advertise({ topic: '/cmd/velocity', encoding: 'cdr', schemaName: 'std_msgs/msg/String' });
    const status = await c.waitForStatus('FOXGLOVE_TYPE_UNKNOWN');
    expect(status.message).toContain('geometry_msgs/msg/Twist');
  });

  it('answers bytes that do not decode as the type with a status naming the topic, and publishes nothing', async () => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    const received: Twist[] = [];
    running.bus.subscribe('/cmd/velocity', 'geometry_msgs/msg/Twist', (m) => received.push(m));
    const c = await connect(running.url);
    const cdr = c.client.advertise({ topic: '/cmd/velocity', encoding: 'cdr', schemaName: 'geometry_msgs/msg/Twist' });
    c.client.sendMessage(cdr, new Uint8Array([0, 1, 0, 0, 1, 2, 3]));
    const status = await c.waitForStatus('FOXGLOVE_MESSAGE_INVALID');
    expect(status.message).toContain('/cmd/velocity');
    const json = c.client.advertise({ topic: '/cmd/velocity', encoding: 'json', schemaName: 'geometry_msgs/msg/Twist' });
    const before = c.statuses.length;
    c.client.sendMessage(json, new TextEncoder().encode('{"linear":{"x":"fast"}}'));
    const second = await c.waitForStatus('FOXGLOVE_MESSAGE_INVALID', before);
    expect(second.message).toContain('msg.linear.x is "fast"; expected float64');
    expect(received).toEqual([]);
  });

  it('closes the bus publishers of a client that unadvertises or leaves', async () => {
    running = await startServer({ allowPublish: ['/cmd/*'] });
    running.bus.subscribe('/cmd/a', 'std_msgs/msg/String', () => undefined);
    running.bus.subscribe('/cmd/b', 'std_msgs/msg/String', () => undefined);
    const c = await connect(running.url);
    const a = c.client.advertise({ topic: '/cmd/a', encoding: 'json', schemaName: 'std_msgs/msg/String' });
    c.client.advertise({ topic: '/cmd/b', encoding: 'json', schemaName: 'std_msgs/msg/String' });
    await waitFor(() => running?.bus.topic('/cmd/a')?.publishers === 1 && running.bus.topic('/cmd/b')?.publishers === 1, 'two publishers');
    c.client.unadvertise(a);
    await waitFor(() => running?.bus.topic('/cmd/a')?.publishers === 0, '/cmd/a publisher to close');
    c.close();
    await waitFor(() => running?.bus.topic('/cmd/b')?.publishers === 0, '/cmd/b publisher to close with the client');
  });

  it('refuses advertise when the server allows no publishing at all', async () => {
    running = await startServer();
    const c = await connect(running.url);
    expect(c.serverInfo?.capabilities).not.toContain('clientPublish');
    c.client.advertise({ topic: '/cmd/velocity', encoding: 'cdr', schemaName: 'geometry_msgs/msg/Twist' });
    const status = await c.waitForStatus('FOXGLOVE_CAPABILITY_UNAVAILABLE');
    expect(status.message).toContain('clientPublish');
    expect(running.bus.topic('/cmd/velocity')).toBeUndefined();
  });
});
