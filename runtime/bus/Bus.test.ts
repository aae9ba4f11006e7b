import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../errors/index.js';
import { Bus } from './Bus.js';
import type { Qos } from './Qos.js';
import type { TopicInfo } from './TopicInfo.js';

interface Int32 {
  data: number;
}
type Msgs = { 'std_msgs/msg/Int32': Int32; 'std_msgs/msg/String': { data: string } };
const INT = 'std_msgs/msg/Int32';
const STR = 'std_msgs/msg/String';

/** A scheduler the test drains by hand, so queued delivery is deterministic. */
function manualScheduler(): { schedule: (task: () => void) => void; run: () => number } {
  const tasks: (() => void)[] = [];
  return {
    schedule: (task) => void tasks.push(task),
    run: () => {
      let n = 0;
      while (tasks.length > 0) {
        tasks.shift()?.();
        n++;
      }
      return n;
    },
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('Bus QoS validation', () => {
  it.each<[string, Qos, string]>([
    ['depth 0', { depth: 0 }, 'topic "/t": qos.depth is 0; expected a whole number ≥ 1'],
    ['negative depth', { depth: -3 }, 'topic "/t": qos.depth is -3; expected a whole number ≥ 1'],
    ['fractional depth', { depth: 1.5 }, 'topic "/t": qos.depth is 1.5; expected a whole number ≥ 1'],
    ['NaN depth', { depth: Number.NaN }, 'topic "/t": qos.depth is NaN; expected a whole number ≥ 1'],
    ['infinite depth', { depth: Infinity }, 'topic "/t": qos.depth is Infinity; expected a whole number ≥ 1'],
    ['string depth', { depth: '3' as unknown as number }, 'topic "/t": qos.depth is "3"; expected a whole number ≥ 1'],
    ['unknown durability', { durability: 'durable' as 'volatile' }, 'topic "/t": qos.durability is "durable"; expected one of volatile, transient_local'],
    ['unknown delivery', { delivery: 'async' as 'sync' }, 'topic "/t": qos.delivery is "async"; expected one of sync, queued'],
  ])('rejects %s with BUS_BAD_QOS on advertise and subscribe', (_label, qos, message) => {
    const bus = new Bus<Msgs>();
    for (const attempt of [() => bus.advertise('/t', INT, qos), () => bus.subscribe('/t', INT, () => {}, qos)]) {
      const error = thrown(attempt);
      expect(isKindredError(error, 'BUS_BAD_QOS')).toBe(true);
      expect((error as Error).message).toBe(message);
    }
    expect(bus.topics()).toEqual([]);
  });

  it.each<[string, Qos]>([
    ['empty', {}],
    ['depth 1', { depth: 1 }],
    ['depth 1000, transient_local', { depth: 1000, durability: 'transient_local' }],
    ['queued', { delivery: 'queued', depth: 2 }],
    ['volatile sync', { durability: 'volatile', delivery: 'sync' }],
  ])('accepts %s', (_label, qos) => {
    const bus = new Bus<Msgs>();
    expect(() => bus.advertise('/t', INT, qos)).not.toThrow();
    expect(() => bus.subscribe('/t', INT, () => {}, qos)).not.toThrow();
  });
});

describe('Bus topic types', () => {
  type Op = (bus: Bus<Msgs>, type: typeof INT | typeof STR) => unknown;
  const advertise: Op = (bus, type) => bus.advertise('/chatter', type);
  const subscribe: Op = (bus, type) => bus.subscribe('/chatter', type, () => {});
  const advertiseAny: Op = (bus, type) => bus.advertiseAny('/chatter', type);

  it.each<[string, Op, Op, string]>([
    ['advertise then advertise', advertise, advertise, 'advertise'],
    ['advertise then subscribe', advertise, subscribe, 'subscribe'],
    ['subscribe then advertise', subscribe, advertise, 'advertise'],
    ['subscribe then subscribe', subscribe, subscribe, 'subscribe'],
    ['subscribe then advertiseAny', subscribe, advertiseAny, 'advertise'],
  ])('%s with another type throws BUS_TYPE_MISMATCH naming both', (_label, first, second, verb) => {
    const bus = new Bus<Msgs>();
    first(bus, INT);
    const error = thrown(() => second(bus, STR));
    expect(isKindredError(error, 'BUS_TYPE_MISMATCH')).toBe(true);
    expect((error as Error).message).toBe(`topic "/chatter" carries std_msgs/msg/Int32; cannot ${verb} it as std_msgs/msg/String`);
    expect(bus.topics()).toEqual([{ name: '/chatter', type: INT, publishers: first === subscribe ? 0 : 1, subscribers: first === subscribe ? 1 : 0, durability: 'volatile' }]);
  });

  it('the same type may be advertised and subscribed many times', () => {
    const bus = new Bus<Msgs>();
    bus.advertise('/chatter', INT);
    bus.advertise('/chatter', INT, { durability: 'transient_local' });
    bus.subscribe('/chatter', INT, () => {});
    expect(bus.topic('/chatter')).toEqual({ name: '/chatter', type: INT, publishers: 2, subscribers: 1, durability: 'transient_local' });
  });

  it('a topic disappears when its last endpoint leaves, and may come back with another type', () => {
    const bus = new Bus<Msgs>();
    const added: TopicInfo[] = [];
    const removed: string[] = [];
    bus.onTopicAdded((info) => added.push(info));
    const stop = bus.onTopicRemoved((info) => removed.push(info.name));
    const pub = bus.advertise('/a', INT);
    const sub = bus.subscribe('/a', INT, () => {});
    expect(added).toEqual([{ name: '/a', type: INT, publishers: 1, subscribers: 0, durability: 'volatile' }]);
    pub.close();
    expect(removed).toEqual([]);
    sub.unsubscribe();
    expect(removed).toEqual(['/a']);
    expect(bus.topics()).toEqual([]);
    expect(() => bus.advertise('/a', STR)).not.toThrow();
    expect(added.map((i) => i.type)).toEqual([INT, STR]);
    stop();
    bus.subscribe('/b', INT, () => {}).unsubscribe();
    expect(removed).toEqual(['/a']);
  });

  it('topics() lists every topic sorted by name', () => {
    const bus = new Bus<Msgs>();
    bus.subscribe('/z', STR, () => {});
    bus.advertise('/a', INT, { durability: 'transient_local', depth: 1 });
    bus.advertise('/m', INT);
    expect(bus.topics().map((t) => [t.name, t.type, t.durability])).toEqual([
      ['/a', INT, 'transient_local'],
      ['/m', INT, 'volatile'],
      ['/z', STR, 'volatile'],
    ]);
  });
});

describe('Bus untyped access for bridges', () => {
  it('subscribeAny receives whatever the topic carries', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/n', INT);
    const got: unknown[] = [];
    const sub = bus.subscribeAny('/n', (m) => got.push(m));
    pub.publish({ data: 7 });
    expect(got).toEqual([{ data: 7 }]);
    expect(sub.type).toBe(INT);
    const anyPub = bus.advertiseAny('/n', INT);
    anyPub.publish({ data: 8 });
    expect(got).toEqual([{ data: 7 }, { data: 8 }]);
  });

  it('subscribeAny on a missing topic throws BUS_UNKNOWN_TOPIC', () => {
    const bus = new Bus<Msgs>();
    const error = thrown(() => bus.subscribeAny('/nope', () => {}));
    expect(isKindredError(error, 'BUS_UNKNOWN_TOPIC')).toBe(true);
    expect((error as Error).message).toBe('topic "/nope" does not exist; expected one of the topics bus.topics() lists');
  });

  it('publishing on a closed publisher throws BUS_ENDPOINT_CLOSED', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/n', INT);
    pub.close();
    pub.close();
    expect(pub.closed).toBe(true);
    const error = thrown(() => pub.publish({ data: 1 }));
    expect(isKindredError(error, 'BUS_ENDPOINT_CLOSED')).toBe(true);
    expect((error as Error).message).toBe('topic "/n": publish on a closed publisher; advertise the topic again');
  });
});

describe('Bus transient-local durability', () => {
  it.each([
    [1, [5]],
    [3, [3, 4, 5]],
    [10, [1, 2, 3, 4, 5]],
  ])('a late joiner gets the last %i kept messages, then live ones', (depth, expected) => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/latched', INT, { durability: 'transient_local', depth });
    for (let i = 1; i <= 5; i++) pub.publish({ data: i });
    const got: number[] = [];
    bus.subscribe('/latched', INT, (m) => got.push(m.data), { durability: 'transient_local' });
    expect(got).toEqual(expected);
    pub.publish({ data: 6 });
    expect(got).toEqual([...expected, 6]);
  });

  it('a volatile subscriber gets only live messages (ROS 2 semantics)', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/latched', INT, { durability: 'transient_local', depth: 3 });
    pub.publish({ data: 1 });
    const got: number[] = [];
    bus.subscribe('/latched', INT, (m) => got.push(m.data));
    pub.publish({ data: 2 });
    expect(got).toEqual([2]);
  });

  it('several publishers’ kept messages arrive in publish order; a closed publisher’s go with it', () => {
    const bus = new Bus<Msgs>();
    const a = bus.advertise('/tf_static', INT, { durability: 'transient_local', depth: 2 });
    const b = bus.advertise('/tf_static', INT, { durability: 'transient_local', depth: 2 });
    const volatile = bus.advertise('/tf_static', INT);
    a.publish({ data: 1 });
    b.publish({ data: 2 });
    volatile.publish({ data: 99 });
    a.publish({ data: 3 });
    b.publish({ data: 4 });
    a.publish({ data: 5 });
    const first: number[] = [];
    bus.subscribe('/tf_static', INT, (m) => first.push(m.data), { durability: 'transient_local' });
    expect(first).toEqual([2, 3, 4, 5]);
    a.close();
    const second: number[] = [];
    bus.subscribe('/tf_static', INT, (m) => second.push(m.data), { durability: 'transient_local' });
    expect(second).toEqual([2, 4]);
  });

  it('a queued late joiner receives kept messages asynchronously, capped at its own depth', () => {
    const sched = manualScheduler();
    const bus = new Bus<Msgs>({ schedule: sched.schedule });
    const pub = bus.advertise('/latched', INT, { durability: 'transient_local', depth: 5 });
    for (let i = 1; i <= 5; i++) pub.publish({ data: i });
    const got: number[] = [];
    const sub = bus.subscribe('/latched', INT, (m) => got.push(m.data), { durability: 'transient_local', delivery: 'queued', depth: 2 });
    expect(got).toEqual([]);
    sched.run();
    expect(got).toEqual([4, 5]);
    expect(sub.droppedCount).toBe(3);
  });
});

describe('Bus queued delivery', () => {
  it('queues up to depth, drops the oldest and counts them, without calling back inside publish', () => {
    const sched = manualScheduler();
    const bus = new Bus<Msgs>({ schedule: sched.schedule });
    const pub = bus.advertise('/q', INT);
    const got: number[] = [];
    const sync: number[] = [];
    const sub = bus.subscribe('/q', INT, (m) => got.push(m.data), { delivery: 'queued', depth: 3 });
    bus.subscribe('/q', INT, (m) => sync.push(m.data));
    for (let i = 1; i <= 5; i++) pub.publish({ data: i });
    expect(got).toEqual([]);
    expect(sync).toEqual([1, 2, 3, 4, 5]);
    expect(sched.run()).toBe(1);
    expect(got).toEqual([3, 4, 5]);
    expect(sub.droppedCount).toBe(2);
    pub.publish({ data: 6 });
    sched.run();
    expect(got).toEqual([3, 4, 5, 6]);
    expect(sub.droppedCount).toBe(2);
  });

  it('drains on setImmediate by default', async () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/q', INT);
    const got: number[] = [];
    bus.subscribe('/q', INT, (m) => got.push(m.data), { delivery: 'queued' });
    pub.publish({ data: 1 });
    pub.publish({ data: 2 });
    await Promise.resolve();
    expect(got).toEqual([]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(got).toEqual([1, 2]);
  });

  it('a callback that republishes to its own topic is drained in a later turn, not recursively', () => {
    const sched = manualScheduler();
    const bus = new Bus<Msgs>({ schedule: sched.schedule });
    const pub = bus.advertise('/echo', INT);
    const got: number[] = [];
    bus.subscribe(
      '/echo',
      INT,
      (m) => {
        got.push(m.data);
        if (m.data < 3) pub.publish({ data: m.data + 1 });
      },
      { delivery: 'queued' },
    );
    pub.publish({ data: 1 });
    expect(sched.run()).toBe(3);
    expect(got).toEqual([1, 2, 3]);
  });

  it('unsubscribing discards what is queued', () => {
    const sched = manualScheduler();
    const bus = new Bus<Msgs>({ schedule: sched.schedule });
    const pub = bus.advertise('/q', INT);
    const got: number[] = [];
    const sub = bus.subscribe('/q', INT, (m) => got.push(m.data), { delivery: 'queued' });
    pub.publish({ data: 1 });
    sub.unsubscribe();
    sched.run();
    expect(got).toEqual([]);
  });

  it('a queued callback that unsubscribes itself stops the drain', () => {
    const sched = manualScheduler();
    const bus = new Bus<Msgs>({ schedule: sched.schedule });
    const pub = bus.advertise('/q', INT);
    const got: number[] = [];
    const sub = bus.subscribe(
      '/q',
      INT,
      (m) => {
        got.push(m.data);
        sub.unsubscribe();
      },
      { delivery: 'queued' },
    );
    pub.publish({ data: 1 });
    pub.publish({ data: 2 });
    sched.run();
    expect(got).toEqual([1]);
  });
});

describe('Bus isolates throwing subscribers', () => {
  it.each(['sync', 'queued'] as const)('%s: the publisher and other subscribers carry on; onError gets topic and error', (delivery) => {
    const sched = manualScheduler();
    const reported: [string, unknown][] = [];
    const bus = new Bus<Msgs>({ schedule: sched.schedule, onError: (topic, error) => reported.push([topic, error]) });
    const pub = bus.advertise('/t', INT);
    const boom = new Error('boom');
    const bad = bus.subscribe(
      '/t',
      INT,
      () => {
        throw boom;
      },
      { delivery },
    );
    const got: number[] = [];
    bus.subscribe('/t', INT, (m) => got.push(m.data));
    expect(() => {
      pub.publish({ data: 1 });
      pub.publish({ data: 2 });
    }).not.toThrow();
    sched.run();
    expect(got).toEqual([1, 2]);
    expect(bad.errorCount).toBe(2);
    expect(bus.errorCount).toBe(2);
    expect(reported).toEqual([
      ['/t', boom],
      ['/t', boom],
    ]);
  });

  it('a throwing onError hook or topic listener does not break anything', () => {
    const bus = new Bus<Msgs>({
      onError: () => {
        throw new Error('hook');
      },
    });
    bus.onTopicAdded(() => {
      throw new Error('listener');
    });
    const pub = bus.advertise('/t', INT);
    bus.subscribe('/t', INT, () => {
      throw new Error('cb');
    });
    expect(() => pub.publish({ data: 1 })).not.toThrow();
    expect(bus.errorCount).toBe(2);
  });

  it('works with no onError hook', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/t', INT);
    bus.subscribe('/t', INT, () => {
      throw new Error('cb');
    });
    expect(() => pub.publish({ data: 1 })).not.toThrow();
    expect(bus.errorCount).toBe(1);
  });
});

describe('Bus unsubscribe and subscribe during delivery', () => {
  it('a subscriber unsubscribed by an earlier one gets nothing more, not even the current message', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/t', INT);
    const got: string[] = [];
    bus.subscribe('/t', INT, (m) => {
      got.push(`a${m.data}`);
      second.unsubscribe();
    });
    const second = bus.subscribe('/t', INT, (m) => got.push(`b${m.data}`));
    bus.subscribe('/t', INT, (m) => got.push(`c${m.data}`));
    pub.publish({ data: 1 });
    pub.publish({ data: 2 });
    expect(got).toEqual(['a1', 'c1', 'a2', 'c2']);
    expect(second.active).toBe(false);
  });

  it('a subscriber may unsubscribe itself; the rest still get the message', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/t', INT);
    const got: string[] = [];
    const once = bus.subscribe('/t', INT, (m) => {
      got.push(`once${m.data}`);
      once.unsubscribe();
      once.unsubscribe();
    });
    bus.subscribe('/t', INT, (m) => got.push(`all${m.data}`));
    pub.publish({ data: 1 });
    pub.publish({ data: 2 });
    expect(got).toEqual(['once1', 'all1', 'all2']);
    expect(bus.topic('/t')?.subscribers).toBe(1);
  });

  it('a subscription made during delivery starts with the next message', () => {
    const bus = new Bus<Msgs>();
    const pub = bus.advertise('/t', INT);
    const got: string[] = [];
    let made = false;
    bus.subscribe('/t', INT, (m) => {
      got.push(`a${m.data}`);
      if (!made) {
        made = true;
        bus.subscribe('/t', INT, (n) => got.push(`late${n.data}`));
      }
    });
    pub.publish({ data: 1 });
    pub.publish({ data: 2 });
    expect(got).toEqual(['a1', 'a2', 'late2']);
  });
});

describe('Bus synchronous delivery (property)', () => {
  it('every subscriber receives every message published after it joined, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 6 }),
        (messages, joinAt) => {
          const bus = new Bus<Msgs>();
          const pub = bus.advertise('/p', INT);
          const received: number[][] = joinAt.map(() => []);
          messages.forEach((data, i) => {
            joinAt.forEach((at, s) => {
              if (at === i) bus.subscribe('/p', INT, (m) => received[s]?.push(m.data));
            });
            pub.publish({ data });
          });
          joinAt.forEach((at, s) => expect(received[s]).toEqual(messages.slice(at)));
        },
      ),
    );
  });
});
