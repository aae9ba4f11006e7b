/**
 * The ROS bridges end to end, over loopback, with real clients in this process: sensor_msgs/JointState
 * (12 joints) published on Kindred's bus and received by
 *   - roslib through the rosbridge server, JSON and CBOR (roslib decodes every message);
 *   - Foxglove's own client through the Foxglove server (each message decoded from CDR with
 *     @foxglove/rosmsg2-serialization, as the Foxglove app does);
 * and service round trips through both. The reference for each row is a bare `ws` WebSocket moving
 * frames of the same size between the same two ends in the same run (server sends, client counts
 * without decoding; or an echo for round trips): the ceiling a bridge could reach here.
 * Throughput keeps a window of messages in flight; latency is one message (or call) in flight at a
 * time, from `publish` (or the call) to the client's callback. rosbridge_suite's published figures
 * (~5,000 small messages/s, ~12 ms service round trips) are the aims.
 */
import { parse } from '@foxglove/rosmsg';
import { MessageReader } from '@foxglove/rosmsg2-serialization';
import wsProtocol from '@foxglove/ws-protocol';
import type { IWebSocket } from '@foxglove/ws-protocol';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { Bus } from '../runtime/bus/index.js';
import { definitionOf, type MessageTypeMap } from '../runtime/msgs/index.js';
import { FoxgloveServer } from '../runtime/ros/foxglove/index.js';
import { connectRoslib, roslib } from '../runtime/ros/rosbridge/fixtures/roslibClient.js';
import { RosbridgeServer } from '../runtime/ros/rosbridge/index.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

const { FoxgloveClient } = wsProtocol;
type JointState = MessageTypeMap['sensor_msgs/msg/JointState'];

const JOINTS = Array.from({ length: 12 }, (_, i) => `joint_${i}`);
const IN_FLIGHT = 1000;
const WAIT_MS = 30_000;
/** rosbridge_suite's published figures, which the issue asks Kindred to beat by a wide margin. */
const SUITE_MSGS_PER_S = 5000;
const SUITE_ROUND_TRIP_MS = 12;

function jointState(seq: number): JointState {
  return {
    header: { stamp: { sec: 1_700_000_000, nanosec: seq }, frame_id: 'base_link' },
    name: JOINTS,
    position: JOINTS.map((_, i) => Math.sin(i + seq) * 0.7),
    velocity: JOINTS.map((_, i) => Math.cos(i) * 0.2),
    effort: JOINTS.map((_, i) => i * 1.25 - 7),
  };
}

/** Counts arrivals; `reach(n)` resolves once `n` have arrived (or rejects after WAIT_MS). */
class Arrivals {
  count = 0;
  private waiting: { target: number; resolve: () => void } | undefined;

  readonly hit = (): void => {
    this.count++;
    const w = this.waiting;
    if (w !== undefined && this.count >= w.target) {
      this.waiting = undefined;
      w.resolve();
    }
  };

  reach(target: number, what: string): Promise<void> {
    if (this.count >= target) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: ${what}: only ${this.count} of ${target} arrived within ${WAIT_MS} ms`)), WAIT_MS);
      this.waiting = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Messages per second with up to IN_FLIGHT sent and not yet received. */
async function throughput(count: number, send: (seq: number) => void, arrivals: Arrivals, what: string): Promise<number> {
  const base = arrivals.count;
  const start = performance.now();
  for (let sent = 0; sent < count; ) {
    while (sent < count && sent - (arrivals.count - base) < IN_FLIGHT) send(sent++);
    if (sent - (arrivals.count - base) >= IN_FLIGHT) await arrivals.reach(base + sent - IN_FLIGHT / 2, what);
    else await nextTurn();
  }
  await arrivals.reach(base + count, what);
  return count / ((performance.now() - start) / 1000);
}

/** Milliseconds from send to arrival, one at a time, sorted. */
async function latencies(count: number, send: (seq: number) => void, arrivals: Arrivals, what: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = arrivals.count + 1;
    const t0 = performance.now();
    send(i);
    await arrivals.reach(target, what);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

/** A bare `ws` server and client on loopback: the reference every bridge is put next to. */
class RawLink {
  readonly arrivals = new Arrivals();
  private constructor(
    private readonly wss: WebSocketServer,
    private readonly server: WebSocket,
    private readonly client: WebSocket,
  ) {
    client.on('message', () => this.arrivals.hit());
  }

  static async open(echo = false): Promise<RawLink> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const accepted = new Promise<WebSocket>((r) => wss.once('connection', (ws) => r(ws)));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    });
    const server = await accepted;
    if (echo) server.on('message', (data: Buffer, isBinary) => server.send(data, { binary: isBinary }));
    return new RawLink(wss, server, client);
  }

  /** Server → client, as a bridge sends topic messages. */
  push(frame: Buffer | string): void {
    this.server.send(frame, { binary: typeof frame !== 'string' });
  }

  /** Client → server (echoed back when opened with `echo`). */
  request(frame: Buffer | string): void {
    this.client.send(frame, { binary: typeof frame !== 'string' });
  }

  async close(): Promise<void> {
    this.client.close();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

interface Pair {
  readonly bridge: Figures;
  readonly raw: Figures;
  /** Bytes of one bridge frame on the wire (the raw reference sends frames this size). */
  readonly frameBytes: number;
  /** Messages the bridge server dropped for congestion (should be 0: the window keeps sockets drained). */
  readonly dropped: number;
}

interface Counts {
  readonly throughput: number;
  readonly latency: number;
  readonly rounds: number;
}

interface Path {
  readonly send: (seq: number) => void;
  readonly arrivals: Arrivals;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * The bridge next to a raw link carrying frames of the bridge's frame size: a warm-up of each, then
 * `rounds` rounds alternating which goes first; throughput is the median of the rounds, latency
 * quantiles are over every round's samples.
 */
async function compare(label: string, bridge: Path, raw: Path, counts: Counts): Promise<{ bridge: Figures; raw: Figures }> {
  const warm = Math.min(2000, counts.throughput);
  await throughput(warm, bridge.send, bridge.arrivals, `${label} warm-up`);
  await throughput(warm, raw.send, raw.arrivals, `${label} raw warm-up`);
  const rates = { bridge: [] as number[], raw: [] as number[] };
  const lat = { bridge: [] as number[], raw: [] as number[] };
  for (let round = 0; round < counts.rounds; round++) {
    const order = round % 2 === 0 ? (['bridge', 'raw'] as const) : (['raw', 'bridge'] as const);
    for (const who of order) {
      const path = who === 'bridge' ? bridge : raw;
      rates[who].push(await throughput(counts.throughput, path.send, path.arrivals, `${label} (${who})`));
      lat[who].push(...(await latencies(Math.ceil(counts.latency / counts.rounds), path.send, path.arrivals, `${label} latency (${who})`)));
    }
  }
  const figures = (who: 'bridge' | 'raw'): Figures => {
    const sorted = lat[who].sort((a, b) => a - b);
    return { perSecond: median(rates[who]), p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  };
  return { bridge: figures('bridge'), raw: figures('raw') };
}

/** A raw link pushing frames of `frameBytes` (text frames for a JSON bridge, binary otherwise). */
async function rawPath(frameBytes: number, text: boolean): Promise<{ path: Path; link: RawLink }> {
  const link = await RawLink.open();
  const frame = text ? 'x'.repeat(frameBytes) : Buffer.alloc(frameBytes, 7);
  return { path: { send: () => link.push(frame), arrivals: link.arrivals }, link };
}

/** JointState through the rosbridge server to a roslib subscriber (roslib decodes each message). */
async function rosbridgePair(compression: 'none' | 'cbor', counts: Counts): Promise<Pair> {
  const bus = new Bus<MessageTypeMap>();
  const server = new RosbridgeServer({ bus, port: 0 });
  const { url } = await server.start();
  const pub = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
  const { ros } = await connectRoslib(url, false);
  const arrivals = new Arrivals();
  // The frame size, from a raw subscriber that sees the wire.
  const probe = new WebSocket(url);
  await new Promise<void>((r) => probe.once('open', () => r()));
  let frameBytes = 0;
  probe.on('message', (data: Buffer) => (frameBytes = data.length));
  probe.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', compression }));
  let raw: RawLink | undefined;
  try {
    new roslib.Topic<JointState>({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState', compression }).subscribe(() => arrivals.hit());
    while ((bus.topic('/joint_states')?.subscribers ?? 0) === 0 || server.stats().clients < 2) await nextTurn();
    // Both subscriptions are in place once a message reaches both.
    pub.publish(jointState(0));
    await arrivals.reach(1, 'rosbridge first message');
    while (frameBytes === 0) await nextTurn();
    probe.close();
    const reference = await rawPath(frameBytes, compression === 'none');
    raw = reference.link;
    const figures = await compare(`rosbridge ${compression}`, { send: (seq) => pub.publish(jointState(seq)), arrivals }, reference.path, counts);
    return { ...figures, frameBytes, dropped: server.stats().messagesDropped };
  } finally {
    ros.close();
    await raw?.close();
    await server.stop();
  }
}

/** JointState through the Foxglove server to Foxglove's client, decoding each message as the Foxglove app would. */
async function foxglovePair(counts: Counts): Promise<Pair> {
  const bus = new Bus<MessageTypeMap>();
  const server = new FoxgloveServer({ bus, port: 0 });
  const { url } = await server.start();
  const pub = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
  const socket = new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
  const client = new FoxgloveClient({ ws: socket as unknown as IWebSocket });
  const arrivals = new Arrivals();
  let frameBytes = 0;
  let raw: RawLink | undefined;
  try {
    const channelId = await new Promise<number>((resolve) =>
      client.on('advertise', (channels) => {
        const c = channels.find((ch) => ch.topic === '/joint_states');
        if (c !== undefined) resolve(c.id);
      }),
    );
    const reader = new MessageReader(parse(definitionOf('sensor_msgs/msg/JointState').text, { ros2: true }));
    client.on('message', (m) => {
      reader.readMessage(m.data);
      frameBytes = 13 + m.data.byteLength;
      arrivals.hit();
    });
    client.subscribe(channelId);
    while (server.stats().subscriptions === 0) await nextTurn();
    pub.publish(jointState(0));
    await arrivals.reach(1, 'foxglove first message');
    const reference = await rawPath(frameBytes, false);
    raw = reference.link;
    const figures = await compare('foxglove', { send: (seq) => pub.publish(jointState(seq)), arrivals }, reference.path, counts);
    return { ...figures, frameBytes, dropped: server.stats().messagesDropped };
  } finally {
    client.close();
    await raw?.close();
    await server.stop();
  }
}

interface RoundTrips {
  readonly p50: number;
  readonly p99: number;
}

/** roslib `callService` through the rosbridge server, and Foxglove service calls through the Foxglove server, to one Kindred service. */
async function serviceFigures(count: number): Promise<{ rosbridge: RoundTrips; foxglove: RoundTrips; raw: RoundTrips }> {
  const bus = new Bus<MessageTypeMap>();
  const rb = new RosbridgeServer({ bus, port: 0 });
  rb.services.register('/kindred/add', 'example_interfaces/srv/AddTwoInts', (req) => {
    const { a, b } = req as { a: number; b: number };
    return { sum: a + b };
  });
  const fox = new FoxgloveServer({ bus, port: 0, services: rb.services });
  const { url } = await rb.start();
  const foxUrl = (await fox.start()).url;
  const { ros } = await connectRoslib(url, false);
  const socket = new WebSocket(foxUrl, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
  const client = new FoxgloveClient({ ws: socket as unknown as IWebSocket });
  const advertised = new Promise<number>((resolve) =>
    client.on('advertiseServices', (services) => {
      const s = services.find((x) => x.name === '/kindred/add');
      if (s !== undefined) resolve(s.id);
    }),
  );
  const link = await RawLink.open(true);
  try {
    const add = new roslib.Service<{ a: number; b: number }, { sum: number }>({ ros, name: '/kindred/add', serviceType: 'example_interfaces/srv/AddTwoInts' });
    const viaRosbridge = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        await new Promise<{ sum: number }>((resolve, reject) => add.callService({ a: i, b: 1 }, resolve, (e) => reject(new Error(e))));
        out.push(performance.now() - t0);
      }
      return out.sort((x, y) => x - y);
    };
    const serviceId = await advertised;
    const answered = new Arrivals();
    client.on('serviceCallResponse', () => answered.hit());
    const viaFoxglove = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const target = answered.count + 1;
        const t0 = performance.now();
        client.sendServiceCallRequest({ serviceId, callId: i, encoding: 'json', data: new TextEncoder().encode(`{"a":${i},"b":1}`) });
        await answered.reach(target, 'foxglove service call');
        out.push(performance.now() - t0);
      }
      return out.sort((x, y) => x - y);
    };
    // The raw reference: a request and a response of a call_service's size, echoed.
    const request = JSON.stringify({ op: 'call_service', id: 'call_service:/kindred/add:1', service: '/kindred/add', args: { a: 1, b: 1 } });
    const viaRaw = async (): Promise<number[]> => latencies(count, () => link.request(request), link.arrivals, 'raw echo');
    await viaRosbridge();
    await viaFoxglove();
    await viaRaw();
    const r = await viaRosbridge();
    const f = await viaFoxglove();
    const w = await viaRaw();
    const q = (s: number[]): RoundTrips => ({ p50: quantile(s, 0.5), p99: quantile(s, 0.99) });
    return { rosbridge: q(r), foxglove: q(f), raw: q(w) };
  } finally {
    ros.close();
    client.close();
    await link.close();
    await fox.stop();
    await rb.stop();
  }
}

function throughputRow(metric: string, pair: Pair): BenchRow {
  const k = pair.bridge;
  return {
    metric,
    kindred: k.perSecond,
    reference: pair.raw.perSecond,
    referenceName: `raw ws (${pair.frameBytes} B frames)`,
    unit: 'msg/s',
    ratio: k.perSecond / pair.raw.perSecond,
    better: 'higher',
    aim: `≥ ${SUITE_MSGS_PER_S.toLocaleString('en')} msg/s (rosbridge_suite)`,
    met: k.perSecond >= SUITE_MSGS_PER_S,
  };
}

function latencyRows(label: string, k: { p50: number; p99: number }, raw: { p50: number; p99: number }, referenceName: string, aimMs?: number): BenchRow[] {
  return (['p50', 'p99'] as const).map((q) => ({
    metric: `${label} ${q}`,
    kindred: k[q],
    reference: raw[q],
    referenceName,
    unit: 'ms',
    ratio: raw[q] / k[q],
    better: 'lower' as const,
    ...(aimMs !== undefined && q === 'p50' ? { aim: `≤ ${aimMs} ms (rosbridge_suite)`, met: k[q] <= aimMs } : {}),
  }));
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const counts: Counts = options.quick ? { throughput: 5000, latency: 300, rounds: 3 } : { throughput: 40_000, latency: 3000, rounds: 5 };
  // roslib decodes CBOR with cbor2, far slower than the server encodes: fewer messages there.
  const cborCounts: Counts = { ...counts, throughput: Math.round(counts.throughput / 2.5) };
  const calls = options.quick ? 300 : 3000;

  const json = await rosbridgePair('none', counts);
  const cbor = await rosbridgePair('cbor', cborCounts);
  const fox = await foxglovePair(counts);
  const services = await serviceFigures(calls);

  const rows: BenchRow[] = [
    throughputRow('rosbridge → roslib, JSON: JointState (12 joints)', json),
    ...latencyRows('rosbridge → roslib, JSON: latency', json.bridge, json.raw, 'raw ws'),
    throughputRow('rosbridge → roslib, CBOR: JointState (12 joints)', cbor),
    ...latencyRows('rosbridge → roslib, CBOR: latency', cbor.bridge, cbor.raw, 'raw ws'),
    throughputRow('Foxglove → FoxgloveClient, CDR: JointState (12 joints)', fox),
    ...latencyRows('Foxglove → FoxgloveClient, CDR: latency', fox.bridge, fox.raw, 'raw ws'),
    ...latencyRows('rosbridge service round trip (roslib callService)', services.rosbridge, services.raw, 'raw ws echo', SUITE_ROUND_TRIP_MS),
    ...latencyRows('Foxglove service round trip (JSON)', services.foxglove, services.raw, 'raw ws echo', SUITE_ROUND_TRIP_MS),
  ];
  return {
    name: 'bridges',
    rows,
    notes: [
      `rosbridge_suite (published, for reference): ~${SUITE_MSGS_PER_S.toLocaleString('en')} small messages/s and ~${SUITE_ROUND_TRIP_MS} ms service round trips`,
      `throughput: median of ${counts.rounds} rounds of ${counts.throughput} messages (${cborCounts.throughput} for roslib CBOR), ≤ ${IN_FLIGHT} in flight, bridge and raw alternating after a warm-up; latency: ${counts.latency} messages one at a time, publish → client callback; services: ${calls} calls one at a time after as many to warm up`,
      `frames: rosbridge JSON ${json.frameBytes} B (text), CBOR ${cbor.frameBytes} B, Foxglove ${fox.frameBytes} B (13 B header + CDR); the raw ws reference sends frames of the same size and counts them without decoding`,
      'clients decode every message: roslib (JSON.parse / cbor2), Foxglove client + @foxglove/rosmsg2-serialization MessageReader (as the Foxglove app)',
      `messages dropped by the servers for congestion: rosbridge JSON ${json.dropped}, CBOR ${cbor.dropped}, Foxglove ${fox.dropped}`,
      'server and clients share one Node process and its event loop (and this machine with other work): figures are a floor for separate processes',
    ],
  };
}
