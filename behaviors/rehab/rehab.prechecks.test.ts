// The session's pre-checks against a real lock-step loop (mock hardware, Kindred's command topics,
// /joint_states, /safety/state): a device that reports nothing, a patient who never says ready, a
// therapist who stops before the start. Each ends safely with a record saying why.
import { describe, expect, it } from 'vitest';
import type { kindred_msgs } from '../../runtime/msgs/index.js';
import { BehaviorRunner, SimSpeech } from '../runtime/index.js';
import { startLockstepRig } from '../runtime/testing/lockstepRig.js';
import { parseRehabPlan } from './plan/loadRehabPlan.js';
import { rehabMachine } from './rehab.machine.js';
import { createRehabActors } from './rehabActors.js';
import type { RehabControllers } from './rehabControllers.js';
import type { SessionRecord } from './sessionRecord.js';
import { SESSION_RECORD_TOPIC } from './sessionRecordMessage.js';

const PLAN = parseRehabPlan(
  `kind: rehab_session_plan
name: pre-checks
patient: { id: p, name: P }
prescription: { knee_left: { rangeRad: { min: 0, max: 1.1 }, maxSpeedRadPerS: 0.9, maxAssistanceTorqueNm: 40 } }
stopRules: { deviceTimeoutS: 0.5, readyTimeoutS: 1 }
calibration: { pose: { knee_left: 0.3 } }
exercises: [{ id: k, name: k, kind: knee_flexion_extension, side: left, mode: passive, range: { fromRad: 0.3, toRad: 0.6 }, durationS: 3, repetitions: 1 }]
`,
  'prechecks.plan.yaml',
).data;

/** The rig's one position controller stands in for every role (no exercise gets that far here). */
const RIG_CONTROLLERS: RehabControllers = {
  position: 'legs',
  groups: {
    knee: { hold: 'legs', active_assisted: 'legs', active: 'legs', resistive: 'legs' },
    hip: { hold: 'legs', active_assisted: 'legs', active: 'legs', resistive: 'legs' },
  },
};

async function session(prepare: (rig: Awaited<ReturnType<typeof startLockstepRig>>, runner: BehaviorRunner) => void): Promise<{ record: SessionRecord; published: kindred_msgs.RehabSessionRecord | undefined; state: string }> {
  const rig = await startLockstepRig();
  const speech = new SimSpeech({ bus: rig.bus, clock: rig.clock, logger: rig.host.logger });
  speech.start();
  let published: kindred_msgs.RehabSessionRecord | undefined;
  rig.bus.subscribe(SESSION_RECORD_TOPIC, 'kindred_msgs/msg/RehabSessionRecord', (m) => (published = m), { durability: 'transient_local' });
  try {
    const runner = BehaviorRunner.start({ id: 'rehab', machine: rehabMachine }, { host: rig.host, input: { plan: PLAN, controllers: RIG_CONTROLLERS }, actors: createRehabActors(rig.host) });
    prepare(rig, runner);
    // XState delays (the timeouts) run on the runner’s clock, wall time today: allow plenty of simulated time.
    const outcome = await rig.runUntil(runner.done(), 1_200_000);
    expect(outcome.settled).toBe(true);
    await rig.run(20);
    const result = outcome.value!;
    expect(result.status).toBe('done');
    expect(result.tags).toContain('safe');
    return { record: result.output as SessionRecord, published, state: result.state };
  } finally {
    speech.stop();
    await rig.close();
  }
}

describe('rehab session: pre-checks', () => {
  it('a device whose joint states never come is not ready: the session ends without moving, saying why', async () => {
    const { record, published } = await session((rig) => rig.stopJointStates());
    expect(record.stopReason).toBe('device_not_ready');
    expect(record.stopDetail).toContain('stale');
    expect(record.device).toBeNull();
    expect(record.calibration).toBeNull();
    expect(published?.stop_reason).toBe('device_not_ready');
  }, 30_000);

  it('nobody says ready: the session ends after the readiness timeout, the device check recorded', async () => {
    const { record } = await session(() => {});
    expect(record.stopReason).toBe('patient_not_ready');
    expect(record.device!.positions['knee_left']).toBeCloseTo(0.2, 3);
    expect(record.exercises[0]!.repetitions).toEqual([]);
  }, 30_000);

  it('the therapist stops before the start', async () => {
    const { record } = await session((rig, runner) => {
      rig.clock.setTimer(300_000_000n, () => runner.command('stop', 'test'), { oneShot: true });
    });
    expect(record.stopReason).toBe('therapist_stop');
    expect(record.status).toBe('stopped');
  }, 30_000);
});
