import { HW_CTRL, JOINT_FIELD, JOINT_STRIDE, hardwareBufferViews } from './rosHardwareLayout.js';

/**
 * The main thread's writer of the joint-state block: one `begin` … `end` is one seqlock write, so the
 * worker sees a message's joints all together or not at all. Allocation-free (the allocation probe
 * feeds the worker's component through it).
 */
export class RosStateWriter {
  private readonly ctrl: Int32Array;
  private readonly joints: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    const views = hardwareBufferViews(buffer);
    this.ctrl = views.ctrl;
    this.joints = views.joints;
  }

  begin(): void {
    Atomics.add(this.ctrl, HW_CTRL.STATE_SEQ, 1);
  }

  /** One measured value of joint `joint` (a `JOINT_FIELD` POSITION, VELOCITY or EFFORT). */
  set(joint: number, field: number, value: number): void {
    this.joints[joint * JOINT_STRIDE + field] = value;
  }

  /** Count joint `joint` as refreshed, received at `receivedMs` (Unix ms, main thread). */
  refresh(joint: number, receivedMs: number): void {
    const base = joint * JOINT_STRIDE;
    this.joints[base + JOINT_FIELD.UPDATES] = this.joints[base + JOINT_FIELD.UPDATES]! + 1;
    this.joints[base + JOINT_FIELD.RECEIVED_MS] = receivedMs;
  }

  end(): void {
    Atomics.add(this.ctrl, HW_CTRL.STATE_COUNT, 1);
    Atomics.add(this.ctrl, HW_CTRL.STATE_SEQ, 1);
  }
}
