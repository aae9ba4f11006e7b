import { GATE_COUNTER_BLOCKS } from '../../safety/index.js';
import { HISTOGRAM_BUCKETS } from './LoopHistogram.js';

/** Slots of the Int32 control block shared by the main thread and the real-time worker. */
export const CTRL = {
  /** Incremented by the main thread every heartbeat interval; the worker watches it for stalls. */
  HEARTBEAT: 0,
  /** Lock-step mode: total cycles the main thread has asked for. */
  STEP_REQUEST: 1,
  /** Lock-step mode: total cycles the worker has completed. */
  STEP_DONE: 2,
  /** Seqlock over the state block (odd while the worker writes). */
  STATE_SEQ: 3,
  /** Seqlock over the set-point block (odd while the main thread writes). */
  SETPOINT_SEQ: 4,
  /** 0 starting, 1 running, 2 holding (main thread stalled), 3 stopped. */
  STATUS: 5,
  /** Never written: the worker sleeps with Atomics.wait on it and a timeout. */
  SLEEP: 6,
  /** Set to 1 by the main thread to ask the worker to leave its loop. */
  STOP: 7,
  /** Seqlock over the gate counter block (odd while the worker writes). */
  GATE_SEQ: 8,
  /** The safety stop state, a `SAFETY_STATE` value (written by the worker after every cycle and command). */
  SAFETY: 9,
  /** The supervisor's SafetyState code (kindred_msgs/SafetyState: 0 normal … 4 recovery). */
  SUPERVISOR_STATE: 10,
  /** The stop category in force (-1 none, 0, 1, 2). */
  STOP_CATEGORY: 11,
  /**
   * The drive-watchdog heartbeat the worker bumps every cycle while torque may be on (on a real robot:
   * the feed of the drives' hardware watchdog); it stops on any category 0/1 stop and after missed cycles.
   */
  DRIVE_HEARTBEAT: 12,
  /** 1 while the heartbeat is being fed (must follow DRIVE_HEARTBEAT: the supervisor gets both as one view). */
  HEARTBEAT_ENABLED: 13,
  /** Written by the main thread: the highest safety event sequence number durably in the safety log. */
  SAFETY_LOGGED_SEQ: 14,
  LENGTH: 15,
} as const;

/** `CTRL.SAFETY` values: the ControllerManager's `stopState`, with the stop's category while stopping. */
export const SAFETY_STATE = { none: 0, stopping_1: 1, stopping_2: 2, holding: 3, torque_off: 4 } as const;
export type SafetyStateName = keyof typeof SAFETY_STATE;

export const LOOP_STATUS = { starting: 0, running: 1, holding: 2, stopped: 3 } as const;
export type LoopStatusName = keyof typeof LOOP_STATUS;

/** Slots of the Float64 statistics block (written by the worker only). */
export const STAT = {
  CYCLES: 0,
  OVERRUNS: 1,
  /** Cycles skipped to re-anchor the schedule after an overrun longer than a period. */
  MISSED: 2,
  MAX_LATENESS_NS: 3,
  /** performance.now() of the worker at its first cycle, ms (worker time origin). */
  START_MS: 4,
  /** performance.now() of the worker at its latest cycle, ms. */
  LAST_MS: 5,
  MAIN_STALLS: 6,
  MAX_EXEC_NS: 7,
  GATE_LIMITED: 8,
  MIN_PERIOD_NS: 9,
  MAX_PERIOD_NS: 10,
  /** The reduced-speed factor in force (1 = full speed). */
  VELOCITY_SCALE: 11,
  LENGTH: 12,
} as const;

export interface SharedBlocks {
  readonly ctrl: SharedArrayBuffer;
  readonly stats: SharedArrayBuffer;
  /** Lateness histogram: how long after its deadline each cycle started. */
  readonly lateness: SharedArrayBuffer;
  /** Execution-time histogram: read → write duration of each cycle. */
  readonly exec: SharedArrayBuffer;
  /** [timeS, state interfaces…, enforced commands…] */
  readonly state: SharedArrayBuffer;
  /** [set-point per command interface] */
  readonly setpoints: SharedArrayBuffer;
  /** Int32 generation per command interface, bumped when the main thread writes that slot. */
  readonly setpointGen: SharedArrayBuffer;
  /** The SafetyGate's counters (`GateCounters.buffer` layout, `GATE_COUNTER_BLOCKS`), under `CTRL.GATE_SEQ`. */
  readonly gate: SharedArrayBuffer;
}

export function allocateShared(stateCount: number, commandCount: number): SharedBlocks {
  return {
    ctrl: new SharedArrayBuffer(CTRL.LENGTH * 4),
    stats: new SharedArrayBuffer(STAT.LENGTH * 8),
    lateness: new SharedArrayBuffer(HISTOGRAM_BUCKETS * 4),
    exec: new SharedArrayBuffer(HISTOGRAM_BUCKETS * 4),
    state: new SharedArrayBuffer((1 + stateCount + commandCount) * 8),
    setpoints: new SharedArrayBuffer(Math.max(1, commandCount) * 8),
    setpointGen: new SharedArrayBuffer(Math.max(1, commandCount) * 4),
    gate: new SharedArrayBuffer(Math.max(1, GATE_COUNTER_BLOCKS.length * commandCount) * 8),
  };
}
