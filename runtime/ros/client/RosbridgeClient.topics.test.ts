import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { Cleanup, makeClient, startBridge, waitFor } from './fixtures/clientKit.js';
import { RosBridgeMapping } from './RosBridgeMapping.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** The robot: Kindred's own rosbridge server over a bus of its own, standing in for rosbridge_suite. */
async function robot(allowPublish: string[] = []): Promise<Awaited<ReturnType<typeof startBridge>>> {
  const b = await startBridge({ allowPublish });
  cleanup.add(() => b.stop());
  return b;
}

const jointState = (k: number): MessageTypeMap['sensor_msgs/msg/JointState'] => ({
  header: { stamp: { sec: 1_700_000_000 + k, nanosec: 123_456_789 }, frame_id: 'exo_base' },
  name: ['hip_left', 'knee_left', 'ankle_left'],
  position: [0.125 * k, -0.5, 1e-9],
  velocity: [0.25, -0.75, 3.5],
  effort: [12.5, -3.25, 0],
});

const subscribed = (bus: Bus<MessageTypeMap>, topic: string) => (): boolean => (bus.topic(topic)?.subscribers ?? 0) > 0;
const advertised = (bus: Bus<MessageTypeMap>, topic: string) => (): boolean => (bus.topic(topic)?.publishers ?? 0) > 0;

describe('topics through the rosbridge mapping (against Kindred’s rosbridge server)', () => {
  it('brings the robot’s /joint_states onto the bus field for field, as JSON and as CBOR', async () => {
    const r = await robot();
    const bus = new Bus<MessageTypeMap>();
    const { client, changes } = makeClient(cleanup, { url: r.url });
    const mapping = new RosBridgeMapping({
      client,
      bus,
      config: {
        topicsIn: [
          { ros: '/joint_states', type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' },
          { ros: '/joint_states_fast', type: 'sensor_msgs/JointState', bus: '/robot/joint_states_cbor', compression: 'cbor' },
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
    expect(changes.map((c) => c.state)).toEqual(['connecting', 'connected']);
    await waitFor(subscribed(r.bus, '/joint_states'), 'the server to subscribe to /joint_states');
    await waitFor(subscribed(r.bus, '/joint_states_fast'), 'the server to subscribe to /joint_states_fast');

    const pub = r.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const fast = r.bus.advertise('/joint_states_fast', 'sensor_msgs/msg/JointState');
    const sent = [jointState(1), jointState(2), jointState(3)];
    for (const m of sent) {
      pub.publish(m);
      fast.publish(m);
    }
    await waitFor(() => json.length === 3 && cbor.length === 3, 'three joint states each way');
    expect(json).toEqual(sent);
    expect(cbor).toEqual(sent);
    expect(mapping.stats().in).toEqual({ '/robot/joint_states': 3, '/robot/joint_states_cbor': 3 });
    expect(client.stats()).toMatchObject({ messagesReceived: 6, messagesInvalid: 0, cborFramesReceived: 3 });
  });

  it('sends bus topics to the robot’s ROS topics, keeping 64-bit integers and byte arrays exact', async () => {
    const r = await robot(['/robot/tts', '/robot/counter', '/robot/snapshot']);
    const bus = new Bus<MessageTypeMap>();
    const { client } = makeClient(cleanup, { url: r.url });
    const mapping = new RosBridgeMapping({
      client,
      bus,
      commandTopics: ['/*_controller/commands'],
      config: {
        topicsOut: [
          { bus: '/kindred/speech/say', ros: '/robot/tts', type: 'std_msgs/msg/String' },
          { bus: '/kindred/counter', ros: '/robot/counter', type: 'std_msgs/msg/Int64' },
          { bus: '/kindred/camera/compressed', ros: '/robot/snapshot', type: 'sensor_msgs/msg/CompressedImage' },
        ],
      },
    });
    mapping.start();
    cleanup.add(() => mapping.stop());
    await client.connect();
    for (const t of ['/robot/tts', '/robot/counter', '/robot/snapshot']) await waitFor(advertised(r.bus, t), `the client to advertise ${t}`);

    const heard: Record<string, unknown[]> = { tts: [], counter: [], snapshot: [] };
    r.bus.subscribe('/robot/tts', 'std_msgs/msg/String', (m) => heard['tts']?.push(m));
    r.bus.subscribe('/robot/counter', 'std_msgs/msg/Int64', (m) => heard['counter']?.push(m));
    r.bus.subscribe('/robot/snapshot', 'sensor_msgs/msg/CompressedImage', (m) => heard['snapshot']?.push(m));

    const say = { data: '您好，我们开始吧 / hello, let us begin' };
    const counter = { data: 2n ** 40n + 7n };
    const snapshot = { header: { stamp: { sec: 12, nanosec: 34 }, frame_id: 'cam' }, format: 'jpeg', data: Uint8Array.from([0, 1, 2, 254, 255, 128]) };
    bus.advertise('/kindred/speech/say', 'std_msgs/msg/String').publish(say);
    bus.advertise('/kindred/counter', 'std_msgs/msg/Int64').publish(counter);
    bus.advertise('/kindred/camera/compressed', 'sensor_msgs/msg/CompressedImage').publish(snapshot);
    await waitFor(() => Object.values(heard).every((h) => h.length === 1), 'one message on each robot topic');
    expect(heard['tts']).toEqual([say]);
    expect(heard['counter']).toEqual([counter]);
    expect(heard['snapshot']).toEqual([snapshot]);
    expect(mapping.stats().out).toEqual({ '/robot/tts': 1, '/robot/counter': 1, '/robot/snapshot': 1 });
  });

  it('stops forwarding once the mapping stops, and drops what is published while not connected', async () => {
    const r = await robot(['/robot/tts']);
    const bus = new Bus<MessageTypeMap>();
    const { client } = makeClient(cleanup, { url: r.url });
    const mapping = new RosBridgeMapping({ client, bus, config: { topicsOut: [{ bus: '/kindred/say', ros: '/robot/tts', type: 'std_msgs/msg/String' }] } });
    mapping.start();
    const say = bus.advertise('/kindred/say', 'std_msgs/msg/String');
    say.publish({ data: 'before connecting' });
    expect(mapping.stats().outDropped).toEqual({ '/robot/tts': 1 });
    await client.connect();
    await waitFor(advertised(r.bus, '/robot/tts'), 'the advertisement');
    const heard: unknown[] = [];
    r.bus.subscribe('/robot/tts', 'std_msgs/msg/String', (m) => heard.push(m));
    say.publish({ data: 'one' });
    await waitFor(() => heard.length === 1, 'the first message');
    mapping.stop();
    await waitFor(() => (r.bus.topic('/robot/tts')?.publishers ?? 0) === 0, 'the unadvertise');
    say.publish({ data: 'after stop' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual([{ data: 'one' }]);
  });
});
