/**
 * The text rosbag2 keeps next to its MCAP records: a channel's `offered_qos_profiles` and the
 * `rosbag2` metadata record (`serialized_metadata`). Kindred writes both in the shape of rosbag2's
 * metadata version 8 (numeric QoS policies, as in the rosbag2 test fixtures), which the MCAP storage
 * plugin of every distribution from Humble on reads; with the version written in the metadata record,
 * Jazzy's reader decodes the numeric policies instead of expecting version 9's words.
 */
import type { Durability } from '../../bus/index.js';

/** rosbag2 metadata version Kindred writes. */
export const ROSBAG2_METADATA_VERSION = 8;

/** RMW_DURATION_INFINITE as rosbag2 writes it (sec, nsec). */
const INFINITE = ['    sec: 9223372036', '    nsec: 854775807'];

/**
 * One publisher's offered QoS in rosbag2's YAML: history 3 (unknown, as the ROS graph reports it)
 * and depth 0, reliability 1 (reliable: the in-process bus never drops a synchronous delivery),
 * durability 1 (transient local) or 2 (volatile), liveliness 1 (automatic), infinite deadline,
 * lifespan and lease.
 */
function profile(durability: Durability): string {
  return [
    '- history: 3',
    '  depth: 0',
    '  reliability: 1',
    `  durability: ${durability === 'transient_local' ? 1 : 2}`,
    '  deadline:',
    ...INFINITE,
    '  lifespan:',
    ...INFINITE,
    '  liveliness: 1',
    '  liveliness_lease_duration:',
    ...INFINITE,
    '  avoid_ros_namespace_conventions: false',
  ].join('\n');
}

/** `offered_qos_profiles` for a topic: one profile per publisher (at least one), joined as rosbag2 does. */
export function offeredQosProfiles(durability: Durability, publishers: number): string {
  const one = profile(durability);
  return Array.from({ length: Math.max(1, publishers) }, () => one).join('\n');
}

/**
 * The durability a recording's `offered_qos_profiles` asks a replayer to offer: transient local only
 * when every profile offered it (rosbag2's own rule), in either the numeric (≤ 8) or word (9) form.
 */
export function durabilityOfProfiles(yaml: string | undefined): Durability {
  if (yaml === undefined) return 'volatile';
  const values = [...yaml.matchAll(/^\s*-?\s*durability:\s*(\S+)\s*$/gm)].map((m) => m[1]);
  return values.length > 0 && values.every((v) => v === '1' || v === 'transient_local') ? 'transient_local' : 'volatile';
}

/** What the `rosbag2` metadata record says about one topic. */
export interface Rosbag2TopicSummary {
  readonly topic: string;
  readonly type: string;
  readonly offeredQosProfiles: string;
  readonly typeHash: string;
  readonly messageCount: number;
}

/** Everything the `rosbag2` metadata record holds. */
export interface Rosbag2Summary {
  readonly fileName: string;
  readonly startNs: bigint;
  readonly durationNs: bigint;
  readonly messageCount: number;
  readonly topics: readonly Rosbag2TopicSummary[];
  readonly rosDistro: string;
}

/** A YAML double-quoted scalar (JSON's escapes are YAML's). */
const q = (s: string): string => JSON.stringify(s);

/** rosbag2's `serialized_metadata` YAML (version 8) for a finished recording. */
export function serializedMetadata(s: Rosbag2Summary): string {
  const lines = [
    `version: ${ROSBAG2_METADATA_VERSION}`,
    'storage_identifier: mcap',
    'duration:',
    `  nanoseconds: ${s.durationNs}`,
    'starting_time:',
    `  nanoseconds_since_epoch: ${s.startNs}`,
    `message_count: ${s.messageCount}`,
  ];
  if (s.topics.length === 0) lines.push('topics_with_message_count:', '  []');
  else {
    lines.push('topics_with_message_count:');
    for (const t of s.topics) {
      lines.push(
        '  - topic_metadata:',
        `      name: ${q(t.topic)}`,
        `      type: ${q(t.type)}`,
        '      serialization_format: cdr',
        `      offered_qos_profiles: ${q(t.offeredQosProfiles)}`,
        `      type_description_hash: ${q(t.typeHash)}`,
        `    message_count: ${t.messageCount}`,
      );
    }
  }
  // rosbag2 names the compression of whole files or messages here; MCAP chunk compression is the
  // storage plugin's own and is not listed (rosbag2 writes "" for it too).
  lines.push(
    'compression_format: ""',
    'compression_mode: ""',
    'relative_file_paths:',
    `  - ${q(s.fileName)}`,
    'files:',
    `  - path: ${q(s.fileName)}`,
    '    starting_time:',
    `      nanoseconds_since_epoch: ${s.startNs}`,
    '    duration:',
    `      nanoseconds: ${s.durationNs}`,
    `    message_count: ${s.messageCount}`,
    'custom_data: ~',
    `ros_distro: ${s.rosDistro}`,
  );
  return lines.join('\n');
}
