import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { McapStreamReader } from '@mcap/core';
import { describe, expect, it } from 'vitest';
import { kindredTypeHash, typeHashFromSchema } from './typeHash.js';

const FIXTURES = new URL('../../../../shared/fixtures/rosbag2/', import.meta.url);
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`skipping the RIHS01 checks against rosbag2 fixtures: ${fileURLToPath(FIXTURES)} is absent`);

/** Every channel of only_topics.mcap (recorded by rosbag2 on rolling) with its schema and stored hash. */
function recordedHashes(): { type: string; text: string; hash: string }[] {
  const reader = new McapStreamReader();
  reader.append(readFileSync(new URL('only_topics.mcap', FIXTURES)));
  const schemas = new Map<number, { name: string; text: string }>();
  const out: { type: string; text: string; hash: string }[] = [];
  for (let r = reader.nextRecord(); r !== undefined; r = reader.nextRecord()) {
    if (r.type === 'Schema') schemas.set(r.id, { name: r.name, text: new TextDecoder().decode(r.data) });
    if (r.type === 'Channel') {
      const s = schemas.get(r.schemaId);
      const hash = r.metadata.get('topic_type_hash');
      if (s !== undefined && hash !== undefined && !out.some((o) => o.type === s.name)) out.push({ type: s.name, text: s.text, hash });
    }
  }
  return out;
}

describe.skipIf(!haveFixtures)('REP-2011 RIHS01 type hashes match what ROS 2 computed', () => {
  it('for every schema of a real rosbag2 recording (Log has byte fields, ParameterEvent nests four types)', () => {
    const recorded = recordedHashes();
    expect(recorded.map((r) => r.type).sort()).toEqual(['rcl_interfaces/msg/Log', 'rcl_interfaces/msg/ParameterEvent', 'rosbag2_interfaces/msg/WriteSplitEvent']);
    for (const r of recorded) {
      expect(r.hash).toMatch(/^RIHS01_[0-9a-f]{64}$/);
      expect(typeHashFromSchema(r.type, r.text)).toBe(r.hash);
    }
  });

  it("from Kindred's own definitions of the same types", () => {
    for (const r of recordedHashes().filter((x) => x.type.startsWith('rcl_interfaces/'))) expect(kindredTypeHash(r.type)).toBe(r.hash);
  });
});

describe('RIHS01 hashing rules', () => {
  it('byte and uint8 hash differently (IDL octet vs uint8), char like uint8', () => {
    const a = typeHashFromSchema('p/msg/A', 'byte x\n');
    expect(a).not.toBe(typeHashFromSchema('p/msg/A', 'uint8 x\n'));
    expect(typeHashFromSchema('p/msg/A', 'char x\n')).toBe(typeHashFromSchema('p/msg/A', 'uint8 x\n'));
  });

  it('comments, constants and defaults do not change the hash; names and bounds do', () => {
    const base = typeHashFromSchema('p/msg/A', 'int32 x\nstring s\n');
    expect(typeHashFromSchema('p/msg/A', '# comment\nint32 K=3\nint32 x 5 # default\nstring s "a#b"\n')).toBe(base);
    expect(typeHashFromSchema('p/msg/A', 'int32 y\nstring s\n')).not.toBe(base);
    expect(typeHashFromSchema('p/msg/A', 'int32 x\nstring<=5 s\n')).not.toBe(base);
  });

  it('is undefined when a used type has no MSG block', () => {
    expect(typeHashFromSchema('p/msg/A', 'other_msgs/Missing m\n')).toBeUndefined();
  });

  it('the hashes ROS 2 publishes for std_msgs String and Int32', () => {
    // As they appear in rmw_zenoh key expressions (`0/chatter/std_msgs::msg::dds_::String_/RIHS01_…`).
    expect(kindredTypeHash('std_msgs/msg/String')).toBe('RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18');
    expect(kindredTypeHash('std_msgs/msg/Int32')).toBe('RIHS01_b6578ded3c58c626cfe8d1a6fb6e04f706f97e9f03d2727c9ff4e74b1cef0deb');
  });
});
