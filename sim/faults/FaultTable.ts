import { KindredError, show } from '../../runtime/errors/index.js';
import { FAULT_EFFECT, type DriveBank } from '../drive/DriveBank.js';
import type { SeededRng } from '../rng.js';

/** Number of faults that can be active at once (preallocated). */
export const FAULT_SLOTS = 32;
/** Longest fault delay, in control cycles (preallocated history per slot). */
export const FAULT_MAX_DELAY_CYCLES = 1024;

export const STATE_FAULT_KINDS = ['freeze', 'offset', 'scale', 'noise', 'spike', 'nan', 'inf', 'drop', 'delay', 'drift'] as const;
export const COMMAND_FAULT_KINDS = ['drop', 'delay', 'freeze', 'offset', 'scale', 'invert', 'reorder'] as const;
export const ACTUATOR_FAULT_KINDS = ['weakness', 'runaway', 'stuck', 'brake_failure', 'inversion', 'offset'] as const;
export const BUS_FAULT_KINDS = ['disconnect'] as const;

export type StateFaultKind = (typeof STATE_FAULT_KINDS)[number];
export type CommandFaultKind = (typeof COMMAND_FAULT_KINDS)[number];
export type ActuatorFaultKind = (typeof ACTUATOR_FAULT_KINDS)[number];
export type BusFaultKind = (typeof BUS_FAULT_KINDS)[number];
export type FaultTarget = 'state' | 'command' | 'actuator' | 'bus';
/** Every fault target, in the order the `fault` command lists them. */
export const FAULT_TARGETS: readonly FaultTarget[] = ['state', 'command', 'actuator', 'bus'];

/**
 * One injected fault. `name` is a state or command interface (`knee_left/position`), for actuator
 * faults a joint (`knee_left`), for the bus the hardware component's name (`sim`) or `*`.
 *
 * `value` by kind:
 * - state and command: offset: added; scale: factor; noise: standard deviation; spike: added on the
 *   next sample only; inf: its sign chooses +∞ or −∞; freeze: the stuck-at value (default: the last
 *   value); delay: milliseconds, served in control cycles (rounded, at least one); drift (state): rate
 *   in the interface's unit per second — the reading is off by rate × t, t the control-loop time since
 *   injection (control cycles / rateHz: 0 in the first cycle that sees it, then growing linearly);
 * - command reorder (no value): consecutive commands arrive swapped in pairs. Counting the control
 *   cycles from injection k = 0, 1, 2, …, with c_k the command the SafetyGate passed in cycle k, the
 *   drive receives p, c1, c0, c3, c2, c5, c4, … — p being the last command before injection: in each
 *   pair the later command overtakes the earlier one, which is held back one cycle. No command is lost
 *   (the drive's watchdog stays fed); at most one is a cycle late and one a cycle early;
 * - actuator: weakness: torque gain in [0, 1]; runaway: the drive's loop is lost and it outputs this
 *   joint torque (N·m or N) whatever it is asked, limited to the joint's effort limit (its own
 *   electronics produce it);
 *   offset: a constant torque (N·m or N) added at the drive's output after the effort limit (only the
 *   motor's range limits it, so it can push past the effort limit the controllers and the drive
 *   believe in); inversion (no value): the drive's output torque changes sign (swapped motor phases, a
 *   commutation offset of 180°): effort commands act backwards and a position-mode drive's own loop
 *   becomes positive feedback and runs away; stuck and brake_failure take no value. No actuator fault
 *   acts after safe torque off;
 * - bus disconnect (no value): the fieldbus to the component is lost; see `SimSystem`.
 */
export interface FaultSpec {
  readonly id: string;
  readonly target: FaultTarget;
  readonly name: string;
  readonly kind: string;
  readonly value?: number;
}

/** An active fault as injected. */
export interface ActiveFault {
  readonly id: string;
  readonly target: FaultTarget;
  readonly name: string;
  readonly kind: string;
  readonly value?: number;
}

/**
 * An active (or just cleared) fault with the evidence that it acted. `appliedCycles`: control cycles
 * in which the fault changed what the system saw or did (see `FaultTable`); `sinceCycle`: the number
 * of the first control cycle that could see it (the simulator numbers its cycles — `read` calls —
 * from 1 since it was built).
 */
export interface FaultReport extends ActiveFault {
  readonly appliedCycles: number;
  readonly sinceCycle: number;
}

const TARGET_CODE = { state: 0, command: 1, actuator: 2, bus: 3 } as const;
const KIND_CODE: Record<StateFaultKind | CommandFaultKind | ActuatorFaultKind | BusFaultKind, number> = {
  freeze: 0,
  offset: 1,
  scale: 2,
  noise: 3,
  spike: 4,
  nan: 5,
  inf: 6,
  drop: 7,
  delay: 8,
  invert: 9,
  weakness: 10,
  runaway: 11,
  stuck: 12,
  brake_failure: 13,
  drift: 14,
  reorder: 15,
  inversion: 16,
  disconnect: 17,
};
const NEEDS_VALUE = new Set(['offset', 'scale', 'noise', 'spike', 'delay', 'weakness', 'runaway', 'drift']);
const KINDS_BY_TARGET: Record<FaultTarget, readonly string[]> = {
  state: STATE_FAULT_KINDS,
  command: COMMAND_FAULT_KINDS,
  actuator: ACTUATOR_FAULT_KINDS,
  bus: BUS_FAULT_KINDS,
};

/**
 * Fault injection into a simulated system: the hooks the fault-injection layer drives. Faults live in
 * preallocated slots and are applied without allocation: state faults to what `read` reports (after
 * the sensor models), command faults to what reaches the drives in `write`, actuator faults in the
 * drives themselves, the bus fault in `SimSystem`'s read and write.
 *
 * Evidence: per slot, `appliedCycles` counts the control cycles in which the fault changed something —
 * at most once per cycle however many samples or physics steps it touched:
 * - state faults: the reported value differs from what it would have been (NaN = NaN): so a freeze at
 *   the live value, an offset or drift of 0, a scale of 1, a noise σ of 0, a delay while the value is
 *   constant count nothing; a spike counts once; drift from its second cycle;
 * - command faults: the command is one its drive follows (the drive is in that interface's mode, the
 *   bus is up) and it was dropped or its value changed (a freeze, delay or reorder that hands over an
 *   equal value changes nothing);
 * - actuator faults: in some physics step of the cycle the drive's output torque differed from the
 *   same drive's without faults and this fault took part (weakness ≠ 1 on a non-zero torque, runaway or
 *   offset ≠ 0, inversion of a non-zero torque; none after safe torque off, when there is no torque,
 *   nor when the limits absorb it); stuck: the brake held although the drive had released it
 *   (whether or not the joint was trying to move: the brake acting is the fault acting); brake_failure:
 *   the brake was commanded on (or stuck) and did not engage;
 * - bus disconnect: every cycle the bus is down (read reports 'error').
 */
export class FaultTable {
  private readonly ids: (string | undefined)[] = new Array<string | undefined>(FAULT_SLOTS).fill(undefined);
  private readonly specs: (ActiveFault | undefined)[] = new Array<ActiveFault | undefined>(FAULT_SLOTS).fill(undefined);
  private readonly active = new Uint8Array(FAULT_SLOTS);
  private readonly target = new Int8Array(FAULT_SLOTS);
  private readonly index = new Int32Array(FAULT_SLOTS);
  private readonly kind = new Int8Array(FAULT_SLOTS);
  private readonly value = new Float64Array(FAULT_SLOTS);
  private readonly held = new Float64Array(FAULT_SLOTS);
  private readonly pending = new Uint8Array(FAULT_SLOTS);
  /** Reorder: 0 in the first cycle of a pair (hand over the held command), 1 in the second. */
  private readonly phase = new Uint8Array(FAULT_SLOTS);
  private readonly delay = new Int32Array(FAULT_SLOTS);
  private readonly ringPos = new Int32Array(FAULT_SLOTS);
  private readonly ring = new Float64Array(FAULT_SLOTS * FAULT_MAX_DELAY_CYCLES);
  /** Evidence per slot: cycles the fault changed something, the first cycle that saw it, the last cycle counted. */
  private readonly applied = new Float64Array(FAULT_SLOTS);
  private readonly since = new Float64Array(FAULT_SLOTS);
  private readonly lastApplied = new Float64Array(FAULT_SLOTS);
  /** [0]: the control cycle now (incremented by `beginCycle`); a typed array so the cycle never boxes a double. */
  private readonly clock = new Float64Array(1);
  private readonly stateIndex: Map<string, number>;
  private readonly commandIndex: Map<string, number>;
  private readonly jointIndex: Map<string, number>;
  /** Counts of active faults per target, so the cycle skips the loops when there are none. */
  private stateCount = 0;
  private commandCount = 0;
  private actuatorCount = 0;
  private busCount = 0;

  constructor(
    stateNames: readonly string[],
    commandNames: readonly string[],
    private readonly drives: DriveBank,
    private readonly rng: SeededRng,
    /** Control cycles per second (delays are served in cycles, drift grows with cycles / rateHz). */
    private readonly rateHz: number,
    /** The hardware component's name: a bus fault names it (or `*`). */
    private readonly componentName: string,
  ) {
    this.stateIndex = new Map(stateNames.map((n, i) => [n, i]));
    this.commandIndex = new Map(commandNames.map((n, i) => [n, i]));
    this.jointIndex = new Map(drives.joints.map((j, i) => [j.name, i]));
  }

  /** The control cycle now: `read` calls since construction. */
  get cycle(): number {
    return this.clock[0]!;
  }

  /** True while a bus fault is active: nothing reaches the drives and `read` reports 'error'. */
  get busDisconnected(): boolean {
    return this.busCount > 0;
  }

  /** Start a control cycle (first thing in `read`). Allocation-free. */
  beginCycle(): void {
    this.clock[0] = this.clock[0]! + 1;
  }

  /**
   * Inject a fault (out of cycle). `current` holds the present values of the target's interfaces
   * (the state slice or the last commands), used by freeze, drop, delay and reorder. Throws a
   * KindredError naming what exists when the target, kind or value is wrong.
   */
  inject(spec: FaultSpec, current: { readonly state: Float64Array; readonly command: Float64Array }): FaultReport {
    if (this.ids.includes(spec.id)) {
      throw new KindredError('SIM_FAULT_ID_DUPLICATE', `a fault with id ${show(spec.id)} is already active; clear it first or choose another id`, {
        field: 'id',
        value: spec.id,
      });
    }
    const kinds = KINDS_BY_TARGET[spec.target];
    if (!kinds.includes(spec.kind)) {
      throw new KindredError('SIM_FAULT_KIND_INVALID', `fault kind ${show(spec.kind)} does not apply to a ${spec.target} target; expected one of ${kinds.join(', ')}`, {
        field: 'kind',
        value: spec.kind,
        expected: kinds.join(' | '),
      });
    }
    const idx = this.targetIndex(spec);
    const value = spec.value;
    if (NEEDS_VALUE.has(spec.kind) && value === undefined) {
      throw new KindredError('SIM_FAULT_VALUE_INVALID', `fault ${spec.id} (${spec.kind}) needs a value`, { field: 'value', expected: 'a finite number' });
    }
    if (value !== undefined && !(Number.isFinite(value) || (spec.kind === 'freeze' && !Number.isNaN(value)))) {
      throw new KindredError('SIM_FAULT_VALUE_INVALID', `fault ${spec.id} (${spec.kind}): value ${show(value)} is not a finite number`, {
        field: 'value',
        value,
        expected: 'a finite number',
      });
    }
    let delayCycles = 0;
    if (spec.kind === 'delay') {
      delayCycles = Math.max(1, Math.round(((value ?? 0) * this.rateHz) / 1000));
      if (!((value ?? 0) > 0) || delayCycles >= FAULT_MAX_DELAY_CYCLES) {
        const maxMs = ((FAULT_MAX_DELAY_CYCLES - 1) * 1000) / this.rateHz;
        throw new KindredError('SIM_FAULT_VALUE_INVALID', `fault ${spec.id} (delay): ${show(value)} ms; expected more than 0 and at most ${maxMs} ms`, {
          field: 'value',
          value,
          expected: `0 < ms ≤ ${maxMs}`,
        });
      }
    }
    if ((spec.kind === 'weakness' && !((value ?? -1) >= 0 && (value ?? 2) <= 1)) || (spec.kind === 'noise' && !((value ?? -1) >= 0))) {
      const expected = spec.kind === 'weakness' ? 'a torque gain between 0 and 1' : 'a standard deviation ≥ 0';
      throw new KindredError('SIM_FAULT_VALUE_INVALID', `fault ${spec.id} (${spec.kind}): value ${show(value)}; expected ${expected}`, {
        field: 'value',
        value,
        expected,
      });
    }
    const slot = this.ids.indexOf(undefined);
    if (slot < 0) {
      throw new KindredError('SIM_FAULT_SLOTS_FULL', `all ${FAULT_SLOTS} fault slots are in use (${this.ids.join(', ')}); clear one first`, {
        expected: `at most ${FAULT_SLOTS} active faults`,
      });
    }
    const t = TARGET_CODE[spec.target];
    const k = KIND_CODE[spec.kind as keyof typeof KIND_CODE];
    const present = t === 0 ? current.state[idx]! : t === 1 ? current.command[idx]! : 0;
    this.ids[slot] = spec.id;
    const active: ActiveFault = { id: spec.id, target: spec.target, name: spec.name, kind: spec.kind, ...(value !== undefined ? { value } : {}) };
    this.specs[slot] = active;
    this.target[slot] = t;
    this.index[slot] = idx;
    this.kind[slot] = k;
    this.value[slot] = value ?? 0;
    this.held[slot] = spec.kind === 'freeze' && value !== undefined ? value : present;
    this.pending[slot] = 1;
    this.phase[slot] = 0;
    this.delay[slot] = delayCycles;
    this.ringPos[slot] = 0;
    this.ring.fill(present, slot * FAULT_MAX_DELAY_CYCLES, (slot + 1) * FAULT_MAX_DELAY_CYCLES);
    this.applied[slot] = 0;
    this.since[slot] = this.clock[0]! + 1;
    this.lastApplied[slot] = -1;
    this.active[slot] = 1;
    if (t === 0) this.stateCount++;
    else if (t === 1) this.commandCount++;
    else if (t === 3) this.busCount++;
    else {
      this.actuatorCount++;
      this.applyActuatorFaults();
    }
    return this.report(slot);
  }

  /** Remove a fault; the interface or drive behaves normally again from the next cycle. Returns its final report. */
  clear(id: string): FaultReport {
    const slot = this.ids.indexOf(id);
    if (slot < 0) {
      const active = this.ids.filter((x): x is string => x !== undefined);
      throw new KindredError('SIM_FAULT_ID_UNKNOWN', `no active fault has id ${show(id)}; active: ${active.join(', ') || 'none'}`, { field: 'id', value: id });
    }
    const report = this.report(slot);
    this.ids[slot] = undefined;
    this.specs[slot] = undefined;
    this.active[slot] = 0;
    const t = this.target[slot];
    if (t === 0) this.stateCount--;
    else if (t === 1) this.commandCount--;
    else if (t === 3) this.busCount--;
    else {
      this.actuatorCount--;
      this.applyActuatorFaults();
    }
    return report;
  }

  /** Clear every fault. */
  clearAll(): void {
    for (const id of this.ids) if (id !== undefined) this.clear(id);
  }

  /** Every active fault with its evidence so far (out of cycle). */
  list(): FaultReport[] {
    const out: FaultReport[] = [];
    for (let s = 0; s < FAULT_SLOTS; s++) if (this.specs[s] !== undefined) out.push(this.report(s));
    return out;
  }

  /** Apply state faults to what `read` is about to report (in place). Allocation-free. */
  applyState(out: Float64Array): void {
    if (this.stateCount === 0) return;
    for (let s = 0; s < FAULT_SLOTS; s++) {
      if (this.active[s] === 0 || this.target[s] !== 0) continue;
      if (this.transformAt(s, out, this.index[s]!)) this.mark(s);
    }
  }

  /**
   * Apply command faults to the commands about to reach the drives (in place). `delivered[i]` says on
   * entry whether command `i` would reach a drive that follows it; a fault that drops it clears it.
   * Allocation-free.
   */
  applyCommand(values: Float64Array, delivered: Uint8Array): void {
    if (this.commandCount === 0) return;
    for (let s = 0; s < FAULT_SLOTS; s++) {
      if (this.active[s] === 0 || this.target[s] !== 1) continue;
      const i = this.index[s]!;
      if (this.kind[s] === KIND_CODE.drop) {
        if (delivered[i] === 1) {
          delivered[i] = 0;
          this.mark(s);
        }
        continue;
      }
      if (this.transformAt(s, values, i) && delivered[i] === 1) this.mark(s);
    }
  }

  /**
   * Count the actuator faults that changed a drive's output or brake in the physics steps since the
   * last call (after any physics steps of a cycle). Allocation-free.
   */
  collectActuator(): void {
    if (this.actuatorCount === 0) return;
    const effects = this.drives.faultEffects;
    for (let s = 0; s < FAULT_SLOTS; s++) {
      if (this.active[s] === 0 || this.target[s] !== 2) continue;
      const e = effects[this.index[s]!]!;
      if (e === 0) continue;
      const v = this.value[s]!;
      let acted = false;
      switch (this.kind[s]) {
        case KIND_CODE.weakness:
          acted = (e & FAULT_EFFECT.gain) !== 0 && v !== 1;
          break;
        case KIND_CODE.runaway:
          acted = (e & FAULT_EFFECT.extra) !== 0 && v !== 0;
          break;
        case KIND_CODE.offset:
          acted = (e & FAULT_EFFECT.offset) !== 0 && v !== 0;
          break;
        case KIND_CODE.inversion:
          acted = (e & FAULT_EFFECT.invert) !== 0;
          break;
        case KIND_CODE.stuck:
          acted = (e & FAULT_EFFECT.brakeStuck) !== 0;
          break;
        case KIND_CODE.brake_failure:
          acted = (e & FAULT_EFFECT.brakeFailed) !== 0;
          break;
      }
      if (acted) this.mark(s);
    }
    effects.fill(0);
  }

  /** Count a cycle for every active bus fault (the bus was down in it). Allocation-free. */
  markBus(): void {
    if (this.busCount === 0) return;
    for (let s = 0; s < FAULT_SLOTS; s++) if (this.active[s] === 1 && this.target[s] === 3) this.mark(s);
  }

  /** Count the present cycle for slot `s` (once per cycle). */
  private mark(s: number): void {
    const c = this.clock[0]!;
    if (this.lastApplied[s] === c) return;
    this.lastApplied[s] = c;
    this.applied[s] = this.applied[s]! + 1;
  }

  private report(slot: number): FaultReport {
    return { ...this.specs[slot]!, appliedCycles: this.applied[slot]!, sinceCycle: this.since[slot]! };
  }

  /** Index of the fault's interface or joint (0 for the bus); throws SIM_FAULT_TARGET_UNKNOWN naming what exists. */
  private targetIndex(spec: FaultSpec): number {
    if (spec.target === 'bus') {
      if (spec.name === this.componentName || spec.name === '*') return 0;
      throw new KindredError('SIM_FAULT_TARGET_UNKNOWN', `no fieldbus named ${show(spec.name)}; this simulator's bus is ${this.componentName} (or * for every bus)`, {
        field: 'name',
        value: spec.name,
        expected: `${this.componentName} | *`,
      });
    }
    const names = spec.target === 'state' ? this.stateIndex : spec.target === 'command' ? this.commandIndex : this.jointIndex;
    const idx = names.get(spec.name);
    if (idx === undefined) {
      throw new KindredError(
        'SIM_FAULT_TARGET_UNKNOWN',
        `no ${spec.target === 'actuator' ? 'joint' : `${spec.target} interface`} named ${show(spec.name)}; available: ${[...names.keys()].join(', ')}`,
        { field: 'name', value: spec.name, expected: `a ${spec.target} ${spec.target === 'actuator' ? 'joint name' : 'interface name'}` },
      );
    }
    return idx;
  }

  /**
   * Apply slot `s`'s fault to `a[i]` in place; true when it changed the value (NaN for NaN is no
   * change, nor is −0 for 0). Values stay in typed arrays: a double returned from or passed to a call
   * V8 does not inline is boxed, which would allocate every cycle.
   */
  private transformAt(s: number, a: Float64Array, i: number): boolean {
    const x = a[i]!;
    let y = x;
    switch (this.kind[s]) {
      case KIND_CODE.freeze:
      case KIND_CODE.drop:
        y = this.held[s]!;
        break;
      case KIND_CODE.offset:
        y = x + this.value[s]!;
        break;
      case KIND_CODE.scale:
        y = x * this.value[s]!;
        break;
      case KIND_CODE.noise:
        y = x + this.value[s]! * this.rng.gaussian();
        break;
      case KIND_CODE.spike:
        if (this.pending[s] === 1) {
          this.pending[s] = 0;
          y = x + this.value[s]!;
        }
        break;
      case KIND_CODE.nan:
        y = Number.NaN;
        break;
      case KIND_CODE.inf:
        y = this.value[s]! < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
        break;
      case KIND_CODE.invert:
        y = -x;
        break;
      case KIND_CODE.drift:
        y = x + (this.value[s]! * (this.clock[0]! - this.since[s]!)) / this.rateHz;
        break;
      case KIND_CODE.reorder:
        if (this.phase[s] === 1) {
          this.phase[s] = 0;
        } else {
          this.phase[s] = 1;
          y = this.held[s]!;
          this.held[s] = x;
        }
        break;
      case KIND_CODE.delay: {
        const base = s * FAULT_MAX_DELAY_CYCLES;
        const d = this.delay[s]!;
        const pos = this.ringPos[s]!;
        this.ring[base + pos] = x;
        y = this.ring[base + ((pos - d + FAULT_MAX_DELAY_CYCLES) % FAULT_MAX_DELAY_CYCLES)]!;
        this.ringPos[s] = (pos + 1) % FAULT_MAX_DELAY_CYCLES;
        break;
      }
    }
    a[i] = y;
    return x !== y && (x === x || y === y);
  }

  /** Recompute the drives' fault inputs from every active actuator fault (out of cycle). */
  private applyActuatorFaults(): void {
    const d = this.drives;
    d.faultGain.fill(1);
    d.faultExtraTorque.fill(0);
    d.faultInvert.fill(0);
    d.faultOffsetTorque.fill(0);
    d.faultBrakeStuck.fill(0);
    d.faultBrakeFailed.fill(0);
    d.faultEffects.fill(0);
    for (let s = 0; s < FAULT_SLOTS; s++) {
      if (this.active[s] === 0 || this.target[s] !== 2) continue;
      const j = this.index[s]!;
      switch (this.kind[s]) {
        case KIND_CODE.weakness:
          d.faultGain[j] = d.faultGain[j]! * this.value[s]!;
          break;
        case KIND_CODE.runaway:
          d.faultExtraTorque[j] = d.faultExtraTorque[j]! + this.value[s]!;
          break;
        case KIND_CODE.offset:
          d.faultOffsetTorque[j] = d.faultOffsetTorque[j]! + this.value[s]!;
          break;
        case KIND_CODE.inversion:
          d.faultInvert[j] = 1;
          break;
        case KIND_CODE.stuck:
          d.faultBrakeStuck[j] = 1;
          break;
        case KIND_CODE.brake_failure:
          d.faultBrakeFailed[j] = 1;
          break;
      }
    }
  }
}
