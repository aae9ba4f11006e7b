// describeChart as an inspector uses it: the statechart's structure as plain JSON (drawn by Kindred's
// viewer), and BehaviorRunner publishing it once per run, latched, on /behavior/chart.
import { describe, expect, it } from 'vitest';
import { fromPromise, setup } from 'xstate';
import type { kindred_msgs } from '../../runtime/msgs/index.js';
import { describeChart, type BehaviorChart, type ChartNode } from './behaviorChart.js';
import { BEHAVIOR_CHART_TOPIC, BehaviorRunner } from './BehaviorRunner.js';
import { busHost } from './testing/busHost.js';

/** A small machine with one of everything the chart describes. */
const door = setup({
  types: { events: {} as { type: 'open' } | { type: 'close' } | { type: 'alarm.fire' } | { type: 'alarm.clear' } },
  actors: { motor: fromPromise(async () => 'moved'), watch: fromPromise(async () => undefined) },
  guards: { unlocked: () => true },
  delays: { autoClose: 3000 },
}).createMachine({
  id: 'door',
  initial: 'closed',
  invoke: { id: 'watcher', src: 'watch' },
  on: { 'alarm.*': { target: '.alarm' } },
  states: {
    closed: { tags: ['safe', 'pausable'], on: { open: { target: 'opening', guard: 'unlocked' } } },
    opening: {
      invoke: { id: 'drive', src: 'motor', onDone: 'open' },
      on: { close: { target: 'closed', guard: ({ event }) => event.type === 'close' } },
    },
    open: {
      type: 'parallel',
      after: { autoClose: 'closed', 10000: { target: 'closed', reenter: true } },
      states: {
        light: { initial: 'on', states: { on: {}, off: {}, last: { type: 'history', history: 'deep' } } },
        sound: { always: { target: '#door.closed', guard: 'unlocked' } },
      },
    },
    alarm: { tags: ['stopping'], on: { 'alarm.clear': { actions: () => undefined } } },
    gone: { type: 'final' },
  },
});

function find(node: ChartNode, path: string): ChartNode {
  let n = node;
  for (const key of path.split('.')) {
    const child = n.states.find((c) => c.key === key);
    if (child === undefined) throw new Error(`no state ${key} under ${n.id}`);
    n = child;
  }
  return n;
}

describe('describeChart', () => {
  const chart = describeChart(door);

  it('lists the state nodes recursively with id, key, type, tags and initial child', () => {
    expect(chart.machine).toBe('door');
    expect(chart.root).toMatchObject({ id: 'door', key: 'door', type: 'compound', initial: 'closed' });
    expect(chart.root.states.map((s) => [s.key, s.type])).toEqual([
      ['closed', 'atomic'],
      ['opening', 'atomic'],
      ['open', 'parallel'],
      ['alarm', 'atomic'],
      ['gone', 'final'],
    ]);
    expect(find(chart.root, 'closed').tags).toEqual(['pausable', 'safe']);
    expect(find(chart.root, 'open.light')).toMatchObject({ id: 'door.open.light', type: 'compound', initial: 'on' });
    expect(find(chart.root, 'open.light.last')).toMatchObject({ type: 'history', history: 'deep' });
    // Parallel and atomic nodes have no initial child of their own.
    expect(find(chart.root, 'open')).not.toHaveProperty('initial');
    expect(find(chart.root, 'closed')).not.toHaveProperty('initial');
  });

  it('lists each node’s events with their targets and guards, wildcards and done events included', () => {
    expect(chart.root.on).toEqual([{ event: 'alarm.*', transitions: [{ targets: ['door.alarm'] }] }]);
    expect(find(chart.root, 'closed').on).toEqual([{ event: 'open', transitions: [{ targets: ['door.opening'], guard: 'unlocked' }] }]);
    expect(find(chart.root, 'opening').on).toEqual([
      { event: 'close', transitions: [{ targets: ['door.closed'], guard: 'inline' }] },
      { event: 'xstate.done.actor.drive', transitions: [{ targets: ['door.open'] }] },
    ]);
    // A transition that only runs actions has no target.
    expect(find(chart.root, 'alarm').on).toEqual([{ event: 'alarm.clear', transitions: [{ targets: [] }] }]);
    expect(find(chart.root, 'open.sound').always).toEqual([{ targets: ['door.closed'], guard: 'unlocked' }]);
  });

  it('lists `after` delays (named ones resolved to milliseconds) apart from the events, and invoked actors by name', () => {
    const open = find(chart.root, 'open');
    expect(open.after).toEqual([
      { delay: '10000', delayMs: 10000, transitions: [{ targets: ['door.closed'], reenter: true }] },
      { delay: 'autoClose', delayMs: 3000, transitions: [{ targets: ['door.closed'] }] },
    ]);
    expect(open.on.some((h) => h.event.startsWith('xstate.after.'))).toBe(false);
    expect(chart.root.invoke).toEqual([{ id: 'watcher', src: 'watch' }]);
    expect(find(chart.root, 'opening').invoke).toEqual([{ id: 'drive', src: 'motor' }]);
  });

  it('is plain data and deterministic: JSON keeps all of it, and the same machine gives the same chart', () => {
    expect(JSON.parse(JSON.stringify(chart))).toEqual(chart);
    expect(JSON.stringify(describeChart(door))).toBe(JSON.stringify(chart));
    // A provided machine (as BehaviorRunner runs it) has the same structure.
    expect(describeChart(door.provide({ actors: { motor: fromPromise(async () => 'x') } }))).toEqual(chart);
  });

  it('describes a shipped behaviour: the companion’s states, tags, conversation intents and actors', async () => {
    const { companionBehavior } = await import('../companion/index.js');
    const companion: BehaviorChart = describeChart(companionBehavior.definition.machine);
    expect(companion.machine).toBe('companion');
    expect(companion.root.initial).toBe('idle');
    expect(companion.root.states.map((s) => s.key)).toEqual(expect.arrayContaining(['idle', 'greeting', 'conversation', 'paused', 'fall', 'emergency', 'safetyStop', 'stopped']));
    expect(find(companion.root, 'conversation').tags).toEqual(['pausable', 'safe']);
    expect(find(companion.root, 'paused').tags).toEqual(['resumable', 'safe']);
    expect(find(companion.root, 'stopped').type).toBe('final');
    expect(find(companion.root, 'conversation.listening').on).toContainEqual({ event: 'intent.how_are_you', transitions: [{ targets: ['companion.conversation.replying'] }] });
    expect(find(companion.root, 'conversation.replying').invoke).toEqual([{ id: 'reply', src: 'speak' }]);
    expect(companion.root.invoke.map((i) => i.src)).toEqual(['intentEvents', 'personWatch', 'companionClock', 'privacyAnnouncer']);
    // Every safety stop is handled at the root.
    expect(companion.root.on.map((h) => h.event)).toEqual(expect.arrayContaining(['safety.stop', 'safety.estop']));
  });
});

describe('BehaviorRunner on /behavior/chart', () => {
  it('publishes the chart once per run, latched, before the first status, with the description', async () => {
    const { bus, host, advance } = busHost();
    const order: string[] = [];
    bus.subscribe(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', (m) => order.push(`chart ${m.run_id}`));
    bus.subscribe('/behavior/status', 'kindred_msgs/msg/BehaviorStatus', (m) => order.push(`status ${m.run_id} ${m.state}`));
    const runner = BehaviorRunner.start({ id: 'door', machine: door, description: { zh: '门', en: 'A door' } }, { host, runId: 'door-1' });
    await advance(20);
    runner.send({ type: 'open' });
    await advance(20);
    expect(order.filter((o) => o.startsWith('chart'))).toEqual(['chart door-1']);
    expect(order[0]).toBe('chart door-1');
    expect(order.slice(1)).toContain('status door-1 opening');

    // A late subscriber gets it from the latch, with the chart as describeChart gives it.
    const late: kindred_msgs.BehaviorChart[] = [];
    bus.subscribe(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', (m) => late.push(m), { durability: 'transient_local' });
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ behavior: 'door', run_id: 'door-1', description_zh: '门', description_en: 'A door' });
    expect(JSON.parse(late[0]!.chart_json)).toEqual(describeChart(door));

    await runner.stop();
    // Once the run has ended, its publisher is gone: nothing latched for the next subscriber.
    const after: kindred_msgs.BehaviorChart[] = [];
    bus.subscribe(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', (m) => after.push(m), { durability: 'transient_local' });
    expect(after).toHaveLength(0);
  });
});
