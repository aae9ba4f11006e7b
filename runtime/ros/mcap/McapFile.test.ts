import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McapStreamReader } from '@mcap/core';
import { decompress, isLoaded } from '@foxglove/wasm-zstd';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../errors/index.js';
import { cdrCodec, cdrCodecFromSchema } from '../cdr/index.js';
import { McapFile, readMcap, type McapMessage } from './McapFile.js';

const FIXTURES = new URL('../../../../shared/fixtures/rosbag2/', import.meta.url);
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`skipping the rosbag2 fixture tests: ${fileURLToPath(FIXTURES)} is absent`);

const fixture = (name: string): string => fileURLToPath(new URL(name, FIXTURES));

async function all(iterable: AsyncIterable<McapMessage>): Promise<McapMessage[]> {
  const out: McapMessage[] = [];
  for await (const m of iterable) out.push(m);
  return out;
}

/** The raw message records of a file, read with @mcap/core alone (no Kindred code), with their schemas. */
async function rawMessages(path: string): Promise<{ topic: string; type: string; text: string; data: Uint8Array; logTime: bigint }[]> {
  await isLoaded;
  const reader = new McapStreamReader({ decompressHandlers: { zstd: (b, n) => decompress(b, Number(n)) } });
  reader.append(readFileSync(path));
  const schemas = new Map<number, { name: string; text: string }>();
  const channels = new Map<number, { topic: string; schemaId: number }>();
  const out: { topic: string; type: string; text: string; data: Uint8Array; logTime: bigint }[] = [];
  for (let r = reader.nextRecord(); r !== undefined; r = reader.nextRecord()) {
    if (r.type === 'Schema') schemas.set(r.id, { name: r.name, text: new TextDecoder().decode(r.data) });
    if (r.type === 'Channel') channels.set(r.id, { topic: r.topic, schemaId: r.schemaId });
    if (r.type === 'Message') {
      const c = channels.get(r.channelId);
      const s = schemas.get(c?.schemaId ?? -1);
      out.push({ topic: c?.topic ?? '', type: s?.name ?? '', text: s?.text ?? '', data: r.data, logTime: r.logTime });
    }
  }
  return out;
}

function countByTopic(messages: readonly McapMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of messages) counts[m.topic] = (counts[m.topic] ?? 0) + 1;
  return counts;
}

describe.skipIf(!haveFixtures)('reading what real rosbag2 writes', () => {
  it.each([
    ['talker.mcap', 20],
    ['only_topics.mcap', 7],
    ['cdr_test_0.mcap', 7],
  ])('%s: every message decodes, and re-encoding gives back the recorded bytes', async (name, count) => {
    const raw = await rawMessages(fixture(name));
    expect(raw.length).toBe(count);
    for (const r of raw) {
      const codec = cdrCodecFromSchema(r.type, r.text);
      const decoded = codec.decode(r.data);
      // Nothing skipped, nothing left over: the decoded value encodes to the recorded bytes, same
      // length, same values. The only bytes allowed to differ are alignment padding, which Kindred
      // zeroes and Eloquent's Fast-RTPS (talker.mcap) left uninitialised.
      const again = codec.encode(decoded);
      expect(again.length).toBe(r.data.length);
      const differing = [...again.keys()].filter((i) => again[i] !== r.data[i]);
      for (const i of differing) expect(again[i], `byte ${i} of a ${r.topic} message`).toBe(0);
      expect(differing.length).toBeLessThanOrEqual(name === 'talker.mcap' ? 3 : 0);
      expect(codec.decode(again)).toEqual(decoded);
    }
    const file = await McapFile.open(fixture(name));
    expect(file.profile).toBe('ros2');
    expect(file.indexed).toBe(true);
    for (const c of file.channels) {
      expect(c.schemaEncoding).toBe('ros2msg');
      expect(c.messageEncoding).toBe('cdr');
      expect(c.metadata.get('offered_qos_profiles')).toMatch(/^- history: /);
    }
    const messages = await all(file.messages());
    await file.close();
    expect(messages.length).toBe(count);
  });

  it('talker.mcap (zstd): /topic carries "Hello, world! 0" … 9 every half second, /rosout the matching log lines', async () => {
    const messages = await all(readMcap(fixture('talker.mcap')));
    expect(countByTopic(messages)).toEqual({ '/topic': 10, '/rosout': 10 });
    const talk = messages.filter((m) => m.topic === '/topic');
    expect(talk.map((m) => m.type)).toEqual(Array(10).fill('std_msgs/msg/String'));
    expect(talk.map((m) => m.message)).toEqual(Array.from({ length: 10 }, (_, i) => ({ data: `Hello, world! ${i}` })));
    expect(talk[0]?.logTimeNs).toBe(1585866235112609068n);
    const gaps = talk.slice(1).map((m, i) => Number(m.logTimeNs - (talk[i]?.logTimeNs ?? 0n)) / 1e6);
    for (const gap of gaps) expect(gap).toBeGreaterThan(450);
    const log = messages.find((m) => m.topic === '/rosout');
    expect(log?.type).toBe('rcl_interfaces/msg/Log');
    expect(log?.message).toMatchObject({ stamp: { sec: 1585866235, nanosec: 112130688 }, level: 20, name: 'minimal_publisher', msg: "Publishing: 'Hello, world! 0'", function: 'operator()', line: 38 });
    // ROS 2's bytes for the same String are Kindred's bytes for it.
    const raw = (await rawMessages(fixture('talker.mcap'))).find((r) => r.topic === '/topic');
    expect(Buffer.from(cdrCodec('std_msgs/msg/String').encode({ data: 'Hello, world! 0' })).equals(Buffer.from(raw?.data ?? []))).toBe(true);
  });

  it('only_topics.mcap: seven /parameter_events from /introspection_client, with int64 and byte arrays in Kindred form', async () => {
    const file = await McapFile.open(fixture('only_topics.mcap'));
    expect(file.channels.map((c) => c.topic).sort()).toEqual(['/events/write_split', '/parameter_events', '/rosout']);
    expect(file.channel('/parameter_events')?.messageCount).toBe(7);
    expect(file.channel('/parameter_events')?.metadata.get('topic_type_hash')).toBe('RIHS01_043e627780fcad87a22d225bc2a037361dba713fca6a6b9f4b869a5aa0393204');
    const messages = await all(file.messages({ topics: ['/parameter_events'] }));
    await file.close();
    expect(messages.length).toBe(7);
    const first = messages[0]?.message as { node: string; new_parameters: { name: string; value: { type: number; integer_value: bigint; byte_array_value: Uint8Array } }[] };
    expect(first.node).toBe('/introspection_client');
    expect(first.new_parameters[0]?.name).toBe('use_sim_time');
    expect(first.new_parameters[0]?.value.type).toBe(1);
    expect(first.new_parameters[0]?.value.integer_value).toBe(0n);
    expect(first.new_parameters[0]?.value.byte_array_value).toBeInstanceOf(Uint8Array);
  });

  it('cdr_test_0.mcap: test_msgs BasicTypes and Arrays, every primitive kind, with the files’ own schemas', async () => {
    const messages = await all(readMcap(fixture('cdr_test_0.mcap')));
    expect(countByTopic(messages)).toEqual({ '/test_topic': 3, '/array_topic': 4 });
    const basic = messages.find((m) => m.topic === '/test_topic');
    expect(basic?.type).toBe('test_msgs/msg/BasicTypes');
    expect(basic?.message).toEqual({
      bool_value: false, byte_value: 0, char_value: 0, float32_value: 0, float64_value: 0, int8_value: 0, uint8_value: 0,
      int16_value: 0, uint16_value: 0, int32_value: 123, uint32_value: 0, int64_value: 0n, uint64_value: 0n,
    });
    const arrays = messages.find((m) => m.topic === '/array_topic')?.message as Record<string, unknown>;
    expect(arrays.bool_values).toEqual([true, false, true]);
    expect(arrays.string_values).toEqual(['Complex Hello1', 'Complex Hello2', 'Complex Hello3']);
    expect(arrays.byte_values_default).toEqual(Uint8Array.from([0, 1, 255]));
    expect(arrays.float32_values_default).toEqual([1.125, 0, -1.125]);
    expect(arrays.float64_values_default).toEqual([3.1415, 0, -3.1415]);
    expect(arrays.int8_values_default).toEqual([0, 127, -128]);
    expect(arrays.int16_values_default).toEqual([0, 32767, -32768]);
    expect(arrays.uint32_values_default).toEqual([0, 1, 4294967295]);
    expect(arrays.int64_values_default).toEqual([0n, 9223372036854775807n, -9223372036854775808n]);
    expect(arrays.uint64_values_default).toEqual([0n, 1n, 18446744073709551615n]);
    expect(arrays.string_values_default).toEqual(['', 'max value', 'min value']);
    expect(arrays.constants_values).toEqual([{}, {}, {}]);
    expect((arrays.defaults_values as Record<string, unknown>[])[0]).toMatchObject({ bool_value: true, byte_value: 50, int64_value: -40000000n, uint64_value: 50000000n });
    expect(arrays.alignment_check).toBe(0);
  });

  it('a recording cut short (no summary) is scanned: what is complete is read, `truncated` says so', async () => {
    const bytes = readFileSync(fixture('talker.mcap'));
    const dir = await mkdtemp(join(tmpdir(), 'kindred-mcap-'));
    // Cut in the summary section: the one chunk is whole, the index is not.
    const cut = join(dir, 'cut.mcap');
    await writeFile(cut, bytes.subarray(0, bytes.length - 200));
    const file = await McapFile.open(cut);
    expect(file.indexed).toBe(false);
    expect(file.truncated).toBe(true);
    expect(file.channel('/topic')?.messageCount).toBe(10);
    expect((await all(file.messages({ topics: ['/topic'] }))).map((m) => (m.message as { data: string }).data)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Hello, world! ${i}`),
    );
    await file.close();
    // Cut inside the chunk: no message survives, and that is not an error.
    const early = await McapFile.open(bytes.subarray(0, 2000));
    expect(early.truncated).toBe(true);
    expect(await all(early.messages())).toEqual([]);
  });

  it('breaking out of the loop early stops reading', async () => {
    let n = 0;
    for await (const m of readMcap(bytesOf('talker.mcap'))) {
      expect(m.topic).not.toBe('');
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });
});

function bytesOf(name: string): Uint8Array {
  return readFileSync(fixture(name));
}

describe('refusing what is not an MCAP file', () => {
  it('names the file and its first bytes', async () => {
    const e = await McapFile.open(new TextEncoder().encode('hello, not a recording')).catch((x: unknown) => x);
    expect(isKindredError(e, 'ROS_MCAP_READ_FAILED')).toBe(true);
    expect((e as Error).message).toContain('is not an MCAP file: it starts with 68 65 6c 6c 6f 2c 20 6e');
  });

  it('names a missing file and the reason', async () => {
    const e = await McapFile.open('/nonexistent/dir/x.mcap').catch((x: unknown) => x);
    expect(isKindredError(e, 'ROS_MCAP_READ_FAILED')).toBe(true);
    expect((e as Error).message).toContain('ENOENT');
  });
});
