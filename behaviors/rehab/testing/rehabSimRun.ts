import { loadLaunchFile, type ValidatedLaunch } from '../../../launch/index.js';
import { headlessLaunch } from '../../../runtime/cli/behaviorCommand.js';
import { Kindred } from '../../../runtime/cli/Kindred.js';
import { silentLogger, type Logger } from '../../../runtime/logging/index.js';
import type { kindred_msgs } from '../../../runtime/msgs/index.js';
import { sFromNs, type Timer } from '../../../runtime/time/index.js';
import { BehaviorRunner, deliverScriptedInput, hostFromKindredParts, SimSpeech, type BehaviorResult } from '../../runtime/index.js';
import type { ScriptedInput } from '../../ShippedBehavior.js';
import { rehabDefinition } from '../definition.js';
import { REHAB_LAUNCH_FILE } from '../index.js';
import { withPrescription } from '../plan/prescriptionLayer.js';
import type { RehabPlanData } from '../plan/rehabPlanSchema.js';
import { createRehabActors } from '../rehabActors.js';
import { REHAB_EXO_CONTROLLERS } from '../rehabControllers.js';
import type { SessionRecord } from '../sessionRecord.js';
import { SESSION_RECORD_TOPIC } from '../sessionRecordMessage.js';

/** Controller types whose set-point slots are a position reference (runtime/control JointEffortLawController). */
const REFERENCE_LAW_TYPES = new Set(['joint_impedance', 'assist_as_needed']);

/**
 * Stand-in, for tests, for a change asked of `runtime/cli/commandTopics.ts`: `/<controller>/commands`
 * for the effort-law controllers too, each value the joint's position reference (the set-point slot
 * the law reads), handed to the loop exactly as forward-command values are, so they pass the
 * SafetyGate in the worker. Returns the function that unsubscribes.
 */
export function mountReferenceTopics(kindred: Kindred, launch: ValidatedLaunch): () => void {
  const subs = launch.controllers
    .filter((c) => REFERENCE_LAW_TYPES.has(c.type))
    .map((c) =>
      kindred.bus.subscribe(`/${c.name}/commands`, 'std_msgs/msg/Float64MultiArray', (m) => {
        if (m.data.length !== c.joints.length || m.data.some((v) => !Number.isFinite(v))) return;
        const values: Record<string, number> = {};
        c.joints.forEach((j, i) => (values[`${j}/${c.interface}`] = m.data[i]!));
        kindred.loop.setSetpoints(values);
      }),
    );
  return () => {
    for (const s of subs) s.unsubscribe();
  };
}

/** One `configureController` call the session made on the loop, and the loop's answer. */
export interface ConfigureCall {
  readonly controller: string;
  readonly params: Readonly<Record<string, number>>;
  /** The values the loop reported in force, or the code it refused with. */
  readonly inForce?: Readonly<Record<string, number>>;
  readonly refused?: string;
}

/** How a simulated session ended. */
export interface RehabSimResult {
  /** Every run-time parameter change the session asked of the loop, in order, with the loop's answers. */
  readonly configureCalls: readonly ConfigureCall[];
  readonly result: BehaviorResult;
  readonly record: SessionRecord | undefined;
  /** The last record seen on /rehab/session_record (latched). */
  readonly published: kindred_msgs.RehabSessionRecord | undefined;
  /** Every state the run published on /behavior/status, in order (deduplicated). */
  readonly states: readonly string[];
  readonly simulatedS: number;
}

/** Publish one scripted input as the CLI does (`kindred behavior run`), addressed to this run. */
function deliver(kindred: Kindred, runner: BehaviorRunner, input: ScriptedInput): Promise<void> {
  return deliverScriptedInput({ bus: kindred.bus, clock: kindred.clock, loop: kindred.loop }, input, { behavior: 'rehab', runId: runner.runId, source: 'cli' });
}

/**
 * Runs one rehab session against the real simulated exoskeleton and patient in lock-step, as
 * `kindred behavior run rehab` does (the launch made headless, the plan's prescription added, simulated
 * speech, the script's inputs at their simulated times), with the rehab actors bound and the
 * effort-law command topics mounted (`mountReferenceTopics`); the loop's run-time parameter changes
 * are noted in `configureCalls`. Kindred is stopped afterwards.
 */
export async function runRehabSession(options: {
  readonly plan: RehabPlanData;
  readonly script: readonly ScriptedInput[];
  readonly timeoutS: number;
  /** Inputs delivered when the run first enters a state (e.g. the patient pushing once a repetition window opens); `atS` is ignored. */
  readonly onFirstEntry?: Readonly<Record<string, ScriptedInput>>;
  /** A further change to the launch file (e.g. a lower `assist_max`), after the prescription is added. */
  readonly launch?: (launch: ValidatedLaunch) => ValidatedLaunch;
  readonly logger?: Logger;
}): Promise<RehabSimResult> {
  const logger = options.logger ?? silentLogger();
  const launch = headlessLaunch(loadLaunchFile(REHAB_LAUNCH_FILE), (l) => (options.launch ?? ((x) => x))(withPrescription(l, options.plan)));
  const kindred = await Kindred.start(launch, { logger });
  const unmount = mountReferenceTopics(kindred, launch);
  // The real loop, with its run-time parameter changes noted (calls and answers) for the test.
  const configureCalls: ConfigureCall[] = [];
  const loop = kindred.loop;
  const recordingLoop = {
    activate: (name: string) => loop.activate(name),
    deactivate: (name: string) => loop.deactivate(name),
    controllers: () => loop.controllers(),
    releaseHold: () => loop.releaseHold(),
    async configureController(controller: string, params: Readonly<Record<string, number>>) {
      try {
        const inForce = await loop.configureController(controller, params);
        configureCalls.push({ controller, params, inForce });
        return inForce;
      } catch (e) {
        configureCalls.push({ controller, params, refused: (e as { code?: string }).code ?? String(e) });
        throw e;
      }
    },
  };
  const host = hostFromKindredParts({ bus: kindred.bus, clock: kindred.clock, logger, loop: recordingLoop, controllers: launch.controllers });
  const speech = new SimSpeech({ bus: kindred.bus, clock: kindred.clock, logger });
  speech.start();
  let published: kindred_msgs.RehabSessionRecord | undefined;
  const recordSub = kindred.bus.subscribe(SESSION_RECORD_TOPIC, 'kindred_msgs/msg/RehabSessionRecord', (m) => (published = m), { durability: 'transient_local' });
  const states: string[] = [];
  let deliverOnEntry: ((input: ScriptedInput) => void) | undefined;
  const statusSub = kindred.bus.subscribe('/behavior/status', 'kindred_msgs/msg/BehaviorStatus', (m) => {
    if (states[states.length - 1] === m.state) return;
    const reaction = options.onFirstEntry?.[m.state];
    if (reaction !== undefined && !states.includes(m.state)) deliverOnEntry?.(reaction);
    states.push(m.state);
  });
  const timers: Timer[] = [];
  const start = kindred.clock.now();
  try {
    const runner = BehaviorRunner.start(rehabDefinition, { host, input: { plan: options.plan, controllers: REHAB_EXO_CONTROLLERS }, actors: createRehabActors(host) });
    deliverOnEntry = (input) => void deliver(kindred, runner, input).catch((e: unknown) => logger.error({ err: e, input }, 'reaction failed'));
    for (const input of options.script) {
      const delay = start + BigInt(Math.round(input.atS * 1e9)) - kindred.clock.now();
      timers.push(kindred.clock.setTimer(delay > 0n ? delay : 1n, () => void deliver(kindred, runner, input).catch((e: unknown) => logger.error({ err: e, input }, 'scripted input failed')), { oneShot: true }));
    }
    const timedOut = new Promise<'timeout'>((resolve) => timers.push(kindred.clock.setTimer(BigInt(Math.round(options.timeoutS * 1e9)), () => resolve('timeout'), { oneShot: true })));
    const outcome = await Promise.race([runner.done(), timedOut]);
    const result = outcome === 'timeout' ? await runner.stop() : outcome;
    // Let the latched record and the last status arrive (queued delivery).
    await new Promise((r) => setImmediate(r));
    return { result, record: result.output as SessionRecord | undefined, published, states, simulatedS: sFromNs(kindred.clock.now() - start), configureCalls };
  } finally {
    for (const t of timers) t.cancel();
    recordSub.unsubscribe();
    statusSub.unsubscribe();
    speech.stop();
    host.dispose();
    unmount();
    await kindred.stop();
  }
}
