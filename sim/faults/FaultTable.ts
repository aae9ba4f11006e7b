import { KindredError, show } from '../../runtime/errors/index.js';
import type { DriveBank } from '../drive/DriveBank.js';
import type { SeededRng } from '../rng.js';

/** Number of faults that can be active at once (preallocated). */
export const FAULT_SLOTS = 32;
/** Longest fault delay, in control cycles (preallocated history per slot). */
export const FAULT_MAX_DELAY_CYCLES = 1024;

export const STATE_FAULT_KINDS = ['freeze', 'offset', 'scale', 'noise', 'spike', 'nan', 'inf', 'drop', 'delay'] as const;
export const COMMAND_FAULT_KINDS = ['drop', 'delay', 'freeze', 'offset', 'scale', 'invert'] as const;
export const ACTUATOR_FAULT_KINDS = ['weakness', 'runaway', 'stuck', 'brake_failure'] as const;

export type StateFaultKind = (typeof STATE_FAULT_KINDS)[number];
export type CommandFaultKind = (typeof COMMAND_FAULT_KINDS)[number];
export type ActuatorFaultKind = (typeof ACTUATOR_FAULT_KINDS)[number];
export type FaultTarget = 'state' | 'command' | 'actuator';

/**
 * One injected fault. `name` is a state or command interface (`knee_left/position`) or, for
 * actuator faults, a joint (`knee_left`). `value` by kind:
 * - offset: added; scale: factor; noise: standard deviation; spike: added on the next sample only;
 *   inf: its sign chooses +∞ or −∞; freeze: the stuck-at value (default: the last value);
 * - delay: milliseconds, served in control cycles (rounded, at least one);
 * - weakness: torque gain in [0, 1]; runaway: extra joint torque (N·m or N) the drive adds.
 */
export interface FaultSpec {
  readonly id: string;
  readonly target: FaultTarget;
  readonly name: string;
  readonly kind: string;
  readonly value?: number;
}

/** An active fault as reported by `list`. */
export interface ActiveFault {
  readonly id: string;
  readonly target: FaultTarget;
  readonly name: string;
  readonly kind: string;
  readonly value?: number;
}

const TARGET_CODE = { state: 0, command: 1, actuator: 2 } as const;
const KIND_CODE: Record<StateFaultKind | CommandFaultKind | ActuatorFaultKind, number> = {
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
};
const NEEDS_VALUE = new Set(['offset', 'scale', 'noise', 'spike', 'delay', 'weakness', 'runaway']);

/**
 * Fault injection into a simulated system: the hooks the fault-injection layer drives. Faults live in
 * preallocated slots and are applied without allocation: state faults to what `read` reports (after
 * the sensor models), command faults to what reaches the drives in `write`, actuator faults in the
 * drives themselves.
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
  private readonly delay = new Int32Array(FAULT_SLOTS);
  private readonly ringPos = new Int32Array(FAULT_SLOTS);
  private readonly ring = new Float64Array(FAULT_SLOTS * FAULT_MAX_DELAY_CYCLES);
  private readonly stateIndex: Map<string, number>;
  private readonly commandIndex: Map<string, number>;
  private readonly jointIndex: Map<string, number>;
  /** Counts of active state and command faults, so the cycle skips the loops when there are none. */
  private stateCount = 0;
  private commandCount = 0;

  constructor(
    stateNames: readonly string[],
    commandNames: readonly string[],
    private readonly drives: DriveBank,
    private readonly rng: SeededRng,
    /** Control cycles per second (delays are served in cycles). */
    private readonly rateHz: number,
  ) {
    this.stateIndex = new Map(stateNames.map((n, i) => [n, i]));
    this.commandIndex = new Map(commandNames.map((n, i) => [n, i]));
    this.jointIndex = new Map(drives.joints.map((j, i) => [j.name, i]));
  }

  /**
   * Inject a fault (out of cycle). `current` holds the present values of the target's interfaces
   * (the state slice or the last commands), used by freeze, drop and delay. Throws a KindredError
   * naming what exists when the target, kind or value is wrong.
   */
  inject(spec: FaultSpec, current: { readonly state: Float64Array; readonly command: Float64Array }): ActiveFault {
    if (this.ids.includes(spec.id)) {
      throw new KindredError('SIM_FAULT_ID_DUPLICATE', `a fault with id ${show(spec.id)} is already active; clear it first or choose another id`, {
        field: 'id',
        value: spec.id,
      });
    }
    const kinds: readonly string[] =
      spec.target === 'state' ? STATE_FAULT_KINDS : spec.target === 'command' ? COMMAND_FAULT_KINDS : ACTUATOR_FAULT_KINDS;
    if (!kinds.includes(spec.kind)) {
      throw new KindredError('SIM_FAULT_KIND_INVALID', `fault kind ${show(spec.kind)} does not apply to a ${spec.target} target; expected one of ${kinds.join(', ')}`, {
        field: 'kind',
        value: spec.kind,
        expected: kinds.join(' | '),
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
    this.delay[slot] = delayCycles;
    this.ringPos[slot] = 0;
    this.ring.fill(present, slot * FAULT_MAX_DELAY_CYCLES, (slot + 1) * FAULT_MAX_DELAY_CYCLES);
    this.active[slot] = 1;
    if (t === 0) this.stateCount++;
    else if (t === 1) this.commandCount++;
    else this.applyActuatorFaults();
    return active;
  }

  /** Remove a fault; the interface or drive behaves normally again from the next cycle. */
  clear(id: string): ActiveFault {
    const slot = this.ids.indexOf(id);
    if (slot < 0) {
      const active = this.ids.filter((x): x is string => x !== undefined);
      throw new KindredError('SIM_FAULT_ID_UNKNOWN', `no active fault has id ${show(id)}; active: ${active.join(', ') || 'none'}`, { field: 'id', value: id });
    }
    const spec = this.specs[slot]!;
    this.ids[slot] = undefined;
    this.specs[slot] = undefined;
    this.active[slot] = 0;
    const t = this.target[slot];
    if (t === 0) this.stateCount--;
    else if (t === 1) this.commandCount--;
    else this.applyActuatorFaults();
    return spec;
  }

  /** Clear every fault. */
  clearAll(): void {
    for (const id of this.ids) if (id !== undefined) this.clear(id);
  }

  list(): ActiveFault[] {
    return this.specs.filter((s): s is ActiveFault => s !== undefined);
  }

  /** Apply state faults to what `read` is about to report (in place). Allocation-free. */
  applyState(out: Float64Array): void {
    if (this.stateCount === 0) return;
    for (let s = 0; s < FAULT_SLOTS; s++) {
      if (this.active[s] === 0 || this.target[s] !== 0) continue;
      const i = this.index[s]!;
      out[i] = this.transform(s, out[i]!);
    }
  }

  /**
   * Apply command faults to the commands about to reach the drives (in place); `delivered[i]` is
   * cleared for commands a fault drops. Allocation-free.
   */
  applyCommand(values: Float64Array, delivered: Uint8Array): void {
    if (this.commandCount === 0) return;
    for (let s = 0; s < FAULT_SLOTS; s++) {
      if (this.active[s] === 0 || this.target[s] !== 1) continue;
      const i = this.index[s]!;
      if (this.kind[s] === KIND_CODE.drop) delivered[i] = 0;
      else values[i] = this.transform(s, values[i]!);
    }
  }

  private transform(s: number, x: number): number {
    switch (this.kind[s]) {
      case KIND_CODE.freeze:
      case KIND_CODE.drop:
        return this.held[s]!;
      case KIND_CODE.offset:
        return x + this.value[s]!;
      case KIND_CODE.scale:
        return x * this.value[s]!;
      case KIND_CODE.noise:
        return x + this.value[s]! * this.rng.gaussian();
      case KIND_CODE.spike:
        if (this.pending[s] === 0) return x;
        this.pending[s] = 0;
        return x + this.value[s]!;
      case KIND_CODE.nan:
        return Number.NaN;
      case KIND_CODE.inf:
        return this.value[s]! < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      case KIND_CODE.invert:
        return -x;
      case KIND_CODE.delay: {
        const base = s * FAULT_MAX_DELAY_CYCLES;
        const d = this.delay[s]!;
        const pos = this.ringPos[s]!;
        this.ring[base + pos] = x;
        const y = this.ring[base + ((pos - d + FAULT_MAX_DELAY_CYCLES) % FAULT_MAX_DELAY_CYCLES)]!;
        this.ringPos[s] = (pos + 1) % FAULT_MAX_DELAY_CYCLES;
        return y;
      }
      default:
        return x;
    }
  }

  /** Recompute the drives' fault inputs from every active actuator fault. */
  private applyActuatorFaults(): void {
    const d = this.drives;
    d.faultGain.fill(1);
    d.faultExtraTorque.fill(0);
    d.faultBrakeStuck.fill(0);
    d.faultBrakeFailed.fill(0);
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
