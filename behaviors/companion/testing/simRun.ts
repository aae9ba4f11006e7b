import { loadLaunchFile, type ValidatedLaunch } from '../../../launch/index.js';
import { Kindred } from '../../../runtime/cli/Kindred.js';
import { createLogger, silentLogger, type Logger } from '../../../runtime/logging/index.js';
import { stampFromNs, type kindred_msgs } from '../../../runtime/msgs/index.js';
import type { SafetyResetResult } from '../../../runtime/loop/index.js';
import { sFromNs, type SimClock } from '../../../runtime/time/index.js';
import { BehaviorRunner, hostFromKindredParts, SimSpeech, type BehaviorResult } from '../../runtime/index.js';
import type { ScriptedInput } from '../../ShippedBehavior.js';
import { CALL_TOPIC, MUSIC_TOPIC } from '../actors/companionRequest.js';
import { RECORDING_ALLOWED_TOPIC } from '../actors/privacyAnnouncer.js';
import type { CompanionInput } from '../companionInput.js';
import { companionBehavior, companionLaunch } from '../index.js';

/** Something seen on the bus during a run, with its bus time (s from the behaviour's start). */
export interface Seen<T> {
  readonly atS: number;
  readonly message: T;
}

/** What a simulated companion run produced. */
export interface CompanionSimRun {
  readonly result: BehaviorResult;
  readonly speech: readonly Seen<kindred_msgs.SpeechRequest>[];
  readonly alerts: readonly Seen<kindred_msgs.CaregiverAlert>[];
  readonly music: readonly Seen<string>[];
  readonly calls: readonly Seen<string>[];
  /** Changes of the person's posture (ROS4HRI ground truth). */
  readonly postures: readonly Seen<string>[];
  readonly recordingAllowed: boolean | undefined;
  readonly resets: readonly SafetyResetResult[];
  /** The last measured head pan, rad. */
  readonly headPanRad: number;
  readonly simulatedS: number;
}

/** What to run. */
export interface CompanionSimOptions {
  readonly input: CompanionInput;
  readonly script: readonly ScriptedInput[];
  readonly profile: string;
  readonly timeoutS: number;
}

/** The behaviour's launch file, as `kindred behavior run` makes it: lock-step, no viewer, no servers. */
function headless(launch: ValidatedLaunch): ValidatedLaunch {
  const hardware = launch.hardware.type === 'sim' ? { ...launch.hardware, viewer: false } : launch.hardware;
  const s = launch.services;
  return {
    ...launch,
    hardware,
    loop: { ...launch.loop, mode: 'lockstep' },
    services: {
      ...s,
      http: { ...s.http, enabled: false },
      rosbridge: { ...s.rosbridge, enabled: false },
      foxglove: { ...s.foxglove, enabled: false },
      rclnodejs: { ...s.rclnodejs, enabled: false as const },
    },
  };
}

/**
 * Run the companion end to end against the real simulated living room in lock-step: Kindred started
 * in-process on the behaviour's launch file (with the given person profile), simulated speech, the
 * companion's actors bound to the bus, the script's inputs published at their simulated times on the
 * topics the tablet and voice use, everything the companion says and publishes collected, until the
 * run ends or `timeoutS` of simulated time passes. Logs go nowhere unless KINDRED_TEST_LOG is set.
 */
export async function runCompanionInSim(options: CompanionSimOptions): Promise<CompanionSimRun> {
  const level = process.env['KINDRED_TEST_LOG'];
  const logger: Logger = level === undefined ? silentLogger() : createLogger({ level, destination: 2 });
  const launch = companionLaunch(options.input, options.profile)(headless(loadLaunchFile(companionBehavior.launchFile)));
  const kindred = await Kindred.start(launch, { logger });
  const clock = kindred.clock as SimClock;
  const host = hostFromKindredParts({ bus: kindred.bus, clock, logger: logger.child({ module: 'behavior' }), loop: kindred.loop, controllers: launch.controllers });
  const speech = new SimSpeech({ bus: kindred.bus, clock, logger });
  speech.start();
  const startNs = clock.now();
  const at = (): number => sFromNs(clock.now() - startNs);
  const seen = {
    speech: [] as Seen<kindred_msgs.SpeechRequest>[],
    alerts: [] as Seen<kindred_msgs.CaregiverAlert>[],
    music: [] as Seen<string>[],
    calls: [] as Seen<string>[],
    postures: [] as Seen<string>[],
    resets: [] as SafetyResetResult[],
    recordingAllowed: undefined as boolean | undefined,
  };
  const subs = [
    kindred.bus.subscribe('/speech/say', 'kindred_msgs/msg/SpeechRequest', (m) => {
      if (!m.cancel) seen.speech.push({ atS: at(), message: m });
    }),
    kindred.bus.subscribe('/caregiver/alerts', 'kindred_msgs/msg/CaregiverAlert', (m) => seen.alerts.push({ atS: at(), message: m })),
    kindred.bus.subscribe(MUSIC_TOPIC, 'std_msgs/msg/String', (m) => seen.music.push({ atS: at(), message: m.data })),
    kindred.bus.subscribe(CALL_TOPIC, 'std_msgs/msg/String', (m) => seen.calls.push({ atS: at(), message: m.data })),
    kindred.bus.subscribe('/humans/bodies/person1/posture', 'kindred_msgs/msg/BodyPosture', (m) => {
      if (seen.postures.at(-1)?.message !== m.posture) seen.postures.push({ atS: at(), message: m.posture });
    }),
  ];
  const timers: { cancel(): void }[] = [];
  try {
    const runner = BehaviorRunner.start(companionBehavior.definition, { host, input: options.input as never, actors: companionBehavior.actors(host) });
    subs.push(kindred.bus.subscribe(RECORDING_ALLOWED_TOPIC, 'std_msgs/msg/Bool', (m) => (seen.recordingAllowed = m.data), { durability: 'transient_local' }));
    const deliver = async (input: ScriptedInput): Promise<void> => {
      const header = { stamp: stampFromNs(clock.now()), frame_id: '' };
      if ('intent' in input) {
        const i = input.intent;
        kindred.bus
          .advertise('/intents', 'kindred_msgs/msg/Intent')
          .publish({ header, name: i.name, text: i.text ?? i.name, language: i.language ?? 'zh', confidence: 1, role: i.role, source: 'cli' });
      } else if ('command' in input) {
        kindred.bus.advertise('/behavior/command', 'kindred_msgs/msg/BehaviorCommand').publish({ header, behavior: 'companion', run_id: '', command: input.command, source: 'script' });
      } else if ('estop' in input) {
        await kindred.loop.estop(input.estop);
      } else if ('safetyReset' in input) {
        seen.resets.push(await kindred.loop.safetyReset({ source: 'tablet', role: 'caregiver', operator: 'test' }));
      } else if ('sim' in input) {
        await kindred.loop.hardwareCommand('sim', input.sim);
      }
    };
    for (const input of options.script) {
      timers.push(clock.setTimer(startNs + BigInt(Math.round(input.atS * 1e9)) - clock.now(), () => void deliver(input).catch((e: unknown) => logger.error({ err: e }, 'scripted input failed')), { oneShot: true }));
    }
    const timedOut = new Promise<'timeout'>((resolve) => timers.push(clock.setTimer(BigInt(Math.round(options.timeoutS * 1e9)), () => resolve('timeout'), { oneShot: true })));
    const outcome = await Promise.race([runner.done(), timedOut]);
    const result = outcome === 'timeout' ? await runner.stop() : outcome;
    const latest = kindred.loop.latest();
    const headPanRad = latest.state[kindred.loop.stateNames.indexOf('head_pan/position')] ?? Number.NaN;
    return { result, ...seen, headPanRad, simulatedS: at() };
  } finally {
    for (const t of timers) t.cancel();
    for (const s of subs) s.unsubscribe();
    speech.stop();
    host.dispose();
    await kindred.stop();
  }
}
