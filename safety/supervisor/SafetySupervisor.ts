import { describeCode } from '../../runtime/errors/index.js';
import type { EstopMonitor } from '../monitors/EstopMonitor.js';
import { isStopReaction, REACTION, stopCategoryOf, type FaultSlots } from '../monitors/FaultSlots.js';
import { INPUT, type Monitor } from '../monitors/Monitor.js';
import type { StopRequestMonitor } from '../monitors/StopRequestMonitor.js';
import { EVENT_KIND, SafetyEventQueue } from './SafetyEventQueue.js';
import { nextSupervisorState, SUPERVISOR_STATE } from './supervisor.machine.js';
import type { SupervisorConfig } from './supervisorConfig.js';
import { fmt } from './formatNumber.js';

/**
 * What the supervisor drives: the ControllerManager's stop primitives (IEC 60204-1 categories through
 * the SafetyGate), the reduced-speed factor and the hold fallback. Called only on transitions.
 */
export interface StopActuator {
  /** Begin (or escalate to) a stop; category 1 and 2 decelerate within `stoppingTimeS`. */
  beginStop(category: 0 | 1 | 2, stoppingTimeS: number): number;
  /** Leave the stop: torque back where it was removed, commands restart at rest. */
  endStop(): void;
  /** Multiply every velocity limit by `scale` ∈ (0, 1]. */
  setVelocityScale(scale: number): void;
  /** Replace every active controller by a hold at the current position (effort controllers too). */
  holdAll(reason: string): void;
  /** A category 1 or 2 stop has brought every joint to standstill. */
  readonly stopFinished: boolean;
  /** Torque is removed (category 0, or category 1 finished). */
  readonly torqueRemoved: boolean;
}

/** The monitors a supervisor runs, on one set of fault slots. */
export interface SupervisorParts {
  readonly slots: FaultSlots;
  readonly monitors: readonly Monitor[];
  readonly estop: EstopMonitor;
  readonly stopRequest: StopRequestMonitor;
  readonly config: SupervisorConfig;
  readonly periodS: number;
}

/** Who asks for a reset. */
export interface ResetRequest {
  /** Where it came from: `tablet`, `cli`, `api`, … */
  readonly source: string;
  /** The user's role at that source (`therapist`, `caregiver`, `safety_tester`). */
  readonly role?: string;
  /** Who it was (for the log); default `<source>:<role>`. */
  readonly operator?: string;
}

/** Why a reset was refused (codes from the safety catalogue). */
export type ResetRefusalCode =
  | 'SAFETY_RESET_UNAUTHORISED'
  | 'SAFETY_RESET_NOT_STOPPED'
  | 'SAFETY_RESET_CAUSE_PERSISTS'
  | 'SAFETY_RESET_STOP_IN_PROGRESS'
  | 'SAFETY_RESET_LOG_PENDING';

/** A fault that persists, named in a refusal. */
export interface PersistingCause {
  readonly monitor: string;
  readonly code: string;
  readonly subject: string;
  readonly value: number;
  readonly limit: number;
}

/** The outcome of `reset`. */
export type ResetOutcome =
  | { readonly accepted: true; readonly cleared: readonly string[]; readonly seq: number }
  | { readonly accepted: false; readonly code: ResetRefusalCode; readonly message: string; readonly causes: readonly PersistingCause[]; readonly seq: number };

/** A fault in force: latched (a stop until reset) or present (its cause holds now). */
export interface ActiveFault {
  readonly monitor: string;
  readonly code: string;
  readonly subject: string;
  /** Key of value and limit with its unit (`forceN`). */
  readonly quantity: string;
  /** The value when it tripped. */
  readonly value: number;
  readonly limit: number;
  readonly reaction: string;
  readonly latched: boolean;
  readonly causePresent: boolean;
  /** Loop time it tripped, ns. */
  readonly sinceNs: bigint;
  /** Sequence number of its fault event. */
  readonly seq: number;
}

const NO_STOP = -1;
/** Severity of a stop category for comparison: none < 2 < 1 < 0. */
function severity(category: number): number {
  return category < 0 ? 0 : 3 - category;
}

/** Cells of `cfg`: configuration numbers kept in a typed array, so the cycle reads them without boxing. */
const C = { CLEAR_DELAY: 0, STOP_LIMIT: 1, REDUCED_SCALE: 2, RECOVERY_S: 3, RECOVERY_SCALE: 4 } as const;
/** Cells of `time`: times (loop time, s) and scales the supervisor changes. */
const T = { STOP_START: 0, STOP1_START: 1, RECOVERY_UNTIL: 2, MANUAL_SCALE: 3, SCALE_NOW: 4, REQUESTED_STOP_TIME: 5, STOP_DURATION: 6 } as const;

/**
 * The safety supervisor: runs every monitor each cycle (after the hardware read, before the controllers'
 * commands reach the SafetyGate), turns their verdicts into reactions and keeps its statechart
 * (`supervisor.machine.ts`).
 *
 * Per fault slot: a rising edge of the monitor's verdict raises the fault (event `fault`), and a stop
 * reaction latches it; once the verdict has been false for the clear delay the cause is gone (event
 * `cleared`) — a latched fault stays until an accepted reset. The most severe latched stop is put in
 * force at once through the `StopActuator`, escalating (2 → 1 → 0) but never de-escalating; the first
 * stop also replaces every controller by a hold, so a reset never restarts motion by itself (IEC
 * 60204-1). A category 1 stop removes torque when its deceleration ends and at the latest at the
 * stopping-time limit (SS1-t). Reduced-speed faults scale every velocity limit while present. The
 * drive-watchdog heartbeat (`heartbeat`: [0] counter, [1] enabled) is bumped every cycle except while
 * torque is, or must be, off (category 0, category 1 past its end or its time limit) and in a cycle
 * that finds the worker skipped cycles (the drives' own watchdog then sees the gap as it was, and more).
 *
 * Everything in `step` is allocation-free: slots, timers and the event queue are typed arrays; only a
 * stop transition allocates (the hold fallback), and events become objects when the worker drains them.
 */
export class SafetySupervisor {
  readonly inputs: Float64Array;
  readonly events = new SafetyEventQueue();
  readonly slots: FaultSlots;
  private readonly monitors: readonly Monitor[];
  private readonly estopMonitor: EstopMonitor;
  private readonly stopRequests: StopRequestMonitor;
  private readonly config: SupervisorConfig;
  /** Per slot: 1 while the cause is present (debounced by the clear delay). */
  private readonly present: Uint8Array;
  private readonly latched: Uint8Array;
  private readonly lastTrippedS: Float64Array;
  private readonly sinceS: Float64Array;
  private readonly tripValue: Float64Array;
  private readonly tripLimit: Float64Array;
  private readonly faultSeq: Float64Array;
  /** Per slot: 1 for the missed-cycles fault: the heartbeat is not bumped in a cycle that found skipped cycles. */
  private readonly cutsHeartbeat: Uint8Array;
  private readonly cfg: Float64Array;
  private readonly time = new Float64Array(7);
  private stateCode: number = SUPERVISOR_STATE.normal;
  private stopCat: number = NO_STOP;
  private changed = false;

  constructor(
    parts: SupervisorParts,
    private state: Float64Array,
    private commands: Float64Array,
    private actuator: StopActuator,
    /** [0] heartbeat counter, [1] heartbeat enabled (shared memory in the worker). */
    readonly heartbeat: Int32Array = new Int32Array(2),
    /** [0] the highest event sequence number the main thread has durably logged (shared memory). */
    private readonly loggedSeq: Int32Array = new Int32Array(1),
  ) {
    this.slots = parts.slots;
    this.slots.seal();
    this.monitors = parts.monitors;
    this.estopMonitor = parts.estop;
    this.stopRequests = parts.stopRequest;
    this.config = parts.config;
    const n = this.slots.size;
    this.inputs = new Float64Array(INPUT.LENGTH);
    this.inputs[INPUT.PERIOD_S] = parts.periodS;
    this.inputs[INPUT.VELOCITY_SCALE] = 1;
    this.inputs[INPUT.TORQUE_ON] = 1;
    this.present = new Uint8Array(n);
    this.latched = new Uint8Array(n);
    this.lastTrippedS = new Float64Array(n);
    this.sinceS = new Float64Array(n);
    this.tripValue = new Float64Array(n);
    this.tripLimit = new Float64Array(n);
    this.faultSeq = new Float64Array(n);
    this.cutsHeartbeat = Uint8Array.from(this.slots.specs(), (s) => (s.code === 'SAFETY_LOOP_MISSED_CYCLES' ? 1 : 0));
    const c = parts.config;
    this.cfg = Float64Array.of(c.clearDelayS, c.stopTimeLimitS, c.reducedSpeedScale, c.recovery.durationS, c.recovery.velocityScale);
    this.time[T.MANUAL_SCALE] = 1;
    this.time[T.SCALE_NOW] = 1;
    this.time[T.REQUESTED_STOP_TIME] = Number.POSITIVE_INFINITY;
    this.time[T.RECOVERY_UNTIL] = Number.NEGATIVE_INFINITY;
    Atomics.store(this.heartbeat, 1, 1);
  }

  /**
   * One cycle: every monitor checks the state just read against the commands last written, then the
   * reactions and the state machine. The worker writes `inputs[TIME_S]` (and the loop counters)
   * first. Allocation-free; never throws.
   */
  step(): void {
    const inputs = this.inputs;
    inputs[INPUT.TORQUE_ON] = this.actuator.torqueRemoved ? 0 : 1;
    inputs[INPUT.VELOCITY_SCALE] = this.time[T.SCALE_NOW]!;
    const monitors = this.monitors;
    for (let m = 0; m < monitors.length; m++) monitors[m]!.check(this.state, this.commands, inputs);
    this.evaluate(true);
  }

  /** The ControllerManager's cycle hook: `step` between the hardware read and the controllers' update. */
  afterRead(): void {
    this.step();
  }

  /**
   * A software emergency stop (tablet button, voice "stop"/"停", bridge, API): latched and put in force
   * now, between cycles, so the next write already carries it. Never refused. Returns the stop category.
   */
  estop(source: string): number {
    this.estopMonitor.request(source);
    this.estopMonitor.applyPending();
    this.evaluate(false);
    return this.stopCat;
  }

  /**
   * A protective stop of `category` asked for through the loop API, latched like a monitor's stop;
   * `stoppingTimeS` (capped at the configured limit) bounds a category 1 or 2 deceleration. Returns the
   * category in force afterwards (a more severe stop already in force stays).
   */
  requestStop(category: 0 | 1 | 2, stoppingTimeS: number, source: string): number {
    this.stopRequests.request(category, source);
    this.stopRequests.applyPending();
    if (stoppingTimeS > 0 && stoppingTimeS < this.time[T.REQUESTED_STOP_TIME]!) this.time[T.REQUESTED_STOP_TIME] = stoppingTimeS;
    this.evaluate(false);
    return this.stopCat;
  }

  /**
   * The operator's own speed override (1 = full speed), combined with the supervisor's: the lower
   * wins. Returns false for a factor outside (0, 1].
   */
  setManualScale(scale: number): boolean {
    if (!(scale > 0 && scale <= 1)) return false;
    this.time[T.MANUAL_SCALE] = scale;
    this.evaluate(false);
    return true;
  }

  /**
   * An authorised reset (between cycles). Refused — with a catalogue code, a message and the causes —
   * when the source/role may not reset, when no stop is in force, while a latched fault's cause
   * persists, while a category 1 or 2 stop is still decelerating, or (with `requireLoggedEvents`)
   * while a fault it would clear is not yet durably logged. Accepted: every latched fault cleared,
   * torque back, the monitors' histories forgotten, RECOVERY entered. Both outcomes are events.
   */
  reset(request: ResetRequest): ResetOutcome {
    const t = this.inputs[INPUT.TIME_S]!;
    const operator = request.operator ?? `${request.source}${request.role === undefined ? '' : `:${request.role}`}`;
    const refuse = (code: ResetRefusalCode, message: string, causes: PersistingCause[] = []): ResetOutcome => {
      const seq = this.events.pushDetail(EVENT_KIND.reset_refused, t, REACTION.none, {
        source: request.source,
        operator,
        ...(request.role === undefined ? {} : { role: request.role }),
        code,
        message: { en: message, zh: `${describeCode(code).zh}（${message}）` },
      });
      return { accepted: false, code, message, causes, seq };
    };
    const allowed = this.config.reset.allowed.some((a) => a.source === request.source && (a.roles === undefined || (request.role !== undefined && a.roles.includes(request.role))));
    if (!allowed) {
      const who = `${request.source}${request.role === undefined ? '' : ` (role ${request.role})`}`;
      const may = this.config.reset.allowed.map((a) => (a.roles === undefined ? a.source : `${a.source} (${a.roles.join('|')})`)).join(', ');
      return refuse('SAFETY_RESET_UNAUTHORISED', `safety reset from ${who} is not allowed; allowed: ${may}`);
    }
    const n = this.slots.size;
    const latched: number[] = [];
    for (let k = 0; k < n; k++) if (this.latched[k] === 1) latched.push(k);
    if (latched.length === 0) return refuse('SAFETY_RESET_NOT_STOPPED', 'no safety stop is in force; nothing to reset');
    const persisting = latched.filter((k) => this.present[k] === 1 || this.slots.tripped[k] === 1);
    if (persisting.length > 0) {
      const causes = persisting.map((k) => this.cause(k));
      return refuse(
        'SAFETY_RESET_CAUSE_PERSISTS',
        `safety reset refused: the cause persists — ${causes.map((c) => `${c.monitor} ${c.subject}: ${fmt(c.value)} (limit ${fmt(c.limit)})`).join('; ')}`,
        causes,
      );
    }
    if ((this.stopCat === 1 || this.stopCat === 2) && !this.actuator.stopFinished && !this.actuator.torqueRemoved) {
      return refuse('SAFETY_RESET_STOP_IN_PROGRESS', `safety reset refused: the category ${this.stopCat} stop is still decelerating`);
    }
    if (this.config.reset.requireLoggedEvents) {
      const logged = Atomics.load(this.loggedSeq, 0);
      const pending = latched.filter((k) => this.faultSeq[k]! > logged);
      if (pending.length > 0 || this.events.pending > 0) {
        return refuse(
          'SAFETY_RESET_LOG_PENDING',
          `safety reset refused: events up to #${this.events.lastSeq} are not yet durably in the safety log (logged: #${logged}); connect the log (LoopHost.useSafetyLog) or wait for it`,
        );
      }
    }
    const cleared = latched.map((k) => `${this.slots.spec(k).monitor}:${this.slots.subjectOf(k)}`);
    this.leaveStop();
    const seq = this.events.pushDetail(EVENT_KIND.reset, t, REACTION.none, {
      source: request.source,
      operator,
      ...(request.role === undefined ? {} : { role: request.role }),
    });
    this.evaluate(false);
    return { accepted: true, cleared, seq };
  }

  /** The accepting half of a reset: latches cleared, torque back, histories forgotten, recovery started. */
  private leaveStop(): void {
    this.latched.fill(0);
    this.actuator.endStop();
    this.stopCat = NO_STOP;
    this.time[T.REQUESTED_STOP_TIME] = Number.POSITIVE_INFINITY;
    this.time[T.RECOVERY_UNTIL] = this.inputs[INPUT.TIME_S]! + this.cfg[C.RECOVERY_S]!;
    for (const m of this.monitors) m.reset(this.state, this.inputs);
    this.changed = true;
  }

  /**
   * Run every path of the monitors and the reactions — faults raised and cleared, every stop category
   * and its escalation, resets, recovery, reduced speed, the event queue wrapping — on scratch state,
   * commands and a scratch actuator, so the JIT has optimised them with full type feedback before the
   * first real cycle; then restore the supervisor as built (no fault, no event, normal, heartbeat at 0).
   * Without it the first real fault runs code that was optimised without ever seeing that branch:
   * V8 deoptimises it and runs it unoptimised for a while, boxing every double — allocating in the
   * cycle exactly when a stop is needed. Configuration time only (the worker calls it before the first
   * cycle, after the SafetyGate's own warm-up); must not run while the supervisor is in use.
   */
  warmUp(cycles = 3000): void {
    const realState = this.state;
    const realCommands = this.commands;
    const realActuator = this.actuator;
    const realHeartbeat = [Atomics.load(this.heartbeat, 0), Atomics.load(this.heartbeat, 1)] as const;
    const state = new Float64Array(realState.length);
    const commands = new Float64Array(realCommands.length);
    const scratch: StopActuator & { torqueRemoved: boolean; stopFinished: boolean } = {
      torqueRemoved: false,
      stopFinished: false,
      beginStop(category) {
        this.stopFinished = false;
        if (category === 0) this.torqueRemoved = true;
        return 0;
      },
      endStop() {
        this.torqueRemoved = false;
        this.stopFinished = false;
      },
      setVelocityScale() {},
      holdAll() {},
    };
    this.state = state;
    this.commands = commands;
    this.actuator = scratch;
    const inputs = this.inputs;
    const period = inputs[INPUT.PERIOD_S]!;
    const sources = this.config.estop.sources;
    try {
      for (let k = 0; k < cycles; k++) {
        const phase = k % 400;
        for (let i = 0; i < state.length; i++) {
          // Mostly a smooth, changing signal; bursts of large values, NaN and a frozen stretch.
          state[i] = phase < 100 ? Math.sin(0.01 * k + i) : phase < 120 ? 1e4 : phase < 125 ? Number.NaN : phase < 200 ? 0.5 : Math.cos(0.02 * k + i);
        }
        for (let c = 0; c < commands.length; c++) commands[c] = phase < 300 ? state[c] ?? 0 : 5;
        inputs[INPUT.TIME_S] = k * period;
        inputs[INPUT.OVERRUNS] = phase > 350 ? inputs[INPUT.OVERRUNS]! + 1 : inputs[INPUT.OVERRUNS]!;
        inputs[INPUT.MISSED] = phase === 360 ? inputs[INPUT.MISSED]! + 2 : inputs[INPUT.MISSED]!;
        inputs[INPUT.MAIN_SILENT_S] = phase > 380 ? 10 : 0;
        if (phase === 130) this.requestStop(2, 0.2, 'warm_up');
        if (phase === 140) this.estop(sources[k % Math.max(1, sources.length)] ?? 'warm_up');
        if (phase === 150) this.requestStop(0, 0.2, 'warm_up');
        if (phase === 160) scratch.stopFinished = true;
        this.step();
        if (phase === 390 && this.stopCat !== NO_STOP) this.leaveStop();
        if (this.events.pending > this.events.capacity / 2) this.events.drain();
      }
    } finally {
      this.state = realState;
      this.commands = realCommands;
      this.actuator = realActuator;
      inputs.fill(0);
      inputs[INPUT.PERIOD_S] = period;
      inputs[INPUT.VELOCITY_SCALE] = 1;
      inputs[INPUT.TORQUE_ON] = 1;
      this.slots.clearVerdicts();
      this.present.fill(0);
      this.latched.fill(0);
      this.lastTrippedS.fill(0);
      this.sinceS.fill(0);
      this.tripValue.fill(0);
      this.tripLimit.fill(0);
      this.faultSeq.fill(0);
      this.events.clear();
      this.stateCode = SUPERVISOR_STATE.normal;
      this.stopCat = NO_STOP;
      this.changed = false;
      this.time.fill(0);
      this.time[T.MANUAL_SCALE] = 1;
      this.time[T.SCALE_NOW] = 1;
      this.time[T.REQUESTED_STOP_TIME] = Number.POSITIVE_INFINITY;
      this.time[T.RECOVERY_UNTIL] = Number.NEGATIVE_INFINITY;
      for (const m of this.monitors) {
        if (m.restart !== undefined) m.restart(realState, inputs);
        else m.reset(realState, inputs);
      }
      Atomics.store(this.heartbeat, 0, realHeartbeat[0]);
      Atomics.store(this.heartbeat, 1, realHeartbeat[1]);
    }
  }

  /** The SafetyState code now (`SUPERVISOR_STATE`). */
  get stateNow(): number {
    return this.stateCode;
  }

  /** The planned deceleration of the latest stop put in force, s (0 for category 0). */
  get lastStopDurationS(): number {
    return this.time[T.STOP_DURATION]!;
  }

  /** When the stop in force began (loop time, s), or NaN. */
  get stopSinceS(): number {
    return this.stopCat === NO_STOP ? Number.NaN : this.time[T.STOP_START]!;
  }

  /** The stop category in force, or -1. */
  get stopCategory(): number {
    return this.stopCat;
  }

  /** The velocity scale the supervisor put in force (manual override included). */
  get velocityScale(): number {
    return this.time[T.SCALE_NOW]!;
  }

  get heartbeatEnabled(): boolean {
    return Atomics.load(this.heartbeat, 1) === 1;
  }

  /** True once since the last call when a fault was raised, cleared or reset (the worker republishes the fault list). */
  takeChanged(): boolean {
    const c = this.changed;
    this.changed = false;
    return c;
  }

  /** Loop time of the latest cycle, s. */
  get timeS(): number {
    return this.inputs[INPUT.TIME_S]!;
  }

  /** Every fault latched or present now (allocates; after the cycle). */
  activeFaults(): ActiveFault[] {
    const out: ActiveFault[] = [];
    for (let k = 0; k < this.slots.size; k++) {
      if (this.latched[k] === 0 && this.present[k] === 0) continue;
      const spec = this.slots.spec(k);
      out.push({
        monitor: spec.monitor,
        code: spec.code,
        subject: this.slots.subjectOf(k),
        quantity: spec.quantity,
        value: this.tripValue[k]!,
        limit: this.tripLimit[k]!,
        reaction: spec.reaction,
        latched: this.latched[k] === 1,
        causePresent: this.present[k] === 1,
        sinceNs: BigInt(Math.round(this.sinceS[k]! * 1e9)),
        seq: this.faultSeq[k]!,
      });
    }
    return out;
  }

  private cause(k: number): PersistingCause {
    const spec = this.slots.spec(k);
    return { monitor: spec.monitor, code: spec.code, subject: this.slots.subjectOf(k), value: this.slots.value[k]!, limit: this.slots.limit[k]! };
  }

  /** A slot's cause appeared: record it, latch a stop, queue the fault event. */
  private raise(k: number): void {
    const s = this.slots;
    const t = this.inputs[INPUT.TIME_S]!;
    this.present[k] = 1;
    this.sinceS[k] = t;
    this.tripValue[k] = s.value[k]!;
    this.tripLimit[k] = s.limit[k]!;
    if (isStopReaction(s.reaction[k]!)) this.latched[k] = 1;
    this.events.push(EVENT_KIND.fault, k, t, s.value[k]!, s.limit[k]!, s.reaction[k]!);
    this.faultSeq[k] = this.events.lastSeq;
    this.changed = true;
  }

  /** A slot's cause has been gone for the clear delay (a latched stop stays latched). */
  private clearCause(k: number): void {
    const s = this.slots;
    this.present[k] = 0;
    this.events.push(EVENT_KIND.cleared, k, this.inputs[INPUT.TIME_S]!, s.value[k]!, s.limit[k]!, s.reaction[k]!);
    this.changed = true;
  }

  /** Begin (or escalate to) stop category `want`; the first stop also holds every controller. */
  private putStopInForce(want: 0 | 1 | 2): void {
    const t = this.inputs[INPUT.TIME_S]!;
    const a = this.actuator;
    if (this.stopCat === NO_STOP) {
      this.time[T.STOP_START] = t;
      a.holdAll('safety stop');
    }
    if (want === 1) this.time[T.STOP1_START] = t;
    const limit = this.cfg[C.STOP_LIMIT]!;
    const requested = this.time[T.REQUESTED_STOP_TIME]!;
    this.time[T.STOP_DURATION] = a.beginStop(want, requested < limit ? requested : limit);
    this.stopCat = want;
  }

  /** SS1-t: the category 1 stop's time limit is over and torque is still on: remove it now. */
  private removeTorqueAtLimit(): void {
    this.actuator.beginStop(0, this.cfg[C.STOP_LIMIT]!);
  }

  private applyScale(): void {
    this.actuator.setVelocityScale(this.time[T.SCALE_NOW]!);
  }

  private enterState(next: number, reaction: number): void {
    this.events.push(EVENT_KIND.state, -1, this.inputs[INPUT.TIME_S]!, next, this.stateCode, reaction);
    this.stateCode = next;
    this.changed = true;
  }

  /**
   * Edges, latches, reactions, state; `cycle` also feeds the heartbeat. The per-cycle path reads and
   * writes typed arrays only; what happens on a change (an event, a stop, a new scale, a new state)
   * sits in methods of its own that read the time themselves, so no double crosses a call.
   */
  private evaluate(cycle: boolean): void {
    const s = this.slots;
    const n = s.size;
    const t = this.inputs[INPUT.TIME_S]!;
    const clearDelay = this.cfg[C.CLEAR_DELAY]!;
    let stopReaction = -1;
    let emergency = false;
    let reduced = false;
    let missed = false;
    for (let k = 0; k < n; k++) {
      const r = s.reaction[k]!;
      if (s.tripped[k] === 1) {
        this.lastTrippedS[k] = t;
        if (this.present[k] === 0) this.raise(k);
      } else if (this.present[k] === 1 && t - this.lastTrippedS[k]! >= clearDelay) {
        this.clearCause(k);
      }
      if (this.latched[k] === 1) {
        if (r > stopReaction) stopReaction = r;
        if (s.emergency[k] === 1) emergency = true;
      } else if (this.present[k] === 1 && r === REACTION.reduced_speed) {
        reduced = true;
      }
      if (s.tripped[k] === 1 && this.cutsHeartbeat[k] === 1) missed = true;
    }

    // Stops: put the most severe latched one in force; escalate, never de-escalate.
    const want = stopCategoryOf(stopReaction);
    if (want !== NO_STOP && severity(want) > severity(this.stopCat)) this.putStopInForce(want);
    // SS1-t: a category 1 stop removes torque at the latest one cycle after its time limit.
    const stop1Over = this.stopCat === 1 && t - this.time[T.STOP1_START]! > this.cfg[C.STOP_LIMIT]! + this.inputs[INPUT.PERIOD_S]! - 1e-9;
    const a = this.actuator;
    if (stop1Over && !a.torqueRemoved) this.removeTorqueAtLimit();

    // Velocity scale: the operator's, lowered in recovery and in reduced speed.
    const recovering = this.stopCat === NO_STOP && t < this.time[T.RECOVERY_UNTIL]!;
    let scale = this.time[T.MANUAL_SCALE]!;
    if (recovering && this.cfg[C.RECOVERY_SCALE]! < scale) scale = this.cfg[C.RECOVERY_SCALE]!;
    if (reduced && this.cfg[C.REDUCED_SCALE]! < scale) scale = this.cfg[C.REDUCED_SCALE]!;
    if (scale !== this.time[T.SCALE_NOW]!) {
      this.time[T.SCALE_NOW] = scale;
      this.applyScale();
    }

    const next = nextSupervisorState(emergency, stopReaction >= REACTION.stop2, recovering, reduced);
    if (next !== this.stateCode) this.enterState(next, stopReaction >= REACTION.stop2 ? stopReaction : reduced ? REACTION.reduced_speed : REACTION.none);

    // The drive-watchdog heartbeat: off while torque is or must be off, and after missed cycles.
    const torqueOff = a.torqueRemoved || this.stopCat === 0 || stop1Over;
    const enabled = !torqueOff && !missed;
    Atomics.store(this.heartbeat, 1, enabled ? 1 : 0);
    if (cycle && enabled) Atomics.add(this.heartbeat, 0, 1);
  }
}
