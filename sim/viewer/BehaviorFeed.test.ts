// Running behaviours forwarded to the viewer's socket: Kindred's bus on one side, socket.io clients
// (as the page) on the other. A viewer that connects late sees every run's chart and latest status;
// status bursts are coalesced per run without ever losing the latest; old finished runs are dropped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bus, type Publisher } from '../../runtime/bus/index.js';
import { isKindredError } from '../../runtime/errors/index.js';
import { createLogger, silentLogger } from '../../runtime/logging/index.js';
import type { kindred_msgs, MessageTypeMap } from '../../runtime/msgs/index.js';
import { BEHAVIOR_CHART_TOPIC as RUNNER_CHART_TOPIC, BEHAVIOR_STATUS_TOPIC as RUNNER_STATUS_TOPIC } from '../../behaviors/runtime/BehaviorRunner.js';
import { attachViewer, type AttachedViewer } from './attachViewer.js';
import { BEHAVIOR_CHART_TOPIC, BEHAVIOR_STATUS_TOPIC, type ViewBehaviorChart, type ViewBehaviorStatus } from './BehaviorFeed.js';
import { DirectSimView } from './DirectSimView.js';
import { PENDULUM_XML } from './fixtures/pendulum.js';

let sim: DirectSimView;
beforeAll(async () => {
  sim = await DirectSimView.fromMjcf(PENDULUM_XML, 'fixtures/pendulum.xml', { name: 'pendulum', running: false });
});
afterAll(() => sim?.close());

interface Rig {
  readonly bus: Bus<MessageTypeMap>;
  readonly charts: Publisher<kindred_msgs.BehaviorChart>;
  readonly statuses: Publisher<kindred_msgs.BehaviorStatus>;
  readonly base: string;
  readonly viewer: AttachedViewer;
}

const open: { servers: Server[]; viewers: AttachedViewer[]; sockets: Socket[] } = { servers: [], viewers: [], sockets: [] };
afterEach(async () => {
  for (const s of open.sockets.splice(0)) s.disconnect();
  for (const v of open.viewers.splice(0)) await v.close();
  for (const s of open.servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function rig(options: { keepFinishedBehaviors?: number; behaviorStatusHz?: number; logger?: ReturnType<typeof silentLogger> } = {}): Promise<Rig> {
  const bus = new Bus<MessageTypeMap>();
  const server = createServer((_req, res) => res.end());
  open.servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const viewer = attachViewer(server, sim, { logger: options.logger ?? silentLogger(), bus, ...options });
  open.viewers.push(viewer);
  return {
    bus,
    charts: bus.advertise(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', { durability: 'transient_local', depth: 1 }),
    statuses: bus.advertise(BEHAVIOR_STATUS_TOPIC, 'kindred_msgs/msg/BehaviorStatus', { durability: 'transient_local', depth: 1 }),
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    viewer,
  };
}

interface Page {
  readonly charts: ViewBehaviorChart[];
  readonly statuses: ViewBehaviorStatus[];
  readonly removed: string[];
}

/** A socket.io client as the page uses it, recording the behaviour channel. */
async function page(base: string): Promise<Page> {
  const socket = connect(base, { path: '/sim/socket.io', transports: ['websocket'], reconnection: false });
  open.sockets.push(socket);
  const seen: Page = { charts: [], statuses: [], removed: [] };
  socket.on('behaviorChart', (c: ViewBehaviorChart) => seen.charts.push(c));
  socket.on('behavior', (s: ViewBehaviorStatus) => seen.statuses.push(s));
  socket.on('behaviorRemoved', (r: { runId: string }) => seen.removed.push(r.runId));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return seen;
}

const header = { stamp: { sec: 12, nanosec: 500_000_000 }, frame_id: '' };
const chart = (runId: string, chartJson = '{"machine":"m","root":{"id":"m","key":"m","states":[]}}'): kindred_msgs.BehaviorChart => ({
  header,
  behavior: runId.split('-')[0]!,
  run_id: runId,
  description_zh: '测试',
  description_en: 'A test',
  chart_json: chartJson,
});
const status = (runId: string, state: string, run = 'running'): kindred_msgs.BehaviorStatus => ({
  header,
  behavior: runId.split('-')[0]!,
  run_id: runId,
  status: run,
  state,
  tags: ['safe'],
  last_event: 'go',
  context_json: `{"state":"${state}"}`,
  history: ['go'],
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the viewer’s behaviour channel', () => {
  it('listens on the topics BehaviorRunner publishes on', () => {
    expect([BEHAVIOR_CHART_TOPIC, BEHAVIOR_STATUS_TOPIC]).toEqual([RUNNER_CHART_TOPIC, RUNNER_STATUS_TOPIC]);
  });

  it('gives a viewer that connects late every run’s chart and latest status', async () => {
    const r = await rig();
    const early = await page(r.base);
    r.charts.publish(chart('walk-1'));
    for (const s of ['a', 'b', 'c']) r.statuses.publish(status('walk-1', s));
    r.charts.publish(chart('talk-1'));
    r.statuses.publish(status('talk-1', 'listening'));
    await sleep(250); // past the coalescing period: the last status of each run has gone out
    const late = await page(r.base);
    await expect.poll(() => late.statuses.length).toBe(2);
    expect(late.charts.map((c) => c.runId)).toEqual(['walk-1', 'talk-1']);
    expect(late.charts[0]).toEqual({ runId: 'walk-1', behavior: 'walk', descriptionZh: '测试', descriptionEn: 'A test', chart: { machine: 'm', root: { id: 'm', key: 'm', states: [] } } });
    expect(late.statuses.map((s) => [s.runId, s.state])).toEqual([
      ['walk-1', 'c'],
      ['talk-1', 'listening'],
    ]);
    expect(late.statuses[0]).toEqual({ runId: 'walk-1', behavior: 'walk', status: 'running', state: 'c', tags: ['safe'], lastEvent: 'go', contextJson: '{"state":"c"}', history: ['go'], stampS: 12.5 });
    // The viewer connected from the start saw the same, live.
    expect(early.charts.map((c) => c.runId)).toEqual(['walk-1', 'talk-1']);
    expect(early.statuses.filter((s) => s.runId === 'walk-1').at(-1)?.state).toBe('c');
  });

  it('receives the runs already latched on the bus when it is attached after they started', async () => {
    const bus = new Bus<MessageTypeMap>();
    bus.advertise(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', { durability: 'transient_local', depth: 1 }).publish(chart('early-1'));
    bus.advertise(BEHAVIOR_STATUS_TOPIC, 'kindred_msgs/msg/BehaviorStatus', { durability: 'transient_local', depth: 1 }).publish(status('early-1', 'waiting'));
    const server = createServer((_req, res) => res.end());
    open.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.viewers.push(attachViewer(server, sim, { logger: silentLogger(), bus }));
    const seen = await page(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await expect.poll(() => seen.statuses.map((s) => s.state)).toEqual(['waiting']);
    expect(seen.charts.map((c) => c.runId)).toEqual(['early-1']);
  });

  it('coalesces a burst of statuses to at most 10 per second per run and always delivers the latest', async () => {
    const r = await rig();
    const seen = await page(r.base);
    r.charts.publish(chart('burst-1'));
    // 100 transitions at once (one synchronous burst), and another run's single status in between.
    for (let i = 0; i < 100; i++) {
      r.statuses.publish(status('burst-1', `s${i}`));
      if (i === 50) r.statuses.publish(status('other-1', 'only'));
    }
    await expect.poll(() => seen.statuses.filter((s) => s.runId === 'burst-1').at(-1)?.state, { timeout: 2000 }).toBe('s99');
    const burst = seen.statuses.filter((s) => s.runId === 'burst-1').map((s) => s.state);
    expect(burst).toEqual(['s0', 's99']); // the first at once, the latest one period later
    // Coalescing is per run: the other run's status was not held back behind the burst.
    expect(seen.statuses.filter((s) => s.runId === 'other-1').map((s) => s.state)).toEqual(['only']);

    // A steady 200 Hz for one second: about 10 reach the viewer, the last one among them.
    const t0 = performance.now();
    let i = 0;
    while (performance.now() - t0 < 1000) {
      r.statuses.publish(status('burst-1', `t${i++}`));
      await sleep(5);
    }
    const seconds = (performance.now() - t0) / 1000;
    await expect.poll(() => seen.statuses.at(-1)?.state, { timeout: 2000 }).toBe(`t${i - 1}`);
    const steady = seen.statuses.filter((s) => s.state.startsWith('t'));
    expect(i).toBeGreaterThan(50); // the burst really was faster than the limit
    expect(steady.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
    expect(steady.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps only the last N finished runs for late viewers, telling connected ones which were dropped', async () => {
    const r = await rig({ keepFinishedBehaviors: 2 });
    const seen = await page(r.base);
    for (const runId of ['a-1', 'a-2', 'a-3']) {
      r.charts.publish(chart(runId));
      r.statuses.publish(status(runId, 'finished', 'done'));
    }
    r.charts.publish(chart('a-4'));
    r.statuses.publish(status('a-4', 'working'));
    await expect.poll(() => seen.removed).toEqual(['a-1']);
    const late = await page(r.base);
    await expect.poll(() => late.statuses.map((s) => `${s.runId} ${s.status}`)).toEqual(['a-2 done', 'a-3 done', 'a-4 running']);
    expect(late.charts.map((c) => c.runId)).toEqual(['a-2', 'a-3', 'a-4']);
  });

  it('forwards a chart that is not a JSON object as null and logs SIM_VIEWER_BEHAVIOR_CHART_INVALID', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').trim().split('\n')));
    const r = await rig({ logger: createLogger({ level: 'warn', destination: stream }) });
    const seen = await page(r.base);
    r.charts.publish(chart('bad-1', '{not json'));
    r.statuses.publish(status('bad-1', 'on'));
    await expect.poll(() => seen.statuses.length).toBe(1);
    expect(seen.charts).toEqual([expect.objectContaining({ runId: 'bad-1', chart: null })]);
    await expect.poll(() => lines.map((l) => (JSON.parse(l) as { code?: string; runId?: string })).filter((l) => l.code === 'SIM_VIEWER_BEHAVIOR_CHART_INVALID')).toEqual([
      expect.objectContaining({ runId: 'bad-1' }),
    ]);
  });

  it.each([
    ['a zero status rate', { behaviorStatusHz: 0 }, 'statusHz'],
    ['an infinite status rate', { behaviorStatusHz: Infinity }, 'statusHz'],
    ['a fractional number of runs', { keepFinishedBehaviors: 1.5 }, 'keepFinished'],
    ['a negative number of runs', { keepFinishedBehaviors: -1 }, 'keepFinished'],
  ])('refuses %s with SIM_VIEWER_OPTION_INVALID, naming the option', (_what, options, field) => {
    const server = createServer();
    let error: unknown;
    try {
      attachViewer(server, sim, { logger: silentLogger(), bus: new Bus<MessageTypeMap>(), ...options });
    } catch (e) {
      error = e;
    }
    expect(isKindredError(error, 'SIM_VIEWER_OPTION_INVALID')).toBe(true);
    expect((error as Error).message).toContain(field);
    // Nothing was attached to the server.
    expect(server.listenerCount('request')).toBe(0);
  });
});
