import type { Bus, Subscription } from '../../runtime/bus/index.js';
import type { MessageTypeMap } from '../../runtime/msgs/index.js';
import type { Clock } from '../../runtime/time/index.js';
import { BEHAVIOR_TAG } from '../core/conventions.js';
import type { BehaviorResult } from '../runtime/BehaviorRunner.js';
import { BEHAVIOR_STATUS_TOPIC } from '../runtime/BehaviorRunner.js';
import { deliverScriptedInput, type ScriptTarget } from '../runtime/deliverScriptedInput.js';
import { formatStateValue } from '../verify/stateKey.js';
import type { AnyMachineSnapshot } from 'xstate';
import { planPath, planPathFromState, type ModelEdge, type ModelGraph } from './modelGraph.js';
import type { Stimulus } from './stimuli.js';

/** What a probe checks once the run is in its target state. */
export type Probe = 'pause' | 'stop' | 'estop';

/** One generated test: reach `target` (a state value of the model) in the simulator, then probe it. */
export interface ModelCase {
  readonly behaviorId: string;
  readonly probe: Probe;
  readonly target: string;
}

/** The thresholds a probe holds the simulated robot to. */
export interface ProbeLimits {
  /** The robot counts as still when no joint's position spans more than this over the window, rad (or m). */
  readonly stillBandRad: number;
  /**
   * The same after an e-stop, when the drives are off and the brakes hold (a brake creeps under a
   * lifted limb's weight where a position hold does not), rad (or m).
   */
  readonly brakedBandRad: number;
  /** Time to let the robot come to rest after a pause or a stop is taken, s. */
  readonly settleS: number;
  /** How long the robot must then stay still, s. */
  readonly stillForS: number;
  /** Longest wait for a pause (or resume) to be taken, s. */
  readonly commandTakenS: number;
  /** Longest wait after a stop or e-stop for a `safe` state (a transfer lowers the patient first), s. */
  readonly safeWithinS: number;
  /** Longest wait for a natural event (a timeout, an actor finishing) the path relies on, s. */
  readonly naturalWaitS: number;
  /** Longest wait for an input to change the state before another way is tried, s. */
  readonly inputWaitS: number;
  /** Longest wait at the start of a run for the robot to come to rest (as it would be before anyone starts working with it), s. */
  readonly startupSettleS: number;
}

/** Defaults for `ProbeLimits`. */
export const DEFAULT_PROBE_LIMITS: ProbeLimits = { stillBandRad: 0.01, brakedBandRad: 0.05, settleS: 1, stillForS: 1.5, commandTakenS: 1, safeWithinS: 60, naturalWaitS: 75, inputWaitS: 2, startupSettleS: 10 };

/** A step the tester saw: the state it was in, what happened, where the run went. */
export interface ObservedStep {
  readonly atS: number;
  readonly from: string;
  /** `send <event>` for an input the tester gave, `wait <event>` for a natural event it waited for. */
  readonly action: string;
  readonly to: string;
}

/** What one case found. */
export interface CaseResult {
  readonly case: ModelCase;
  readonly ok: boolean;
  /** The target state was reached in the simulator. */
  readonly reached: boolean;
  /** Why it failed (en / zh), when it did. */
  readonly failure?: { readonly en: string; readonly zh: string };
  /** The path as the simulator took it. */
  readonly steps: readonly ObservedStep[];
  /** Simulated seconds from the start of the run to the target, and to the end of the probe. */
  readonly reachedAtS?: number;
  readonly endedAtS: number;
  /** Figures the probe measured. */
  readonly measured: Readonly<Record<string, number | string>>;
}

/** One run of the behaviour in the simulator that the tester drives (started by the caller). */
export interface ModelSession extends ScriptTarget {
  readonly runId: string;
  /** The run's latest status (the one `/behavior/status` last carried), if any yet. */
  latestStatus(): { readonly state: string; readonly tags: readonly string[]; readonly status: string; readonly last_event: string } | undefined;
  /** Resolves when the run ends. */
  done(): Promise<BehaviorResult>;
  /**
   * The machine's current snapshot, when the tester runs in the same process: used only to plan
   * exactly (verdicts come from what anyone can observe on the bus).
   */
  snapshot?(): AnyMachineSnapshot;
  /** The record the behaviour's run produces from its output (`ShippedBehavior.record`). */
  record(output: unknown): unknown;
}

interface Live {
  state: string;
  tags: readonly string[];
  status: string;
  lastEvent: string;
  /** Status messages seen so far (to wait for one published after an action). */
  seq: number;
}

/** When a probe's first action fired: simulated time, status messages seen then, and its refusal if any. */
interface Fired {
  readonly atS: number;
  readonly seq: number;
  readonly error?: unknown;
}

class Failure extends Error {
  constructor(
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

/**
 * Drives one run of a behaviour in the simulator along paths of its model, and probes states on
 * the way. Observes the run only as anyone could: `/behavior/status` for the state and tags,
 * `/joint_states` for motion; acts only as people and operators do (`deliverScriptedInput`: intents,
 * operator commands, the e-stop, its reset, patient signals, simulator commands). Plans over the
 * model graph from wherever the run actually is, so a guard choosing another branch is followed,
 * not failed; only inputs and natural events are used (never faults).
 */
export class ModelTester {
  private readonly live: Live = { state: '', tags: [], status: 'running', lastEvent: '', seq: 0 };
  private readonly subscriptions: Subscription[] = [];
  private readonly startNs: bigint;
  /** Fastest joint speed since reset, from successive positions on /joint_states (rad/s or m/s). */
  private speedMax = 0;
  /** Per-joint position span since reset, from /joint_states. */
  private spanMin: number[] = [];
  private spanMax: number[] = [];
  private lastPositions: number[] = [];
  private jointNames: readonly string[] = [];
  private lastStampNs = 0n;
  private ended: BehaviorResult | undefined;
  private readonly source = 'model-test';
  /** The probe armed for the next arrival in its target state (fired from the status callback, so even a state left at once is probed). */
  private armed: { readonly target: string; readonly stimulus: Stimulus; fired?: Fired } | undefined;

  constructor(
    private readonly graph: ModelGraph,
    private readonly session: ModelSession,
    private readonly limits: ProbeLimits = DEFAULT_PROBE_LIMITS,
  ) {
    this.startNs = session.clock.now();
    const first = session.latestStatus();
    if (first !== undefined) Object.assign(this.live, { state: first.state, tags: first.tags, status: first.status, lastEvent: first.last_event });
    const bus = session.bus as Bus<MessageTypeMap>;
    this.subscriptions.push(
      bus.subscribe(BEHAVIOR_STATUS_TOPIC, 'kindred_msgs/msg/BehaviorStatus', (m) => {
        if (m.run_id !== session.runId) return;
        this.live.state = m.state;
        this.live.tags = m.tags;
        this.live.status = m.status;
        this.live.lastEvent = m.last_event;
        this.live.seq++;
        this.arrived();
      }),
      bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => {
        // Speeds from successive positions (what a person sees move), not the velocity channel.
        const p = m.position;
        this.jointNames = m.name;
        const stampNs = BigInt(m.header.stamp.sec) * 1_000_000_000n + BigInt(m.header.stamp.nanosec);
        const dt = Number(stampNs - this.lastStampNs) / 1e9;
        for (let i = 0; i < p.length; i++) {
          const x = p[i] as number;
          const before = this.lastPositions[i];
          if (before !== undefined && dt > 0) this.speedMax = Math.max(this.speedMax, Math.abs(x - before) / dt);
          this.lastPositions[i] = x;
          this.spanMin[i] = Math.min(this.spanMin[i] ?? x, x);
          this.spanMax[i] = Math.max(this.spanMax[i] ?? x, x);
        }
        this.lastStampNs = stampNs;
      }),
    );
    void session.done().then((r) => {
      this.ended = r;
    });
  }

  /** Fire the armed probe's first action if the run has just entered its target state. */
  private arrived(): void {
    const a = this.armed;
    if (a === undefined || a.fired !== undefined || this.live.state !== a.target || this.live.status !== 'running') return;
    a.fired = { atS: this.nowS(), seq: this.live.seq };
    this.give(a.stimulus).catch((error: unknown) => {
      if (a.fired !== undefined) a.fired = { ...a.fired, error };
    });
  }

  /** Stop observing. */
  dispose(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  /** Simulated seconds since this tester started. */
  nowS(): number {
    return Number((this.session.clock.now() - this.startNs) / 1000n) / 1e6;
  }

  /**
   * Run the cases in order in this one run. A `pause` case leaves the run going (pause, then
   * resume), so several can share a run; `stop` and `estop` end what the run can show, so they come
   * last. Cases after a failure, or that the run can no longer reach, come back in `rest` (with the
   * steps taken towards the first of them in `lastSteps`).
   */
  async runCases(cases: readonly ModelCase[], deadlineS: number): Promise<{ results: CaseResult[]; rest: ModelCase[]; lastSteps: readonly ObservedStep[]; settledAtS: number }> {
    const results: CaseResult[] = [];
    let settledAtS = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i] as ModelCase;
      // The first case waits for the robot to settle before giving any input (its probe already armed,
      // so a state the run starts in, or passes while settling, is probed there).
      const result = await this.runCase(c, deadlineS, i === 0 ? async () => (settledAtS = await this.settle()) : undefined);
      if (!result.reached && result.failure === undefined) return { results, rest: cases.slice(i), lastSteps: result.steps, settledAtS };
      results.push(result);
      if (!result.ok || c.probe !== 'pause') return { results, rest: cases.slice(i + 1), lastSteps: [], settledAtS };
    }
    return { results, rest: [], lastSteps: [], settledAtS };
  }

  /**
   * Wait (up to `startupSettleS`) until the robot has come to rest after start-up — no joint's
   * position spanning more than the band over half a second — as it would have long before a
   * therapist or caregiver starts working with it. Returns when it was (or the limit).
   */
  private async settle(): Promise<number> {
    const windowS = 0.5;
    while (this.nowS() < this.limits.startupSettleS && this.armed?.fired === undefined) {
      this.spanMin = [];
      this.spanMax = [];
      await this.sleep(windowS);
      let span = 0;
      for (let i = 0; i < this.spanMax.length; i++) span = Math.max(span, (this.spanMax[i] ?? 0) - (this.spanMin[i] ?? 0));
      if (this.spanMax.length > 0 && span <= this.limits.stillBandRad / 2) break;
    }
    this.settled = this.armed?.fired === undefined;
    return round(this.nowS());
  }

  /** The robot came to rest after start-up (false while a probe fired before it had). */
  private settled = false;

  private async runCase(c: ModelCase, deadlineS: number, before?: () => Promise<unknown>): Promise<CaseResult> {
    const steps: ObservedStep[] = [];
    const measured: Record<string, number | string> = {};
    let reachedAtS: number | undefined;
    try {
      const first: Stimulus = c.probe === 'pause' ? { command: 'pause' } : c.probe === 'stop' ? { command: 'stop' } : { estop: `model-based test in ${c.target}` };
      const reach = await this.reach(c.target, first, deadlineS, steps, before);
      if (reach === 'gone') return { case: c, ok: false, reached: false, steps, endedAtS: this.nowS(), measured };
      const fired = this.fired(c, reach);
      reachedAtS = fired.atS;
      steps.push({ atS: round(fired.atS), from: c.target, action: `send ${c.probe === 'estop' ? 'safety.estop' : `operator.${c.probe}`} (on arrival)`, to: c.target });
      if (c.probe === 'pause') await this.probePause(c, fired, measured, steps);
      else await this.probeSafe(c, c.probe === 'stop' ? 'operator.stop' : 'safety.estop', fired, measured, steps);
      return { case: c, ok: true, reached: true, steps, reachedAtS, endedAtS: this.nowS(), measured };
    } catch (e) {
      const failure = e instanceof Failure ? { en: e.en, zh: e.zh } : { en: String(e instanceof Error ? e.message : e), zh: String(e instanceof Error ? e.message : e) };
      return { case: c, ok: false, reached: reachedAtS !== undefined, failure, steps, ...(reachedAtS === undefined ? {} : { reachedAtS }), endedAtS: this.nowS(), measured };
    }
  }

  /**
   * Bring the run into `target` and fire the probe's first action there on arrival. 'gone' when
   * the run has moved where the target can no longer be reached without a fault (a later run
   * starts over); throws a Failure when it cannot be reached although the model says it can.
   */
  private async reach(target: string, first: Stimulus, deadlineS: number, steps: ObservedStep[], before?: () => Promise<unknown>): Promise<Fired | undefined | 'gone'> {
    const armed = { target, stimulus: first } as NonNullable<ModelTester['armed']>;
    this.armed = armed;
    /** Edges given up on for now (refused, or not taken), until a simulated time. */
    const avoid = new Map<string, number>();
    const visits = new Map<string, number>();
    try {
      await this.waitUntil(() => this.live.state !== '', this.limits.inputWaitS);
      this.arrived();
      if (before !== undefined && armed.fired === undefined) await before();
      while (armed.fired === undefined) {
        if (this.ended !== undefined || this.live.status !== 'running') return 'gone';
        const now = this.nowS();
        if (now > deadlineS) {
          throw new Failure(`${target}: not reached within ${deadlineS} s of simulated time (last in ${this.live.state})`, `${target}：仿真 ${deadlineS} 秒内未到达（停在 ${this.live.state}）`);
        }
        const here = this.live.state;
        if (!this.graph.nodes.has(here)) throw new Failure(`the run is in state ${here}, which the model does not have`, `运行进入了模型中没有的状态 ${here}`);
        const seen = (visits.get(here) ?? 0) + 1;
        visits.set(here, seen);
        const skip = new Set([...avoid].filter(([, until]) => until > now).map(([k]) => k));
        const path = this.plan(here, target, skip);
        if (path === undefined) return 'gone';
        const edge = path[0] as ModelEdge;
        const key = `${edge.from}|${edge.eventKey}`;
        if (edge.cls.kind === 'input') {
          // A refused input (e.g. a safety reset asked for before the supervisor will take it) is
          // asked for again a little later, as a person would, before another way is tried.
          let refused: unknown;
          for (let attempt = 0; attempt < 3; attempt++) {
            refused = undefined;
            await this.give(edge.cls.stimulus).catch((e: unknown) => {
              refused = e;
            });
            if (refused === undefined || this.live.state !== here) break;
            await this.sleep(1);
          }
          const moved = refused === undefined && (await this.waitUntil(() => this.live.state !== here || this.live.status !== 'running', this.limits.inputWaitS));
          const note = refused === undefined ? '' : ` (refused: ${refused instanceof Error ? refused.message : String(refused)})`;
          steps.push({ atS: round(this.nowS()), from: here, action: `send ${edge.event.type}${note}`, to: this.live.state });
          // Not taken here (a guard, or a refusal such as a reset too early): try other ways, and this one again later.
          if (!moved) avoid.set(key, this.nowS() + 5);
        } else {
          const moved = await this.waitUntil(() => this.live.state !== here || this.live.status !== 'running', this.limits.naturalWaitS);
          steps.push({ atS: round(this.nowS()), from: here, action: `wait for ${edge.event.type}`, to: `${this.live.state} (${this.live.lastEvent})` });
          if (!moved) {
            throw new Failure(
              `waited ${this.limits.naturalWaitS} s in ${here} for ${edge.event.type} (towards ${target}); nothing happened`,
              `在 ${here} 等待 ${edge.event.type}（前往 ${target}）${this.limits.naturalWaitS} 秒，状态未变`,
            );
          }
        }
        // A loop the run keeps coming back to: try the value's other ways out for a while.
        if (seen > 3) avoid.set(key, this.nowS() + 30);
      }
      // Let a refusal of the probe's action (it is delivered asynchronously) come back.
      await this.waitUntil(() => armed.fired?.error !== undefined, 0.02);
      return armed.fired;
    } finally {
      this.armed = undefined;
    }
  }

  /** The path from where the run is: exact from its machine state when the model has it, else over state values. */
  private plan(here: string, target: string, skip: ReadonlySet<string>): ModelEdge[] | undefined {
    const snapshot = this.session.snapshot?.();
    if (snapshot !== undefined && formatStateValue(snapshot.value) === here) {
      const key = this.graph.keyOf(snapshot);
      if (this.graph.states.has(key)) {
        // The model has this very state: its answer is exact (no path means the target is out of reach from here).
        this.planned.exact++;
        return planPathFromState(this.graph, key, (v) => v === target, skip);
      }
    }
    this.planned.byValue++;
    return planPath(this.graph, here, (v) => v === target, skip);
  }

  /** How many planning steps used the exact machine state, and how many fell back to state values. */
  readonly planned = { exact: 0, byValue: 0 };

  /** The probe's first action has fired on arrival: check it was delivered. */
  private fired(c: ModelCase, fired: Fired | undefined): Fired {
    if (fired === undefined) throw new Failure(`${c.target}: the probe did not fire`, `${c.target}：探测未触发`);
    if (fired.error !== undefined) {
      const m = fired.error instanceof Error ? fired.error.message : String(fired.error);
      throw new Failure(`${c.target}: ${c.probe} refused: ${m}`, `${c.target}：${c.probe} 被拒绝：${m}`);
    }
    return fired;
  }

  private async probePause(c: ModelCase, fired: Fired, measured: Record<string, number | string>, steps: ObservedStep[]): Promise<void> {
    const taken = await this.waitUntil(() => this.live.tags.includes(BEHAVIOR_TAG.resumable), this.limits.commandTakenS);
    if (!taken) throw new Failure(`${c.target}: pause offered but not taken within ${this.limits.commandTakenS} s (state ${this.live.state})`, `${c.target}：提供暂停但 ${this.limits.commandTakenS} 秒内未暂停（状态 ${this.live.state}）`);
    measured['pauseTakenS'] = round(this.nowS() - fired.atS);
    const paused = this.live.state;
    steps.push({ atS: round(this.nowS()), from: c.target, action: 'paused', to: paused });
    await this.expectStill(`${c.target} → ${paused}`, measured, () => this.live.state === paused);
    const t1 = this.nowS();
    await this.give({ command: 'resume' });
    const resumed = await this.waitUntil(() => !this.live.tags.includes(BEHAVIOR_TAG.resumable), this.limits.commandTakenS);
    steps.push({ atS: round(this.nowS()), from: paused, action: 'send operator.resume', to: this.live.state });
    if (!resumed) throw new Failure(`${paused}: resume not taken within ${this.limits.commandTakenS} s`, `${paused}：${this.limits.commandTakenS} 秒内未继续`);
    measured['resumeTakenS'] = round(this.nowS() - t1);
    measured['resumedInto'] = this.live.state;
  }

  /** After a stop or an e-stop: a `safe` state, the robot still, and (for a finished run) its record. */
  private async probeSafe(c: ModelCase, what: string, fired: Fired, measured: Record<string, number | string>, steps: ObservedStep[]): Promise<void> {
    this.speedMax = 0;
    const safe = await this.waitUntil(() => this.ended !== undefined || (this.live.seq > fired.seq && (this.live.tags.includes(BEHAVIOR_TAG.safe) || this.live.status !== 'running')), this.limits.safeWithinS);
    if (!safe) throw new Failure(`${c.target}: no safe state within ${this.limits.safeWithinS} s after ${what} (state ${this.live.state})`, `${c.target}：${what} 后 ${this.limits.safeWithinS} 秒内未进入安全状态（状态 ${this.live.state}）`);
    // The run may end just after the status says so: let done() settle.
    await this.waitUntil(() => this.ended !== undefined || this.live.status === 'running', 0.05);
    const state = this.ended?.state ?? this.live.state;
    steps.push({ atS: round(this.nowS()), from: c.target, action: 'safe', to: state });
    const tags = this.ended?.tags ?? this.live.tags;
    if (this.ended?.status === 'error') throw new Failure(`${c.target}: the behaviour failed after ${what}: ${this.ended.error?.message ?? ''}`, `${c.target}：${what} 后行为出错`);
    if (!tags.includes(BEHAVIOR_TAG.safe)) throw new Failure(`${c.target}: after ${what} the run ended in ${state}, not tagged safe`, `${c.target}：${what} 后结束于非安全状态 ${state}`);
    measured['safeAfterS'] = round(this.nowS() - fired.atS);
    measured['safeState'] = state;
    measured['maxSpeedToSafeRadS'] = round(this.speedMax);
    await this.expectStill(`${c.target} after ${what}`, measured, () => true, what === 'safety.estop' ? this.limits.brakedBandRad : this.limits.stillBandRad);
    if (what === 'operator.stop') await this.expectRecord(c, measured);
  }

  private async expectRecord(c: ModelCase, measured: Record<string, number | string>): Promise<void> {
    if (this.ended === undefined) return; // still running in a safe state that waits for people (e.g. held for a caregiver)
    const record = this.session.record(this.ended.output);
    if (record === undefined || record === null) throw new Failure(`${c.target}: stopped, but the run left no record`, `${c.target}：已停止，但没有留下记录`);
    measured['recordBytes'] = JSON.stringify(record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).length;
  }

  /** Let the robot settle, then require it still (no joint's position spanning more than the band) for a while. */
  private async expectStill(where: string, measured: Record<string, number | string>, stillHolds: () => boolean = () => true, band = this.limits.stillBandRad): Promise<void> {
    await this.sleep(this.limits.settleS);
    // Probed before the robot had come to rest after start-up (Kindred's own start, e.g. the gate
    // bringing joints to the hold pose at reduced speed, not the behaviour): let that finish first.
    if (!this.settled) measured['startUpSettledAtS'] = await this.settle();
    this.spanMin = [];
    this.spanMax = [];
    this.speedMax = 0;
    const broke = await this.waitUntil(() => !stillHolds(), this.limits.stillForS);
    if (broke) throw new Failure(`${where}: left the paused state by itself (now ${this.live.state})`, `${where}：自行离开暂停状态（现在 ${this.live.state}）`);
    let span = 0;
    let joint = '';
    for (let i = 0; i < this.spanMax.length; i++) {
      const d = (this.spanMax[i] ?? 0) - (this.spanMin[i] ?? 0);
      if (d > span) {
        span = d;
        joint = this.jointNames[i] ?? `#${i}`;
      }
    }
    measured['maxMoveStillRad'] = round(span);
    measured['maxMoveJoint'] = joint;
    measured['maxSpeedStillRadS'] = round(this.speedMax);
    if (span > band) {
      throw new Failure(
        `${where}: the robot still moved (${joint}) ${span.toFixed(3)} rad within ${this.limits.stillForS} s (limit ${band}), ${this.limits.settleS} s after`,
        `${where}：之后 ${this.limits.settleS} 秒，机器人（${joint}）在 ${this.limits.stillForS} 秒内仍移动了 ${span.toFixed(3)} rad（限值 ${band}）`,
      );
    }
  }

  private async give(stimulus: Stimulus): Promise<void> {
    await deliverScriptedInput(this.session, { ...stimulus, atS: 0 } as Parameters<typeof deliverScriptedInput>[1], {
      behavior: this.graph.behaviorId,
      runId: this.session.runId,
      source: this.source,
    });
  }

  private sleep(s: number): Promise<void> {
    return new Promise((resolve) => this.session.clock.setTimer(BigInt(Math.max(1, Math.round(s * 1e9))), () => resolve(), { oneShot: true }));
  }

  /** Poll `pred` every 10 ms of simulated time; true as soon as it holds, false after `timeoutS`. */
  private waitUntil(pred: () => boolean, timeoutS: number): Promise<boolean> {
    if (pred()) return Promise.resolve(true);
    const clock: Clock = this.session.clock;
    const until = clock.now() + BigInt(Math.round(timeoutS * 1e9));
    return new Promise((resolve) => {
      const timer = clock.setTimer(10_000_000n, (now) => {
        if (pred()) {
          timer.cancel();
          resolve(true);
        } else if (now >= until) {
          timer.cancel();
          resolve(false);
        }
      });
    });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
