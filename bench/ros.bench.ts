/**
 * ROS 2 CDR encoding and decoding (runtime/ros/cdr) against JSON.stringify / JSON.parse of the same
 * messages in the same run: sensor_msgs/JointState with 12 joints (what /joint_states carries) and a
 * small std_msgs/Float64. JSON is the reference because it is what a bridge would otherwise send
 * (rosbridge's default) and what V8 has optimised hardest. The two sides alternate in several rounds
 * after a warm-up round; each figure is the median of the rounds. Two more rows put Kindred's codec
 * next to @foxglove/rosmsg2-serialization (the family the issue suggests as a base; Kindred has its
 * own because that writer sizes strings by UTF-16 length and truncates non-ASCII text).
 */
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import { cdrCodec } from '../runtime/ros/cdr/index.js';
import { definitionOf, type sensor_msgs, type std_msgs } from '../runtime/msgs/index.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

const JOINTS = 12;

function jointState(): sensor_msgs.JointState {
  return {
    header: { stamp: { sec: 1_700_000_000, nanosec: 123_456_789 }, frame_id: 'base_link' },
    name: Array.from({ length: JOINTS }, (_, i) => `joint_${i}`),
    position: Array.from({ length: JOINTS }, (_, i) => Math.sin(i) * 0.7),
    velocity: Array.from({ length: JOINTS }, (_, i) => Math.cos(i) * 0.2),
    effort: Array.from({ length: JOINTS }, (_, i) => i * 1.25 - 7),
  };
}

/** Defeats dead-code elimination: every step adds to it, and it is reported in a note. */
let sink = 0;

type Runner = (n: number) => void;

function rate(run: Runner, n: number): number {
  const t0 = process.hrtime.bigint();
  run(n);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Warm both up, then alternate which goes first; medians of the rounds. */
function compare(kindred: Runner, reference: Runner, n: number, rounds: number): { kindred: number; reference: number } {
  rate(kindred, n);
  rate(reference, n);
  const k: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      k.push(rate(kindred, n));
      r.push(rate(reference, n));
    } else {
      r.push(rate(reference, n));
      k.push(rate(kindred, n));
    }
  }
  return { kindred: median(k), reference: median(r) };
}

function row(metric: string, reference: string, figures: { kindred: number; reference: number }, aim = true): BenchRow {
  const base = {
    metric,
    kindred: figures.kindred,
    reference: figures.reference,
    referenceName: reference,
    unit: 'msg/s',
    ratio: figures.kindred / figures.reference,
    better: 'higher' as const,
  };
  return aim ? { ...base, aim: '≥ 1× JSON', met: figures.kindred >= figures.reference } : base;
}

/** Encode and decode runners for one message, CDR and JSON, changing one number per call so nothing is cached. */
function runners<T>(encodeCdr: (m: T) => Uint8Array, decodeCdr: (b: Uint8Array) => T, message: T, touch: (m: T, i: number) => void, read: (m: T) => number) {
  const cdrBytes = encodeCdr(message);
  const jsonText = JSON.stringify(message);
  return {
    cdrBytes: cdrBytes.length,
    jsonBytes: Buffer.byteLength(jsonText),
    encodeCdr: (n: number): void => {
      for (let i = 0; i < n; i++) {
        touch(message, i);
        sink += encodeCdr(message).length;
      }
    },
    encodeJson: (n: number): void => {
      for (let i = 0; i < n; i++) {
        touch(message, i);
        sink += JSON.stringify(message).length;
      }
    },
    decodeCdr: (n: number): void => {
      for (let i = 0; i < n; i++) sink += read(decodeCdr(cdrBytes));
    },
    decodeJson: (n: number): void => {
      for (let i = 0; i < n; i++) sink += read(JSON.parse(jsonText) as T);
    },
  };
}

export function run(options: BenchOptions): Promise<BenchResult> {
  const n = options.quick ? 20_000 : 200_000;
  const rounds = options.quick ? 3 : 9;
  const jsCodec = cdrCodec('sensor_msgs/msg/JointState');
  const js = runners<sensor_msgs.JointState>(
    (m) => jsCodec.encode(m),
    (b) => jsCodec.decode(b),
    jointState(),
    (m, i) => {
      m.header.stamp.nanosec = i;
    },
    (m) => m.position[3] ?? 0,
  );
  const f64Codec = cdrCodec('std_msgs/msg/Float64');
  const f64 = runners<std_msgs.Float64>(
    (m) => f64Codec.encode(m),
    (b) => f64Codec.decode(b),
    { data: 0.25 },
    (m, i) => {
      m.data = i * 0.5;
    },
    (m) => m.data,
  );
  const definitions = parse(definitionOf('sensor_msgs/msg/JointState').text, { ros2: true });
  const foxWriter = new MessageWriter(definitions);
  const foxReader = new MessageReader(definitions);
  const foxMessage = jointState();
  const foxBytes = foxWriter.writeMessage(foxMessage);
  const foxEncode = (count: number): void => {
    for (let i = 0; i < count; i++) {
      foxMessage.header.stamp.nanosec = i;
      sink += foxWriter.writeMessage(foxMessage).length;
    }
  };
  const foxDecode = (count: number): void => {
    for (let i = 0; i < count; i++) sink += foxReader.readMessage<sensor_msgs.JointState>(foxBytes).header.stamp.sec;
  };
  const rows: BenchRow[] = [
    row('encode sensor_msgs/JointState (12 joints)', 'JSON.stringify', compare(js.encodeCdr, js.encodeJson, n, rounds)),
    row('decode sensor_msgs/JointState (12 joints)', 'JSON.parse', compare(js.decodeCdr, js.decodeJson, n, rounds)),
    row('encode std_msgs/Float64', 'JSON.stringify', compare(f64.encodeCdr, f64.encodeJson, n * 5, rounds)),
    row('decode std_msgs/Float64', 'JSON.parse', compare(f64.decodeCdr, f64.decodeJson, n * 5, rounds)),
    row('encode JointState (12 joints), vs foxglove', 'foxglove MessageWriter', compare(js.encodeCdr, foxEncode, n, rounds), false),
    row('decode JointState (12 joints), vs foxglove', 'foxglove MessageReader', compare(js.decodeCdr, foxDecode, n, rounds), false),
  ];
  return Promise.resolve({
    name: 'ros',
    rows,
    notes: [
      `messages/s, median of ${rounds} alternating rounds of ${n} JointState / ${n * 5} Float64 messages after a warm-up round`,
      `sizes: JointState ${js.cdrBytes} B as CDR vs ${js.jsonBytes} B as JSON; Float64 ${f64.cdrBytes} B vs ${f64.jsonBytes} B`,
      'CDR encoding checks every field (types, integer ranges, array lengths) and returns a fresh Uint8Array; JSON.stringify returns a string',
      `checksum ${sink.toExponential(3)} (keeps the work from being optimised away)`,
    ],
  });
}
