import { describe, expect, it } from 'vitest';
import { isKindredError } from '../errors/index.js';
import { SimClock } from './SimClock.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('SimClock', () => {
  it('starts at the given time and moves only when told', () => {
    expect(new SimClock().now()).toBe(0n);
    const clock = new SimClock(5_000n);
    expect(clock.kind).toBe('sim');
    expect(clock.now()).toBe(5_000n);
    clock.advance(10n);
    clock.advanceTo(100_000n);
    clock.advance(0n);
    expect(clock.now()).toBe(100_000n);
  });

  it('fires timers in time order with now() at each due time', () => {
    const clock = new SimClock();
    const log: [string, bigint, bigint][] = [];
    for (const [name, delay] of [['c', 30n], ['a', 10n], ['b', 20n]] as const) {
      clock.setTimer(delay, (due) => log.push([name, due, clock.now()]), { oneShot: true });
    }
    clock.advance(25n);
    expect(log).toEqual([
      ['a', 10n, 10n],
      ['b', 20n, 20n],
    ]);
    expect(clock.now()).toBe(25n);
    clock.advance(100n);
    expect(log.map((e) => e[0])).toEqual(['a', 'b', 'c']);
  });

  it('breaks ties in creation order, periodic and one-shot alike', () => {
    const clock = new SimClock();
    const log: string[] = [];
    clock.setTimer(10n, () => log.push('p1'));
    clock.setTimer(20n, () => log.push('o2'), { oneShot: true });
    clock.setTimer(5n, () => log.push('p3'));
    clock.advance(20n);
    expect(log).toEqual(['p3', 'p1', 'p3', 'p3', 'p1', 'o2', 'p3']);
  });

  it('periodic timers do not drift over 1e5 periods advanced in uneven steps', () => {
    const clock = new SimClock(123n);
    const periodNs = 1_000_003n;
    let k = 0n;
    let wrong = 0;
    clock.setTimer(periodNs, (due) => {
      k++;
      if (due !== 123n + k * periodNs || clock.now() !== due) wrong++;
    });
    const end = 123n + 100_000n * periodNs;
    let step = 1n;
    while (clock.now() < end) {
      const target = clock.now() + step;
      clock.advanceTo(target < end ? target : end);
      step = (step * 7n + 13n) % 5_000_017n;
    }
    expect(k).toBe(100_000n);
    expect(wrong).toBe(0);
  });

  it('a timer cancelled inside its own callback fires no more; cancelling another stops it too', () => {
    const clock = new SimClock();
    let selfCount = 0;
    let otherCount = 0;
    const self = clock.setTimer(10n, () => {
      selfCount++;
      if (selfCount === 2) self.cancel();
    });
    const other = clock.setTimer(10n, () => otherCount++);
    clock.setTimer(25n, () => other.cancel(), { oneShot: true });
    clock.advance(100n);
    expect(selfCount).toBe(2);
    expect(otherCount).toBe(2);
    expect(self.active).toBe(false);
    expect(other.active).toBe(false);
    expect(clock.nextDueNs()).toBeUndefined();
  });

  it('a timer cancelled by an earlier callback due at the same time does not fire', () => {
    const clock = new SimClock();
    const log: string[] = [];
    clock.setTimer(10n, () => {
      log.push('first');
      second.cancel();
    }, { oneShot: true });
    const second = clock.setTimer(10n, () => log.push('second'), { oneShot: true });
    clock.advance(10n);
    expect(log).toEqual(['first']);
  });

  it('timers created by callbacks fire within the same advance when due in it', () => {
    const clock = new SimClock();
    const log: [string, bigint][] = [];
    clock.setTimer(
      10n,
      () => {
        log.push(['parent', clock.now()]);
        clock.setTimer(5n, () => log.push(['child', clock.now()]), { oneShot: true });
        clock.setTimer(0n, () => log.push(['immediate', clock.now()]), { oneShot: true });
        clock.setTimer(100n, () => log.push(['late', clock.now()]), { oneShot: true });
      },
      { oneShot: true },
    );
    clock.setTimer(12n, () => log.push(['other', clock.now()]), { oneShot: true });
    clock.advance(50n);
    expect(log).toEqual([
      ['parent', 10n],
      ['immediate', 10n],
      ['other', 12n],
      ['child', 15n],
    ]);
    expect(clock.nextDueNs()).toBe(110n);
  });

  it.each<[string, (c: SimClock) => void, string]>([
    ['advance by a negative amount', (c) => c.advance(-1n), 'advance by -1 ns; expected at least 0 ns (simulated time only moves forward)'],
    ['advanceTo the past', (c) => c.advanceTo(999n), 'advance to 999 ns, before now (1000 ns); simulated time only moves forward'],
  ])('%s throws CLOCK_BAD_TIME', (_label, act, message) => {
    const clock = new SimClock(1_000n);
    const error = thrown(() => act(clock));
    expect(isKindredError(error, 'CLOCK_BAD_TIME')).toBe(true);
    expect((error as Error).message).toBe(message);
    expect(clock.now()).toBe(1_000n);
  });

  it('a negative start time throws CLOCK_BAD_TIME', () => {
    expect(isKindredError(thrown(() => new SimClock(-1n)), 'CLOCK_BAD_TIME')).toBe(true);
  });

  it.each<[string, bigint, boolean, string]>([
    ['zero period', 0n, false, 'timer period is 0 ns; expected at least 1 ns'],
    ['negative period', -5n, false, 'timer period is -5 ns; expected at least 1 ns'],
    ['negative one-shot delay', -1n, true, 'one-shot delay is -1 ns; expected at least 0 ns'],
  ])('%s throws TIME_BAD_VALUE', (_label, periodNs, oneShot, message) => {
    const error = thrown(() => new SimClock().setTimer(periodNs, () => {}, { oneShot }));
    expect(isKindredError(error, 'TIME_BAD_VALUE')).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it('advancing from inside a timer callback throws CLOCK_REENTRANT out of advance', () => {
    const clock = new SimClock();
    clock.setTimer(10n, () => clock.advance(1n), { oneShot: true });
    const error = thrown(() => clock.advance(20n));
    expect(isKindredError(error, 'CLOCK_REENTRANT')).toBe(true);
    expect(clock.now()).toBe(10n);
    clock.advance(10n);
    expect(clock.now()).toBe(20n);
  });

  it('a throwing callback propagates with now() at its due time, and the periodic timer stays scheduled', () => {
    const clock = new SimClock();
    let calls = 0;
    clock.setTimer(10n, () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    });
    expect(() => clock.advance(35n)).toThrow('boom');
    expect(clock.now()).toBe(10n);
    clock.advanceTo(35n);
    expect(calls).toBe(3);
  });
});

describe('SimClock.sleep', () => {
  it('resolves once time is advanced past its end', async () => {
    const clock = new SimClock();
    let done = false;
    const sleeping = clock.sleep(100n).then(() => {
      done = true;
    });
    clock.advance(99n);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1n);
    await sleeping;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason when aborted first, and its timer is gone', async () => {
    const clock = new SimClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(100n, controller.signal);
    controller.abort(new Error('halted'));
    await expect(sleeping).rejects.toThrow('halted');
    expect(clock.nextDueNs()).toBeUndefined();
  });

  it('rejects at once for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new SimClock().sleep(1n, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an abort after the sleep finished changes nothing', async () => {
    const clock = new SimClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(5n, controller.signal);
    clock.advance(5n);
    await expect(sleeping).resolves.toBeUndefined();
    controller.abort();
  });

  it('rejects a negative duration with TIME_BAD_VALUE', async () => {
    await expect(new SimClock().sleep(-1n)).rejects.toMatchObject({ code: 'TIME_BAD_VALUE', message: 'sleep duration is -1 ns; expected at least 0 ns' });
  });
});
