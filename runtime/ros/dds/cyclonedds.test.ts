import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { diagnostic_msgs, kindred_msgs, MessageTypeName, sensor_msgs, tf2_msgs } from '../../msgs/index.js';
import { cdrCodec } from '../cdr/index.js';
import { randomMessage, seededRandom } from '../cdr/randomMessage.js';
import {
  buildCyclonePeer,
  cycloneUnavailableReason,
  cycloneVersion,
  expectPeerOk,
  runCyclonePeer,
} from './fixtures/cyclonePeer.js';
import { hexWords, parseTaken, peerTokens, wireForm, type TakenSample } from './fixtures/peerValues.js';

/*
 * Kindred's CDR against a real DDS implementation: a C program on Cyclone DDS (built here from
 * peer/) publishes and subscribes on ROS 2's topic and type names over UDP on the loopback interface.
 * The bytes compared are the serialized samples as they arrived through Cyclone's DDSI stack.
 */

const unavailable = cycloneUnavailableReason();
if (unavailable !== undefined) {
  console.warn(`[runtime/ros/dds] SKIPPED the Cyclone DDS peer tests: ${unavailable}`);
}

const jointState: sensor_msgs.JointState = {
  header: { stamp: { sec: 1_732_400_000, nanosec: 123_456_789 }, frame_id: 'exo_base' },
  name: ['膝关节_left', 'hip_left', 'knee_right', 'ankle_踝_right'],
  position: [0.5235987755982988, -1.25, 1e-9, -0.0001],
  velocity: [-0.75, 0.1, 2.5e-3, -3.141592653589793],
  effort: [-12.5, 3.75, 0, 250.125],
};

const diagnostics: diagnostic_msgs.DiagnosticArray = {
  header: { stamp: { sec: 42, nanosec: 7 }, frame_id: '' },
  status: [
    {
      level: 0,
      name: 'kindred: control loop',
      message: '正常 / ok',
      hardware_id: 'exo-01',
      values: [
        { key: 'period_us', value: '1000' },
        { key: 'late_p99_us', value: '37' },
      ],
    },
    { level: 2, name: 'kindred: drive knee_left', message: '过热 overheated', hardware_id: 'drive-3', values: [] },
    // Ends on a 1-byte string body, so the sample needs padding to the next 4-byte word.
    { level: 1, name: 'w', message: '', hardware_id: 'h', values: [{ key: 'k', value: 'v' }] },
  ],
};

const tf: tf2_msgs.TFMessage = {
  transforms: [
    {
      header: { stamp: { sec: 5, nanosec: 500_000_000 }, frame_id: 'world' },
      child_frame_id: 'exo_base',
      transform: { translation: { x: 0.1, y: -0.2, z: 0.95 }, rotation: { x: 0, y: 0, z: 0.7071067811865476, w: 0.7071067811865476 } },
    },
    {
      header: { stamp: { sec: 5, nanosec: 500_000_000 }, frame_id: 'thigh_left' },
      child_frame_id: 'shank_left',
      transform: { translation: { x: 0, y: 0, z: -0.42 }, rotation: { x: 0.25881904510252074, y: 0, z: 0, w: 0.9659258262890683 } },
    },
  ],
};

const safetyState: kindred_msgs.SafetyState = {
  header: { stamp: { sec: 1_732_400_001, nanosec: 999_999_999 }, frame_id: 'exo_base' },
  state: 2,
  stop_category: 1,
  active_faults: [
    {
      monitor: 'interaction_force',
      code: 'SAFETY_FORCE_LIMIT',
      joint: 'knee_left',
      value: 131.5,
      limit: 120,
      reaction: 3,
      stamp: { sec: 1_732_400_001, nanosec: 250 },
      message_en: 'cuff force 131.5 N over the 120 N limit',
      message_zh: '绑带力 131.5 N 超过 120 N 限值',
    },
    {
      monitor: 'watchdog',
      code: 'SAFETY_DRIVE_SILENT',
      joint: '',
      value: 0.012,
      limit: 0.01,
      reaction: 4,
      stamp: { sec: 1_732_400_001, nanosec: 900 },
      message_en: 'drive silent',
      message_zh: '驱动器无响应',
    },
  ],
  speed_scale: 0.25,
};

/** The ROS 2 topic, the DDS type name ROS 2 uses for it, and a message, for each type the peer knows. */
const cases: ReadonlyArray<{ type: MessageTypeName; topic: string; ddsType: string; msg: unknown }> = [
  { type: 'sensor_msgs/msg/JointState', topic: '/joint_states', ddsType: 'sensor_msgs::msg::dds_::JointState_', msg: jointState },
  { type: 'diagnostic_msgs/msg/DiagnosticArray', topic: '/diagnostics', ddsType: 'diagnostic_msgs::msg::dds_::DiagnosticArray_', msg: diagnostics },
  { type: 'tf2_msgs/msg/TFMessage', topic: '/tf', ddsType: 'tf2_msgs::msg::dds_::TFMessage_', msg: tf },
  { type: 'kindred_msgs/msg/SafetyState', topic: '/safety/state', ddsType: 'kindred_msgs::msg::dds_::SafetyState_', msg: safetyState },
];

describe.skipIf(unavailable !== undefined)('Kindred CDR against Cyclone DDS (ROS 2 names, loopback only, no multicast)', () => {
  let workDir = '';
  let binary = '';
  // A domain of its own, so a concurrent run elsewhere on the machine never meets this one.
  const domainId = 100 + Math.floor(Math.random() * 130);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'kindred-dds-peer-'));
    binary = await buildCyclonePeer(workDir);
    console.info(`[runtime/ros/dds] Cyclone DDS ${cycloneVersion()} peer built in ${workDir}, domain ${domainId}`);
  }, 180_000);

  afterAll(async () => {
    if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  });

  /** Cyclone's C publisher writes `msg` (serialised by Cyclone); a second process takes the sample. */
  async function publishedByCyclone(type: string, topic: string, msg: unknown): Promise<TakenSample> {
    const [taken, published] = await Promise.all([
      runCyclonePeer(binary, { mode: 'take', type, topic, domainId }),
      runCyclonePeer(binary, { mode: 'publish', type, topic, domainId, stdin: peerTokens(type, msg) }),
    ]);
    expectPeerOk(published, `publish ${type}`);
    return parseTaken(type, expectPeerOk(taken, `take ${type}`));
  }

  /** Kindred's bytes go out untouched through dds_writecdr; a second process takes the sample. */
  async function injectedIntoCyclone(type: string, topic: string, bytes: Uint8Array): Promise<TakenSample> {
    const [taken, injected] = await Promise.all([
      runCyclonePeer(binary, { mode: 'take', type, topic, domainId }),
      runCyclonePeer(binary, { mode: 'inject', type, topic, domainId, stdin: Buffer.from(bytes).toString('hex') }),
    ]);
    expectPeerOk(injected, `inject ${type}`);
    return parseTaken(type, expectPeerOk(taken, `take ${type}`));
  }

  it('a JointState published by Cyclone DDS on rt/joint_states: Kindred decodes the wire bytes field for field and encodes the same bytes', async () => {
    const codec = cdrCodec('sensor_msgs/msg/JointState');
    const taken = await publishedByCyclone('sensor_msgs/msg/JointState', '/joint_states', jointState);

    expect(taken.writerTopic).toBe('rt/joint_states');
    expect(taken.writerType).toBe('sensor_msgs::msg::dds_::JointState_');
    expect(taken.msg).toEqual(jointState); // Cyclone's own reading of what it sent
    expect(codec.decode(taken.cdr)).toEqual(jointState);
    // CDR_LE, then the body; Cyclone pads to a 4-byte word and records the padding in the options.
    expect(hexWords(taken.cdr)).toBe(hexWords(wireForm(codec.encode(jointState), true)));
    expect(Array.from(taken.cdr.subarray(0, 2))).toEqual([0x00, 0x01]);
  });

  it("Kindred's JointState bytes written with dds_writecdr: Cyclone's C subscriber reads every field, and the bytes arrive as ROS 2 sends them", async () => {
    const bytes = cdrCodec('sensor_msgs/msg/JointState').encode(jointState);
    const taken = await injectedIntoCyclone('sensor_msgs/msg/JointState', '/joint_states', bytes);

    expect(taken.writerTopic).toBe('rt/joint_states');
    expect(taken.writerType).toBe('sensor_msgs::msg::dds_::JointState_');
    expect(taken.msg).toEqual(jointState);
    expect(taken.msg['name']).toContain('膝关节_left');
    expect(hexWords(taken.cdr)).toBe(hexWords(wireForm(bytes, false)));
  });

  it.each(cases.filter((c) => c.type !== 'sensor_msgs/msg/JointState'))(
    '$type on $topic: the same bytes and fields in both directions',
    async ({ type, topic, ddsType, msg }) => {
      const codec = cdrCodec(type as string);
      const kindredBytes = codec.encode(msg);

      const fromCyclone = await publishedByCyclone(type, topic, msg);
      expect(fromCyclone.writerTopic).toBe(`rt${topic}`);
      expect(fromCyclone.writerType).toBe(ddsType);
      expect(fromCyclone.msg).toEqual(msg);
      expect(codec.decode(fromCyclone.cdr)).toEqual(msg);
      expect(hexWords(fromCyclone.cdr)).toBe(hexWords(wireForm(kindredBytes, true)));

      const fromKindred = await injectedIntoCyclone(type, topic, kindredBytes);
      expect(fromKindred.writerType).toBe(ddsType);
      expect(fromKindred.msg).toEqual(msg);
      expect(hexWords(fromKindred.cdr)).toBe(hexWords(wireForm(kindredBytes, false)));
    },
    60_000,
  );

  it('the DiagnosticArray case really ends off a word boundary, so padding is exercised', () => {
    expect(cdrCodec('diagnostic_msgs/msg/DiagnosticArray').encode(diagnostics).length % 4).not.toBe(0);
  });

  it('seeded random messages (NaN, infinities, emoji, empty strings and arrays) cross both ways unchanged', async () => {
    for (const { type, topic } of cases) {
      const codec = cdrCodec(type as string);
      const rnd = seededRandom(type.length * 7_919 + 11);
      for (let i = 0; i < 3; i++) {
        const msg = randomMessage(type, rnd, { maxSequence: 4 });
        const bytes = codec.encode(msg);
        const fromCyclone = await publishedByCyclone(type, topic, msg);
        expect(codec.decode(fromCyclone.cdr), `${type} #${i} decoded by Kindred`).toEqual(msg);
        expect(hexWords(fromCyclone.cdr), `${type} #${i} bytes`).toBe(hexWords(wireForm(bytes, true)));
        const fromKindred = await injectedIntoCyclone(type, topic, bytes);
        expect(fromKindred.msg, `${type} #${i} decoded by Cyclone`).toEqual(msg);
      }
    }
  }, 120_000);

  it('a JointState larger than a DDSI fragment (120 joints, sent as DATA_FRAG pieces) crosses both ways byte for byte', async () => {
    const n = 120;
    const big: sensor_msgs.JointState = {
      header: { stamp: { sec: 9, nanosec: 1 }, frame_id: 'companion_base' },
      name: Array.from({ length: n }, (_, i) => `关节_${i}_${'x'.repeat(i % 5)}`),
      position: Array.from({ length: n }, (_, i) => Math.sin(i) * 3),
      velocity: Array.from({ length: n }, (_, i) => -i / 7),
      effort: Array.from({ length: n }, (_, i) => i * 1.5e-3 - 0.05),
    };
    const codec = cdrCodec('sensor_msgs/msg/JointState');
    const bytes = codec.encode(big);
    expect(bytes.length).toBeGreaterThan(2 * 1344); // Cyclone's default FragmentSize

    const fromCyclone = await publishedByCyclone('sensor_msgs/msg/JointState', '/joint_states', big);
    expect(codec.decode(fromCyclone.cdr)).toEqual(big);
    expect(hexWords(fromCyclone.cdr)).toBe(hexWords(wireForm(bytes, true)));
    const fromKindred = await injectedIntoCyclone('sensor_msgs/msg/JointState', '/joint_states', bytes);
    expect(fromKindred.msg).toEqual(big);
    expect(hexWords(fromKindred.cdr)).toBe(hexWords(wireForm(bytes, false)));
  });

  it('Cyclone DDS refuses a truncated Kindred sample instead of delivering garbage (the injection path checks the bytes)', async () => {
    const bytes = cdrCodec('sensor_msgs/msg/JointState').encode(jointState);
    const run = await runCyclonePeer(binary, {
      mode: 'inject',
      type: 'sensor_msgs/msg/JointState',
      topic: '/joint_states',
      domainId,
      stdin: Buffer.from(bytes.subarray(0, bytes.length - 12)).toString('hex'),
      timeoutMs: 3000,
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('refused the bytes');
  });
});
