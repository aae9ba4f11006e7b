import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CAREGIVER_ALERTS_TOPIC } from '../../behaviors/actors/index.js';
import { SHIPPED_BEHAVIORS, shippedBehaviorIds } from '../../behaviors/catalog.js';
import { PATIENT_CONTACT_TOPIC, patientContactMessage } from '../../behaviors/transfer/patientContact.js';
import { BehaviorRunner, deliverScriptedInput, hostFromKindredParts, SimSpeech, type BehaviorResult, type DisposableBehaviorHost } from '../../behaviors/runtime/index.js';
import type { PreparedRun, ScriptedInput, ShippedBehavior } from '../../behaviors/ShippedBehavior.js';
import { loadLaunchFile, SIM_SCENES, type ValidatedLaunch } from '../../launch/index.js';
import { Bus, type Subscription } from '../../runtime/bus/index.js';
import { mountCommandTopics } from '../../runtime/cli/commandTopics.js';
import { ESTOP_TOPIC } from '../../runtime/cli/Kindred.js';
import { isKindredError, KindredError } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import { jointStateMessage, type LoopHost } from '../../runtime/loop/index.js';
import { kindred_msgs, type MessageTypeMap } from '../../runtime/msgs/index.js';
import { nsFromS, sFromNs, SimClock, type Timer } from '../../runtime/time/index.js';
import { safetyStateMessage } from '../../safety/supervisor/index.js';
import { hriMessagesFromPerson, personGroundTruthFromSignals } from '../../sim/humans/index.js';
import type { SceneId } from '../../sim/scenes/index.js';
import type { LoadedScenario } from './loadScenario.js';
import type { BehaviorAlertRecord, BehaviorInputRecord, BehaviorRunRecord } from './result.js';

/** A scenario's behaviour, loaded and prepared, before anything runs. */
export interface PreparedScenarioBehavior {
  readonly id: string;
  readonly shipped: ShippedBehavior;
  readonly prepared: PreparedRun;
  /** The people's inputs: the scenario's `behavior.script`, else the behaviour's demo script. */
  readonly script: readonly ScriptedInput[];
  /** The launch the run uses: the scenario's `launch`, else the behaviour's, with the behaviour's adjustments. */
  readonly launch: ValidatedLaunch;
  readonly launchFile: string;
}

function invalid(loaded: LoadedScenario, field: string, message: string, value: unknown, expected: string): KindredError {
  return new KindredError('SCENARIO_FILE_INVALID', `${loaded.file}: ${field}: ${message}`, { file: loaded.file, field, value, expected });
}

/**
 * Load and prepare the scenario's `behavior:` (undefined when it has none), as `kindred behavior run`
 * does: the shipped behaviour by id, its plan (relative to the scenario file), its script (the
 * scenario's, else the demo's), and its launch — the scenario's own `launch` when it names one, else
 * the behaviour's launch file — with the behaviour's launch adjustments (a prescription's limit layer,
 * its person profile, recording off) applied either way. A scenario `profile` still wins over the
 * behaviour's person. SCENARIO_FILE_INVALID for a missing plan file or a behaviour of another robot.
 */
export async function prepareScenarioBehavior(loaded: LoadedScenario): Promise<PreparedScenarioBehavior | undefined> {
  const spec = loaded.scenario.behavior;
  if (spec === undefined) return undefined;
  const load = SHIPPED_BEHAVIORS[spec.id];
  if (load === undefined) {
    throw invalid(loaded, 'behavior.id', `no shipped behaviour named ${JSON.stringify(spec.id)}`, spec.id, `one of ${shippedBehaviorIds().join(' | ')}`);
  }
  const shipped = await load();
  let planFile: string | undefined;
  if (spec.plan !== undefined) {
    planFile = resolve(dirname(loaded.file), spec.plan);
    if (!existsSync(planFile)) throw invalid(loaded, 'behavior.plan', `plan file ${planFile} does not exist`, spec.plan, 'a plan file relative to the scenario');
  }
  const script = spec.script as readonly ScriptedInput[] | undefined;
  const prepared = shipped.prepare({ ...(planFile === undefined ? {} : { planFile }), ...(script === undefined ? {} : { script }) });
  const named = loaded.scenario.launch !== undefined;
  const launchFile = named ? loaded.launchFile : shipped.launchFile;
  const base = named ? loaded.launch : loadLaunchFile(shipped.launchFile);
  const launch = prepared.launch === undefined ? base : prepared.launch(base);
  const robot = SIM_SCENES[loaded.scenario.scene];
  if (launch.hardware.type !== 'sim' || SIM_SCENES[launch.hardware.scene] !== robot) {
    throw invalid(loaded, 'behavior.id', `behaviour ${spec.id} runs on ${launch.hardware.type === 'sim' ? SIM_SCENES[launch.hardware.scene] : launch.hardware.type} (${launchFile}), not on the robot of scene ${loaded.scenario.scene} (${robot})`, spec.id, `a behaviour of ${robot}`);
  }
  return { id: spec.id, shipped, prepared, script: script ?? prepared.script, launch, launchFile };
}

/** The simulated person's state signals, in the order `personGroundTruthFromSignals` reads them (as `Kindred` publishes them). */
const PERSON_SIGNALS = ['person/x', 'person/y', 'person/yaw', 'person/posture', 'person/face_visible', 'person/head_height'] as const;
const JOINT_STATES_PERIOD_NS = 20_000_000n;
const SAFETY_STATE_PERIOD_NS = 1_000_000_000n;
const GROUND_TRUTH_PERIOD_NS = 100_000_000n;
const PATIENT_CONTACT_PERIOD_NS = 40_000_000n;
const ALERT = kindred_msgs.CaregiverAlert_Constants;
/** CaregiverAlert severities by value (an unknown one is taken as urgent). */
const ALERT_SEVERITY: Readonly<Record<number, BehaviorAlertRecord['severity']>> = { [ALERT.INFO]: 'info', [ALERT.WARNING]: 'warning', [ALERT.URGENT]: 'urgent' };

/** What `ScenarioBehaviorRun.start` needs. */
export interface ScenarioBehaviorRunOptions {
  readonly behavior: PreparedScenarioBehavior;
  /** The scenario's lock-step loop (running, not yet stepped). */
  readonly loop: LoopHost;
  readonly scene: SceneId;
  readonly logger: Logger;
}

/** How long `settle` waits at most for a safety event the shared state already shows, ms of wall time. */
const SETTLE_WAIT_MS = 1000;

/** The part of the supervisor's status whose change comes with a safety event. */
function safetyKey(status: { readonly state: string; readonly stopCategory: number }): string {
  return `${status.state}/${status.stopCategory}`;
}

/** Keep a behaviour's record plain JSON: bigints as decimal strings, NaN and ±Infinity as strings (as the JSON report writes them). */
function plainJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))) as unknown;
}

/** A scripted input, named for the run record. */
function inputName(input: ScriptedInput): string {
  if ('intent' in input) return `intent:${input.intent.name}`;
  if ('command' in input) return `command:${input.command}`;
  if ('estop' in input) return 'estop';
  if ('safetyReset' in input) return 'safetyReset';
  if ('patientSignal' in input) return `patientSignal:${input.patientSignal.kind}`;
  return `sim:${input.sim.op}`;
}

/**
 * A shipped behaviour running inside a scenario, next to the scenario runner's lock-step loop: what
 * `Kindred` and `kindred behavior run` put around a behaviour, made for a loop the runner steps itself.
 * A bus and a SimClock that the runner moves to the loop's time after every cycle (`advanceTo`), so
 * every timer on the bus moves with the loop; `/joint_states` (50 Hz), `/safety/state` (on every
 * safety event and at 1 Hz, latched), the simulator's ground truth — the person at home (10 Hz), the
 * bed patient's contact forces (25 Hz) — as `Kindred` publishes them; `/<controller>/commands` into
 * the loop's set-points (and so through the SafetyGate); e-stop requests on the bus; simulated speech;
 * the `BehaviorRunner` with the behaviour's input and actors; and the script's inputs published at
 * their times as `kindred behavior run` does.
 * Caregiver alerts are collected as they go out, so a run that never finishes still shows them.
 * Faults and operator actions stay the runner's: they act on the loop exactly as without a behaviour.
 */
export class ScenarioBehaviorRun {
  readonly bus = new Bus<MessageTypeMap>();
  /** The bus clock: scenario time, moved by the runner after every cycle. */
  readonly clock = new SimClock();
  private readonly timers: Timer[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly unmount: () => void;
  private readonly host: DisposableBehaviorHost;
  private readonly speech: SimSpeech;
  private readonly runner: BehaviorRunner;
  private readonly inputs: BehaviorInputRecord[] = [];
  private readonly alerts: BehaviorAlertRecord[] = [];
  private readonly pending = new Set<Promise<void>>();
  private endedAtS: number | undefined;
  private live = true;
  /** The supervisor's state and stop category as last published on `/safety/state`. */
  private publishedSafety = '';
  /** Safety events arrived since `/safety/state` was last published. */
  private safetyPending = false;
  private readonly publishSafety: () => void;

  private constructor(private readonly options: ScenarioBehaviorRunOptions) {
    const { loop, behavior, logger } = options;
    const launch = behavior.launch;
    const joints = this.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    this.timers.push(this.clock.setTimer(JOINT_STATES_PERIOD_NS, (now) => joints.publish(jointStateMessage(loop.stateNames, loop.latest(), now))));
    const safety = this.bus.advertise('/safety/state', 'kindred_msgs/msg/SafetyState', { durability: 'transient_local', depth: 1 });
    this.publishSafety = (): void => {
      if (!this.live) return;
      const status = loop.safetyStatus();
      this.publishedSafety = safetyKey(status);
      this.safetyPending = false;
      safety.publish(safetyStateMessage(status, this.clock.now()));
    };
    this.publishSafety();
    // Published on the events at the end of the cycle that raised them (`settle`), so every run of the
    // scenario publishes at the same cycle. The loop keeps its listeners until it stops.
    loop.onSafetyEvent(() => (this.safetyPending = true));
    this.timers.push(this.clock.setTimer(SAFETY_STATE_PERIOD_NS, this.publishSafety));
    if (options.scene === 'companion_home') this.publishPerson();
    if (options.scene === 'transfer_bed') {
      const contact = this.bus.advertise(PATIENT_CONTACT_TOPIC, 'kindred_msgs/msg/PatientContact');
      this.timers.push(
        this.clock.setTimer(PATIENT_CONTACT_PERIOD_NS, (now) => {
          const m = patientContactMessage(loop.stateNames, loop.latest().state, now);
          if (m !== undefined) contact.publish(m);
        }),
      );
    }
    this.subscriptions.push(
      this.bus.subscribe(ESTOP_TOPIC, 'std_msgs/msg/String', (m) => {
        const source = /^[a-z_]{1,32}$/.test(m.data) ? m.data : 'bus';
        this.track(loop.estop(source).then(() => undefined));
      }),
    );
    this.subscriptions.push(
      this.bus.subscribe(CAREGIVER_ALERTS_TOPIC, 'kindred_msgs/msg/CaregiverAlert', (m) =>
        this.alerts.push({ atS: sFromNs(this.clock.now()), severity: ALERT_SEVERITY[m.severity] ?? 'urgent', kind: m.kind, personId: m.person_id }),
      ),
    );
    this.unmount = mountCommandTopics(this.bus, loop, launch.controllers, logger.child({ module: 'command_topics' }));
    this.host = hostFromKindredParts({ bus: this.bus, clock: this.clock, logger: logger.child({ module: 'behavior' }), loop, controllers: launch.controllers });
    this.speech = new SimSpeech({ bus: this.bus, clock: this.clock, logger });
    this.speech.start();
    const shipped = behavior.shipped;
    const actors = shipped.actors?.(this.host);
    this.runner = BehaviorRunner.start(shipped.definition, { host: this.host, input: behavior.prepared.input as never, ...(actors === undefined ? {} : { actors }) });
    void this.runner.done().then(() => (this.endedAtS ??= sFromNs(this.clock.now())));
    for (const input of behavior.script) {
      const at = nsFromS(input.atS) - this.clock.now();
      this.timers.push(this.clock.setTimer(at > 0n ? at : 1n, () => this.track(this.deliver(input)), { oneShot: true }));
    }
  }

  /** Start the behaviour and everything around it on `options.loop`, at scenario time 0. */
  static start(options: ScenarioBehaviorRunOptions): ScenarioBehaviorRun {
    return new ScenarioBehaviorRun(options);
  }

  /**
   * After a cycle: move the bus clock to `timeS` (the loop time of the next cycle), firing every timer
   * due by then — publishers, scripted inputs, the behaviour's own timers. Never moves it back.
   */
  advanceTo(timeS: number): void {
    const t = nsFromS(timeS);
    if (t > this.clock.now()) this.clock.advanceTo(t);
  }

  /**
   * After a cycle and `advanceTo`: let the loop's replies, the behaviour and its actors run, and publish
   * `/safety/state` if safety events arrived (as `Kindred` does on each event). When the cycle changed
   * the supervisor's state, first wait (a bounded number of event-loop turns) for its events to arrive
   * from the worker, so the message carries them and goes out in the same cycle on every run.
   */
  async settle(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    const deadline = performance.now() + SETTLE_WAIT_MS;
    while (this.live && !this.safetyPending && safetyKey(this.options.loop.safetyStatus()) !== this.publishedSafety && performance.now() < deadline) {
      await new Promise<void>((r) => setImmediate(r));
    }
    if (this.safetyPending) this.publishSafety();
  }

  /** True while the behaviour runs. */
  get running(): boolean {
    return this.runner.status === 'running';
  }

  /**
   * End of the scenario: stop the behaviour if it still runs (`stoppedAtEnd`), wait for scripted inputs
   * under way, take everything down (timers, speech, subscriptions, command topics) and return how the
   * behaviour ran, with its own record when it finished. Call before the loop stops.
   */
  async finish(): Promise<BehaviorRunRecord> {
    const stoppedAtEnd = this.runner.status === 'running';
    const result: BehaviorResult = stoppedAtEnd ? await this.runner.stop() : await this.runner.done();
    const endedAtS = stoppedAtEnd ? sFromNs(this.clock.now()) : (this.endedAtS ?? sFromNs(this.clock.now()));
    for (const t of this.timers) t.cancel();
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => setTimeout(r, 2000))]);
    this.live = false;
    this.speech.stop();
    this.host.dispose();
    this.unmount();
    for (const s of this.subscriptions) s.unsubscribe();
    const shipped = this.options.behavior.shipped;
    const record = result.output === undefined ? undefined : plainJson(shipped.record === undefined ? result.output : shipped.record(result.output));
    return {
      id: this.options.behavior.id,
      runId: this.runner.runId,
      status: result.status,
      stoppedAtEnd,
      state: result.state,
      tags: [...result.tags],
      endedAtS,
      ...(result.error === undefined ? {} : { error: { code: result.error.code, message: result.error.message } }),
      inputs: [...this.inputs],
      alerts: [...this.alerts],
      ...(record === undefined ? {} : { record }),
    };
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => this.options.logger.error({ err: e }, 'behaviour input failed'));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Publish one scripted input the way the tablet, voice, perception or an operator would (as `kindred behavior run`). */
  private async deliver(input: ScriptedInput): Promise<void> {
    const loop = this.options.loop;
    const atS = sFromNs(this.clock.now());
    const note = (ok: boolean, code?: string): void => void this.inputs.push({ atS, input: inputName(input), ok, ...(code === undefined ? {} : { code }) });
    try {
      await deliverScriptedInput({ bus: this.bus, clock: this.clock, loop }, input, { behavior: this.options.behavior.id, source: 'scenario' });
      note(true);
    } catch (e) {
      note(false, isKindredError(e) ? e.code : 'INTERNAL');
    }
  }

  /** The simulated person on ROS4HRI-style topics (frame sim_world, source sim_ground_truth), as `Kindred` publishes them. */
  private publishPerson(): void {
    const loop = this.options.loop;
    const index = PERSON_SIGNALS.map((n) => loop.stateNames.indexOf(n));
    if (index.some((i) => i < 0)) return; // no person in this scene
    const publishers = new Map<string, { publish(m: never): void }>();
    const values = new Float64Array(PERSON_SIGNALS.length);
    this.timers.push(
      this.clock.setTimer(GROUND_TRUTH_PERIOD_NS, (now) => {
        const state = loop.latest().state;
        index.forEach((i, k) => (values[k] = state[i]!));
        for (const m of hriMessagesFromPerson(personGroundTruthFromSignals(values), now)) {
          let pub = publishers.get(m.topic);
          if (pub === undefined) {
            pub = this.bus.advertise(m.topic, m.type) as { publish(m: never): void };
            publishers.set(m.topic, pub);
          }
          pub.publish(m.message as never);
        }
      }),
    );
  }
}
