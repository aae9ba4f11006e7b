import { describe, expect, it } from 'vitest';
import { WallClock } from './WallClock.js';

describe('WallClock', () => {
  it('is monotonic and near the Unix epoch time', () => {
    const clock = new WallClock();
    expect(clock.kind).toBe('wall');
    let previous = clock.now();
    let decreases = 0;
    for (let i = 0; i < 10_000; i++) {
      const t = clock.now();
      if (t < previous) decreases++;
      previous = t;
    }
    expect(decreases).toBe(0);
    // Same epoch as Date.now(), to within a generous minute (this is not a timing assertion).
    const diffMs = Number(clock.now() / 1_000_000n) - Date.now();
    expect(Math.abs(diffMs)).toBeLessThan(60_000);
  });

  it('two clocks share one epoch offset', () => {
    const a = new WallClock();
    const b = new WallClock();
    const ta = a.now();
    const tb = b.now();
    expect(tb >= ta).toBe(true);
  });

  it('a one-shot timer fires once, not before its due time', async () => {
    const clock = new WallClock();
    const created = clock.now();
    const fired = await new Promise<{ due: bigint; at: bigint }>((resolve) => {
      clock.setTimer(1_000_000n, (due) => resolve({ due, at: clock.now() }), { oneShot: true });
    });
    expect(fired.due >= created + 1_000_000n).toBe(true);
    expect(fired.at >= fired.due).toBe(true);
  });

  it('a periodic timer fires on the start + k·period grid and stops when cancelled in its callback', async () => {
    const clock = new WallClock();
    const dues: bigint[] = [];
    await new Promise<void>((resolve) => {
      const timer = clock.setTimer(1_000_000n, (due) => {
        dues.push(due);
        if (dues.length === 3) {
          timer.cancel();
          resolve();
        }
      });
    });
    const first = dues[0] ?? 0n;
    for (const due of dues) expect((due - first) % 1_000_000n).toBe(0n);
    expect(dues[2]! > dues[1]! && dues[1]! > first).toBe(true);
  });

  it('sleep resolves, and rejects with the abort reason when aborted', async () => {
    const clock = new WallClock();
    await expect(clock.sleep(0n)).resolves.toBeUndefined();
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000_000_000n, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    const pre = new AbortController();
    pre.abort();
    await expect(clock.sleep(1n, pre.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
