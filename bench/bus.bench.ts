/**
 * The in-process Bus against a bare Node `EventEmitter` doing the same work in the same run:
 * small messages through 1 and 4 synchronous subscribers, a topic with no subscribers, a
 * transient-local publisher, and queued delivery. The two sides alternate in several rounds after a
 * warm-up round; each figure is the median of the rounds.
 */
import { EventEmitter } from 'node:events';
import { Bus } from '../runtime/bus/index.js';
import type { Qos } from '../runtime/bus/index.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

interface Float64 {
  data: number;
}
/** Shaped like sensor_msgs/msg/JointState (the generated type is not needed to measure the bus). */
interface JointState {
  header: { stamp: { sec: number; nanosec: number }; frame_id: string };
  name: string[];
  position: number[];
  velocity: number[];
  effort: number[];
}
type Msgs = { 'std_msgs/msg/Float64': Float64; 'sensor_msgs/msg/JointState': JointState };

const JOINTS = 12;

function jointState(): JointState {
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'base_link' },
    name: Array.from({ length: JOINTS }, (_, i) => `joint_${i}`),
    position: new Array<number>(JOINTS).fill(0.1),
    velocity: new Array<number>(JOINTS).fill(0),
    effort: new Array<number>(JOINTS).fill(0),
  };
}

/** Defeats dead-code elimination: every callback adds to it, and it is reported in a note. */
let sink = 0;

/** A way of sending `n` messages; returns nothing, is timed by `rate`. */
type Sender = (n: number) => void | Promise<void>;

async function rate(send: Sender, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await send(n);
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  return n / dt;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Warm both up, then alternate which goes first; medians of the rounds. */
async function compare(kindred: Sender, reference: Sender, n: number, rounds: number): Promise<{ kindred: number; reference: number }> {
  await rate(kindred, n);
  await rate(reference, n);
  const k: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      k.push(await rate(kindred, n));
      r.push(await rate(reference, n));
    } else {
      r.push(await rate(reference, n));
      k.push(await rate(kindred, n));
    }
  }
  return { kindred: median(k), reference: median(r) };
}

const floatCallback = (m: Float64): void => {
  sink += m.data;
};
const jointCallback = (m: JointState): void => {
  sink += m.position[0] ?? 0;
};

function floatSenders(subscribers: number, qos?: Qos): { kindred: Sender; reference: Sender } {
  const bus = new Bus<Msgs>();
  const pub = bus.advertise('/value', 'std_msgs/msg/Float64', qos);
  for (let s = 0; s < subscribers; s++) bus.subscribe('/value', 'std_msgs/msg/Float64', floatCallback);
  const ee = new EventEmitter();
  for (let s = 0; s < subscribers; s++) ee.on('/value', floatCallback);
  const a: Float64 = { data: 0 };
  const b: Float64 = { data: 0 };
  return {
    kindred: (n) => {
      for (let i = 0; i < n; i++) {
        a.data = i;
        pub.publish(a);
      }
    },
    reference: (n) => {
      for (let i = 0; i < n; i++) {
        b.data = i;
        ee.emit('/value', b);
      }
    },
  };
}

function jointSenders(subscribers: number): { kindred: Sender; reference: Sender } {
  const bus = new Bus<Msgs>();
  const pub = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
  for (let s = 0; s < subscribers; s++) bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', jointCallback);
  const ee = new EventEmitter();
  for (let s = 0; s < subscribers; s++) ee.on('/joint_states', jointCallback);
  const a = jointState();
  const b = jointState();
  return {
    kindred: (n) => {
      for (let i = 0; i < n; i++) {
        a.header.stamp.nanosec = i;
        pub.publish(a);
      }
    },
    reference: (n) => {
      for (let i = 0; i < n; i++) {
        b.header.stamp.nanosec = i;
        ee.emit('/joint_states', b);
      }
    },
  };
}

/** Queued delivery: publish in batches of `batch` (the queue depth), letting each batch drain. */
function queuedSenders(batch: number): { kindred: Sender; reference: Sender } {
  const bus = new Bus<Msgs>();
  const pub = bus.advertise('/value', 'std_msgs/msg/Float64');
  bus.subscribe('/value', 'std_msgs/msg/Float64', floatCallback, { delivery: 'queued', depth: batch });
  const ee = new EventEmitter();
  ee.on('/value', floatCallback);
  const b: Float64 = { data: 0 };
  const turn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    kindred: async (n) => {
      for (let i = 0; i < n; ) {
        for (const end = Math.min(n, i + batch); i < end; i++) pub.publish({ data: i });
        await turn();
      }
    },
    reference: (n) => {
      for (let i = 0; i < n; i++) {
        b.data = i;
        ee.emit('/value', b);
      }
    },
  };
}

function row(metric: string, figures: { kindred: number; reference: number }, aim?: { text: string; minRatio: number; minRate: number }): BenchRow {
  const ratio = figures.kindred / figures.reference;
  const base = { metric, kindred: figures.kindred, reference: figures.reference, referenceName: 'EventEmitter', unit: 'msg/s', ratio, better: 'higher' as const };
  if (aim === undefined) return base;
  return { ...base, aim: aim.text, met: ratio >= aim.minRatio && figures.kindred >= aim.minRate };
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const n = options.quick ? 50_000 : 1_000_000;
  const rounds = options.quick ? 3 : 9;
  const aim = { text: '≥ 0.5× EventEmitter and ≥ 1 M msg/s', minRatio: 0.5, minRate: 1e6 };
  const rows: BenchRow[] = [];
  const cases: [string, () => { kindred: Sender; reference: Sender }, typeof aim | undefined][] = [
    ['Float64, 1 subscriber', () => floatSenders(1), aim],
    ['Float64, 4 subscribers', () => floatSenders(4), aim],
    ['JointState (12 joints), 1 subscriber', () => jointSenders(1), aim],
    ['JointState (12 joints), 4 subscribers', () => jointSenders(4), aim],
    ['Float64, no subscribers', () => floatSenders(0), aim],
    ['Float64, transient_local depth 10, 1 subscriber', () => floatSenders(1, { durability: 'transient_local', depth: 10 }), undefined],
    ['Float64, queued depth 1000, 1 subscriber (vs sync EventEmitter)', () => queuedSenders(1000), undefined],
  ];
  for (const [metric, make, caseAim] of cases) {
    const senders = make();
    rows.push(row(metric, await compare(senders.kindred, senders.reference, n, rounds), caseAim));
  }
  return {
    name: 'bus',
    rows,
    notes: [
      `messages/s published (each reaches every subscriber); median of ${rounds} alternating rounds of ${n} messages after a warm-up round`,
      'queued: published in batches of 1000, each drained on setImmediate before the next; the reference is synchronous',
      `callback checksum ${sink.toExponential(3)} (keeps the callbacks from being optimised away)`,
    ],
  };
}
