import type { MjData, MjModel } from 'mujoco-js';

const EMPTY_F64: Float64Array = new Float64Array(0);
const EMPTY_I32: Int32Array = new Int32Array(0);

/**
 * Typed-array views of an MjData, fetched once and reused inside the control cycle.
 *
 * mujoco-js returns a NEW view object from every array getter (`data.qpos !== data.qpos`), which
 * allocates; and a view goes stale (its buffer is detached) when WebAssembly memory grows. So each
 * person model keeps one MjViews and calls `sync(data)` at the top of beforeStep/afterStep: it costs
 * one comparison and one property read unless the data object changed or memory grew, and only then
 * re-fetches (allocating, outside the steady state).
 */
export class MjViews {
  private data: MjData | undefined;
  private heap: ArrayBuffer = new ArrayBuffer(0);
  /** The whole WebAssembly heap, for reading MuJoCo's contact array in place. */
  heapF64 = EMPTY_F64;
  heapI32 = EMPTY_I32;
  qpos = EMPTY_F64;
  qvel = EMPTY_F64;
  ctrl = EMPTY_F64;
  actuatorForce = EMPTY_F64;
  xpos = EMPTY_F64;
  xmat = EMPTY_F64;
  xquat = EMPTY_F64;
  siteXpos = EMPTY_F64;
  geomXpos = EMPTY_F64;
  siteXmat = EMPTY_F64;
  mocapPos = EMPTY_F64;
  mocapQuat = EMPTY_F64;
  /** Byte offset of `d->arena` in the heap: MuJoCo puts the contact array at its start. */
  arenaByteOffset = 0;

  /** Make the views current for `data` (cheap when nothing changed). */
  sync(data: MjData): void {
    if (data === this.data && this.heap.byteLength !== 0) return;
    this.refresh(data);
  }

  private refresh(data: MjData): void {
    this.data = data;
    this.qpos = data.qpos as Float64Array;
    this.heap = this.qpos.buffer as ArrayBuffer;
    this.heapF64 = new Float64Array(this.heap);
    this.heapI32 = new Int32Array(this.heap);
    this.qvel = data.qvel as Float64Array;
    this.ctrl = data.ctrl as Float64Array;
    this.actuatorForce = data.actuator_force as Float64Array;
    this.xpos = data.xpos as Float64Array;
    this.xmat = data.xmat as Float64Array;
    this.xquat = data.xquat as Float64Array;
    this.siteXpos = data.site_xpos as Float64Array;
    this.geomXpos = data.geom_xpos as Float64Array;
    this.siteXmat = data.site_xmat as Float64Array;
    this.mocapPos = data.mocap_pos as Float64Array;
    this.mocapQuat = data.mocap_quat as Float64Array;
    this.arenaByteOffset = (data.arena as Uint8Array).byteOffset;
  }
}

/** Views of the MjModel arrays a person changes at run time (joint stiffness and spring reference for a slump). */
export class MjModelViews {
  private heap: ArrayBuffer = new ArrayBuffer(0);
  jntStiffness = EMPTY_F64;
  qposSpring = EMPTY_F64;
  dofDamping = EMPTY_F64;

  constructor(private readonly model: MjModel) {}

  sync(): void {
    if (this.heap.byteLength !== 0) return;
    this.jntStiffness = this.model.jnt_stiffness as Float64Array;
    this.heap = this.jntStiffness.buffer as ArrayBuffer;
    this.qposSpring = this.model.qpos_spring as Float64Array;
    this.dofDamping = this.model.dof_damping as Float64Array;
  }
}
