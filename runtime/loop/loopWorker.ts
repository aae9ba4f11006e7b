/**
 * The real-time worker: read → update → enforce → write at a fixed rate, in its own thread.
 *
 * The cycle never awaits and never returns to the event loop: it sleeps with Atomics.wait until
 * shortly before each deadline and spins the rest, polls the command port synchronously with
 * receiveMessageOnPort, exchanges state and set-points through shared memory, and records lateness
 * and execution time into shared histograms. Nothing in a cycle allocates except when there is
 * something to report (a controller event, a command reply), which is rare by construction.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { limitsError, type ComposedLimits } from '../../safety/index.js';
import { INPUT } from '../../safety/monitors/index.js';
import { formatEvents, type SafetySupervisor } from '../../safety/supervisor/index.js';
import type { ControllerManager } from '../control/index.js';
import { isKindredError, KindredError } from '../errors/index.js';
import { buildLoop } from './buildManager.js';
import type { LoopConfig } from './LoopConfig.js';
import { record } from './LoopHistogram.js';
import { TIMING_FAULT_KINDS, type LoopCommand, type TimingFaultCommand, type WorkerMessage } from './messages.js';
import { CTRL, LOOP_STATUS, SAFETY_STATE, STAT, type SharedBlocks } from './sharedLayout.js';

interface WorkerInit {
  readonly config: LoopConfig;
  readonly shared: SharedBlocks;
  readonly port: MessagePort;
  /** The limits the main thread composed from `config.safety` in its dry run; absent without a safety block. */
  readonly limits?: ComposedLimits;
}

const { config, shared, port, limits } = workerData as WorkerInit;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

const ctrl = new Int32Array(shared.ctrl);
const stats = new Float64Array(shared.stats);
const lateness = new Uint32Array(shared.lateness);
const execHist = new Uint32Array(shared.exec);
const stateOut = new Float64Array(shared.state);
const spShared = new Float64Array(shared.setpoints);
const spGen = new Int32Array(shared.setpointGen);
const gateOut = new Float64Array(shared.gate);

let manager: ControllerManager;
let supervisor: SafetySupervisor;
try {
  // warmUp: run the gate's stop paths once on scratch data, so a first real stop runs optimised code.
  const built = await buildLoop(config, {
    ...(limits === undefined ? {} : { limits }),
    warmUp: true,
    heartbeat: ctrl.subarray(CTRL.DRIVE_HEARTBEAT, CTRL.DRIVE_HEARTBEAT + 2),
    loggedSeq: ctrl.subarray(CTRL.SAFETY_LOGGED_SEQ, CTRL.SAFETY_LOGGED_SEQ + 1),
  });
  manager = built.manager;
  supervisor = built.supervisor;
} catch (e) {
  post({ op: 'fatal', error: isKindredError(e) ? e.toJSON() : { code: 'LOOP_START_FAILED', message: String(e), context: {} } });
  port.close();
  throw e;
}

const nState = manager.state.length;
const nCmd = manager.commandNames.length;
const seenGen = new Int32Array(nCmd);
const periodMs = 1000 / config.rateHz;
const periodS = 1 / config.rateHz;
const spinMs = config.spinUs / 1000;
let holdingForStall = false;
const supIn = supervisor.inputs;

/** Copy set-points the main thread changed since the last poll (seqlock: a torn read is retried next cycle). */
const scratchGen = new Int32Array(nCmd);
const scratchVal = new Float64Array(nCmd);
function pollSetpoints(): void {
  const s1 = Atomics.load(ctrl, CTRL.SETPOINT_SEQ);
  if ((s1 & 1) === 1) return;
  let changed = false;
  for (let c = 0; c < nCmd; c++) {
    const g = Atomics.load(spGen, c);
    scratchGen[c] = g;
    if (g !== seenGen[c]) {
      scratchVal[c] = spShared[c]!;
      changed = true;
    }
  }
  if (!changed || Atomics.load(ctrl, CTRL.SETPOINT_SEQ) !== s1) return;
  for (let c = 0; c < nCmd; c++) {
    if (scratchGen[c] !== seenGen[c]) {
      manager.setpoints[c] = scratchVal[c]!;
      seenGen[c] = scratchGen[c]!;
    }
  }
}

function publishState(timeS: number): void {
  Atomics.add(ctrl, CTRL.STATE_SEQ, 1);
  stateOut[0] = timeS;
  stateOut.set(manager.state, 1);
  stateOut.set(manager.gate.enforcedValues, 1 + nState);
  Atomics.add(ctrl, CTRL.STATE_SEQ, 1);
}

/** Copy the gate's counters to the main thread when they changed (seqlock). */
let gateVersion = manager.gate.countersVersion;
function publishGate(): void {
  const v = manager.gate.countersVersion;
  if (v === gateVersion) return;
  gateVersion = v;
  Atomics.add(ctrl, CTRL.GATE_SEQ, 1);
  gateOut.set(manager.gate.counters.buffer);
  Atomics.add(ctrl, CTRL.GATE_SEQ, 1);
}

/** The manager's safety stop state as a `SAFETY_STATE` value in the control block. */
function publishSafety(): void {
  const s = manager.stopState;
  const code =
    s === 'none' ? SAFETY_STATE.none : s === 'holding' ? SAFETY_STATE.holding : s === 'torque_off' ? SAFETY_STATE.torque_off : manager.stopCategory === 1 ? SAFETY_STATE.stopping_1 : SAFETY_STATE.stopping_2;
  Atomics.store(ctrl, CTRL.SAFETY, code);
}

function flushEvents(): void {
  if (manager.events.length === 0) return;
  post({ op: 'events', events: manager.events.splice(0) });
}

/** The supervisor's state in the control block (after every cycle and safety command; no allocation). */
function publishSupervisor(): void {
  Atomics.store(ctrl, CTRL.SUPERVISOR_STATE, supervisor.stateNow);
  Atomics.store(ctrl, CTRL.STOP_CATEGORY, supervisor.stopCategory);
  stats[STAT.VELOCITY_SCALE] = manager.velocityScale;
}

/** Post the supervisor's queued safety events and the active faults — only when something happened. */
function flushSafety(): void {
  if (supervisor.events.pending === 0) return;
  post({ op: 'safety', events: formatEvents(supervisor.events.drain(), supervisor.slots), activeFaults: supervisor.activeFaults() });
}

/** Hold the robot on our own once the main thread has been silent longer than the stall timeout (once per stall). */
function judgeMainSilence(silentMs: number): void {
  if (holdingForStall || !(silentMs > config.stallTimeoutMs)) return;
  holdingForStall = true;
  manager.holdAll(`main thread silent for ${Math.round(silentMs)} ms`);
  stats[STAT.MAIN_STALLS]! += 1;
  Atomics.store(ctrl, CTRL.STATUS, LOOP_STATUS.holding);
}

/**
 * Injected compute faults of the lock-step loop (`TimingFaultCommand`): the loop's timing is virtual
 * there, so a fault sets the virtual execution time of the next cycles (`faultExecMs` for
 * `faultCycles` cycles) or a window of main-thread silence on the loop clock. A virtual execution time
 * past the period is an overrun and skips the deadlines it overran, exactly as `runRealtime` counts them.
 */
let faultExecMs = 0;
let faultCycles = 0;
let silentFromS = 0;
let silentUntilS = -1;
/** Cycles of loop time skipped by injected overruns and stalls (the lock-step clock jumps by them). */
let skippedCycles = 0;
let pendingSkip = 0;
/** How late the next cycle starts after its deadline, in virtual time, ms. */
let lateMs = 0;
let lockstepNowS = 0;

function injectTimingFault(cmd: TimingFaultCommand): void {
  if (config.mode !== 'lockstep') {
    throw new KindredError('LOOP_TIMING_FAULT_INVALID', 'timing faults are injected into a lock-step loop only; this loop runs in real time', {
      field: 'mode',
      value: config.mode,
      expected: 'lockstep',
    });
  }
  if (!(TIMING_FAULT_KINDS as readonly string[]).includes(cmd.kind) || !(cmd.ms > 0 && cmd.ms <= 60_000)) {
    throw new KindredError('LOOP_TIMING_FAULT_INVALID', `timing fault ${String(cmd.kind)} of ${String(cmd.ms)} ms; expected a kind of ${TIMING_FAULT_KINDS.join(' | ')} and 0 < ms ≤ 60000`, {
      field: 'ms',
      value: cmd.ms,
      expected: '0 < ms ≤ 60000',
    });
  }
  if (cmd.kind === 'main_stall') {
    silentFromS = lockstepNowS;
    silentUntilS = lockstepNowS + cmd.ms / 1000;
    return;
  }
  const cycles = cmd.kind === 'stall' ? 1 : (cmd.cycles ?? 1);
  if (!(Number.isInteger(cycles) && cycles >= 1 && cycles <= 100_000)) {
    throw new KindredError('LOOP_TIMING_FAULT_INVALID', `timing fault overrun for ${String(cycles)} cycles; expected a whole number from 1 to 100000`, {
      field: 'cycles',
      value: cycles,
      expected: '1 ≤ cycles ≤ 100000',
    });
  }
  faultExecMs = cmd.ms;
  faultCycles = cycles;
}

/** The loop inputs the supervisor reads besides state and commands, before each cycle. */
function feedSupervisor(timeS: number, mainSilentS: number): void {
  supIn[INPUT.TIME_S] = timeS;
  supIn[INPUT.OVERRUNS] = stats[STAT.OVERRUNS]!;
  supIn[INPUT.MISSED] = stats[STAT.MISSED]!;
  supIn[INPUT.MAIN_SILENT_S] = mainSilentS;
}

/** SAFETY_STOP_INVALID for a category other than 0, 1, 2 or a stopping time that is not a positive number of seconds. */
function checkStopRequest(category: number, stoppingTimeS: number): void {
  if (!(category === 0 || category === 1 || category === 2)) {
    throw limitsError('SAFETY_STOP_INVALID', `safety stop category ${String(category)}; expected 0, 1 or 2 (IEC 60204-1)`, { field: 'category', value: category, expected: '0 | 1 | 2' });
  }
  if (category !== 0 && !(stoppingTimeS > 0 && Number.isFinite(stoppingTimeS))) {
    throw limitsError('SAFETY_STOP_INVALID', `safety stop category ${category}: stopping time ${String(stoppingTimeS)} s; expected a finite number of seconds > 0`, {
      field: 'stoppingTimeS',
      value: stoppingTimeS,
      expected: 'a finite number > 0 (s)',
    });
  }
}

/** Handle main-thread commands; returns true when asked to stop. */
function pollCommands(): boolean {
  for (;;) {
    const msg = receiveMessageOnPort(port);
    if (msg === undefined) return Atomics.load(ctrl, CTRL.STOP) === 1;
    const cmd = msg.message as LoopCommand;
    if (cmd.op === 'stop') return true;
    try {
      switch (cmd.op) {
        case 'activate':
          manager.activate(cmd.controller);
          break;
        case 'deactivate':
          manager.deactivate(cmd.controller);
          break;
        case 'hold':
          manager.holdAll(cmd.reason);
          break;
        case 'releaseHold':
          if (supervisor.stopCategory >= 0) {
            throw new KindredError('SAFETY_STOPPED', `cannot release the hold while a category ${supervisor.stopCategory} safety stop is in force; reset it first`, {
              field: 'releaseHold',
              value: supervisor.stopCategory,
              expected: 'no safety stop in force',
            });
          }
          manager.releaseHold();
          holdingForStall = false;
          Atomics.store(ctrl, CTRL.STATUS, LOOP_STATUS.running);
          break;
        case 'hardware':
          post({ op: 'reply', id: cmd.id, ok: true, controllers: manager.controllers(), result: manager.hardwareCommand(cmd.component, cmd.payload) });
          continue;
        case 'configure':
          post({ op: 'reply', id: cmd.id, ok: true, controllers: manager.controllers(), result: manager.configureController(cmd.controller, cmd.params) });
          continue;
        case 'estop': {
          flushSafety();
          supervisor.estop(cmd.source);
          publishSupervisor();
          publishSafety();
          flushEvents();
          flushSafety();
          post({ op: 'reply', id: cmd.id, ok: true, controllers: manager.controllers(), result: { stopCategory: supervisor.stopCategory, state: supervisor.stateNow } });
          continue;
        }
        case 'safetyStop': {
          checkStopRequest(cmd.category, cmd.stoppingTimeS);
          flushSafety();
          supervisor.requestStop(cmd.category, cmd.stoppingTimeS, cmd.source ?? 'api');
          publishSupervisor();
          publishSafety();
          flushEvents();
          flushSafety();
          post({ op: 'reply', id: cmd.id, ok: true, controllers: manager.controllers(), result: { durationS: supervisor.lastStopDurationS, stopCategory: supervisor.stopCategory } });
          continue;
        }
        case 'safetyReset': {
          flushSafety();
          const outcome = supervisor.reset({
            source: cmd.source,
            ...(cmd.role === undefined ? {} : { role: cmd.role }),
            ...(cmd.operator === undefined ? {} : { operator: cmd.operator }),
          });
          publishSupervisor();
          publishSafety();
          flushEvents();
          flushSafety();
          if (!outcome.accepted) {
            throw new KindredError(outcome.code, outcome.message, { field: 'reset', value: { source: cmd.source, role: cmd.role }, causes: outcome.causes, seq: outcome.seq });
          }
          post({ op: 'reply', id: cmd.id, ok: true, controllers: manager.controllers(), result: { cleared: outcome.cleared, seq: outcome.seq } });
          continue;
        }
        case 'timingFault':
          injectTimingFault(cmd);
          break;
        case 'velocityScale':
          if (!supervisor.setManualScale(cmd.scale)) manager.setVelocityScale(cmd.scale); // throws the coded error
          publishSupervisor();
          flushSafety();
          break;
      }
      post({ op: 'reply', id: cmd.id, ok: true, controllers: manager.controllers() });
    } catch (e) {
      post({ op: 'reply', id: cmd.id, ok: false, error: isKindredError(e) ? e.toJSON() : { code: 'INTERNAL', message: String(e), context: {} } });
    }
  }
}

function runRealtime(): void {
  let k = 0;
  const t0 = performance.now() + periodMs;
  let lastStart = t0 - periodMs;
  let lastHb = Atomics.load(ctrl, CTRL.HEARTBEAT);
  let lastBeatMs = performance.now();
  stats[STAT.START_MS] = t0;
  stats[STAT.MIN_PERIOD_NS] = Number.POSITIVE_INFINITY;
  for (;;) {
    const deadline = t0 + k * periodMs;
    let now = performance.now();
    const sleepMs = deadline - now - spinMs;
    if (sleepMs > 0) Atomics.wait(ctrl, CTRL.SLEEP, 0, sleepMs);
    while ((now = performance.now()) < deadline) {
      // spin the last tens of microseconds
    }
    const lateNs = (now - deadline) * 1e6;
    record(lateness, lateNs);
    if (lateNs > stats[STAT.MAX_LATENESS_NS]!) stats[STAT.MAX_LATENESS_NS] = lateNs;
    const measuredPeriodMs = now - lastStart;
    lastStart = now;
    if (k > 0) {
      const pNs = measuredPeriodMs * 1e6;
      if (pNs < stats[STAT.MIN_PERIOD_NS]!) stats[STAT.MIN_PERIOD_NS] = pNs;
      if (pNs > stats[STAT.MAX_PERIOD_NS]!) stats[STAT.MAX_PERIOD_NS] = pNs;
    }

    pollSetpoints();
    const timeS = (now - t0) / 1000;
    feedSupervisor(timeS, (now - lastBeatMs) / 1000);
    stats[STAT.GATE_LIMITED]! += manager.cycle(timeS, k === 0 ? periodS : measuredPeriodMs / 1000);
    publishState(timeS);
    publishGate();
    publishSafety();
    publishSupervisor();
    const end = performance.now();
    const execNs = (end - now) * 1e6;
    record(execHist, execNs);
    if (execNs > stats[STAT.MAX_EXEC_NS]!) stats[STAT.MAX_EXEC_NS] = execNs;

    // The main thread's heartbeat: if it falls silent, hold the robot on our own.
    const hb = Atomics.load(ctrl, CTRL.HEARTBEAT);
    if (hb !== lastHb) {
      lastHb = hb;
      lastBeatMs = end;
    } else {
      judgeMainSilence(end - lastBeatMs);
    }

    flushEvents();
    flushSafety();
    if (pollCommands()) return;
    stats[STAT.CYCLES]! += 1;
    stats[STAT.LAST_MS] = now;
    k++;
    const after = performance.now();
    const next = t0 + k * periodMs;
    if (after > next) {
      stats[STAT.OVERRUNS]! += 1;
      const skip = Math.floor((after - next) / periodMs);
      if (skip > 0) {
        stats[STAT.MISSED]! += skip;
        k += skip;
      }
    }
  }
}

function runLockstep(): void {
  let done = Atomics.load(ctrl, CTRL.STEP_DONE);
  stats[STAT.START_MS] = performance.now();
  for (;;) {
    const target = Atomics.load(ctrl, CTRL.STEP_REQUEST);
    if (target === done) {
      if (pollCommands()) return;
      Atomics.wait(ctrl, CTRL.STEP_REQUEST, target, 20);
      continue;
    }
    while (done < target) {
      pollSetpoints();
      const start = performance.now();
      // Deadlines skipped by an injected overrun or stall: the clock jumps and this cycle sees the long period.
      const skip = pendingSkip;
      pendingSkip = 0;
      skippedCycles += skip;
      const timeS = (done + skippedCycles) * periodS;
      lockstepNowS = timeS;
      const silentS = timeS < silentUntilS ? timeS - silentFromS : 0;
      feedSupervisor(timeS, silentS);
      judgeMainSilence(silentS * 1000);
      stats[STAT.GATE_LIMITED]! += manager.cycle(timeS, (1 + skip) * periodS);
      publishState(timeS);
      publishGate();
      publishSafety();
      publishSupervisor();
      record(execHist, (performance.now() - start) * 1e6);
      // Safety events leave after the cycle that raised them, not after the whole batch (rare: only on a change).
      flushSafety();
      if (faultCycles > 0 || lateMs > 0) {
        // Virtual timing as runRealtime sees it: a cycle starts `lateMs` after its deadline and runs
        // the injected execution time; ending past the next deadline is an overrun, and whole periods
        // past it are skipped deadlines.
        const execMs = faultCycles > 0 ? faultExecMs : 0;
        if (faultCycles > 0) faultCycles--;
        const endMs = lateMs + execMs;
        lateMs = 0;
        if (endMs > periodMs) {
          stats[STAT.OVERRUNS]! += 1;
          const missed = Math.floor((endMs - periodMs) / periodMs);
          lateMs = endMs - periodMs - missed * periodMs;
          if (missed > 0) {
            stats[STAT.MISSED]! += missed;
            pendingSkip = missed;
          }
        }
      }
      done++;
      stats[STAT.CYCLES]! += 1;
    }
    stats[STAT.LAST_MS] = performance.now();
    flushEvents();
    Atomics.store(ctrl, CTRL.STEP_DONE, done);
    Atomics.notify(ctrl, CTRL.STEP_DONE);
  }
}

stats[STAT.VELOCITY_SCALE] = manager.velocityScale;
publishState(0);
publishSafety();
publishSupervisor();
Atomics.store(ctrl, CTRL.HEARTBEAT_ENABLED, 1);
post({ op: 'ready', stateNames: manager.stateNames, commandNames: manager.commandNames, controllers: manager.controllers() });
Atomics.store(ctrl, CTRL.STATUS, LOOP_STATUS.running);
if (config.mode === 'realtime') runRealtime();
else runLockstep();

// Orderly stop: controllers deactivated, the drives told to hold, hardware deactivated.
manager.shutdown(stats[STAT.CYCLES]! * periodS, periodS);
publishState(stats[STAT.CYCLES]! * periodS);
publishGate();
flushEvents();
flushSafety();
Atomics.store(ctrl, CTRL.HEARTBEAT_ENABLED, 0);
Atomics.store(ctrl, CTRL.STATUS, LOOP_STATUS.stopped);
post({ op: 'stopped', hardware: manager.hardwareStatus() });
manager.dispose();
port.close();
