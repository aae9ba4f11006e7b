/**
 * The SharedArrayBuffer between the main thread (which talks to the robot over ROS 2) and the
 * hardware component in the real-time worker (which never returns to its event loop, so it cannot do
 * socket I/O). Three blocks:
 *
 * - control (Int32): two seqlocks and the counters and flags each side publishes;
 * - joint state (Float64, written by the main thread under STATE_SEQ): per joint position, velocity,
 *   effort, how many times it was refreshed, and when (Unix ms, receive time on the main thread);
 * - commands (Float64, written by the worker under CMD_SEQ): the loop time of the write, then one
 *   value per command interface in the component's declared order (joint-major).
 *
 * A seqlock's counter is odd while its writer is writing; a reader copies and retries when the
 * counter was odd or changed meanwhile.
 */

/** Control block slots (Int32). */
export const HW_CTRL = {
  /** Seqlock of the joint-state block (main thread writes). */
  STATE_SEQ: 0,
  /** JointState messages written (main thread). */
  STATE_COUNT: 1,
  /** Seqlock of the command block and of CMD_COUNT, TORQUE, STOPS (worker writes). */
  CMD_SEQ: 2,
  /** Command vectors written by the worker (gated writes and stop commands). */
  CMD_COUNT: 3,
  /** 1 while the component is active (torque may be on); 0 before activation and after a deactivate. */
  TORQUE: 4,
  /** Stop commands written (each deactivate of an active component). */
  STOPS: 5,
  /** Cycles whose read failed (stale or never-received state); worker, atomically. */
  READ_ERRORS: 6,
  /** Index of the first joint judged stale in the latest failed read, or -1. */
  STALE_JOINT: 7,
  /** Layout check: joints and command interfaces the buffer was sized for. */
  JOINTS: 8,
  COMMANDS: 9,
} as const;

const CTRL_SLOTS = 16;
const CTRL_BYTES = CTRL_SLOTS * 4;

/** Per-joint fields of the joint-state block (Float64). */
export const JOINT_FIELD = { POSITION: 0, VELOCITY: 1, EFFORT: 2, UPDATES: 3, RECEIVED_MS: 4 } as const;
export const JOINT_STRIDE = 5;

/** Typed views on one link's buffer. */
export interface HardwareBufferViews {
  readonly ctrl: Int32Array;
  /** JOINT_STRIDE values per joint. */
  readonly joints: Float64Array;
  /** [0] loop time of the write, s; then one value per command interface. */
  readonly commands: Float64Array;
}

function bytesFor(joints: number, commands: number): number {
  return CTRL_BYTES + joints * JOINT_STRIDE * 8 + (1 + commands) * 8;
}

/** Allocate and stamp a buffer for `joints` joints and `commands` command interfaces. */
export function allocateHardwareBuffer(joints: number, commands: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytesFor(joints, commands));
  const ctrl = new Int32Array(buffer, 0, CTRL_SLOTS);
  ctrl[HW_CTRL.JOINTS] = joints;
  ctrl[HW_CTRL.COMMANDS] = commands;
  ctrl[HW_CTRL.STALE_JOINT] = -1;
  return buffer;
}

/** Whether `buffer` was allocated for this many joints and command interfaces. */
export function bufferMatches(buffer: SharedArrayBuffer, joints: number, commands: number): boolean {
  if (buffer.byteLength !== bytesFor(joints, commands)) return false;
  const ctrl = new Int32Array(buffer, 0, CTRL_SLOTS);
  return ctrl[HW_CTRL.JOINTS] === joints && ctrl[HW_CTRL.COMMANDS] === commands;
}

/** The three views on a buffer (call once; the views are reused every cycle). */
export function hardwareBufferViews(buffer: SharedArrayBuffer): HardwareBufferViews {
  const ctrl = new Int32Array(buffer, 0, CTRL_SLOTS);
  const joints = ctrl[HW_CTRL.JOINTS]!;
  const commands = ctrl[HW_CTRL.COMMANDS]!;
  return {
    ctrl,
    joints: new Float64Array(buffer, CTRL_BYTES, joints * JOINT_STRIDE),
    commands: new Float64Array(buffer, CTRL_BYTES + joints * JOINT_STRIDE * 8, 1 + commands),
  };
}

/** Milliseconds since the Unix epoch with sub-millisecond resolution, comparable between threads. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
