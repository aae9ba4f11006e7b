import { afterEach, describe, expect, it } from 'vitest';
import type { SafetyEvent } from '../../safety/log/SafetyEvent.js';
import { silentLogger } from '../logging/index.js';
import type { LoopConfig } from './LoopConfig.js';
import { LoopHost } from './LoopHost.js';

/**
 * Compute faults injected into a lock-step loop (the scenario runner's `compute.*` faults): the loop's
 * timing is virtual there, so an overrun, a worker stall or a main-thread stall is modelled on its
 * clock — and the loop_timing and command_watchdog monitors must see each exactly as they would see
 * the real thing.
 */
const base: LoopConfig = {
  rateHz: 500,
  mode: 'lockstep',
  stallTimeoutMs: 100,
  spinUs: 50,
  hardware: [{ type: 'mock', name: 'legs', joints: [{ name: 'knee_left', command: ['position'], initialPositionRad: 0.2 }] }],
  controllers: [{ name: 'fwd', type: 'forward_command', joints: ['knee_left'], interface: 'position', params: {}, autostart: true }],
  supervisor: { commandWatchdog: { reaction: 'stop2' }, loopOverrun: { maxOverruns: 10, windowS: 1, reaction: 'stop2', missedCyclesReaction: 'warn' } },
};

let host: LoopHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

async function started(config: LoopConfig = base): Promise<{ host: LoopHost; events: SafetyEvent[] }> {
  host = await LoopHost.start(config, silentLogger());
  const events: SafetyEvent[] = [];
  host.onSafetyEvent((event) => events.push(event));
  return { host, events };
}

const faults = (events: SafetyEvent[]) => events.filter((e) => e.kind === 'fault').map((e) => e.message!.en.split(/[ :]/)[0]);

describe('LoopHost: timing faults in lock-step', () => {
  it('an overrun of 3 ms per cycle at 500 Hz (2 ms period): lateness accumulates into skipped deadlines as in real time; loop_timing trips past 10 overruns per second', async () => {
    const { host: h, events } = await started();
    await h.step(50);
    await h.injectTimingFault('overrun', 3, 20);
    await h.step(8);
    await settle();
    // Ends 1, 2 (skip 1, 0 late), 1, 2 (skip 1) … ms past the next deadline: 8 overruns, 4 skipped deadlines.
    expect(h.stats()).toMatchObject({ overruns: 8, missedCycles: 4 });
    expect(faults(events)).not.toContain('SAFETY_LOOP_OVERRUN');
    await h.step(32);
    await settle();
    expect(h.stats()).toMatchObject({ overruns: 20, missedCycles: 10 });
    expect(faults(events)).toContain('SAFETY_LOOP_OVERRUN');
    // The clock skipped the missed deadlines: 90 cycles run, 100 periods of loop time passed.
    expect(h.latest().timeS).toBeCloseTo(99 * 0.002, 9);
  });

  it('a 50 ms worker stall: the clock jumps 25 periods, 24 deadlines are missed, the missed-cycles fault is raised', async () => {
    const { host: h, events } = await started();
    await h.step(10);
    await h.injectTimingFault('stall', 50);
    await h.step(2);
    await settle();
    expect(h.stats()).toMatchObject({ overruns: 1, missedCycles: 24 });
    expect(h.latest().timeS).toBeCloseTo((11 + 24) * 0.002, 9);
    expect(faults(events)).toContain('SAFETY_LOOP_MISSED_CYCLES');
  });

  it('a 300 ms main-thread stall: held after the 100 ms timeout, command watchdog stops the robot; nothing before the timeout', async () => {
    const { host: h, events } = await started();
    await h.step(10);
    await h.injectTimingFault('main_stall', 300);
    await h.step(50); // 100 ms: silent but not past the timeout
    await settle();
    expect(faults(events)).toEqual([]);
    expect(h.status).toBe('running');
    await h.step(2);
    await settle();
    expect(faults(events)).toEqual(['SAFETY_COMMAND_STALE']);
    expect(h.status).toBe('holding');
    expect(h.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 2 });
  });

  it('refuses a timing fault on a real-time loop and values out of range, injecting nothing', async () => {
    const { host: h } = await started();
    await expect(h.injectTimingFault('stall', 0)).rejects.toMatchObject({ code: 'LOOP_TIMING_FAULT_INVALID' });
    await expect(h.injectTimingFault('overrun', 3, 0.5)).rejects.toMatchObject({ code: 'LOOP_TIMING_FAULT_INVALID', context: { field: 'cycles' } });
    await h.step(20);
    expect(h.stats()).toMatchObject({ overruns: 0, missedCycles: 0 });
    await h.stop();
    host = await LoopHost.start({ ...base, mode: 'realtime' }, silentLogger());
    await expect(host.injectTimingFault('stall', 10)).rejects.toMatchObject({ code: 'LOOP_TIMING_FAULT_INVALID', context: { field: 'mode' } });
  });
});
