// The transfer against the real simulated transfer robot and bed patient, in lock-step: Kindred
// started in-process on the transfer's own launch file (headless), simulated speech, the patient's
// per-region contact forces published from the simulator's state as Kindred will publish them, and
// the people's side delivered on /intents at simulated times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLaunchFile, type ValidatedLaunch } from '../../launch/index.js';
import { headlessLaunch } from '../../runtime/cli/headlessSession.js';
import { Kindred } from '../../runtime/cli/Kindred.js';
import { silentLogger } from '../../runtime/logging/index.js';
import { kindred_msgs, nsFromStamp, stampFromNs } from '../../runtime/msgs/index.js';
import { sFromNs, type SimClock } from '../../runtime/time/index.js';
import { BehaviorRunner, hostFromKindredParts, SimSpeech, statePath, type BehaviorResult, type DisposableBehaviorHost } from '../runtime/index.js';
import type { ScriptedInput } from '../ShippedBehavior.js';
import { DEMO_TRANSFER_INPUT, demoTransferScript } from './demoTransfer.js';
import { patientContactMessage, PATIENT_CONTACT_TOPIC, transferBehavior, TRANSFER_LAUNCH_FILE, TRANSFER_STATUS_TOPIC, type TransferRecord } from './index.js';
import { parseTransferInput, type TransferInput } from './transferInput.js';

const SAFETY = kindred_msgs.SafetyState_Constants;


let kindred: Kindred;
let host: DisposableBehaviorHost;
let speech: SimSpeech;
let contactTimer: { cancel(): void };
let launch: ValidatedLaunch;
const cleanup: (() => void)[] = [];

/** Everything a run saw on the bus, in order. */
interface Observed {
  readonly torso: { readonly tS: number; readonly position: number; readonly state: string }[];
  readonly armCommands: number;
  readonly safetyStates: number[];
  readonly transferStatus: kindred_msgs.TransferStatus[];
  readonly states: string[];
}

interface RunOutcome {
  readonly result: BehaviorResult;
  readonly record: TransferRecord;
  readonly observed: Observed;
}

/**
 * Run the transfer once on the shared Kindred: the script's intents at their times (from the start
 * of the run), `onState` called on every change of the behaviour's state (to answer as a person
 * would when asked), everything observed recorded.
 */
async function runTransfer(input: TransferInput, script: readonly ScriptedInput[], onState?: (state: string, say: (name: string, role: 'patient' | 'caregiver') => void) => void): Promise<RunOutcome> {
  const clock = kindred.clock as SimClock;
  const startNs = clock.now();
  const intents = kindred.bus.advertise('/intents', 'kindred_msgs/msg/Intent');
  const say = (name: string, role: 'patient' | 'caregiver'): void =>
    intents.publish({ header: { stamp: stampFromNs(clock.now()), frame_id: '' }, name, text: name, language: 'zh', confidence: 1, role, source: 'cli' });
  const observed = { torso: [] as Observed['torso'][number][], armCommands: 0, safetyStates: [] as number[], transferStatus: [] as kindred_msgs.TransferStatus[], states: [] as string[] };
  let runner: BehaviorRunner | undefined;
  const subs = [
    kindred.bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => {
      const i = m.name.indexOf('torso_lift');
      if (i >= 0) observed.torso.push({ tS: sFromNs(nsFromStamp(m.header.stamp) - startNs), position: m.position[i]!, state: runner === undefined ? '' : statePath(runner.snapshot().value) });
    }),
    kindred.bus.subscribe('/arms_position/commands', 'std_msgs/msg/Float64MultiArray', () => observed.armCommands++),
    kindred.bus.subscribe('/safety/state', 'kindred_msgs/msg/SafetyState', (m) => observed.safetyStates.push(m.state), { durability: 'transient_local' }),
    kindred.bus.subscribe(TRANSFER_STATUS_TOPIC, 'kindred_msgs/msg/TransferStatus', (m) => observed.transferStatus.push(m), { durability: 'transient_local' }),
    kindred.bus.subscribe('/behavior/status', 'kindred_msgs/msg/BehaviorStatus', (m) => {
      if (observed.states.at(-1) === m.state) return;
      observed.states.push(m.state);
      onState?.(m.state, say);
    }),
  ];
  const timers = script.map((s) =>
    clock.setTimer(
      BigInt(Math.round(s.atS * 1e9)),
      () => {
        if ('intent' in s) say(s.intent.name, s.intent.role === 'patient' ? 'patient' : 'caregiver');
      },
      { oneShot: true },
    ),
  );
  try {
    runner = BehaviorRunner.start(transferBehavior.definition, { host, input, actors: transferBehavior.actors!(host) });
    const timeout = new Promise<'timeout'>((resolve) => timers.push(clock.setTimer(120_000_000_000n, () => resolve('timeout'), { oneShot: true })));
    const outcome = await Promise.race([runner.done(), timeout]);
    if (outcome === 'timeout') {
      const c = runner.snapshot().context as { steps: unknown; anomalies: unknown };
      console.log('TIMEOUT', JSON.stringify({ history: runner.history().map((h) => h.type), steps: c.steps, anomalies: c.anomalies }).slice(0, 6000));
    }
    const result = outcome === 'timeout' ? await runner.stop() : outcome;
    return { result, record: transferBehavior.record!(result.output) as TransferRecord, observed };
  } finally {
    for (const t of timers) t.cancel();
    for (const s of subs) s.unsubscribe();
    intents.close();
    await runner?.stop();
  }
}

beforeAll(async () => {
  launch = headlessLaunch(loadLaunchFile(TRANSFER_LAUNCH_FILE));
  const logger = silentLogger();
  kindred = await Kindred.start(launch, { logger });
  host = hostFromKindredParts({ bus: kindred.bus, clock: kindred.clock, logger, loop: kindred.loop, controllers: launch.controllers });
  speech = new SimSpeech({ bus: kindred.bus, clock: kindred.clock, logger });
  speech.start();
  // The bed patient's ground truth where Kindred will publish it (the lead wires this into Kindred).
  const contact = kindred.bus.advertise(PATIENT_CONTACT_TOPIC, 'kindred_msgs/msg/PatientContact');
  contactTimer = kindred.clock.setTimer(50_000_000n, (now) => {
    const m = patientContactMessage(kindred.loop.stateNames, kindred.loop.latest().state, now);
    if (m !== undefined) contact.publish(m);
  });
  cleanup.push(() => contact.close());
}, 60_000);

afterAll(async () => {
  contactTimer?.cancel();
  for (const c of cleanup) c();
  speech?.stop();
  host?.dispose();
  await kindred?.stop();
});

/** Let `s` seconds of simulated time pass. */
function simSeconds(s: number): Promise<void> {
  return new Promise((resolve) => kindred.clock.setTimer(BigInt(Math.round(s * 1e9)), () => resolve(), { oneShot: true }));
}

const torsoNow = (): number => kindred.loop.latest().state[kindred.loop.stateNames.indexOf('torso_lift/position')]!;

describe('transfer in the simulated transfer_bed scene (lock-step)', () => {
  it('the demo transfer (supervised) completes: every precondition met, each moving step confirmed, three checked lift stages, robot parked again, no safety stop', async () => {
    const input = parseTransferInput(DEMO_TRANSFER_INPUT);
    const { result, record, observed } = await runTransfer(input, demoTransferScript());
    console.log(JSON.stringify(record, null, 1));
    expect(result.status, JSON.stringify(observed.states)).toBe('done');
    expect(record.outcome).toBe('completed');
    expect(record.patientOn).toBe('wheelchair');
    expect(Object.values(record.preconditions).map((p) => p.state)).toEqual(['met', 'met', 'met', 'met', 'met']);
    expect(record.preconditions.patient_identified.by).toBe('monitor');
    expect(record.confirmations.filter((c) => c.role === 'caregiver').map((c) => c.what)).toEqual(['caregiver_confirmed', 'bed_height', 'brakes', 'lift', 'carry', 'lower']);
    const planned = ['preconditions', 'approach', 'position_arms', 'insert', 'await_lift_approval', 'lift', 'hold', 'await_carry_approval', 'carry', 'await_lower_approval', 'lower', 'release', 'retreat'];
    expect(record.steps.map((s) => s.step)).toEqual([...planned, 'closing']);
    for (const s of record.steps.slice(0, planned.length)) expect(s.outcome, s.step).toBe('done');
    expect(record.steps.every((s, i) => i === 0 || s.startS >= record.steps[i - 1]!.startS)).toBe(true);
    expect(record.stages.map((s) => [s.stage, s.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(record.anomalies).toEqual([]);
    expect(record.safetyEvents).toEqual([]);
    expect(Object.keys(record.peakContactN).length).toBeGreaterThanOrEqual(15);
    expect(observed.safetyStates.every((s) => s === SAFETY.NORMAL), JSON.stringify(observed.safetyStates)).toBe(true);
    // The lift really rose in stages from the bed's height and set down at the wheelchair's.
    const inLift = observed.torso.filter((t) => t.state.startsWith('lift'));
    expect(Math.max(...inLift.map((t) => t.position))).toBeCloseTo(-0.06 + 3 * 0.015, 2);
    const lowered = observed.torso.filter((t) => t.state === 'release');
    expect(lowered[0]!.position).toBeCloseTo(-0.08, 2);
    // Parked again at the top of the lift's soft limits: the retreat ends within its tolerance and the
    // loop holds its set-point.
    await simSeconds(1);
    expect(torsoNow()).toBeCloseTo(-0.01, 2);
    // The preconditions were shown on /behavior/transfer/status as they were met.
    expect(observed.transferStatus.some((s) => !s.ready && s.step === 'preconditions')).toBe(true);
    expect(observed.transferStatus.at(-1)).toMatchObject({ ready: true, loaded: false, over_support: 'wheelchair', patient_id: 'patient' });
  }, 60_000);

  it('the patient says “停” during the lift: the torso returns slowly to the bed’s height (no drop), the caregiver is told, and the run ends safely', async () => {
    const input = parseTransferInput({ ...DEMO_TRANSFER_INPUT, autonomy: 'assisted' });
    const script = demoTransferScript({ ...DEMO_TRANSFER_INPUT, autonomy: 'assisted' }).filter((s) => !('intent' in s) || s.intent.text !== '可以抬起');
    let stopAtS = Number.NaN;
    const alerts: kindred_msgs.CaregiverAlert[] = [];
    const alertSub = kindred.bus.subscribe('/caregiver/alerts', 'kindred_msgs/msg/CaregiverAlert', (m) => alerts.push(m));
    let liftChecks = 0;
    const { result, record, observed } = await runTransfer(input, script, (state, say) => {
      if (state === 'awaitLiftApproval') say('继续', 'caregiver');
      // At the top of the lift: the last stage's check, the torso 45 mm above the bed's height.
      if (state === 'lift.check' && ++liftChecks === 3) {
        stopAtS = sFromNs(kindred.clock.now());
        say('停', 'patient');
      }
      if (state === 'lowered') say('继续', 'caregiver');
    });
    alertSub.unsubscribe();
    console.log(JSON.stringify(record, null, 1));
    expect(Number.isFinite(stopAtS)).toBe(true);
    expect(result.status, JSON.stringify(observed.states)).toBe('done');
    expect(observed.states).toContain('lowering');
    expect(observed.states.indexOf('lowering')).toBeLessThan(observed.states.indexOf('lowered'));
    expect(record.outcome).toBe('lowered_after_anomaly');
    expect(record.patientOn).toBe('bed');
    expect(record.anomalies.map((a) => [a.kind, a.step, a.code])).toEqual([['person_stop', 'lift', 'BEHAVIOR_TRANSFER_STOP_REQUESTED']]);
    expect(record.steps.find((s) => s.step === 'lowering')?.outcome).toBe('done');
    expect(alerts.map((a) => a.kind)).toContain('transfer_stopped');
    // Controlled lowering: the torso comes down to the bed's height, never faster than 0.03 m/s
    // (planned peak 0.02 m/s; the lift is rated 0.05 m/s) and never below the bed's height.
    const lowering = observed.torso.filter((t) => t.state === 'lowering');
    expect(lowering.length).toBeGreaterThan(20);
    expect(lowering[0]!.position).toBeGreaterThan(-0.06 + 0.04);
    // Speed over 0.1 s windows of /joint_states (50 Hz), so sensor noise does not read as speed; a
    // drop would show as hundreds of mm/s.
    let maxSpeed = 0;
    for (let i = 0, j = 0; j < lowering.length; j++) {
      while (lowering[j]!.tS - lowering[i]!.tS > 0.1) i++;
      const dt = lowering[j]!.tS - lowering[i]!.tS;
      if (dt >= 0.08) maxSpeed = Math.max(maxSpeed, Math.abs(lowering[j]!.position - lowering[i]!.position) / dt);
    }
    console.log(`lowering: ${lowering.length} samples, max torso speed ${maxSpeed.toFixed(4)} m/s, from ${lowering[0]!.position.toFixed(4)} to ${lowering.at(-1)!.position.toFixed(4)} m`);
    expect(maxSpeed).toBeLessThan(0.03);
    expect(Math.min(...lowering.map((t) => t.position))).toBeGreaterThan(-0.06 - 0.01);
    expect(lowering.at(-1)!.position).toBeCloseTo(-0.06, 2);
    expect(observed.safetyStates.every((s) => s === SAFETY.NORMAL)).toBe(true);
  }, 60_000);

  it.each([
    ['says “no”', [{ atS: 3, intent: { name: 'no', role: 'patient' } }] as ScriptedInput[], 'declined', 'refused'],
    ['never answers', [] as ScriptedInput[], 'preconditions_not_met', 'missing'],
  ] as const)('the patient %s: the robot never moves', async (_what, script, outcome, consent) => {
    const input = parseTransferInput({ ...DEMO_TRANSFER_INPUT, timeouts: { ...DEMO_TRANSFER_INPUT.timeouts, answerS: 2, attempts: 1 } });
    const before = torsoNow();
    const { result, record, observed } = await runTransfer(input, script);
    expect(result.status).toBe('done');
    expect(record.outcome).toBe(outcome);
    expect(record.preconditions.consent.state).toBe(consent);
    expect(observed.armCommands).toBe(0);
    expect(record.steps.map((s) => s.step)).toEqual(['preconditions', 'closing']);
    expect(Math.abs(torsoNow() - before)).toBeLessThan(0.002);
    expect(observed.transferStatus.at(-1)?.ready).toBe(false);
  }, 30_000);
});
