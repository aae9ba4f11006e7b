import { loadLaunchFile, type ValidatedLaunch } from '../../launch/index.js';
import type { PreparedRun, ScriptedInput, ShippedBehavior } from '../../behaviors/ShippedBehavior.js';
import { BehaviorRunner, hostFromKindredParts, SimSpeech } from '../../behaviors/runtime/index.js';
import type { Logger } from '../logging/index.js';
import { Kindred } from './Kindred.js';

/**
 * The launch a headless run uses: the behaviour's own, in lock-step (faster than real time and
 * deterministic), without the browser viewer, bridges or HTTP, with the behaviour's adjustments.
 */
export function headlessLaunch(base: ValidatedLaunch, adjust?: (l: ValidatedLaunch) => ValidatedLaunch): ValidatedLaunch {
  const hardware = base.hardware.type === 'sim' ? { ...base.hardware, viewer: false } : base.hardware;
  const services = {
    ...base.services,
    http: { ...base.services.http, enabled: false },
    rosbridge: { ...base.services.rosbridge, enabled: false },
    foxglove: { ...base.services.foxglove, enabled: false },
    rclnodejs: { ...base.services.rclnodejs, enabled: false as const },
  };
  const headless: ValidatedLaunch = { ...base, hardware, loop: { ...base.loop, mode: 'lockstep' }, services };
  return adjust === undefined ? headless : adjust(headless);
}

/** A shipped behaviour running headless in the simulator: Kindred, simulated speech and the runner. */
export interface HeadlessSession {
  readonly kindred: Kindred;
  readonly launch: ValidatedLaunch;
  readonly prepared: PreparedRun;
  readonly runner: BehaviorRunner;
  /** The bus clock's time when the runner started, ns. */
  readonly startNs: bigint;
  /** Stop the runner (if still running), speech, the host's actors and Kindred, in that order. Idempotent. */
  close(): Promise<void>;
}

/**
 * Start Kindred in lock-step on a shipped behaviour's launch file (headless), simulated speech, and
 * the behaviour's runner with the prepared input. Used by `behavior run` and the model-based tests.
 */
export async function startHeadlessSession(shipped: ShippedBehavior, options: { planFile?: string; script?: readonly ScriptedInput[]; logger: Logger }): Promise<HeadlessSession> {
  const prepared = shipped.prepare({ ...(options.planFile === undefined ? {} : { planFile: options.planFile }), ...(options.script === undefined ? {} : { script: options.script }) });
  const launch = headlessLaunch(loadLaunchFile(shipped.launchFile), prepared.launch);
  const kindred = await Kindred.start(launch, { logger: options.logger });
  const host = hostFromKindredParts({ bus: kindred.bus, clock: kindred.clock, logger: options.logger.child({ module: 'behavior' }), loop: kindred.loop, controllers: launch.controllers });
  const speech = new SimSpeech({ bus: kindred.bus, clock: kindred.clock, logger: options.logger.child({ module: 'sim_speech' }) });
  speech.start();
  let runner: BehaviorRunner;
  try {
    const actors = shipped.actors?.(host);
    runner = BehaviorRunner.start(shipped.definition, { host, input: prepared.input as never, ...(actors === undefined ? {} : { actors }) });
  } catch (e) {
    speech.stop();
    host.dispose();
    await kindred.stop();
    throw e;
  }
  const startNs = kindred.clock.now();
  let closing: Promise<void> | undefined;
  return {
    kindred,
    launch,
    prepared,
    runner,
    startNs,
    close: () =>
      (closing ??= (async () => {
        if (runner.status === 'running') await runner.stop();
        speech.stop();
        host.dispose();
        await kindred.stop();
      })()),
  };
}
