import { BRAKE_DISTANCE, BRAKE_LIMIT, BRAKE_OUT, BRAKE_PERIOD, braking } from './brakingVelocity.js';
import { LimitFlag } from './LimitFlag.js';
import type { LimitTable } from './LimitTable.js';
import { limitsError } from './limitsError.js';
import { POSITION_BOUNDS_TOLERANCE, SOFT_IO_LENGTH, softEffortBounds, SoftIo, softVelocityEnvelope } from './softLimits.js';
import { planStop, StopPlan, type MotionState, type StopCategory, type StopLimits } from './stopProfile.js';

/** A command interface as the enforcer sees it: `joint/interface` and the interface's own min/max (SI units). */
export interface EnforcedInterface {
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
}

/** How a command interface is enforced: by its interface name, or `other` for non-joint interfaces. */
export type CommandMode = 'position' | 'velocity' | 'effort' | 'other';

export interface JointLimitEnforcerOptions {
  readonly limits: LimitTable;
  /** Command interfaces in buffer order (the order of `requested` and `out`). */
  readonly commands: readonly EnforcedInterface[];
  /** State interfaces in buffer order (the order of `state`); `joint/position` and `joint/velocity` are used. */
  readonly stateNames: readonly string[];
  /** The loop's nominal period: the command sequence's velocity, acceleration and jerk are per this period. */
  readonly periodS: number;
}

const POSITION = 0;
const VELOCITY = 1;
const EFFORT = 2;
const OTHER = 3;
const MODES: readonly CommandMode[] = ['position', 'velocity', 'effort', 'other'];

/**
 * Allocation-free per-cycle enforcement of per-joint limits on commands, with ros2_control's
 * soft-limit semantics (see `softLimits.ts`), and the controlled stop of categories 1 and 2.
 *
 * Each limit is an interval on this cycle's command; they are intersected in priority order, and a
 * lower-priority interval that does not meet the ones above yields to them (the command goes to the
 * nearest point that keeps the higher-priority limits):
 *
 * - **position commands** (velocity v = Δq/h of the command sequence): hard range, then the soft range
 *   (both with a braking look-ahead, `brakingVelocity.ts`, so the range is never hit faster than the
 *   acceleration limit can stop) › acceleration › velocity (scaled) › the soft k_position envelope ›
 *   the request, followed exactly when the limits allow it (a step in the request is approached at
 *   the acceleration limit and stopped at, without overshoot: see `targetRate`). The result then passes a moving average over `jerkWindow` cycles,
 *   w = ⌈2A/(J·h)⌉, which bounds the jerk by 2A/(w·h) ≤ J while keeping position, velocity and
 *   acceleration within their limits (an average of values within limits is within them). The price
 *   is a delay of (w − 1)/2 cycles, and only when a jerk limit is set.
 * - **velocity commands**: hard range from the measured position (no outward velocity at or beyond a
 *   hard limit; braking look-ahead towards it) › acceleration › jerk › velocity band with a jerk-aware
 *   look-ahead (so |v| ≤ V is reached without exceeding J) › the soft envelope around the measured
 *   position › the request.
 * - **effort commands**: ±E and the interface min/max › no outward effort at or beyond a hard limit,
 *   none accelerating a joint already faster than V › the soft effort bound (k_velocity) › the request.
 * - **NaN/±Infinity** requests become a hold: target velocity 0 for position and velocity commands
 *   (the command decelerates within its limits), zero effort, zero for other interfaces.
 *
 * A reduced velocity scale (LimitTable.setVelocityScale) takes effect at once for effort and the
 * envelope; position and velocity commands already faster than the new limit decelerate to it at the
 * acceleration (and jerk) limit rather than jump, so there is a settling time of about
 * (|v| − s·V)/A + (w − 1)·h.
 *
 * Per cycle, `flags[c]` (LimitFlag bits) says which limits changed command c and `correction[c]` by how
 * much (|requested − enforced|; +∞ for a non-finite request); the gate counts and publishes them.
 */
export class JointLimitEnforcer {
  readonly periodS: number;
  readonly limits: LimitTable;
  readonly commandNames: readonly string[];
  readonly modes: readonly CommandMode[];
  /** Per command, this cycle: LimitFlag bits of what was limited. */
  readonly flags: Uint16Array;
  /** Per command, this cycle: |requested − enforced| (+∞ for a non-finite request). */
  readonly correction: Float64Array;
  /** Per command: the jerk-smoothing window in cycles (1 = none). */
  readonly jerkWindow: Int32Array;
  /**
   * Per command: the command sequence's motion (position, velocity, acceleration as finite differences
   * over the period). For velocity commands `position` is unused; for effort and other interfaces all
   * are zero.
   */
  readonly motion: MotionState;
  /** The stop plan in force while `stopping` (its per-slot relaxation flags say which limits it exceeds). */
  readonly stopPlan: StopPlan;

  private readonly mode: Int8Array;
  private readonly joint: Int32Array;
  private readonly positionState: Int32Array;
  private readonly velocityState: Int32Array;
  private readonly interfaceMin: Float64Array;
  private readonly interfaceMax: Float64Array;
  private readonly hardLo: Float64Array;
  private readonly hardHi: Float64Array;
  private readonly rangeLo: Float64Array;
  private readonly rangeHi: Float64Array;
  private readonly rangeLoFlag: Uint16Array;
  private readonly rangeHiFlag: Uint16Array;
  private readonly initialised: Uint8Array;
  private readonly innerPosition: Float64Array;
  private readonly innerVelocity: Float64Array;
  /** Per command: the previous finite request (NaN after a non-finite one), for the request's own rate. */
  private readonly lastRequest: Float64Array;
  private readonly ring: Float64Array;
  private readonly ringOffset: Int32Array;
  private readonly ringIndex: Int32Array;
  private readonly ringSum: Float64Array;
  /** Per position command: how many cycles in a row its inner command has been inside the (soft) range. */
  private readonly insideFor: Int32Array;
  private readonly stopLimits: StopLimits;
  private readonly stopSample: MotionState;
  private requestedNow: Float64Array = new Float64Array(0);
  private stateNow: Float64Array = new Float64Array(0);
  private outNow: Float64Array = new Float64Array(0);
  private readonly noRequest: Float64Array;
  private stoppingNow = false;
  private stopCycle = 0;
  // The interval being narrowed this cycle, and which limit set each end.
  /** [lo, hi] of the interval being narrowed. */
  private readonly interval = new Float64Array(2);
  /** [lo, hi] handed to `narrow`; [2] in and out of `choose`. */
  private readonly bounds = new Float64Array(3);
  /** `braking`'s in/out array. */
  private readonly brake = new Float64Array(4);
  /** The soft-limit formulas' in/out array (`SoftIo` slots). */
  private readonly soft = new Float64Array(SOFT_IO_LENGTH);
  /** [x, limit] handed to `targetRate`. */
  private readonly rateIn = new Float64Array(2);
  private loFlag = 0;
  private hiFlag = 0;
  private yielded = 0;

  constructor(options: JointLimitEnforcerOptions) {
    const { limits, commands, stateNames, periodS } = options;
    if (!(periodS > 0 && Number.isFinite(periodS))) {
      throw limitsError('LIMITS_BAD_VALUE', `enforcer period is ${String(periodS)} s; expected a finite number of seconds > 0`, {
        field: 'periodS',
        value: periodS,
        expected: 'a finite number > 0',
      });
    }
    const n = commands.length;
    this.periodS = periodS;
    this.limits = limits;
    this.commandNames = commands.map((c) => c.name);
    const stateIndex = new Map(stateNames.map((s, i) => [s, i]));
    const f = (): Float64Array => new Float64Array(n);
    this.mode = new Int8Array(n);
    this.joint = new Int32Array(n).fill(-1);
    this.positionState = new Int32Array(n).fill(-1);
    this.velocityState = new Int32Array(n).fill(-1);
    this.interfaceMin = f();
    this.interfaceMax = f();
    this.hardLo = f();
    this.hardHi = f();
    this.rangeLo = f();
    this.rangeHi = f();
    this.rangeLoFlag = new Uint16Array(n);
    this.rangeHiFlag = new Uint16Array(n);
    this.initialised = new Uint8Array(n);
    this.innerPosition = f();
    this.innerVelocity = f();
    this.lastRequest = f().fill(Number.NaN);
    this.flags = new Uint16Array(n);
    this.correction = f();
    this.jerkWindow = new Int32Array(n).fill(1);
    this.motion = { position: f(), velocity: f(), acceleration: f() };
    this.stopSample = { position: f(), velocity: f(), acceleration: f() };
    this.stopLimits = { acceleration: f().fill(Infinity), jerk: f().fill(Infinity) };
    this.stopPlan = new StopPlan(n, periodS);
    this.brake[BRAKE_PERIOD] = periodS;
    this.ringOffset = new Int32Array(n);
    this.ringIndex = new Int32Array(n);
    this.ringSum = f();
    this.insideFor = new Int32Array(n);
    this.noRequest = new Float64Array(n).fill(Number.NaN);

    let ringLength = 0;
    commands.forEach((command, c) => {
      const slash = command.name.lastIndexOf('/');
      const jointName = slash < 0 ? command.name : command.name.slice(0, slash);
      const kind = slash < 0 ? '' : command.name.slice(slash + 1);
      const m = kind === 'position' ? POSITION : kind === 'velocity' ? VELOCITY : kind === 'effort' ? EFFORT : OTHER;
      this.mode[c] = m;
      this.interfaceMin[c] = command.min ?? -Infinity;
      this.interfaceMax[c] = command.max ?? Infinity;
      if (m === OTHER) return;
      const j = limits.indexOf.get(jointName);
      if (j === undefined) {
        throw limitsError('LIMITS_JOINT_UNKNOWN', `command interface ${command.name} names joint ${jointName}, which has no limits; joints with limits: ${limits.joints.join(', ') || 'none'}`, {
          field: command.name,
          value: jointName,
          expected: `one of ${limits.joints.join(', ')}`,
        });
      }
      this.joint[c] = j;
      this.positionState[c] = stateIndex.get(`${jointName}/position`) ?? -1;
      this.velocityState[c] = stateIndex.get(`${jointName}/velocity`) ?? -1;
      const hardLo = Math.max(limits.lower[j]!, this.interfaceMin[c]!);
      const hardHi = Math.min(limits.upper[j]!, this.interfaceMax[c]!);
      this.hardLo[c] = hardLo;
      this.hardHi[c] = hardHi;
      this.rangeLo[c] = Math.max(hardLo, limits.softLower[j]!);
      this.rangeHi[c] = Math.min(hardHi, limits.softUpper[j]!);
      this.rangeLoFlag[c] = limits.softLower[j]! > hardLo ? LimitFlag.soft : LimitFlag.position;
      this.rangeHiFlag[c] = limits.softUpper[j]! < hardHi ? LimitFlag.soft : LimitFlag.position;
      if (m === POSITION && !(hardLo <= hardHi && this.rangeLo[c]! <= this.rangeHi[c]!)) {
        throw limitsError('LIMITS_INCONSISTENT', `command interface ${command.name}: its min/max [${String(command.min)}, ${String(command.max)}] leaves no position within the joint's limits [${limits.commandLower[j]}, ${limits.commandUpper[j]}]`, {
          field: command.name,
          value: [command.min, command.max],
          expected: `a range overlapping [${limits.commandLower[j]}, ${limits.commandUpper[j]}]`,
        });
      }
      this.stopLimits.acceleration[c] = limits.acceleration[j]!;
      this.stopLimits.jerk[c] = limits.jerk[j]!;
      if (m === POSITION) {
        const a = limits.acceleration[j]!;
        const jerk = limits.jerk[j]!;
        const w = a < Infinity && jerk < Infinity ? Math.max(1, Math.ceil((2 * a) / (jerk * periodS) - 1e-9)) : 1;
        this.jerkWindow[c] = w;
        this.ringOffset[c] = ringLength;
        ringLength += w;
      }
    });
    this.ring = new Float64Array(ringLength);
    this.modes = Array.from(this.mode, (m) => MODES[m]!);
  }

  /** True from `beginStop` until `endStop`. */
  get stopping(): boolean {
    return this.stoppingNow;
  }

  /** True once a stop's every joint has reached standstill (category 1: remove torque now; 2: hold). */
  get stopFinished(): boolean {
    return this.stoppingNow && this.stopCycle * this.periodS >= this.stopPlan.durationS;
  }

  /** Restart every command from the measured state at the next cycle (after a hardware re-enable or a category 0 stop). */
  reset(): void {
    this.initialised.fill(0);
  }

  /** Restart command `c` from the measured state at the next cycle. */
  resetCommand(c: number): void {
    this.initialised[c] = 0;
  }

  /**
   * Enforce `requested` (one value per command interface) into `out`, given the measured `state`
   * (one value per state interface). Returns how many commands were changed. Allocation-free; never throws.
   */
  enforce(requested: Float64Array, state: Float64Array, out: Float64Array): number {
    if (this.stoppingNow) this.stopCycle++;
    // The per-mode steps read and write these buffers by index: no doubles cross a call boundary, so
    // nothing is boxed whether or not the engine inlines them.
    this.requestedNow = requested;
    this.stateNow = state;
    this.outNow = out;
    let changed = 0;
    const n = this.mode.length;
    for (let c = 0; c < n; c++) {
      const want = requested[c]!;
      const finite = Number.isFinite(want);
      this.flags[c] = finite ? 0 : LimitFlag.nonfinite;
      const m = this.mode[c]!;
      if (m !== OTHER && this.initialised[c] === 0) this.initialise(c);
      if (this.stoppingNow && (m === POSITION || m === VELOCITY)) this.stopValue(c);
      else if (m === POSITION) this.position(c);
      else if (m === VELOCITY) this.velocity(c);
      else if (m === EFFORT) this.effort(c);
      else this.other(c);
      const value = out[c]!;
      if (value !== want) {
        changed++;
        this.correction[c] = finite ? Math.abs(want - value) : Infinity;
      } else this.correction[c] = 0;
    }
    return changed;
  }

  /**
   * Begin a category 1 or 2 stop from the commands' current motion: from the next `enforce`, position
   * and velocity commands follow a monotone deceleration to standstill within `stoppingTimeS` (rounded
   * down to whole periods), and requests for them are ignored; effort commands keep their normal
   * limits (pair them with a holding controller). Returns the planned duration in seconds.
   * Allocation-free; never throws.
   */
  beginStop(category: StopCategory, stoppingTimeS: number, state: Float64Array): number {
    const h = this.periodS;
    const n = this.mode.length;
    const start = this.stopSample;
    for (let c = 0; c < n; c++) {
      const m = this.mode[c]!;
      if ((m === POSITION || m === VELOCITY) && this.initialised[c] === 0) {
        this.stateNow = state;
        this.requestedNow = this.noRequest;
        this.initialise(c);
      }
      const moving = m === POSITION || m === VELOCITY;
      start.position[c] = m === POSITION ? this.motion.position[c]! : 0;
      start.velocity[c] = moving ? this.motion.velocity[c]! : 0;
      start.acceleration[c] = moving ? this.motion.acceleration[c]! : 0;
      // Finite differences of commands ~1e308 apart (possible only without rate limits) overflow: such a
      // command stops where it is.
      if (start.velocity[c]! - start.velocity[c]! !== 0 || start.acceleration[c]! - start.acceleration[c]! !== 0) {
        start.velocity[c] = 0;
        start.acceleration[c] = 0;
      }
    }
    const limit = stoppingTimeS > 0 ? Math.max(h, Math.floor(stoppingTimeS / h + 1e-9) * h) : stoppingTimeS;
    planStop(this.stopPlan, category, start, this.stopLimits, limit);
    this.stoppingNow = true;
    this.stopCycle = 0;
    return this.stopPlan.durationS;
  }

  /**
   * Leave stop mode (after a reset): position commands resume from where the stop left them, at rest.
   * Calling it before `stopFinished` restarts them at rest where they are.
   */
  endStop(): void {
    if (!this.stoppingNow) return;
    this.stoppingNow = false;
    for (let c = 0; c < this.mode.length; c++) {
      this.lastRequest[c] = Number.NaN;
      if (this.mode[c] === POSITION) {
        this.bounds[2] = this.motion.position[c]!;
        this.restartAt(c);
      }
    }
  }

  private initialise(c: number): void {
    const want = this.requestedNow[c]!;
    const state = this.stateNow;
    const m = this.mode[c]!;
    this.initialised[c] = 1;
    this.lastRequest[c] = Number.NaN;
    this.motion.acceleration[c] = 0;
    if (m === POSITION) {
      const s = this.positionState[c]!;
      let p = s >= 0 ? state[s]! : Number.NaN;
      if (!Number.isFinite(p)) p = Number.isFinite(want) ? want : 0;
      const lo = this.hardLo[c]!;
      const hi = this.hardHi[c]!;
      this.bounds[2] = p < lo ? lo : p > hi ? hi : p;
      this.restartAt(c);
    } else if (m === VELOCITY) {
      const s = this.velocityState[c]!;
      const v = s >= 0 ? state[s]! : Number.NaN;
      const j = this.joint[c]!;
      const vMax = this.limits.velocity[j]! * this.limits.velocityScaleCell[0]!;
      const lo = Math.max(-vMax, this.interfaceMin[c]!);
      const hi = Math.min(vMax, this.interfaceMax[c]!);
      this.motion.position[c] = 0;
      this.motion.velocity[c] = Number.isFinite(v) ? (v < lo ? lo : v > hi ? hi : v) : 0;
    } else {
      this.motion.position[c] = 0;
      this.motion.velocity[c] = 0;
    }
  }

  /** Position command c at rest at bounds[2]: inner state, smoothing window and finite differences. */
  private restartAt(c: number): void {
    const p = this.bounds[2]!;
    this.innerPosition[c] = p;
    this.innerVelocity[c] = 0;
    const w = this.jerkWindow[c]!;
    const off = this.ringOffset[c]!;
    this.insideFor[c] = p >= this.rangeLo[c]! && p <= this.rangeHi[c]! ? w : 0;
    if (w > 1) {
      for (let k = 0; k < w; k++) this.ring[off + k] = p;
      this.ringSum[c] = p * w;
      this.ringIndex[c] = 0;
    }
    this.motion.position[c] = p;
    this.motion.velocity[c] = 0;
    this.motion.acceleration[c] = 0;
  }

  private open(): void {
    this.interval[0] = -Infinity;
    this.interval[1] = Infinity;
    this.loFlag = 0;
    this.hiFlag = 0;
    this.yielded = 0;
  }

  /**
   * Intersect the current interval with [bounds[0], bounds[1]] (a lower-priority limit; bounds are
   * passed in a typed array so no double is boxed across the call). If they do not meet, the
   * current interval shrinks to its end nearest [lo, hi] and `flag` is recorded as having yielded.
   */
  private narrow(loFlag: number, hiFlag: number): void {
    const iv = this.interval;
    const lo = this.bounds[0]!;
    const hi = this.bounds[1]!;
    if (lo > iv[1]!) {
      iv[0] = iv[1]!;
      this.loFlag = this.hiFlag;
      this.yielded |= loFlag;
    } else if (hi < iv[0]!) {
      iv[1] = iv[0]!;
      this.hiFlag = this.loFlag;
      this.yielded |= hiFlag;
    } else {
      if (lo > iv[0]!) {
        iv[0] = lo;
        this.loFlag = loFlag;
      }
      if (hi < iv[1]!) {
        iv[1] = hi;
        this.hiFlag = hiFlag;
      }
    }
  }

  /** Clamp bounds[2] into the narrowed interval (in place), recording the flags of whatever changed it. */
  private choose(c: number): void {
    const x = this.bounds[2]!;
    const lo = this.interval[0]!;
    const hi = this.interval[1]!;
    let v = x;
    if (v < lo) {
      v = lo;
      this.flags[c]! |= this.loFlag;
    } else if (v > hi) {
      v = hi;
      this.flags[c]! |= this.hiFlag;
    }
    if (v !== x) this.flags[c]! |= this.yielded;
    this.bounds[2] = v;
  }

  /**
   * The rate (velocity for position commands, acceleration for velocity commands) that follows the
   * request without overshooting it: the request's own rate u = (r_k − r_{k−1})/h, plus a correction
   * towards the previous request e = r_{k−1} − x capped by the braking look-ahead, so a step in the
   * request is approached at the limit and stopped at, never overshot and rung around:
   *   rate = u + sign(e)·min(|e|/h, braking(|e|, limit, h)).
   * A request the limits allow is followed exactly (e = 0, rate = u). Non-finite: rate towards a hold.
   * Reads x and the limit from rateIn[0..1] and the request from the requested buffer; writes bounds[2].
   */
  private targetRate(c: number): void {
    const h = this.periodS;
    const want = this.requestedNow[c]!;
    const finite = Number.isFinite(want);
    const x = this.rateIn[0]!;
    const limit = this.rateIn[1]!;
    const previous = this.lastRequest[c]!;
    this.lastRequest[c] = finite ? want : Number.NaN;
    let u = 0;
    let e: number;
    if (!finite) e = this.mode[c] === POSITION ? 0 : -x;
    else if (Number.isFinite(previous)) {
      u = (want - previous) / h;
      e = previous - x;
      // A request whose own rate overflows (two finite requests ~1e306 apart) is a jump: approach it as one.
      if (!Number.isFinite(u)) {
        u = 0;
        e = want - x;
      }
    } else e = want - x;
    const magnitude = e < 0 ? -e : e;
    const io = this.brake;
    io[BRAKE_DISTANCE] = magnitude;
    io[BRAKE_LIMIT] = limit;
    braking(io);
    const toward = Math.min(magnitude / h, io[BRAKE_OUT]!);
    const rate = e < 0 ? u - toward : u + toward;
    // u and toward are finite or one of them is infinite in the direction of e, so this is never NaN;
    // should it be (a future change), head for the request rather than hand NaN to the clamps.
    this.bounds[2] = rate === rate ? rate : e < 0 ? -Infinity : Infinity;
  }

  /** The soft-limit in/out array with joint j's limits filled in (the caller adds V, positions, velocity). */
  private softRow(j: number): Float64Array {
    const io = this.soft;
    const t = this.limits;
    io[SoftIo.lower] = t.lower[j]!;
    io[SoftIo.upper] = t.upper[j]!;
    io[SoftIo.softLower] = t.softLower[j]!;
    io[SoftIo.softUpper] = t.softUpper[j]!;
    io[SoftIo.kPosition] = t.kPosition[j]!;
    io[SoftIo.kVelocity] = t.kVelocity[j]!;
    io[SoftIo.effortMax] = t.effort[j]!;
    return io;
  }

  private position(c: number): void {
    const want = this.requestedNow[c]!;
    const finite = Number.isFinite(want);
    const state = this.stateNow;
    const h = this.periodS;
    const j = this.joint[c]!;
    const t = this.limits;
    const p = this.innerPosition[c]!;
    const hardLo = this.hardLo[c]!;
    const hardHi = this.hardHi[c]!;
    const lo = this.rangeLo[c]!;
    const hi = this.rangeHi[c]!;
    const accel = t.acceleration[j]!;
    const vMax = t.velocity[j]! * t.velocityScaleCell[0]!;
    this.open();
    // 1. Hard range (a jump back if ever outside), then the soft range with braking look-ahead; beyond
    //    a soft limit (start-up there) no further outward motion.
    if (p < hardLo || p > hardHi) {
      const back = ((p < hardLo ? hardLo : hardHi) - p) / h;
      { this.bounds[0] = back; this.bounds[1] = back; this.narrow(LimitFlag.position, LimitFlag.position); }
    } else {
      const io = this.brake;
      io[BRAKE_LIMIT] = accel;
      let up = 0;
      let down = 0;
      if (p < hi) {
        io[BRAKE_DISTANCE] = hi - p;
        braking(io);
        up = io[BRAKE_OUT]!;
      }
      if (p > lo) {
        io[BRAKE_DISTANCE] = p - lo;
        braking(io);
        down = io[BRAKE_OUT]!;
      }
      { this.bounds[0] = 0 - down; this.bounds[1] = up; this.narrow(this.rangeLoFlag[c]!, this.rangeHiFlag[c]!); }
    }
    // 2. Acceleration of the command sequence.
    const v0 = this.innerVelocity[c]!;
    if (accel < Infinity) { this.bounds[0] = v0 - accel * h; this.bounds[1] = v0 + accel * h; this.narrow(LimitFlag.acceleration, LimitFlag.acceleration); }
    // 3. Velocity (reduced-speed scale included).
    { this.bounds[0] = -vMax; this.bounds[1] = vMax; this.narrow(LimitFlag.velocity, LimitFlag.velocity); }
    // 4. The soft k_position envelope around the previous command, with the measured-position rules.
    if (t.kPosition[j]! > 0 && vMax < Infinity) {
      const s = this.positionState[c]!;
      const measured = s >= 0 ? state[s]! : Number.NaN;
      const io = this.softRow(j);
      io[SoftIo.vMax] = vMax;
      io[SoftIo.reference] = p;
      io[SoftIo.measured] = measured;
      softVelocityEnvelope(io);
      this.bounds[0] = io[SoftIo.velocityMin]!;
      this.bounds[1] = io[SoftIo.velocityMax]!;
      this.narrow(LimitFlag.soft, LimitFlag.soft);
    }
    this.rateIn[0] = p;
    this.rateIn[1] = accel;
    this.targetRate(c);
    this.choose(c);
    const v = this.bounds[2]!;
    let next = p + v * h;
    // An infinite step means no limit bounds the rate that way (no velocity or acceleration limit) and
    // the request is ~1e306 away: go to the request (or hold for a non-finite one); the ranges follow.
    if (next - next !== 0) next = finite ? want : p;
    if (next < hardLo) next = hardLo;
    else if (next > hardHi) next = hardHi;
    if (p >= lo && p <= hi) next = next < lo ? lo : next > hi ? hi : next;
    // A request the limits allow comes out exactly, not off by the rounding of p + (r − p).
    const miss = next - want;
    const near = (miss < 0 ? -miss : miss) <= 1e-12 * (1 + (want < 0 ? -want : want));
    if (finite && near && want >= hardLo && want <= hardHi && (want >= lo || p < lo) && (want <= hi || p > hi)) next = want;
    else if (finite && this.flags[c] === 0) this.flags[c]! |= LimitFlag.acceleration;
    this.innerVelocity[c] = (next - p) / h;
    this.innerPosition[c] = next;
    // 5. Jerk: moving average over the window.
    let q = next;
    const w = this.jerkWindow[c]!;
    if (w > 1) {
      const at = this.ringOffset[c]! + this.ringIndex[c]!;
      let sum = this.ringSum[c]! - this.ring[at]! + next;
      this.ring[at] = next;
      let index = this.ringIndex[c]! + 1;
      if (index === w) {
        // Once per window, re-sum exactly so rounding never accumulates.
        index = 0;
        const off = this.ringOffset[c]!;
        sum = 0;
        for (let k = 0; k < w; k++) sum += this.ring[off + k]!;
      }
      this.ringIndex[c] = index;
      this.ringSum[c] = sum;
      q = sum / w;
      if (q < hardLo) q = hardLo;
      else if (q > hardHi) q = hardHi;
      // An average of values inside the range is inside it; only rounding could say otherwise.
      const inside = next >= lo && next <= hi ? this.insideFor[c]! + 1 : 0;
      this.insideFor[c] = inside;
      if (inside >= w) q = q < lo ? lo : q > hi ? hi : q;
      if (q !== want && Math.abs(q - next) > 1e-12 * (1 + Math.abs(q))) this.flags[c]! |= LimitFlag.jerk;
    }
    this.outNow[c] = q;
    this.advance(c);
  }

  /** Record the new position command's (outNow[c]) finite differences. */
  private advance(c: number): void {
    const h = this.periodS;
    const q = this.outNow[c]!;
    const v = (q - this.motion.position[c]!) / h;
    this.motion.acceleration[c] = (v - this.motion.velocity[c]!) / h;
    this.motion.velocity[c] = v;
    this.motion.position[c] = q;
  }

  private velocity(c: number): void {
    const want = this.requestedNow[c]!;
    const finite = Number.isFinite(want);
    const state = this.stateNow;
    const h = this.periodS;
    const j = this.joint[c]!;
    const t = this.limits;
    const accel = t.acceleration[j]!;
    const jerk = t.jerk[j]!;
    const vMax = t.velocity[j]! * t.velocityScaleCell[0]!;
    const lower = t.lower[j]!;
    const upper = t.upper[j]!;
    const s = this.positionState[c]!;
    const measured = s >= 0 ? state[s]! : Number.NaN;
    const v0 = this.motion.velocity[c]!;
    const a0 = this.motion.acceleration[c]!;
    this.open();
    // 1. Hard range from the measured position: no outward velocity at or beyond a limit, none at all
    //    beyond it by more than the tolerance, and a braking look-ahead towards it.
    if (Number.isFinite(measured) && (lower > -Infinity || upper < Infinity)) {
      let up = 0;
      let down = 0;
      if (measured <= upper + POSITION_BOUNDS_TOLERANCE && measured >= lower - POSITION_BOUNDS_TOLERANCE) {
        const io = this.brake;
        io[BRAKE_LIMIT] = accel;
        if (measured < upper) {
          io[BRAKE_DISTANCE] = upper - measured;
          braking(io);
          up = io[BRAKE_OUT]!;
        }
        if (measured > lower) {
          io[BRAKE_DISTANCE] = measured - lower;
          braking(io);
          down = io[BRAKE_OUT]!;
        }
      }
      { this.bounds[0] = 0 - down; this.bounds[1] = up; this.narrow(LimitFlag.position, LimitFlag.position); }
    }
    // 2. Acceleration, 3. jerk of the command sequence.
    if (accel < Infinity) { this.bounds[0] = v0 - accel * h; this.bounds[1] = v0 + accel * h; this.narrow(LimitFlag.acceleration, LimitFlag.acceleration); }
    if (jerk < Infinity) { this.bounds[0] = v0 + (a0 - jerk * h) * h; this.bounds[1] = v0 + (a0 + jerk * h) * h; this.narrow(LimitFlag.jerk, LimitFlag.jerk); }
    // 4. Velocity band (scaled, and the interface's min/max), reached without exceeding the jerk limit:
    //    each edge's look-ahead is its own interval, so from outside the band (after the scale drops)
    //    the far edge still brakes the approach and the command settles inside, not beyond.
    const bandHi = Math.min(vMax, this.interfaceMax[c]!);
    const bandLo = Math.max(-vMax, this.interfaceMin[c]!);
    let vHi = bandHi;
    let vLo = bandLo;
    if (jerk < Infinity) {
      const io = this.brake;
      io[BRAKE_LIMIT] = jerk;
      if (bandHi >= v0) {
        io[BRAKE_DISTANCE] = bandHi - v0;
        braking(io);
        vHi = v0 + h * io[BRAKE_OUT]!;
      }
      if (bandLo <= v0) {
        io[BRAKE_DISTANCE] = v0 - bandLo;
        braking(io);
        vLo = v0 - h * io[BRAKE_OUT]!;
      }
    }
    if (v0 < bandLo) {
      this.bounds[0] = -Infinity;
      this.bounds[1] = vHi;
      this.narrow(LimitFlag.velocity, LimitFlag.velocity);
    }
    if (v0 > bandHi) {
      this.bounds[0] = vLo;
      this.bounds[1] = Infinity;
      this.narrow(LimitFlag.velocity, LimitFlag.velocity);
    }
    this.bounds[0] = vLo;
    this.bounds[1] = vHi;
    this.narrow(LimitFlag.velocity, LimitFlag.velocity);
    // 5. The soft k_position envelope around the measured position.
    if (t.kPosition[j]! > 0 && vMax < Infinity && Number.isFinite(measured)) {
      const io = this.softRow(j);
      io[SoftIo.vMax] = vMax;
      io[SoftIo.reference] = measured;
      io[SoftIo.measured] = measured;
      softVelocityEnvelope(io);
      this.bounds[0] = io[SoftIo.velocityMin]!;
      this.bounds[1] = io[SoftIo.velocityMax]!;
      this.narrow(LimitFlag.soft, LimitFlag.soft);
    }
    if (jerk < Infinity) {
      this.rateIn[0] = v0;
      this.rateIn[1] = jerk;
      this.targetRate(c);
      this.bounds[2] = v0 + h * this.bounds[2]!;
    } else {
      this.lastRequest[c] = finite ? want : Number.NaN;
      this.bounds[2] = finite ? want : 0;
    }
    this.choose(c);
    let v = this.bounds[2]!;
    const miss = v - want;
    const near = (miss < 0 ? -miss : miss) <= 1e-12 * (1 + (want < 0 ? -want : want));
    if (finite && near && want >= this.interval[0]! && want <= this.interval[1]!) v = want;
    else if (finite && this.flags[c] === 0) this.flags[c]! |= LimitFlag.jerk;
    this.motion.acceleration[c] = (v - v0) / h;
    this.motion.velocity[c] = v;
    this.outNow[c] = v;
  }

  private effort(c: number): void {
    const want = this.requestedNow[c]!;
    const finite = Number.isFinite(want);
    const state = this.stateNow;
    const j = this.joint[c]!;
    const t = this.limits;
    const effortMax = t.effort[j]!;
    const vMax = t.velocity[j]! * t.velocityScaleCell[0]!;
    const sp = this.positionState[c]!;
    const sv = this.velocityState[c]!;
    const q = sp >= 0 ? state[sp]! : Number.NaN;
    const v = sv >= 0 ? state[sv]! : Number.NaN;
    this.open();
    // 1. The effort limit and the interface's own min/max.
    { this.bounds[0] = Math.max(-effortMax, this.interfaceMin[c]!); this.bounds[1] = Math.min(effortMax, this.interfaceMax[c]!); this.narrow(LimitFlag.effort, LimitFlag.effort); }
    // 2. No effort pushing further out at or beyond a hard limit, none speeding up a joint already beyond V.
    if (Number.isFinite(q) && Number.isFinite(v)) {
      if (q <= t.lower[j]! && v <= 0) { this.bounds[0] = 0; this.bounds[1] = Infinity; this.narrow(LimitFlag.position, LimitFlag.position); }
      else if (q >= t.upper[j]! && v >= 0) { this.bounds[0] = -Infinity; this.bounds[1] = 0; this.narrow(LimitFlag.position, LimitFlag.position); }
    }
    if (Number.isFinite(v)) {
      if (v < -vMax) { this.bounds[0] = 0; this.bounds[1] = Infinity; this.narrow(LimitFlag.velocity, LimitFlag.velocity); }
      else if (v > vMax) { this.bounds[0] = -Infinity; this.bounds[1] = 0; this.narrow(LimitFlag.velocity, LimitFlag.velocity); }
    }
    // 3. The soft effort bound from the velocity envelope around the measured position.
    const kv = t.kVelocity[j]!;
    if (kv > 0 && effortMax < Infinity && Number.isFinite(v)) {
      const io = this.softRow(j);
      io[SoftIo.vMax] = vMax;
      io[SoftIo.measuredVelocity] = v;
      if (Number.isFinite(q)) {
        io[SoftIo.reference] = q;
        io[SoftIo.measured] = q;
        softVelocityEnvelope(io);
      } else {
        io[SoftIo.velocityMin] = -vMax;
        io[SoftIo.velocityMax] = vMax;
      }
      softEffortBounds(io);
      this.bounds[0] = io[SoftIo.effortMin]!;
      this.bounds[1] = io[SoftIo.effortMaxBound]!;
      this.narrow(LimitFlag.soft, LimitFlag.soft);
    }
    this.bounds[2] = finite ? want : 0;
    this.choose(c);
    this.outNow[c] = this.bounds[2]!;
  }

  private other(c: number): void {
    const want = this.requestedNow[c]!;
    const finite = Number.isFinite(want);
    this.open();
    { this.bounds[0] = this.interfaceMin[c]!; this.bounds[1] = this.interfaceMax[c]!; this.narrow(LimitFlag.range, LimitFlag.range); }
    this.bounds[2] = finite ? want : 0;
    this.choose(c);
    this.outNow[c] = this.bounds[2]!;
  }

  private stopValue(c: number): void {
    const h = this.periodS;
    this.stopPlan.sampleCycle(c, this.stopCycle, this.stopSample);
    this.flags[c]! |= LimitFlag.stop;
    if (this.mode[c] === VELOCITY) {
      const v = this.stopSample.velocity[c]!;
      this.motion.acceleration[c] = (v - this.motion.velocity[c]!) / h;
      this.motion.velocity[c] = v;
      this.outNow[c] = v;
      return;
    }
    const previous = this.motion.position[c]!;
    const planned = this.stopSample.position[c]!;
    let lo = this.hardLo[c]!;
    let hi = this.hardHi[c]!;
    if (previous >= this.rangeLo[c]! && previous <= this.rangeHi[c]!) {
      lo = this.rangeLo[c]!;
      hi = this.rangeHi[c]!;
    }
    const q = planned < lo ? lo : planned > hi ? hi : planned;
    if (q !== planned) this.flags[c]! |= LimitFlag.position;
    this.outNow[c] = q;
    this.advance(c);
    this.innerPosition[c] = q;
    this.innerVelocity[c] = this.motion.velocity[c]!;
  }
}
