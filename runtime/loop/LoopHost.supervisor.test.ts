import { afterEach, describe, expect, it } from 'vitest';
import type { SafetyEvent } from '../../safety/log/SafetyEvent.js';
import { isKindredError } from '../errors/index.js';
import { silentLogger } from '../logging/index.js';
import type { LoopConfig } from './LoopConfig.js';
import { LoopHost } from './LoopHost.js';

/**
 * Two mock joints stand in for one knee read by two encoders (a joint encoder and a motor encoder):
 * both follow the same set-point, so they agree until one of them is sent elsewhere.
 */
const base: LoopConfig = {
  rateHz: 500,
  mode: 'lockstep',
  stallTimeoutMs: 100,
  spinUs: 50,
  hardware: [
    {
      type: 'mock',
      name: 'legs',
      joints: [
        { name: 'knee_left', command: ['position'], initialPositionRad: 0.2 },
        { name: 'knee_left_motor', command: ['position'], initialPositionRad: 0.2 },
      ],
    },
  ],
  controllers: [{ name: 'fwd', type: 'forward_command', joints: ['knee_left', 'knee_left_motor'], interface: 'position', params: {}, autostart: true }],
  supervisor: {
    plausibility: { redundant: [{ a: 'knee_left/position', b: 'knee_left_motor/position', tolerance: 0.05, cycles: 3 }] },
  },
};

let host: LoopHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

async function started(config: LoopConfig = base): Promise<{ host: LoopHost; events: { seq: number; event: SafetyEvent }[] }> {
  host = await LoopHost.start(config, silentLogger());
  const events: { seq: number; event: SafetyEvent }[] = [];
  host.onSafetyEvent((event, seq) => events.push({ seq, event }));
  return { host, events };
}

describe('LoopHost: the safety supervisor in the worker (mock hardware)', () => {
  it('redundant encoders that disagree (a synthetic pair) trip plausibility after the configured cycles: category 0 in that cycle', async () => {
    const { host: h, events } = await started();
    await h.step(20);
    h.setSetpoints({ 'knee_left_motor/position': 0.5 });
    const at = h.stats().cycles;
    await h.step(3);
    await settle();
    expect(events).toEqual([]);
    await h.step(1);
    await settle();
    const fault = events.find((e) => e.event.kind === 'fault')!.event;
    expect(fault).toMatchObject({ monitor: 'plausibility', subject: 'knee_left/position ↔ knee_left_motor/position', reaction: 'stop0', limit: { difference: 0.05 } });
    expect(fault.values!['difference']).toBeCloseTo(0.3, 9);
    // The joint moves in the write of cycle `at`; the monitors read the disagreement from cycle at + 1
    // on (they run before the controllers' update), and the third disagreeing cycle trips.
    expect(Number(fault.timeNs) / 2e6).toBe(at + 3);
    expect(h.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 0, heartbeatEnabled: false });
    expect(h.safetyState()).toBe('torque_off');
    expect(h.stats()).toMatchObject({ supervisor: 'protective_stop', driveHeartbeat: { enabled: false } });
    expect(h.safetyStatus().activeFaults).toMatchObject([{ code: 'SAFETY_REDUNDANT_MISMATCH', latched: true, causePresent: true }]);
  });

  it('software e-stop, authorised reset and the held controllers: nothing moves until the hold is released', async () => {
    const { host: h, events } = await started();
    await h.step(10);
    const status = await h.estop('tablet');
    expect(status).toMatchObject({ state: 'emergency_stop', stopCategory: 1, heartbeatEnabled: true });
    await h.step(100);
    expect(h.safetyStatus().heartbeatEnabled).toBe(false); // category 1 finished: torque off
    for (const [request, code] of [
      [{ source: 'bridge' }, 'SAFETY_RESET_UNAUTHORISED'],
      [{ source: 'tablet', role: 'patient' }, 'SAFETY_RESET_UNAUTHORISED'],
    ] as const) {
      const err = await h.safetyReset(request).catch((e: unknown) => e);
      expect(isKindredError(err) && err.code).toBe(code);
    }
    const ok = await h.safetyReset({ source: 'tablet', role: 'safety_tester', operator: 'QA' });
    expect(ok.cleared).toEqual(['estop_request:tablet']);
    expect(h.safetyStatus()).toMatchObject({ state: 'recovery', stopCategory: -1, heartbeatEnabled: true, velocityScale: 0.25 });
    const again = await h.safetyReset({ source: 'cli' }).catch((e: unknown) => e);
    expect(isKindredError(again) && again.code).toBe('SAFETY_RESET_NOT_STOPPED');
    // Held: a set-point does not move the knee until the behaviour releases the hold.
    h.setSetpoints({ 'knee_left/position': 0.6, 'knee_left_motor/position': 0.6 });
    await h.step(20);
    expect(h.latest().state[h.stateNames.indexOf('knee_left/position')]).toBeCloseTo(0.2, 12);
    await h.releaseHold();
    h.setSetpoints({ 'knee_left/position': 0.6, 'knee_left_motor/position': 0.6 });
    await h.step(5);
    expect(h.latest().state[h.stateNames.indexOf('knee_left/position')]).toBeCloseTo(0.6, 12);
    await h.step(1100);
    expect(h.safetyStatus().state).toBe('normal');
    await settle();
    expect(events.map((e) => `${e.event.kind}:${e.event.monitor}:${e.event.subject ?? ''}`)).toEqual([
      'fault:estop_request:tablet',
      'state:supervisor:emergency_stop',
      'cleared:estop_request:tablet',
      'reset_refused:reset:',
      'reset_refused:reset:patient',
      'reset:reset:safety_tester',
      'state:supervisor:recovery',
      'reset_refused:reset:',
      'state:supervisor:normal',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('with requireLoggedEvents a reset waits for the safety log; useSafetyLog acknowledges each event once appended', async () => {
    const appended: SafetyEvent[] = [];
    let failing = true;
    const { host: h } = await started({ ...base, supervisor: { ...base.supervisor, reset: { requireLoggedEvents: true } } });
    h.useSafetyLog(async (e) => {
      if (failing) throw new Error('disk full');
      appended.push(e);
    });
    await h.requestStop(2, 0.2, 'api');
    await h.step(200);
    const refused = await h.safetyReset({ source: 'cli' }).catch((e: unknown) => e);
    expect(isKindredError(refused) && refused.code).toBe('SAFETY_RESET_LOG_PENDING');
    expect(h.safetyStatus().loggedSeq).toBe(0);
    failing = false;
    // The log works again: the reset first appends what is missing, oldest first, and is then accepted.
    await h.safetyReset({ source: 'cli' });
    expect(appended.map((e) => `${e.kind}:${e.monitor}`)).toEqual([
      'fault:stop_request',
      'state:supervisor',
      'cleared:stop_request',
      'reset_refused:reset',
      'reset:reset',
      'state:supervisor',
    ]);
    expect(h.safetyStatus().loggedSeq).toBe(6);
  });

  it('requestStop keeps the category and stopping-time checks (SAFETY_STOP_INVALID), and a velocity override combines with the supervisor', async () => {
    const { host: h } = await started();
    await expect(h.requestStop(3 as 2, 0.3)).rejects.toMatchObject({ code: 'SAFETY_STOP_INVALID' });
    await expect(h.requestStop(1, 0)).rejects.toMatchObject({ code: 'SAFETY_STOP_INVALID', context: { value: 0 } });
    expect(h.safetyStatus().state).toBe('normal');
    await h.setVelocityScale(0.5);
    expect(h.safetyStatus().velocityScale).toBe(0.5);
    const r = await h.requestStop(2, 0.3, 'bridge');
    expect(r.stopCategory).toBe(2);
    await h.step(200);
    await h.safetyReset({ source: 'cli' });
    expect(h.safetyStatus().velocityScale).toBe(0.25); // recovery is slower than the override
    await h.step(1001);
    expect(h.safetyStatus().velocityScale).toBe(0.5);
  });

  it.each([
    ['an unknown monitor key', { ...base, supervisor: { tracking: {} } }, 'SAFETY_SUPERVISOR_CONFIG_INVALID', 'supervisor.tracking'],
    ['an interface the hardware lacks', { ...base, supervisor: { estop: { inputs: ['estop/pressed'] } } }, 'SAFETY_MONITOR_INTERFACE_UNKNOWN', 'supervisor.estop.inputs.0'],
  ])('rejects %s before starting anything', async (_label, config, code, field) => {
    const err = await LoopHost.start(config as LoopConfig, silentLogger()).catch((e: unknown) => e);
    expect(isKindredError(err)).toBe(true);
    expect(err).toMatchObject({ code, context: { field } });
  });

  it('realtime: a main-thread stall is a command-watchdog fault with its configured reaction (category 2), and heartbeats keep the count', async () => {
    const { host: h, events } = await started({ ...base, mode: 'realtime', supervisor: { commandWatchdog: { reaction: 'stop2' } } });
    await settle();
    const hb = h.safetyStatus().heartbeatCount;
    expect(hb).toBeGreaterThan(0);
    const until = performance.now() + 300;
    while (performance.now() < until) {
      // a stand-in for a stuck perception step
    }
    // (The drive heartbeat is not asserted here: on a loaded machine the worker may miss cycles, which pauses it by design.)
    expect(h.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 2 });
    await settle();
    // (A loaded machine may add loop-timing warnings; the stall is the fault that stopped.)
    expect(events.find((e) => e.event.kind === 'fault' && e.event.monitor === 'command_watchdog')?.event).toMatchObject({ monitor: 'command_watchdog', subject: 'main_thread', reaction: 'stop2', limit: { silentS: 0.1 } });
    await expect(h.releaseHold()).rejects.toMatchObject({ code: 'SAFETY_STOPPED' });
    // Once the heartbeat has been back for the clear delay the reset is accepted (retried: on a loaded
    // machine this thread's own 10 ms heartbeat timer may itself run late).
    let accepted = false;
    for (let attempt = 0; attempt < 20 && !accepted; attempt++) {
      await new Promise((r) => setTimeout(r, 150));
      accepted = await h.safetyReset({ source: 'cli' }).then(
        () => true,
        (e: unknown) => {
          if (!isKindredError(e) || (e.code !== 'SAFETY_RESET_CAUSE_PERSISTS' && e.code !== 'SAFETY_RESET_STOP_IN_PROGRESS')) throw e;
          return false;
        },
      );
    }
    expect(accepted).toBe(true);
    await h.releaseHold();
    expect(h.status).toBe('running');
  });
});
