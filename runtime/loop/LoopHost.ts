import { once } from 'node:events';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { decodeGateCounters, limitsError, type GateCounterRow } from '../../safety/index.js';
import type { SafetyEvent } from '../../safety/log/SafetyEvent.js';
import { supervisorStateName, type ActiveFault, type SupervisorStateName } from '../../safety/supervisor/index.js';
import type { ControllerStatus, ManagerEvent } from '../control/index.js';
import { KindredError, type ErrorCode } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { buildManager, resolveLoopLimits } from './buildManager.js';
import type { LoopConfig } from './LoopConfig.js';
import { percentiles } from './LoopHistogram.js';
import type { LoopCommand, SerializedError, TimingFaultKind, WorkerMessage } from './messages.js';
import { allocateShared, CTRL, LOOP_STATUS, SAFETY_STATE, STAT, type LoopStatusName, type SafetyStateName, type SharedBlocks } from './sharedLayout.js';

/** Loop figures for /healthz, /diagnostics and the statistics topic. Durations in microseconds. */
export interface LoopStats {
  readonly mode: LoopConfig['mode'];
  readonly status: LoopStatusName;
  readonly rateHz: number;
  readonly achievedRateHz: number;
  readonly cycles: number;
  readonly overruns: number;
  readonly missedCycles: number;
  readonly mainThreadStalls: number;
  /** Sum over cycles of the command interfaces the SafetyGate limited (per interface: `LoopHost.gateCounters()`). */
  readonly gateLimitedCommands: number;
  /** The reduced-speed factor in force (1 = full speed). */
  readonly velocityScale: number;
  /** The safety stop state in the worker. */
  readonly safety: SafetyStateName;
  /** The safety supervisor's state (kindred_msgs/SafetyState names). */
  readonly supervisor: SupervisorStateName;
  /**
   * The drive-watchdog heartbeat the worker feeds every cycle while torque may be on (stopped on a
   * category 0/1 stop and in a cycle that finds skipped cycles): whether it is fed now, and its count.
   */
  readonly driveHeartbeat: { readonly enabled: boolean; readonly count: number };
  readonly latenessUs: { readonly p50: number; readonly p99: number; readonly p999: number; readonly max: number };
  readonly execUs: { readonly p50: number; readonly p99: number; readonly p999: number; readonly max: number };
  readonly periodUs: { readonly min: number; readonly max: number };
}

export interface LatestState {
  /** Loop time of the cycle that produced this state, seconds since the loop started. */
  readonly timeS: number;
  /** One value per `stateNames` entry. */
  readonly state: Float64Array;
  /** One value per `commandNames` entry: what the SafetyGate last let through. */
  readonly commands: Float64Array;
}

const HEARTBEAT_MS = 10;

/** A safety command without its id (the host numbers it). */
export type SafetyRequest =
  | { readonly op: 'safetyStop'; readonly category: 0 | 1 | 2; readonly stoppingTimeS: number; readonly source?: string }
  | { readonly op: 'safetyReset'; readonly source: string; readonly role?: string; readonly operator?: string };

/** Where the safety supervisor stands, for `/safety/state`, the tablet and the viewer overlay. */
export interface SafetyStatus {
  /** The supervisor's state (kindred_msgs/SafetyState: normal, reduced_speed, protective_stop, emergency_stop, recovery). */
  readonly state: SupervisorStateName;
  /** The IEC 60204-1 stop category in force, or -1. */
  readonly stopCategory: -1 | 0 | 1 | 2;
  /** The velocity scale in force (1 = full speed). */
  readonly velocityScale: number;
  /** Whether the worker feeds the drive-watchdog heartbeat (false on a category 0/1 stop and after missed cycles). */
  readonly heartbeatEnabled: boolean;
  /** The heartbeat counter (changes every cycle while enabled). */
  readonly heartbeatCount: number;
  /** Faults latched or present, as of the latest safety message from the worker. */
  readonly activeFaults: readonly ActiveFault[];
  /** Sequence number of the latest safety event received, and of the latest durably logged (via `useSafetyLog`). */
  readonly lastEventSeq: number;
  readonly loggedSeq: number;
}

/** What an accepted reset answers: the faults it cleared (`monitor:subject`) and the reset event's sequence number. */
export interface SafetyResetResult {
  readonly cleared: readonly string[];
  readonly seq: number;
}

function toError(e: SerializedError): KindredError {
  return new KindredError(e.code as ErrorCode, e.message, e.context);
}

/**
 * Where the worker's code lives: the compiled .js next to this file in production, or the .ts
 * source during development and tests, loaded through tsx's loader registered inside the worker
 * (loader hooks are per thread).
 */
function workerEntry(): { code: URL | string; evaluate: boolean } {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith('.ts')) return { code: new URL('./loopWorker.js', self), evaluate: false };
  const target = JSON.stringify(new URL('./loopWorker.ts', self).href);
  return { code: `import('tsx/esm/api').then((m) => { m.register(); return import(${target}); });`, evaluate: true };
}

/**
 * The main thread's side of the real-time worker: starts it, feeds it set-points and a heartbeat,
 * reads its latest state and statistics from shared memory, and stops it in order.
 */
export class LoopHost {
  private readonly ctrl: Int32Array;
  private readonly statsView: Float64Array;
  private readonly lateness: Uint32Array;
  private readonly execHist: Uint32Array;
  private readonly stateView: Float64Array;
  private readonly spView: Float64Array;
  private readonly spGen: Int32Array;
  private readonly gateView: Float64Array;
  private readonly commandIndex: Map<string, number>;
  private readonly pending = new Map<number, { resolve: (c: readonly ControllerStatus[], result: unknown) => void; reject: (e: Error) => void }>();
  private readonly heartbeat: NodeJS.Timeout;
  private nextId = 1;
  private controllerList: readonly ControllerStatus[];
  private stopped: Promise<void> | undefined;
  private eventListeners: ((e: ManagerEvent) => void)[] = [];
  private safetyListeners: ((e: SafetyEvent, seq: number) => void)[] = [];
  private safetyLog: ((e: SafetyEvent) => Promise<unknown>) | undefined;
  /** Appends to the safety log in order; each settles before the next starts. */
  private logChain: Promise<void> = Promise.resolve();
  /** Events not yet durably appended, oldest first (a failed append is retried before anything newer). */
  private unlogged: { readonly seq: number; readonly event: SafetyEvent }[] = [];
  private activeFaults: readonly ActiveFault[] = [];
  private lastSafetySeq = 0;

  private constructor(
    readonly config: LoopConfig,
    private readonly worker: Worker,
    private readonly port: MessagePort,
    shared: SharedBlocks,
    readonly stateNames: readonly string[],
    readonly commandNames: readonly string[],
    controllers: readonly ControllerStatus[],
    private readonly logger: Logger,
  ) {
    this.ctrl = new Int32Array(shared.ctrl);
    this.statsView = new Float64Array(shared.stats);
    this.lateness = new Uint32Array(shared.lateness);
    this.execHist = new Uint32Array(shared.exec);
    this.stateView = new Float64Array(shared.state);
    this.spView = new Float64Array(shared.setpoints);
    this.spGen = new Int32Array(shared.setpointGen);
    this.gateView = new Float64Array(shared.gate);
    this.commandIndex = new Map(commandNames.map((n, i) => [n, i]));
    this.controllerList = controllers;
    this.heartbeat = setInterval(() => Atomics.add(this.ctrl, CTRL.HEARTBEAT, 1), HEARTBEAT_MS);
    this.heartbeat.unref();
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', (e) => this.logger.error({ err: e }, 'real-time worker crashed'));
  }

  /**
   * Validate the configuration on this thread (throws KindredError with nothing started), then start
   * the worker and wait until it runs.
   */
  static async start(config: LoopConfig, logger: Logger): Promise<LoopHost> {
    // Limits are composed once, here: the worker enforces exactly what this dry run checked.
    const limits = resolveLoopLimits(config);
    const dryRun = await buildManager(config, limits === undefined ? {} : { limits });
    const shared = allocateShared(dryRun.state.length, dryRun.commandNames.length);
    dryRun.dispose();
    const channel = new MessageChannel();
    const entry = workerEntry();
    const worker = new Worker(entry.code, {
      eval: entry.evaluate,
      workerData: { config, shared, port: channel.port2, ...(limits === undefined ? {} : { limits }) },
      transferList: [channel.port2],
      name: 'kindred-rt',
    });
    const first = await Promise.race([
      once(worker, 'message').then(([m]) => m as WorkerMessage),
      once(worker, 'error').then(([e]) => {
        throw new KindredError('LOOP_START_FAILED', `the real-time worker failed to start: ${String(e)}`, {}, { cause: e });
      }),
    ]);
    if (first.op !== 'ready') {
      await worker.terminate();
      if (first.op === 'fatal') throw toError(first.error);
      throw new KindredError('LOOP_START_FAILED', `the real-time worker sent ${first.op} before ready`);
    }
    const host = new LoopHost(config, worker, channel.port1, shared, first.stateNames, first.commandNames, first.controllers, logger);
    logger.info({ rateHz: config.rateHz, mode: config.mode, controllers: first.controllers.map((c) => `${c.name}:${c.state}`) }, 'control loop running');
    return host;
  }

  get status(): LoopStatusName {
    const s = Atomics.load(this.ctrl, CTRL.STATUS);
    return (Object.keys(LOOP_STATUS) as LoopStatusName[]).find((k) => LOOP_STATUS[k] === s) ?? 'starting';
  }

  controllers(): readonly ControllerStatus[] {
    return this.controllerList;
  }

  onEvent(listener: (e: ManagerEvent) => void): void {
    this.eventListeners.push(listener);
  }

  /** Set-points by command interface name (`knee_left/position`), applied atomically at the next cycle. */
  setSetpoints(values: Readonly<Record<string, number>>): void {
    const entries = Object.entries(values).map(([name, v]) => {
      const i = this.commandIndex.get(name);
      if (i === undefined) {
        throw new KindredError('HW_INTERFACE_UNKNOWN', `no command interface ${name}; available: ${this.commandNames.join(', ')}`, { value: name });
      }
      return [i, v] as const;
    });
    Atomics.add(this.ctrl, CTRL.SETPOINT_SEQ, 1);
    for (const [i, v] of entries) {
      this.spView[i] = v;
      Atomics.add(this.spGen, i, 1);
    }
    Atomics.add(this.ctrl, CTRL.SETPOINT_SEQ, 1);
  }

  /** A consistent copy of the latest state the worker published. */
  latest(): LatestState {
    const n = this.stateNames.length;
    for (;;) {
      const s1 = Atomics.load(this.ctrl, CTRL.STATE_SEQ);
      if ((s1 & 1) === 1) continue;
      const copy = this.stateView.slice();
      if (Atomics.load(this.ctrl, CTRL.STATE_SEQ) === s1) {
        return { timeS: copy[0]!, state: copy.subarray(1, 1 + n), commands: copy.subarray(1 + n) };
      }
    }
  }

  stats(): LoopStats {
    const s = this.statsView;
    const late = percentiles(this.lateness);
    const exec = percentiles(this.execHist);
    const cycles = s[STAT.CYCLES]!;
    const spanMs = s[STAT.LAST_MS]! - s[STAT.START_MS]!;
    const us = (ns: number): number => Math.round(ns / 10) / 100;
    return {
      mode: this.config.mode,
      status: this.status,
      rateHz: this.config.rateHz,
      achievedRateHz: this.config.mode === 'realtime' && cycles > 1 && spanMs > 0 ? ((cycles - 1) * 1000) / spanMs : 0,
      cycles,
      overruns: s[STAT.OVERRUNS]!,
      missedCycles: s[STAT.MISSED]!,
      mainThreadStalls: s[STAT.MAIN_STALLS]!,
      gateLimitedCommands: s[STAT.GATE_LIMITED]!,
      velocityScale: s[STAT.VELOCITY_SCALE]!,
      safety: this.safetyState(),
      supervisor: supervisorStateName(Atomics.load(this.ctrl, CTRL.SUPERVISOR_STATE)),
      driveHeartbeat: { enabled: Atomics.load(this.ctrl, CTRL.HEARTBEAT_ENABLED) === 1, count: Atomics.load(this.ctrl, CTRL.DRIVE_HEARTBEAT) },
      latenessUs: { p50: us(late.p50Ns), p99: us(late.p99Ns), p999: us(late.p999Ns), max: us(s[STAT.MAX_LATENESS_NS]!) },
      execUs: { p50: us(exec.p50Ns), p99: us(exec.p99Ns), p999: us(exec.p999Ns), max: us(s[STAT.MAX_EXEC_NS]!) },
      periodUs: { min: cycles > 1 ? us(s[STAT.MIN_PERIOD_NS]!) : 0, max: us(s[STAT.MAX_PERIOD_NS]!) },
    };
  }

  /**
   * Per command interface, what the SafetyGate did since start: cycles limited in all and per kind of
   * limit (position, soft, velocity, acceleration, jerk, effort, nonfinite, range, stop) and the largest
   * correction (SI joint units; +∞ after a non-finite request). A consistent copy from shared memory.
   */
  gateCounters(): GateCounterRow[] {
    for (;;) {
      const s1 = Atomics.load(this.ctrl, CTRL.GATE_SEQ);
      if ((s1 & 1) === 1) continue;
      const copy = this.gateView.slice();
      if (Atomics.load(this.ctrl, CTRL.GATE_SEQ) === s1) return decodeGateCounters(copy, this.commandNames);
    }
  }

  /** The worker's safety stop state (`none`, `stopping_1`, `stopping_2`, `holding`, `torque_off`). */
  safetyState(): SafetyStateName {
    const s = Atomics.load(this.ctrl, CTRL.SAFETY);
    return (Object.keys(SAFETY_STATE) as SafetyStateName[]).find((k) => SAFETY_STATE[k] === s) ?? 'none';
  }

  /**
   * The operator's speed override: every joint's velocity limit times `scale` ∈ (0, 1] from the next
   * cycle (the supervisor's reduced speed and recovery can only lower it further); faster commands
   * decelerate to it within their limits. SAFETY_VELOCITY_SCALE_INVALID otherwise (checked here and
   * again in the worker). Needs velocity limits, i.e. a `safety` block in the loop configuration.
   */
  async setVelocityScale(scale: number): Promise<void> {
    if (!(typeof scale === 'number' && scale > 0 && scale <= 1)) {
      throw limitsError('SAFETY_VELOCITY_SCALE_INVALID', `velocity scale ${String(scale)}; expected a number in (0, 1] (1 = full speed; use a stop category to stop)`, {
        field: 'velocityScale',
        value: scale,
        expected: '0 < scale ≤ 1',
      });
    }
    await this.command({ op: 'velocityScale', id: this.nextId++, scale });
  }

  /**
   * Where the supervisor stands now: state, stop category, velocity scale and drive-watchdog heartbeat
   * from shared memory (current to the cycle), active faults as of the worker's latest safety message.
   */
  safetyStatus(): SafetyStatus {
    const cat = Atomics.load(this.ctrl, CTRL.STOP_CATEGORY);
    return {
      state: supervisorStateName(Atomics.load(this.ctrl, CTRL.SUPERVISOR_STATE)),
      stopCategory: cat === 0 || cat === 1 || cat === 2 ? cat : -1,
      velocityScale: this.statsView[STAT.VELOCITY_SCALE]!,
      heartbeatEnabled: Atomics.load(this.ctrl, CTRL.HEARTBEAT_ENABLED) === 1,
      heartbeatCount: Atomics.load(this.ctrl, CTRL.DRIVE_HEARTBEAT),
      activeFaults: this.activeFaults,
      lastEventSeq: this.lastSafetySeq,
      loggedSeq: Atomics.load(this.ctrl, CTRL.SAFETY_LOGGED_SEQ),
    };
  }

  /**
   * Every safety event the supervisor raises (fault raised or cleared, state change, reset accepted or
   * refused), in order, with its sequence number; in the shape `SafetyLog.append` takes.
   */
  onSafetyEvent(listener: (event: SafetyEvent, seq: number) => void): void {
    this.safetyListeners.push(listener);
  }

  /**
   * Make `append` (the durable SafetyLog's) the sink of every safety event: events are appended one
   * after another, in order, and each is acknowledged to the worker once `append` has resolved — with
   * `supervisor.reset.requireLoggedEvents` the worker refuses a reset until every fault it would clear
   * is acknowledged. Resets resolve only once their own event is appended. A rejected append is logged,
   * not acknowledged, and retried (before anything newer) at the next event or reset.
   */
  useSafetyLog(append: (event: SafetyEvent) => Promise<unknown>): void {
    this.safetyLog = append;
  }

  /**
   * A software emergency stop (the tablet's stop button, a voice "stop"/"停" intent, a bridge or API
   * call): latched and in force before the worker's next write; never refused. Resolves with the
   * supervisor's status once the worker has put it in force.
   */
  async estop(source: string): Promise<SafetyStatus> {
    await this.request({ op: 'estop', id: this.nextId++, source });
    return this.safetyStatus();
  }

  /**
   * A protective stop of IEC 60204-1 category 0 (torque off now), 1 (decelerate within
   * `stoppingTimeS`, capped at the configured limit, then torque off) or 2 (decelerate, then hold),
   * latched like a monitor's stop until an authorised reset. Resolves with the planned deceleration
   * and the category in force (a more severe stop already in force stays). SAFETY_STOP_INVALID for bad values.
   */
  async requestStop(category: 0 | 1 | 2, stoppingTimeS: number, source = 'api'): Promise<{ durationS: number; stopCategory: number }> {
    return (await this.request({ op: 'safetyStop', id: this.nextId++, category, stoppingTimeS, source })) as { durationS: number; stopCategory: number };
  }

  /**
   * Ask the supervisor to leave a stop. Rejects with SAFETY_RESET_UNAUTHORISED (source/role not in
   * `supervisor.reset.allowed`), SAFETY_RESET_NOT_STOPPED, SAFETY_RESET_CAUSE_PERSISTS (context.causes
   * names each persisting fault with value and limit), SAFETY_RESET_STOP_IN_PROGRESS or
   * SAFETY_RESET_LOG_PENDING. Accepted: torque back, commands restart at rest, RECOVERY at reduced speed;
   * controllers stay held until `releaseHold` (a reset never restarts motion by itself). With a safety
   * log connected, settles only after the reset (or refusal) event is appended.
   */
  async safetyReset(request: { readonly source: string; readonly role?: string; readonly operator?: string }): Promise<SafetyResetResult> {
    await this.flushLog();
    try {
      return (await this.request({ op: 'safetyReset', id: this.nextId++, ...request })) as SafetyResetResult;
    } finally {
      await this.flushLog();
    }
  }

  /** `requestStop` or `safetyReset` as one request object (for bridges that forward commands). */
  safetyCommand(request: SafetyRequest): Promise<unknown> {
    if (request.op === 'safetyStop') return this.requestStop(request.category, request.stoppingTimeS, request.source);
    const { op: _op, ...rest } = request;
    return this.safetyReset(rest);
  }

  /**
   * Fault injection (lock-step loops only): a compute fault on the loop's virtual clock — `overrun`
   * (the next `cycles` cycles take `ms` each), `stall` (the worker stops `ms` before its next cycle) or
   * `main_stall` (this thread's heartbeat is silent for the next `ms` of loop time). See
   * `TimingFaultCommand`. LOOP_TIMING_FAULT_INVALID for a real-time loop or values out of range.
   */
  async injectTimingFault(kind: TimingFaultKind, ms: number, cycles?: number): Promise<void> {
    await this.command({ op: 'timingFault', id: this.nextId++, kind, ms, ...(cycles === undefined ? {} : { cycles }) });
  }

  /** Lock-step mode: run `cycles` more cycles and resolve when the worker has finished them. */
  async step(cycles: number): Promise<void> {
    if (this.config.mode !== 'lockstep') throw new KindredError('INTERNAL', 'step() is for lock-step mode only');
    const target = Atomics.add(this.ctrl, CTRL.STEP_REQUEST, cycles) + cycles;
    Atomics.notify(this.ctrl, CTRL.STEP_REQUEST);
    for (;;) {
      const done = Atomics.load(this.ctrl, CTRL.STEP_DONE);
      if (done >= target) return;
      if (this.status === 'stopped') throw new KindredError('INTERNAL', 'the control loop stopped while stepping');
      const waited = Atomics.waitAsync(this.ctrl, CTRL.STEP_DONE, done, 1000);
      if (waited.async) await waited.value;
    }
  }

  activate(controller: string): Promise<readonly ControllerStatus[]> {
    return this.command({ op: 'activate', id: this.nextId++, controller });
  }

  deactivate(controller: string): Promise<readonly ControllerStatus[]> {
    return this.command({ op: 'deactivate', id: this.nextId++, controller });
  }

  /** Replace every active controller by a hold at the current position. */
  hold(reason: string): Promise<readonly ControllerStatus[]> {
    return this.command({ op: 'hold', id: this.nextId++, reason });
  }

  /** Leave a hold (engaged by `hold` or by a main-thread stall), restoring the controllers it replaced. */
  releaseHold(): Promise<readonly ControllerStatus[]> {
    return this.command({ op: 'releaseHold', id: this.nextId++ });
  }

  /**
   * An out-of-cycle command to a hardware component (simulator play/pause, fault injection, a simulated
   * e-stop button), run by the worker between cycles; resolves with the component's reply.
   */
  hardwareCommand(component: string, payload: { readonly op: string } & Readonly<Record<string, unknown>>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: (_c, result) => resolve(result), reject });
      this.port.postMessage({ op: 'hardware', id, component, payload } satisfies LoopCommand);
      Atomics.notify(this.ctrl, CTRL.STEP_REQUEST);
    });
  }

  /**
   * Change a controller's run-time parameters (e.g. `assist_as_needed`'s `assist_level`), applied by
   * the worker between cycles, never beyond the launch file's parameters; `{}` restores the launch
   * file's values. Resolves with the values now in force. Rejects with CONTROLLER_UNKNOWN,
   * CONTROLLER_CONFIGURE_UNSUPPORTED or CONTROLLER_PARAM_REFUSED (naming controller, field, value and
   * what was expected), the running values untouched.
   */
  async configureController(controller: string, params: Readonly<Record<string, number>>): Promise<Readonly<Record<string, number>>> {
    return (await this.request({ op: 'configure', id: this.nextId++, controller, params: { ...params } })) as Readonly<Record<string, number>>;
  }

  /** Stop in order: controllers deactivated, hardware told to hold, worker exits. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      clearInterval(this.heartbeat);
      const exited = once(this.worker, 'exit');
      Atomics.store(this.ctrl, CTRL.STOP, 1);
      this.port.postMessage({ op: 'stop', id: 0 } satisfies LoopCommand);
      Atomics.notify(this.ctrl, CTRL.STEP_REQUEST);
      const timeout = setTimeout(() => void this.worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
      this.port.close();
      for (const p of this.pending.values()) p.reject(new KindredError('INTERNAL', 'control loop stopped before replying'));
      this.pending.clear();
      this.logger.info({ stats: this.stats() }, 'control loop stopped');
    })();
    return this.stopped;
  }

  /** Send a command whose reply carries a result. */
  private request(cmd: LoopCommand): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(cmd.id, { resolve: (_c, result) => resolve(result), reject });
      this.port.postMessage(cmd);
      Atomics.notify(this.ctrl, CTRL.STEP_REQUEST);
    });
  }

  private onSafety(events: readonly { readonly seq: number; readonly event: SafetyEvent }[], active: readonly ActiveFault[]): void {
    this.activeFaults = active;
    for (const { seq, event } of events) {
      this.lastSafetySeq = seq;
      const level = event.kind === 'fault' && event.reaction.startsWith('stop') ? 'error' : 'warn';
      this.logger[level]({ safety: { ...event, timeNs: String(event.timeNs) }, seq }, `safety: ${event.kind} ${event.monitor}${event.subject === undefined ? '' : ` ${event.subject}`}`);
      for (const l of this.safetyListeners) l(event, seq);
      if (this.safetyLog !== undefined) this.unlogged.push({ seq, event });
    }
    if (this.unlogged.length > 0) void this.flushLog();
  }

  /**
   * Append the events not yet in the safety log, oldest first, acknowledging each to the worker once
   * appended. The acknowledgement is a high-water mark, so an event that fails stops the flush: it is
   * retried (before anything newer) at the next event or reset, and nothing after it is acknowledged.
   */
  private flushLog(): Promise<void> {
    this.logChain = this.logChain.then(async () => {
      const append = this.safetyLog;
      if (append === undefined) return;
      while (this.unlogged.length > 0) {
        const { seq, event } = this.unlogged[0]!;
        try {
          await append(event);
        } catch (e) {
          this.logger.error({ err: e, seq }, 'safety event could not be written to the safety log; resets are refused until it is');
          return;
        }
        this.unlogged.shift();
        if (Atomics.load(this.ctrl, CTRL.SAFETY_LOGGED_SEQ) < seq) Atomics.store(this.ctrl, CTRL.SAFETY_LOGGED_SEQ, seq);
      }
    });
    return this.logChain;
  }

  private command(cmd: LoopCommand): Promise<readonly ControllerStatus[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(cmd.id, { resolve, reject });
      this.port.postMessage(cmd);
      Atomics.notify(this.ctrl, CTRL.STEP_REQUEST);
    });
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.op) {
      case 'events':
        for (const e of m.events) {
          this.logger.warn({ event: e }, `control loop: ${e.type}`);
          for (const l of this.eventListeners) l(e);
        }
        break;
      case 'reply': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) {
          this.controllerList = m.controllers;
          p?.resolve(m.controllers, m.result);
        } else p?.reject(toError(m.error));
        break;
      }
      case 'safety':
        this.onSafety(m.events, m.activeFaults);
        break;
      case 'fatal':
        this.logger.error({ error: m.error }, 'real-time worker failed');
        break;
      case 'stopped':
        this.logger.info({ hardware: m.hardware }, 'hardware deactivated');
        break;
      case 'ready':
        break;
    }
  }
}
