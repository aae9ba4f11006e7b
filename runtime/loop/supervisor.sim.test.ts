/**
 * The safety supervisor in the real-time worker with the MuJoCo simulator as hardware (lock-step), on
 * the three shipped robots with their supervisor defaults: a nominal run raises nothing; faults injected
 * through the simulator's own hooks (sensor offset, freeze, NaN, e-stop button, a person moved in its
 * ground truth) trip the right monitor in the cycle that reads them and stop in that same cycle; resets
 * are refused while the cause persists and from unauthorised sources, accepted after, and every event is
 * in the durable safety log before a reset clears it.
 *
 * The simulator is loaded the way the worker loads any hardware plugin: by module URL (the runtime core
 * never imports sim/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyEvent } from '../../safety/log/SafetyEvent.js';
import { SafetyLog } from '../../safety/log/SafetyLog.js';
import { supervisorDefaults, type SupervisorConfigInput } from '../../safety/supervisor/index.js';
import { shippedRobots, type ShippedRobotName } from '../../urdf/index.js';
import type { ControllerSpec } from '../control/index.js';
import { isKindredError } from '../errors/index.js';
import { silentLogger } from '../logging/index.js';
import type { LoopConfig } from './LoopConfig.js';
import { LoopHost } from './LoopHost.js';

const SIM_PLUGIN = new URL('../../sim/plugin.ts', import.meta.url).href;
const RATE_HZ = 500;
const PERIOD_NS = 1e9 / RATE_HZ;

function simLoop(scene: string, robot: ShippedRobotName, supervisor: SupervisorConfigInput, controllers: ControllerSpec[]): LoopConfig {
  return {
    rateHz: RATE_HZ,
    mode: 'lockstep',
    stallTimeoutMs: 200,
    spinUs: 50,
    hardware: [{ type: 'plugin', name: 'sim', module: SIM_PLUGIN, config: { scene, seed: 3, rateHz: RATE_HZ } }],
    controllers,
    safety: { base: { type: 'description', file: shippedRobots[robot] }, layers: [] },
    supervisor,
  };
}

const position = (name: string, joints: string[]): ControllerSpec => ({ name, type: 'forward_command', joints, interface: 'position', params: {}, autostart: true });
const velocity = (name: string, joints: string[]): ControllerSpec => ({ name, type: 'forward_command', joints, interface: 'velocity', params: {}, autostart: true });

/** A started loop with its safety log and every safety event it raised. */
interface Rig {
  host: LoopHost;
  log: SafetyLog;
  dir: string;
  events: { seq: number; event: SafetyEvent }[];
}

async function startRig(config: LoopConfig): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-supervisor-sim-'));
  const log = SafetyLog.open(dir);
  const host = await LoopHost.start(config, silentLogger());
  const rig: Rig = { host, log, dir, events: [] };
  host.onSafetyEvent((event, seq) => rig.events.push({ seq, event }));
  host.useSafetyLog(async (e) => log.append(e));
  return rig;
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  if (rig === undefined) return;
  await rig.host.stop();
  rig.log.close();
  rmSync(rig.dir, { recursive: true, force: true });
}

/** Let the worker's messages arrive (they are posted before the step completes). */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

/** Step one cycle at a time until a fault with `code` has arrived; returns the cycle index it was raised in. */
async function stepUntilFault(rig: Rig, code: string, maxCycles: number): Promise<{ cycle: number; event: SafetyEvent }> {
  const from = rig.events.length;
  for (let k = 0; k < maxCycles; k++) {
    await rig.host.step(1);
    await settle();
    const hit = rig.events.slice(from).find((e) => e.event.kind === 'fault' && e.event.message?.en.startsWith(code));
    if (hit !== undefined) return { cycle: Number(hit.event.timeNs) / PERIOD_NS, event: hit.event };
  }
  throw new Error(`no ${code} within ${maxCycles} cycles; events: ${rig.events.map((e) => e.event.message?.en).join(' | ')}`);
}

async function expectResetRefused(rig: Rig, request: { source: string; role?: string }, code: string): Promise<void> {
  const err = await rig.host.safetyReset(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKindredError(err), `reset from ${request.source} should be refused with ${code}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
}

/** Clear a simulator fault, wait out the clear delay, reset from the tablet as a therapist. */
async function clearAndReset(rig: Rig, faultId?: string): Promise<void> {
  if (faultId !== undefined) await rig.host.hardwareCommand('sim', { op: 'clearFault', id: faultId });
  await rig.host.step(300); // longer than the clear delay and any category 1 deceleration
  await rig.host.safetyReset({ source: 'tablet', role: 'therapist', operator: 'test therapist' });
  await rig.host.step(10);
}

const faultsRaised = (rig: Rig) => rig.events.filter((e) => e.event.kind === 'fault');

describe('safety supervisor with the simulated exoskeleton (exo_standing)', () => {
  let rig: Rig | undefined;
  beforeAll(async () => {
    const legs = ['hip_flexion_left', 'hip_abduction_left', 'knee_left', 'ankle_left', 'hip_flexion_right', 'hip_abduction_right', 'knee_right', 'ankle_right'];
    rig = await startRig(simLoop('exo_standing', 'kindred_exo', supervisorDefaults('exo'), [position('legs', legs)]));
  });
  afterAll(() => stopRig(rig));

  it('a nominal second raises nothing, feeds the drive-watchdog heartbeat every cycle', async () => {
    const r = rig!;
    const hb0 = r.host.safetyStatus().heartbeatCount;
    await r.host.step(500);
    await settle();
    expect(r.events.map((e) => e.event.message?.en)).toEqual([]);
    expect(r.host.safetyStatus()).toMatchObject({ state: 'normal', stopCategory: -1, velocityScale: 1, heartbeatEnabled: true, activeFaults: [] });
    expect(r.host.safetyStatus().heartbeatCount - hb0).toBe(500);
  });

  it('an F/T offset on a thigh cuff beyond the frail-elderly transient limit: category 0 in the cycle that reads it; reset refused until it is gone', async () => {
    const r = rig!;
    const at = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'ft', target: 'state', name: 'thigh_cuff_left_ft/force.z', kind: 'offset', value: 400 });
    const { cycle, event } = await stepUntilFault(r, 'SAFETY_FORCE_TRANSIENT', 3);
    expect(cycle).toBe(at);
    expect(event).toMatchObject({ monitor: 'interaction_force', subject: 'thigh_knee (thigh_cuff_left_ft)', reaction: 'stop0', limit: { forceN: 220 } });
    expect(event.values!['forceN']).toBeGreaterThan(390);
    // Stopped in that same cycle: torque removed before the write, drives disabled, heartbeat stopped.
    expect(r.host.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 0, heartbeatEnabled: false });
    const status = (await r.host.hardwareCommand('sim', { op: 'status' })) as { drives: { enabled: boolean }[] };
    expect(status.drives.every((d) => !d.enabled)).toBe(true);
    expect(r.events.find((e) => e.event.kind === 'state')!.event.timeNs).toBe(event.timeNs);

    await r.host.step(100);
    await expectResetRefused(r, { source: 'tablet', role: 'therapist' }, 'SAFETY_RESET_CAUSE_PERSISTS');
    await r.host.hardwareCommand('sim', { op: 'clearFault', id: 'ft' });
    await r.host.step(100);
    await expectResetRefused(r, { source: 'api' }, 'SAFETY_RESET_UNAUTHORISED');
    await expectResetRefused(r, { source: 'tablet', role: 'visitor' }, 'SAFETY_RESET_UNAUTHORISED');
    const ok = await r.host.safetyReset({ source: 'tablet', role: 'therapist', operator: 'test therapist' });
    expect(ok.cleared).toEqual(['interaction_force:thigh_knee (thigh_cuff_left_ft)']);
    expect(r.host.safetyStatus()).toMatchObject({ state: 'recovery', stopCategory: -1, heartbeatEnabled: true, velocityScale: 0.25 });
    // Every event is in the durable log, the reset included (safetyReset settles after appending it).
    const logged = r.log.read().map((rec) => rec.kind);
    expect(logged).toEqual(r.events.map((e) => e.event.kind));
    expect(logged).toContain('reset');
    expect(r.log.verify().ok).toBe(true);
  });

  it('a frozen F/T channel is stale 50 ms after its last change (category 1)', async () => {
    const r = rig!;
    await r.host.step(1100); // recovery over
    const before = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'freeze', target: 'state', name: 'shank_cuff_left_ft/force.x', kind: 'freeze' });
    const { cycle, event } = await stepUntilFault(r, 'SAFETY_SENSOR_STALE', 40);
    // The last change was read in the cycle before the freeze: stale once more than 25 cycles (50 ms) old.
    expect(cycle).toBe(before - 1 + 26);
    expect(event).toMatchObject({ subject: 'shank_cuff_left_ft/force.x', reaction: 'stop1', limit: { ageS: 0.05 } });
    expect(r.host.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 1 });
    expect(r.host.gateCounters().some((c) => c.limited.stop > 0)).toBe(true);
    await clearAndReset(r, 'freeze');
    expect(r.host.safetyStatus().state).toBe('recovery');
  });

  it('NaN in a joint velocity: category 0 in the cycle that reads it', async () => {
    const r = rig!;
    const at = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'nan', target: 'state', name: 'knee_left/velocity', kind: 'nan' });
    const { cycle, event } = await stepUntilFault(r, 'SAFETY_NONFINITE', 3);
    expect(cycle).toBe(at);
    expect(event.values).toEqual({ value: Number.NaN });
    expect(r.host.safetyStatus().stopCategory).toBe(0);
    await clearAndReset(r, 'nan');
  });

  it('the hardware e-stop button: emergency stop (category 1) in the cycle that reads it; reset refused while pressed', async () => {
    const r = rig!;
    const at = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'estopButton', pressed: true });
    const { cycle } = await stepUntilFault(r, 'SAFETY_ESTOP_BUTTON', 3);
    expect(cycle).toBe(at);
    expect(r.host.safetyStatus()).toMatchObject({ state: 'emergency_stop', stopCategory: 1 });
    await r.host.step(300);
    expect(r.host.safetyState()).toBe('torque_off');
    expect(r.host.safetyStatus().heartbeatEnabled).toBe(false);
    await expectResetRefused(r, { source: 'cli' }, 'SAFETY_RESET_CAUSE_PERSISTS');
    await r.host.hardwareCommand('sim', { op: 'estopButton', pressed: false });
    await clearAndReset(r);
    expect(r.host.safetyStatus().state).toBe('recovery');
  });

  it('a software e-stop (voice "停") is in force before the next cycle; releasing the hold is refused until reset', async () => {
    const r = rig!;
    const status = await r.host.estop('voice');
    expect(status).toMatchObject({ state: 'emergency_stop', stopCategory: 1 });
    await expect(r.host.releaseHold()).rejects.toMatchObject({ code: 'SAFETY_STOPPED' });
    await clearAndReset(r);
    expect(faultsRaised(r).at(-1)!.event).toMatchObject({ monitor: 'estop_request', subject: 'voice' });
  });

  it('a stuck knee under a position command: tracking error, category 1', async () => {
    const r = rig!;
    await r.host.step(1100);
    await r.host.releaseHold();
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'stuck', target: 'actuator', name: 'knee_left', kind: 'stuck' });
    const knee = r.host.latest().state[r.host.stateNames.indexOf('knee_left/position')]!;
    r.host.setSetpoints({ 'knee_left/position': knee + 0.6 });
    const { event } = await stepUntilFault(r, 'SAFETY_TRACKING_ERROR', 400);
    // The exo's tolerance (supervisorDefaults): 0.2 rad sustained for 50 cycles.
    expect(event).toMatchObject({ subject: 'knee_left/position', reaction: 'stop1', limit: { positionErrorRad: 0.2 } });
    expect(event.values!['positionErrorRad']).toBeGreaterThan(0.2);
    expect(r.events.find((e) => e.event.kind === 'state' && e.event.timeNs === event.timeNs)).toBeDefined();
    await clearAndReset(r, 'stuck');
    // Every event so far is in the log, in order, with its chain intact.
    await settle();
    expect(r.log.read().map((rec) => `${rec.kind}:${rec.monitor}`)).toEqual(r.events.map((e) => `${e.event.kind}:${e.event.monitor}`));
    expect(r.log.verify().ok).toBe(true);
  });
});

describe('safety supervisor with the simulated transfer robot (transfer_bed)', () => {
  let rig: Rig | undefined;
  beforeAll(async () => {
    const arms = ['torso_lift', 'shoulder_pitch_left', 'shoulder_roll_left', 'shoulder_yaw_left', 'elbow_left', 'wrist_yaw_left', 'wrist_pitch_left'];
    const armsRight = ['shoulder_pitch_right', 'shoulder_roll_right', 'shoulder_yaw_right', 'elbow_right', 'wrist_yaw_right', 'wrist_pitch_right'];
    const wheels = ['wheel_front_left_joint', 'wheel_front_right_joint', 'wheel_rear_left_joint', 'wheel_rear_right_joint'];
    rig = await startRig(simLoop('transfer_bed', 'kindred_transfer', supervisorDefaults('transfer'), [position('arms', [...arms, ...armsRight]), velocity('base', wheels)]));
  });
  afterAll(() => stopRig(rig));

  it('a nominal second raises nothing', async () => {
    const r = rig!;
    await r.host.step(500);
    await settle();
    expect(r.events.map((e) => e.event.message?.en)).toEqual([]);
    expect(r.host.safetyStatus().state).toBe('normal');
  });

  it("a contact force on the patient's chest beyond the frail-elderly transient limit: category 0 in the cycle that reads it", async () => {
    const r = rig!;
    const at = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'chest', target: 'state', name: 'patient_chest/contact_force', kind: 'offset', value: 200 });
    const { cycle, event } = await stepUntilFault(r, 'SAFETY_FORCE_TRANSIENT', 3);
    expect(cycle).toBe(at);
    expect(event).toMatchObject({ subject: 'chest (patient_chest/contact_force)', limit: { forceN: 140 }, reaction: 'stop0' });
    expect(r.host.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 0, heartbeatEnabled: false });
    await clearAndReset(r, 'chest');
    expect(r.host.safetyStatus().state).toBe('recovery');
  });
});

describe('safety supervisor with the simulated companion robot (companion_home)', () => {
  let rig: Rig | undefined;
  beforeAll(async () => {
    const upper = ['head_pan', 'head_tilt', 'shoulder_pitch_left', 'shoulder_roll_left', 'elbow_left', 'shoulder_pitch_right', 'shoulder_roll_right', 'elbow_right'];
    // The simulator's ground truth is in the world frame; the robot base stands at the living room's start pose.
    const supervisor = supervisorDefaults('companion', { baseXM: -0.6, baseYM: -0.9 });
    rig = await startRig(simLoop('companion_home', 'kindred_companion', supervisor, [position('upper', upper), velocity('base', ['wheel_left_joint', 'wheel_right_joint'])]));
  });
  afterAll(() => stopRig(rig));

  it('a nominal second raises nothing (the person is 1.8 m away)', async () => {
    const r = rig!;
    await r.host.step(500);
    await settle();
    expect(r.events.map((e) => e.event.message?.en)).toEqual([]);
    expect(r.host.safetyStatus().state).toBe('normal');
  });

  it('the person within the warning distance: reduced speed in the cycle that reads it, normal again once away', async () => {
    const r = rig!;
    const at = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'near', target: 'state', name: 'person/x', kind: 'offset', value: -0.35 });
    const { cycle, event } = await stepUntilFault(r, 'SAFETY_SEPARATION_WARNING', 3);
    expect(cycle).toBe(at);
    expect(event.reaction).toBe('reduced_speed');
    expect(r.host.safetyStatus()).toMatchObject({ state: 'reduced_speed', velocityScale: 0.3, stopCategory: -1 });
    await r.host.hardwareCommand('sim', { op: 'clearFault', id: 'near' });
    await r.host.step(100);
    expect(r.host.safetyStatus()).toMatchObject({ state: 'normal', velocityScale: 1 });
  });

  it('the person inside the protective separation distance: category 2 stop in the cycle that reads it, reset after', async () => {
    const r = rig!;
    const at = r.host.stats().cycles;
    await r.host.hardwareCommand('sim', { op: 'fault', id: 'close', target: 'state', name: 'person/x', kind: 'offset', value: -1.4 });
    const { cycle, event } = await stepUntilFault(r, 'SAFETY_SEPARATION_PROTECTIVE', 3);
    expect(cycle).toBe(at);
    expect(event.values!['separationM']).toBeLessThan(event.limit!['separationM']!);
    expect(r.host.safetyStatus()).toMatchObject({ state: 'protective_stop', stopCategory: 2, heartbeatEnabled: true });
    await r.host.step(200);
    await expectResetRefused(r, { source: 'tablet', role: 'caregiver' }, 'SAFETY_RESET_CAUSE_PERSISTS');
    await clearAndReset(r, 'close');
    expect(r.host.safetyStatus().state).toBe('recovery');
  });
});
