/** Which command interface drives a joint: its drive's operating mode. */
export const DRIVE_MODE = { position: 0, velocity: 1, effort: 2 } as const;
export type DriveModeName = keyof typeof DRIVE_MODE;
export const DRIVE_MODE_NAMES: readonly DriveModeName[] = ['position', 'velocity', 'effort'];

/** One simulated joint drive: where its joint and motor are in the compiled model, and its limits. */
export interface DriveJoint {
  readonly name: string;
  readonly qposAdr: number;
  readonly dofAdr: number;
  readonly actuator: number;
  readonly gear: number;
  /** Motor control range (ctrl units = joint effort / gear); ±Infinity when the actuator is unlimited. */
  readonly ctrlMin: number;
  readonly ctrlMax: number;
  /** N·m or N at the joint. */
  readonly effortLimit: number;
  /** Joint-space inertia at the initial pose (MuJoCo dof_M0), kg·m² or kg: scales the drive's gains. */
  readonly inertia: number;
  readonly modes: readonly DriveModeName[];
  readonly initialMode: DriveModeName;
}

/** Drive tuning shared by every joint. */
export interface DriveOptions {
  /** Commands older than this (simulation time) trip the drive: safe torque off and brake on. */
  readonly watchdogTimeoutS: number;
  /** Closed-loop bandwidth of position mode (critically damped PID), Hz. */
  readonly positionBandwidthHz: number;
  /** Closed-loop bandwidth of velocity mode (PI), Hz. */
  readonly velocityBandwidthHz: number;
  /** Brake holding torque as a multiple of the joint's effort limit. */
  readonly brakeTorqueFactor: number;
}

export const DEFAULT_DRIVE_OPTIONS: DriveOptions = Object.freeze({
  watchdogTimeoutS: 0.05,
  positionBandwidthHz: 15,
  velocityBandwidthHz: 30,
  brakeTorqueFactor: 1,
});

/** Views of the compiled model and data the drives act on (re-bound whenever WebAssembly memory grows). */
export interface DriveViews {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
  readonly ctrl: Float64Array;
  /** model.dof_frictionloss: the brake is dry friction of `brakeTorque` on the joint. */
  readonly frictionloss: Float64Array;
  /** model.dof_solimp (5 per dof): stiffened while braking so the joint creeps less. */
  readonly solimp: Float64Array;
  /**
   * model.dof_damping: the drive's velocity feedback is handed to MuJoCo here each step, so the
   * integrator treats it implicitly (see `applyControls`).
   */
  readonly damping: Float64Array;
}

/**
 * Bits of `DriveBank.faultEffects`: which actuator fault changed what a drive did in a physics step
 * (its output torque, or its brake), so the fault table can count the cycles each fault really acted.
 */
export const FAULT_EFFECT = { gain: 1, extra: 2, invert: 4, offset: 8, brakeStuck: 16, brakeFailed: 32 } as const;

const BRAKE_SOLIMP0 = 0.99;
const BRAKE_SOLIMP1 = 0.999;

/**
 * Every joint drive of a simulated robot, as real servo drives behave:
 *
 * - effort mode: the commanded joint torque, limited to the motor's range, becomes MuJoCo `ctrl`;
 * - position mode: a PID at physics rate inside the drive (as a drive's own position loop), velocity
 *   mode a PI, tuned from the joint's inertia to the configured bandwidths. The loops' velocity
 *   feedback reaches MuJoCo as joint damping (the rest as `ctrl`), so it is integrated implicitly: a
 *   joint in a chain whose neighbours move too has far less effective inertia than its own, and
 *   explicit feedback tuned for its own inertia would flip the joint's velocity every physics step;
 * - a hardware watchdog: when no command has arrived for longer than `watchdogTimeoutS` of
 *   simulation time the drive trips into safe torque off (zero torque) and engages its brake, and
 *   stays so until `reset` (an explicit re-enable; a fresh command does not re-enable it);
 * - actuator faults for fault injection, applied in this order to the torque the drive's loop asks
 *   for (already within the effort limit): weakness (× gain); runaway (the drive's loop is lost — a
 *   failed current sensor, a latched PWM stage — and it outputs the runaway torque whatever it is
 *   asked, limited to the effort limit, since its own electronics produce it); then
 *   inversion (the sign of everything the drive outputs flips: swapped motor phases or a wrong
 *   commutation offset; in position mode the drive's loop becomes positive feedback and runs away);
 *   then offset (+ a constant torque at the output, e.g. a current-sensor offset the drive's limit does
 *   not see: limited only by the motor's range, so it can exceed the effort limit). None of them acts
 *   after safe torque off (no power stage, no torque). Brake stuck on, brake failed.
 *
 * Struct-of-arrays, allocation-free after construction.
 */
export class DriveBank {
  readonly size: number;
  readonly joints: readonly DriveJoint[];
  /** Per joint: DRIVE_MODE value. */
  readonly mode: Int8Array;
  /** Per joint: 1 while the drive may produce torque, 0 after safe torque off. */
  readonly enabled: Uint8Array;
  /** Per joint: 1 while the drive wants its brake on. */
  readonly brakeCommanded: Uint8Array;
  /** Per joint: 1 when the brake is actually on (commanded or stuck, and not failed). */
  readonly brakeEngaged: Uint8Array;
  /** Per joint: joint effort the motor produced in the last physics step. */
  readonly torque: Float64Array;
  /** Per joint: simulation seconds since the drive last received a command. */
  readonly sinceCommandS: Float64Array;
  /** Per joint: how many times the watchdog tripped. */
  readonly watchdogTrips: Float64Array;
  /** Per joint: developer override of the position set-point (NaN = none). */
  readonly override: Float64Array;
  /**
   * Actuator faults per joint: torque gain (1 = healthy), runaway torque (replaces the loop's, inside the effort
   * limit), output sign inverted, output torque offset (outside the effort limit), brake stuck on,
   * brake failed.
   */
  readonly faultGain: Float64Array;
  readonly faultExtraTorque: Float64Array;
  readonly faultInvert: Uint8Array;
  readonly faultOffsetTorque: Float64Array;
  readonly faultBrakeStuck: Uint8Array;
  readonly faultBrakeFailed: Uint8Array;
  /**
   * Per joint: FAULT_EFFECT bits of the faults that changed the drive's output torque (compared with
   * the same drive healthy) or its brake since the fault table last collected them.
   */
  readonly faultEffects: Uint8Array;

  private readonly target: Float64Array;
  private readonly integral: Float64Array;
  private readonly kp: Float64Array;
  private readonly kd: Float64Array;
  private readonly ki: Float64Array;
  private readonly kv: Float64Array;
  private readonly kvi: Float64Array;
  private readonly brakeTorque: Float64Array;
  /** Per joint: the dof's own friction loss and solimp[0..1] from the model, restored when the brake releases. */
  private readonly baseFriction: Float64Array;
  /** Per joint: the dof's own damping from the model; the drive's velocity gain is added to it while it acts. */
  private readonly baseDamping: Float64Array;
  private readonly baseSolimp: Float64Array;
  private readonly appliedBrake: Int8Array;
  private views: DriveViews | undefined;

  constructor(
    joints: readonly DriveJoint[],
    readonly options: DriveOptions = DEFAULT_DRIVE_OPTIONS,
  ) {
    const n = joints.length;
    this.size = n;
    this.joints = joints;
    this.mode = Int8Array.from(joints, (j) => DRIVE_MODE[j.initialMode]);
    this.enabled = new Uint8Array(n);
    this.brakeCommanded = new Uint8Array(n).fill(1);
    this.brakeEngaged = new Uint8Array(n);
    this.torque = new Float64Array(n);
    this.sinceCommandS = new Float64Array(n);
    this.watchdogTrips = new Float64Array(n);
    this.override = new Float64Array(n).fill(Number.NaN);
    this.faultGain = new Float64Array(n).fill(1);
    this.faultExtraTorque = new Float64Array(n);
    this.faultInvert = new Uint8Array(n);
    this.faultOffsetTorque = new Float64Array(n);
    this.faultEffects = new Uint8Array(n);
    this.faultBrakeStuck = new Uint8Array(n);
    this.faultBrakeFailed = new Uint8Array(n);
    this.target = new Float64Array(n);
    this.integral = new Float64Array(n);
    this.kp = new Float64Array(n);
    this.kd = new Float64Array(n);
    this.ki = new Float64Array(n);
    this.kv = new Float64Array(n);
    this.kvi = new Float64Array(n);
    this.brakeTorque = new Float64Array(n);
    this.baseFriction = new Float64Array(n);
    this.baseDamping = new Float64Array(n);
    this.baseSolimp = new Float64Array(2 * n);
    this.appliedBrake = new Int8Array(n).fill(-1);
    const wp = 2 * Math.PI * options.positionBandwidthHz;
    const wv = 2 * Math.PI * options.velocityBandwidthHz;
    joints.forEach((j, i) => {
      const m = j.inertia;
      this.kp[i] = m * wp * wp;
      this.kd[i] = 2 * m * wp;
      // Routh: a critically damped PD with kp = m·w², kd = 2m·w stays stable for ki < 2m·w³.
      this.ki[i] = 0.2 * m * wp * wp * wp;
      this.kv[i] = m * wv;
      this.kvi[i] = (m * wv * wv) / 4;
      this.brakeTorque[i] = options.brakeTorqueFactor * j.effortLimit;
    });
  }

  /** Attach to the model's arrays; the first bind also records the joints' own friction (restored on brake release). */
  bind(views: DriveViews, first: boolean): void {
    this.views = views;
    if (first) {
      for (let i = 0; i < this.size; i++) {
        const dof = this.joints[i]!.dofAdr;
        this.baseFriction[i] = views.frictionloss[dof]!;
        this.baseDamping[i] = views.damping[dof]!;
        this.baseSolimp[2 * i] = views.solimp[5 * dof]!;
        this.baseSolimp[2 * i + 1] = views.solimp[5 * dof + 1]!;
      }
    }
    for (let i = 0; i < this.size; i++) views.damping[this.joints[i]!.dofAdr] = this.baseDamping[i]!;
    this.appliedBrake.fill(-1);
    this.applyBrakes();
  }

  /** Enable every drive (hardware activation): brakes released, watchdogs fed, set-points at the present pose. */
  enableAll(): void {
    for (let i = 0; i < this.size; i++) this.reset(i);
  }

  /** Safe torque off and brakes on for every drive (hardware deactivation, shutdown). */
  disableAll(): void {
    this.enabled.fill(0);
    this.brakeCommanded.fill(1);
    const v = this.views;
    if (v !== undefined) for (let i = 0; i < this.size; i++) v.damping[this.joints[i]!.dofAdr] = this.baseDamping[i]!;
    this.applyBrakes();
  }

  /** Re-enable one drive after a trip: brake released, watchdog fed, integrators cleared, set-point = present position. */
  reset(i: number): void {
    this.enabled[i] = 1;
    this.brakeCommanded[i] = 0;
    this.sinceCommandS[i] = 0;
    this.holdHere(i);
    this.applyBrakes();
  }

  /** Switch a drive's mode; the new loop starts from the present state, so the switch does not jolt. */
  setMode(i: number, mode: number): void {
    this.mode[i] = mode;
    this.holdHere(i);
  }

  /** Deliver this cycle's command for drive `i` in its active mode; feeds the watchdog. */
  command(i: number, value: number): void {
    this.target[i] = value;
    this.sinceCommandS[i] = 0;
  }

  /**
   * One physics step's controls: watchdog, mode loop, limits, faults → `ctrl`; brakes → friction.
   * Call before `mj_step`; `dtS` is the physics time step.
   */
  applyControls(dtS: number): void {
    const v = this.views;
    if (v === undefined) return;
    const timeout = this.options.watchdogTimeoutS;
    for (let i = 0; i < this.size; i++) {
      const j = this.joints[i]!;
      if (this.enabled[i] === 1 && this.sinceCommandS[i]! > timeout) {
        this.enabled[i] = 0;
        this.brakeCommanded[i] = 1;
        this.watchdogTrips[i]! += 1;
      }
      this.sinceCommandS[i]! += dtS;
      const commanded = this.brakeCommanded[i] === 1;
      const stuck = this.faultBrakeStuck[i] === 1;
      if (this.faultBrakeFailed[i] === 1) {
        if (commanded || stuck) this.faultEffects[i] = this.faultEffects[i]! | FAULT_EFFECT.brakeFailed;
      } else if (stuck && !commanded) {
        this.faultEffects[i] = this.faultEffects[i]! | FAULT_EFFECT.brakeStuck;
      }
      let tau = 0;
      // The loop's velocity gain (N·m·s/rad or N·s/m) while it acts linearly; 0 when the output is saturated or faulted.
      let damping = 0;
      if (this.enabled[i] === 1) {
        const q = v.qpos[j.qposAdr]!;
        const qd = v.qvel[j.dofAdr]!;
        const limit = j.effortLimit;
        const mode = this.mode[i];
        if (mode === 0) {
          const ov = this.override[i]!;
          const err = (ov === ov ? ov : this.target[i]!) - q;
          const ki = this.ki[i]!;
          if (ki > 0) this.integral[i] = clamp(this.integral[i]! + err * dtS, limit / ki);
          tau = this.kp[i]! * err - this.kd[i]! * qd + ki * this.integral[i]!;
          damping = this.kd[i]!;
        } else if (mode === 1) {
          const err = this.target[i]! - qd;
          const ki = this.kvi[i]!;
          if (ki > 0) this.integral[i] = clamp(this.integral[i]! + err * dtS, limit / ki);
          tau = this.kv[i]! * err + ki * this.integral[i]!;
          damping = this.kv[i]!;
        } else {
          tau = this.target[i]!;
        }
        if (tau !== tau) tau = 0;
        const healthy = clamp(tau, limit);
        if (healthy !== tau) damping = 0;
        const gain = this.faultGain[i]!;
        const extra = this.faultExtraTorque[i]!;
        const invert = this.faultInvert[i] === 1;
        const offset = this.faultOffsetTorque[i]!;
        const faulty = gain !== 1 || extra !== 0 || invert || offset !== 0;
        tau = healthy;
        if (faulty) {
          const raw = extra !== 0 ? extra : healthy * gain;
          tau = clamp(raw, limit);
          // A runaway, an inversion (positive feedback) or a saturated output has no stabilising velocity feedback.
          if (extra !== 0 || invert || tau !== raw || !(gain > 0)) damping = 0;
          else damping *= gain;
          if (invert) tau = -tau;
          tau += offset;
        }
        let c = tau / j.gear;
        if (c < j.ctrlMin) {
          c = j.ctrlMin;
          damping = 0;
        } else if (c > j.ctrlMax) {
          c = j.ctrlMax;
          damping = 0;
        }
        tau = c * j.gear;
        // The torque above already contains −damping·qd, evaluated at this step's velocity. Handed to
        // MuJoCo as joint damping instead, the same torque is integrated implicitly: a stiff drive on a
        // light, coupled chain (an arm's shoulder–elbow–wrist, a leg with the exo) is then stable at the
        // physics step, where the explicit feedback alternates sign every step (a period-2 chatter).
        if (damping > 0) {
          const ci = (tau + damping * qd) / j.gear;
          if (ci >= j.ctrlMin && ci <= j.ctrlMax) c = ci;
          else damping = 0;
        }
        v.ctrl[j.actuator] = c;
        if (faulty) {
          let h = healthy / j.gear;
          if (h < j.ctrlMin) h = j.ctrlMin;
          else if (h > j.ctrlMax) h = j.ctrlMax;
          const healthyOut = h * j.gear;
          if (tau !== healthyOut) {
            let bits = 0;
            if (gain !== 1 && healthy !== 0) bits |= FAULT_EFFECT.gain;
            if (extra !== 0) bits |= FAULT_EFFECT.extra;
            if (invert && clamp(extra !== 0 ? extra : healthy * gain, limit) !== 0) bits |= FAULT_EFFECT.invert;
            if (offset !== 0) bits |= FAULT_EFFECT.offset;
            this.faultEffects[i] = this.faultEffects[i]! | bits;
          }
        }
      } else {
        v.ctrl[j.actuator] = 0;
      }
      v.damping[j.dofAdr] = this.baseDamping[i]! + damping;
      this.torque[i] = tau;
    }
    this.applyBrakes();
  }

  /** Put each brake's effect (dry friction on the joint) into the model when it changes. */
  private applyBrakes(): void {
    const v = this.views;
    if (v === undefined) return;
    for (let i = 0; i < this.size; i++) {
      const on = (this.brakeCommanded[i] === 1 || this.faultBrakeStuck[i] === 1) && this.faultBrakeFailed[i] === 0 ? 1 : 0;
      this.brakeEngaged[i] = on;
      if (this.appliedBrake[i] === on) continue;
      this.appliedBrake[i] = on;
      const dof = this.joints[i]!.dofAdr;
      if (on === 1) {
        v.frictionloss[dof] = this.baseFriction[i]! + this.brakeTorque[i]!;
        v.solimp[5 * dof] = Math.max(BRAKE_SOLIMP0, this.baseSolimp[2 * i]!);
        v.solimp[5 * dof + 1] = Math.max(BRAKE_SOLIMP1, this.baseSolimp[2 * i + 1]!);
      } else {
        v.frictionloss[dof] = this.baseFriction[i]!;
        v.solimp[5 * dof] = this.baseSolimp[2 * i]!;
        v.solimp[5 * dof + 1] = this.baseSolimp[2 * i + 1]!;
      }
    }
  }

  private holdHere(i: number): void {
    const v = this.views;
    const mode = this.mode[i];
    this.integral[i] = 0;
    this.target[i] = mode === 0 && v !== undefined ? v.qpos[this.joints[i]!.qposAdr]! : 0;
  }
}

function clamp(x: number, limit: number): number {
  return x > limit ? limit : x < -limit ? -limit : x;
}

