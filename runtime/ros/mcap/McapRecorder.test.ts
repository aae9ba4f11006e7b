import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader, type McapTypes } from '@mcap/core';
import { decompress, isLoaded } from '@foxglove/wasm-zstd';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError, type KindredError } from '../../errors/index.js';
import { definitionOf, stampFromNs, type MessageTypeMap, type MessageTypeName } from '../../msgs/index.js';
import { SimClock } from '../../time/index.js';
import { cdrCodecFromSchema, kindredTypeHash } from '../cdr/index.js';
import { McapFile } from './McapFile.js';
import { BufferWritable } from './McapIo.js';
import { McapRecorder } from './McapRecorder.js';
import { McapReplayer } from './McapReplayer.js';

/** What rosbag2 writes for one volatile, reliable publisher (the shape of the rosbag2 fixtures, metadata version 8). */
const VOLATILE_QOS = `- history: 3
  depth: 0
  reliability: 1
  durability: 2
  deadline:
    sec: 9223372036
    nsec: 854775807
  lifespan:
    sec: 9223372036
    nsec: 854775807
  liveliness: 1
  liveliness_lease_duration:
    sec: 9223372036
    nsec: 854775807
  avoid_ros_namespace_conventions: false`;

interface Sent {
  readonly topic: string;
  readonly type: MessageTypeName;
  readonly timeNs: bigint;
  readonly message: unknown;
}

const MS = 1_000_000n;
const START_NS = 1_000_000_000n;

/**
 * A second of robot traffic on a SimClock: /joint_states at 100 Hz (one object mutated in place
 * after each publish, as the state publisher does), /tf at 50 Hz, /safety/state at 10 Hz with a
 * bilingual fault, /diagnostics at 4 Hz. Returns what was published, deep-copied at publish time.
 */
async function recordSession(options: { compression?: 'zstd' | 'none'; output?: string } = {}): Promise<{ sent: Sent[]; bytes: Uint8Array; summary: Awaited<ReturnType<McapRecorder['stop']>> }> {
  const bus = new Bus<MessageTypeMap>();
  const clock = new SimClock(START_NS);
  const sent: Sent[] = [];
  const sink = new BufferWritable();
  const recorder = await McapRecorder.start({
    bus,
    clock,
    output: options.output ?? sink,
    chunkSizeBytes: 4096,
    ...(options.compression !== undefined ? { compression: options.compression } : {}),
  });
  const joints = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
  const tf = bus.advertise('/tf', 'tf2_msgs/msg/TFMessage');
  const safety = bus.advertise('/safety/state', 'kindred_msgs/msg/SafetyState');
  const diagnostics = bus.advertise('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray');
  const names = Array.from({ length: 12 }, (_, i) => `joint_${i}`);
  const js = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'base_link' }, name: names, position: names.map(() => 0), velocity: names.map(() => 0), effort: names.map(() => 0) };
  const note = <K extends MessageTypeName>(topic: string, type: K, message: MessageTypeMap[K]): void => {
    sent.push({ topic, type, timeNs: clock.now(), message: structuredClone(message) });
  };
  clock.setTimer(10n * MS, (due) => {
    js.header.stamp = stampFromNs(due);
    for (let i = 0; i < 12; i++) {
      js.position[i] = Math.sin(Number(due) / 1e8 + i);
      js.velocity[i] = Math.cos(Number(due) / 1e8 + i);
      js.effort[i] = i - 6.5;
    }
    joints.publish(js);
    note('/joint_states', 'sensor_msgs/msg/JointState', js);
  });
  clock.setTimer(20n * MS, (due) => {
    const msg = {
      transforms: ['thigh_left', 'shank_left'].map((child, i) => ({
        header: { stamp: stampFromNs(due), frame_id: i === 0 ? 'pelvis' : 'thigh_left' },
        child_frame_id: child,
        transform: { translation: { x: 0, y: 0.1 * i, z: -0.42 }, rotation: { x: 0, y: Math.sin(Number(due) / 1e9), z: 0, w: Math.cos(Number(due) / 1e9) } },
      })),
    };
    tf.publish(msg);
    note('/tf', 'tf2_msgs/msg/TFMessage', msg);
  });
  let cycle = 0;
  clock.setTimer(100n * MS, (due) => {
    const faulted = cycle++ % 3 === 2;
    const msg = {
      header: { stamp: stampFromNs(due), frame_id: '' },
      state: faulted ? 2 : 0,
      stop_category: faulted ? 2 : -1,
      active_faults: faulted
        ? [{ monitor: 'force', code: 'SAFETY_FORCE_LIMIT', joint: 'knee_left', value: 61.5, limit: 60, reaction: 2, stamp: stampFromNs(due), message_en: 'Cuff force above limit', message_zh: '绑带力超过限值' }]
        : [],
      speed_scale: faulted ? 0 : 1,
    };
    safety.publish(msg);
    note('/safety/state', 'kindred_msgs/msg/SafetyState', msg);
  });
  clock.setTimer(250n * MS, (due) => {
    const msg = {
      header: { stamp: stampFromNs(due), frame_id: '' },
      status: [{ level: 0, name: 'kindred: control_loop', message: 'ok', hardware_id: 'exo', values: [{ key: 'rate_hz', value: '1000' }, { key: 'overruns', value: '0' }] }],
    };
    diagnostics.publish(msg);
    note('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray', msg);
  });
  clock.advance(1000n * MS);
  const summary = await recorder.stop();
  return { sent, bytes: sink.bytes(), summary };
}

function readable(bytes: Uint8Array): McapTypes.IReadable {
  return { size: () => Promise.resolve(BigInt(bytes.length)), read: (offset, size) => Promise.resolve(bytes.subarray(Number(offset), Number(offset + size))) };
}

describe('McapRecorder: a Kindred recording in the rosbag2 layout', () => {
  it('is read back by @mcap/core’s own reader: profile, schemas, channels, QoS, hashes, chunks, summary, messages', async () => {
    const { sent, bytes, summary } = await recordSession();
    expect(sent.length).toBe(100 + 50 + 10 + 4);
    expect(summary.messageCount).toBe(sent.length);
    expect(summary.droppedCount).toBe(0);
    expect(summary.startNs).toBe(START_NS + 10n * MS);
    expect(summary.endNs).toBe(START_NS + 1000n * MS);

    await isLoaded;
    const reader = await McapIndexedReader.Initialize({ readable: readable(bytes), decompressHandlers: { zstd: (b, n) => decompress(b, Number(n)) } });
    expect(reader.header.profile).toBe('ros2');
    expect(reader.header.library).toMatch(/^kindred \d+\.\d+\.\d+/);
    expect(reader.schemasById.size).toBe(4);
    for (const schema of reader.schemasById.values()) {
      expect(schema.encoding).toBe('ros2msg');
      expect(new TextDecoder().decode(schema.data)).toBe(definitionOf(schema.name).text);
    }
    const jsSchema = [...reader.schemasById.values()].find((s) => s.name === 'sensor_msgs/msg/JointState');
    expect(new TextDecoder().decode(jsSchema?.data)).toContain(`${'='.repeat(80)}\nMSG: std_msgs/Header\n`);
    const channels = [...reader.channelsById.values()];
    expect(channels.map((c) => c.topic).sort()).toEqual(['/diagnostics', '/joint_states', '/safety/state', '/tf']);
    expect(Math.min(...channels.map((c) => c.id))).toBe(1);
    for (const c of channels) {
      const type = reader.schemasById.get(c.schemaId)?.name ?? '';
      expect(c.messageEncoding).toBe('cdr');
      expect(c.metadata.get('offered_qos_profiles')).toBe(VOLATILE_QOS);
      expect(c.metadata.get('topic_type_hash')).toMatch(/^RIHS01_[0-9a-f]{64}$/);
      expect(c.metadata.get('topic_type_hash')).toBe(kindredTypeHash(type));
    }
    expect(reader.chunkIndexes.length).toBeGreaterThan(1);
    expect(new Set(reader.chunkIndexes.map((c) => c.compression))).toEqual(new Set(['zstd']));
    expect(reader.statistics?.messageCount).toBe(BigInt(sent.length));

    const byTopic = new Map<string, { logTime: bigint; publishTime: bigint; message: unknown }[]>();
    for await (const m of reader.readMessages()) {
      const channel = reader.channelsById.get(m.channelId);
      const schema = reader.schemasById.get(channel?.schemaId ?? -1);
      const message = cdrCodecFromSchema(schema?.name ?? '', new TextDecoder().decode(schema?.data)).decode(m.data);
      const list = byTopic.get(channel?.topic ?? '') ?? [];
      list.push({ logTime: m.logTime, publishTime: m.publishTime, message });
      byTopic.set(channel?.topic ?? '', list);
    }
    for (const topic of ['/joint_states', '/tf', '/safety/state', '/diagnostics']) {
      const expected = sent.filter((s) => s.topic === topic);
      const got = byTopic.get(topic) ?? [];
      expect(got.map((g) => g.message)).toEqual(expected.map((e) => e.message));
      expect(got.map((g) => g.logTime)).toEqual(expected.map((e) => e.timeNs));
      expect(got.map((g) => g.publishTime)).toEqual(expected.map((e) => e.timeNs));
    }
    // The bilingual fault text survives as UTF-8.
    expect(JSON.stringify(byTopic.get('/safety/state')?.map((g) => g.message))).toContain('绑带力超过限值');

    const metadata: McapTypes.Metadata[] = [];
    for await (const m of reader.readMetadata({ name: 'rosbag2' })) metadata.push(m);
    expect(metadata.length).toBe(1);
    const yaml = parseYaml(metadata[0]?.metadata.get('serialized_metadata') ?? '', { intAsBigInt: true }) as {
      version: bigint;
      storage_identifier: string;
      message_count: bigint;
      starting_time: { nanoseconds_since_epoch: bigint };
      duration: { nanoseconds: bigint };
      topics_with_message_count: { topic_metadata: { name: string; type: string; serialization_format: string; offered_qos_profiles: string; type_description_hash: string }; message_count: bigint }[];
    };
    expect(yaml.version).toBe(8n);
    expect(yaml.storage_identifier).toBe('mcap');
    expect(yaml.message_count).toBe(BigInt(sent.length));
    expect(yaml.starting_time.nanoseconds_since_epoch).toBe(START_NS + 10n * MS);
    expect(yaml.duration.nanoseconds).toBe(990n * MS);
    const joints = yaml.topics_with_message_count.find((t) => t.topic_metadata.name === '/joint_states');
    expect(joints?.message_count).toBe(100n);
    expect(joints?.topic_metadata).toEqual({
      name: '/joint_states',
      type: 'sensor_msgs/msg/JointState',
      serialization_format: 'cdr',
      offered_qos_profiles: VOLATILE_QOS,
      type_description_hash: kindredTypeHash('sensor_msgs/msg/JointState'),
    });
  });

  it('compression none, written to a file and read back with readMcap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kindred-rec-'));
    const path = join(dir, 'session.mcap');
    const { sent, summary } = await recordSession({ compression: 'none', output: path });
    expect(summary.path).toBe(path);
    const file = await McapFile.open(path);
    expect(file.indexed).toBe(true);
    const got: unknown[] = [];
    for await (const m of file.messages({ topics: ['/diagnostics'] })) got.push(m.message);
    await file.close();
    expect(got).toEqual(sent.filter((s) => s.topic === '/diagnostics').map((s) => s.message));
  });

  it('records chosen topics only, including one that appears later and a latched (transient-local) one', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const latched = bus.advertise('/robot_description', 'std_msgs/msg/String', { durability: 'transient_local', depth: 1 });
    latched.publish({ data: '<robot name="exo"/>' });
    const other = bus.advertise('/chatter', 'std_msgs/msg/String');
    const sink = new BufferWritable();
    const recorder = await McapRecorder.start({ bus, clock, output: sink, topics: ['/robot_description', '/later'] });
    other.publish({ data: 'not recorded' });
    clock.advance(5n * MS);
    const later = bus.advertise('/later', 'std_msgs/msg/Int32');
    later.publish({ data: 7 });
    const summary = await recorder.stop();
    expect(summary.topics.map((t) => [t.topic, t.messageCount])).toEqual([
      ['/robot_description', 1],
      ['/later', 1],
    ]);
    const file = await McapFile.open(sink.bytes());
    expect(file.channel('/robot_description')?.metadata.get('offered_qos_profiles')).toContain('durability: 1\n');
    const messages: unknown[] = [];
    for await (const m of file.messages()) messages.push([m.topic, m.logTimeNs, m.message]);
    expect(messages).toEqual([
      ['/robot_description', 0n, { data: '<robot name="exo"/>' }],
      ['/later', 5n * MS, { data: 7 }],
    ]);
  });

  it('skips a topic of a type it has no codec for, and drops a message it cannot encode, telling onError', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const errors: KindredError[] = [];
    const sink = new BufferWritable();
    const recorder = await McapRecorder.start({ bus, clock, output: sink, onError: (e) => errors.push(e) });
    bus.advertiseAny('/foreign', 'other_msgs/msg/Thing').publish({ x: 1 });
    const ints = bus.advertise('/ints', 'std_msgs/msg/Int32');
    ints.publish({ data: 1 });
    ints.publish({ data: 1.5 });
    ints.publish({ data: 2 });
    const summary = await recorder.stop();
    expect(summary.messageCount).toBe(2);
    expect(summary.droppedCount).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['ROS_CDR_UNKNOWN_TYPE', 'ROS_CDR_ENCODE_FAILED']);
    expect(errors[0]?.message).toContain('topic /foreign is not recorded');
    expect(errors[1]?.message).toContain('a message on /ints is not recorded: cannot encode std_msgs/msg/Int32: field data is 1.5; expected an int32');
  });

  it('refuses bad options and an output it cannot create', async () => {
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    const e1 = await McapRecorder.start({ bus, clock, output: new BufferWritable(), chunkSizeBytes: 0 }).catch((e: unknown) => e);
    expect(isKindredError(e1, 'ROS_MCAP_OPTIONS_INVALID')).toBe(true);
    expect((e1 as Error).message).toContain('chunkSizeBytes is 0');
    const e2 = await McapRecorder.start({ bus, clock, output: '/nonexistent/dir/x.mcap' }).catch((e: unknown) => e);
    expect(isKindredError(e2, 'ROS_MCAP_WRITE_FAILED')).toBe(true);
    expect((e2 as Error).message).toContain('ENOENT');
  });
});

describe('McapReplayer: a recording back onto the bus', () => {
  it('at rate 2 publishes every message in order, at half the recorded spacing in SimClock time', async () => {
    const { sent, bytes } = await recordSession();
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock(5_000_000_000n);
    const got: { topic: string; timeNs: bigint; message: unknown }[] = [];
    for (const [topic, type] of [
      ['/joint_states', 'sensor_msgs/msg/JointState'],
      ['/tf', 'tf2_msgs/msg/TFMessage'],
      ['/safety/state', 'kindred_msgs/msg/SafetyState'],
      ['/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray'],
    ] as const) {
      bus.subscribe(topic, type, (message: unknown) => got.push({ topic, timeNs: clock.now(), message }));
    }
    const replayer = await McapReplayer.open({ bus, clock, input: bytes, rate: 2 });
    expect(replayer.topics.map((t) => t.topic).sort()).toEqual(['/diagnostics', '/joint_states', '/safety/state', '/tf']);
    await replayer.start();
    const t0 = clock.now();
    clock.advance(250n * MS);
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(sent.length);
    clock.advance(300n * MS);
    expect(replayer.publishedCount).toBe(sent.length);
    const summary = await replayer.finished();
    expect(summary).toEqual({ publishedCount: sent.length, stopped: false });

    const first = sent[0]?.timeNs ?? 0n;
    // Every message, each at t0 + (recorded time − first recorded time) / 2, and never out of order.
    expect(got.length).toBe(sent.length);
    for (let i = 1; i < got.length; i++) expect(got[i]?.timeNs).toBeGreaterThanOrEqual(got[i - 1]?.timeNs ?? 0n);
    for (const topic of ['/joint_states', '/tf', '/safety/state', '/diagnostics']) {
      const expected = sent.filter((s) => s.topic === topic);
      const replayed = got.filter((g) => g.topic === topic);
      expect(replayed.map((g) => g.message)).toEqual(expected.map((e) => e.message));
      expect(replayed.map((g) => g.timeNs - t0)).toEqual(expected.map((e) => (e.timeNs - first) / 2n));
    }
    const js = got.filter((g) => g.topic === '/joint_states');
    expect((js[1]?.timeNs ?? 0n) - (js[0]?.timeNs ?? 0n)).toBe(5n * MS);
    // The replay's publishers are gone once it ends.
    expect(bus.topic('/joint_states')?.publishers).toBe(0);
  });

  it('stop() ends a replay part-way', async () => {
    const { sent, bytes } = await recordSession();
    const bus = new Bus<MessageTypeMap>();
    const clock = new SimClock();
    let count = 0;
    bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', () => count++);
    const replayer = await McapReplayer.open({ bus, clock, input: bytes, topics: ['/joint_states'] });
    await replayer.start();
    clock.advance(295n * MS);
    const summary = await replayer.stop();
    expect(count).toBe(30);
    expect(summary).toEqual({ publishedCount: 30, stopped: true });
    clock.advance(1000n * MS);
    expect(count).toBe(30);
    expect(sent.filter((s) => s.topic === '/joint_states').length).toBe(100);
    await expect(replayer.start()).rejects.toMatchObject({ code: 'ROS_MCAP_STATE' });
  });

  it('refuses a topic the bus carries with another type, advertising nothing', async () => {
    const { bytes } = await recordSession();
    const bus = new Bus<MessageTypeMap>();
    bus.advertise('/tf', 'std_msgs/msg/String');
    const e = await McapReplayer.open({ bus, clock: new SimClock(), input: bytes }).catch((x: unknown) => x);
    expect(isKindredError(e, 'ROS_MCAP_REPLAY_TYPE_MISMATCH')).toBe(true);
    expect((e as Error).message).toContain('cannot replay /tf from memory: it was recorded as tf2_msgs/msg/TFMessage, but the bus carries std_msgs/msg/String on it');
    expect(bus.topic('/joint_states')).toBeUndefined();
  });

  it('refuses a recording whose definition of a Kindred type has another layout', async () => {
    const { McapWriter } = await import('@mcap/core');
    const sink = new BufferWritable();
    const writer = new McapWriter({ writable: sink });
    await writer.start({ profile: 'ros2', library: 'test' });
    const schemaId = await writer.registerSchema({ name: 'std_msgs/msg/String', encoding: 'ros2msg', data: new TextEncoder().encode('int32 data\n') });
    await writer.registerChannel({ schemaId, topic: '/odd', messageEncoding: 'cdr', metadata: new Map() });
    await writer.end();
    const e = await McapReplayer.open({ bus: new Bus<MessageTypeMap>(), clock: new SimClock(), input: sink.bytes() }).catch((x: unknown) => x);
    expect(isKindredError(e, 'ROS_MCAP_REPLAY_TYPE_MISMATCH')).toBe(true);
    expect((e as Error).message).toContain("field 1 is data int32 in the recording but data string in Kindred's std_msgs/msg/String");
  });

  it.each([0, -1, Number.NaN, Infinity])('refuses rate %s', async (rate) => {
    const e = await McapReplayer.open({ bus: new Bus<MessageTypeMap>(), clock: new SimClock(), input: new Uint8Array(), rate }).catch((x: unknown) => x);
    expect(isKindredError(e, 'ROS_MCAP_OPTIONS_INVALID')).toBe(true);
  });
});
