import { KindredError, show } from '../errors/index.js';
import { limitsError, SafetyGate, type CycleStatus, type GatedInterface, type LimitTable } from '../../safety/index.js';
import type { Controller } from './Controller.js';
import { JointHoldController, type JointHoldGains } from './controllers/JointHoldController.js';
import type { HardwareComponent } from './HardwareComponent.js';
import { fullName } from './InterfaceDescription.js';

/** Something the manager did on its own inside the loop; reported to the main thread and logged once. */
export type ManagerEvent =
  | { readonly type: 'hardware_failed'; readonly component: string; readonly stage: 'read' | 'write'; readonly deactivated: readonly string[] }
  | { readonly type: 'controller_stopped'; readonly controller: string; readonly status: 'error' | 'deactivate' }
  | { readonly type: 'hold_engaged'; readonly reason: string; readonly controllers: readonly string[] }
  | { readonly type: 'hold_released'; readonly restored: readonly string[] }
  /** A category 0, 1 or 2 stop began; `durationS` is the planned deceleration (0 for category 0). */
  | { readonly type: 'safety_stop'; readonly category: SafetyStopCategory; readonly durationS: number }
  /** Every joint reached standstill: torque removed (category 1) or held (category 2). */
  | { readonly type: 'safety_stop_finished'; readonly category: 1 | 2; readonly torqueOff: boolean }
  | { readonly type: 'safety_released'; readonly torqueRestored: boolean };

/** IEC 60204-1 stop categories: 0 remove torque at once, 1 decelerate then remove torque, 2 decelerate and hold. */
export type SafetyStopCategory = 0 | 1 | 2;

/**
 * Where the manager stands on a safety stop: `none`; `stopping` (a category 1 or 2 deceleration under
 * way); `holding` (a category 2 stop finished, torque on); `torque_off` (category 0, or category 1
 * finished). Only `endStop` leaves it.
 */
export type SafetyStopState = 'none' | 'stopping' | 'holding' | 'torque_off';

export interface ControllerStatus {
  readonly name: string;
  readonly type: string;
  readonly state: 'inactive' | 'active';
  readonly claimed: readonly string[];
}

export interface ControllerManagerOptions {
  readonly holdGains?: JointHoldGains;
  /** Externally owned set-point slots (e.g. fed from the main thread's mailbox); one per command interface. */
  readonly setpoints?: Float64Array;
  /**
   * The composed per-joint limits the SafetyGate enforces (`compileLimits(resolveLimits(spec))`).
   * Absent: only each command interface's own min/max (hardware without a robot description).
   */
  readonly limits?: LimitTable;
  /** The loop's nominal period, s, which the limits' rates are per. Default 0.002 s. */
  readonly periodS?: number;
}

/**
 * Code that runs inside the cycle between the hardware read and the controllers' update: the safety
 * supervisor's monitors, which must see the state just read and may begin a stop before any command
 * is computed, enforced and written. Allocation-free; never throws.
 */
export interface CycleHook {
  afterRead(): void;
}

interface Slot {
  readonly controller: Controller;
  active: boolean;
  stateIndex: Int32Array;
  commandIndex: Int32Array;
}

/**
 * Owns the interface buffers and runs the cycle in ros2_control's order:
 * read → update → enforce (SafetyGate) → write. Claims are exclusive and checked at activation.
 * When a component or controller fails inside the cycle it lowers privileges instead of throwing:
 * controllers that depend on failed hardware are deactivated, and a failed controller's interfaces are
 * handed to a hold fallback.
 */
export class ControllerManager {
  readonly stateNames: readonly string[];
  readonly commandNames: readonly string[];
  /** Latest state, one value per state interface (SI joint units). */
  readonly state: Float64Array;
  /** Commands requested by controllers this cycle, before the gate. */
  readonly requested: Float64Array;
  readonly setpoints: Float64Array;
  readonly gate: SafetyGate;
  readonly events: ManagerEvent[] = [];
  /**
   * Per command interface: 1 while an active controller claims it (else it requests "hold"). Kept
   * current by activate/deactivate; the supervisor's tracking-error monitor judges claimed interfaces only.
   */
  readonly claimed: Uint8Array;

  private readonly stateIndexOf = new Map<string, number>();
  private readonly commandIndexOf = new Map<string, number>();
  /** Command index → owning component index; state likewise. */
  private readonly commandOwner: Int32Array;
  private readonly stateOwner: Int32Array;
  private readonly slots = new Map<string, Slot>();
  private readonly claimedBy: (string | undefined)[];
  private readonly hwEnabled: Uint8Array;
  private readonly hwStatus: CycleStatus[];
  private readonly updateOrder: Slot[] = [];
  private heldFrom: string[] = [];
  private holdSerial = 0;
  private stopCategoryNow: SafetyStopCategory | -1 = -1;
  private torqueOff = false;
  private stopReported = false;
  private hook: CycleHook | undefined;
  private faultInput: Float64Array | undefined;
  private faultIndex = 0;

  constructor(
    private readonly hardware: readonly HardwareComponent[],
    private readonly options: ControllerManagerOptions = {},
  ) {
    const stateNames: string[] = [];
    const commandNames: string[] = [];
    const stateOwner: number[] = [];
    const commandOwner: number[] = [];
    const gated: GatedInterface[] = [];
    const targets: { writer: HardwareComponent; offset: number; length: number }[] = [];
    hardware.forEach((hw, h) => {
      for (const d of hw.stateInterfaces()) {
        const name = fullName(d);
        if (this.stateIndexOf.has(name)) {
          throw new KindredError('HW_INTERFACE_DUPLICATE', `state interface ${name} is exported by two components (second: ${hw.name})`, {
            field: name,
          });
        }
        this.stateIndexOf.set(name, stateNames.length);
        stateNames.push(name);
        stateOwner.push(h);
      }
      const offset = commandNames.length;
      for (const d of hw.commandInterfaces()) {
        const name = fullName(d);
        if (this.commandIndexOf.has(name)) {
          throw new KindredError('HW_INTERFACE_DUPLICATE', `command interface ${name} is exported by two components (second: ${hw.name})`, {
            field: name,
          });
        }
        this.commandIndexOf.set(name, commandNames.length);
        commandNames.push(name);
        commandOwner.push(h);
        gated.push({ name, ...(d.min !== undefined ? { min: d.min } : {}), ...(d.max !== undefined ? { max: d.max } : {}) });
      }
      targets.push({ writer: hw, offset, length: commandNames.length - offset });
    });
    // A position command that cannot be used is replaced by the measured position of the same joint.
    const gatedWithHold = gated.map((g) => {
      const hold = g.name.endsWith('/position') ? this.stateIndexOf.get(g.name) : undefined;
      return hold === undefined ? g : { ...g, holdStateIndex: hold };
    });
    this.stateNames = stateNames;
    this.commandNames = commandNames;
    this.stateOwner = Int32Array.from(stateOwner);
    this.commandOwner = Int32Array.from(commandOwner);
    this.state = new Float64Array(stateNames.length);
    this.requested = new Float64Array(commandNames.length);
    this.setpoints = options.setpoints ?? new Float64Array(commandNames.length);
    this.claimedBy = new Array<string | undefined>(commandNames.length).fill(undefined);
    this.claimed = new Uint8Array(commandNames.length);
    this.gate = new SafetyGate(gatedWithHold, targets, {
      stateNames,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.periodS === undefined ? {} : { periodS: options.periodS }),
    });
    this.hwEnabled = new Uint8Array(hardware.length).fill(1);
    this.hwStatus = new Array<CycleStatus>(hardware.length).fill('ok');

    let offsetState = 0;
    for (const hw of hardware) {
      const n = hw.stateInterfaces().length;
      const slice = this.state.subarray(offsetState, offsetState + n);
      hw.stateInterfaces().forEach((d, i) => (slice[i] = d.initialValue ?? 0));
      hw.configure(slice);
      offsetState += n;
    }
    // Until a controller claims it, a command interface requests "hold": the measured position for
    // position interfaces, zero for everything else.
    this.commandNames.forEach((name, c) => {
      const s = this.stateIndexOf.get(name);
      this.requested[c] = name.endsWith('/position') && s !== undefined ? this.state[s]! : 0;
    });
  }

  activateHardware(): void {
    for (const hw of this.hardware) hw.activate();
  }

  /** Load a controller (inactive), checking that every interface it names exists. */
  load(controller: Controller): void {
    const check = (names: readonly string[], index: Map<string, number>, kind: string): Int32Array =>
      Int32Array.from(names, (n) => {
        const i = index.get(n);
        if (i === undefined) {
          throw new KindredError(
            'HW_INTERFACE_UNKNOWN',
            `controller ${controller.name} (${controller.type}) needs ${kind} interface ${n}, which no hardware exports; available: ${[...index.keys()].join(', ')}`,
            { field: `controllers.${controller.name}`, value: n, expected: `one of the exported ${kind} interfaces` },
          );
        }
        return i;
      });
    const commandIndex = check(controller.commandInterfaces(), this.commandIndexOf, 'command');
    const stateIndex = check(controller.stateInterfaces(), this.stateIndexOf, 'state');
    this.slots.set(controller.name, { controller, active: false, stateIndex, commandIndex });
  }

  activate(name: string): void {
    const slot = this.slotOf(name);
    if (slot.active) return;
    for (let k = 0; k < slot.commandIndex.length; k++) {
      const c = slot.commandIndex[k]!;
      const owner = this.claimedBy[c];
      if (owner !== undefined) {
        throw new KindredError(
          'CONTROLLER_CLAIM_CONFLICT',
          `controller ${name} claims ${this.commandNames[c]}, already claimed by active controller ${owner}`,
          { field: `controllers.${name}`, value: this.commandNames[c], expected: 'a command interface no active controller claims' },
        );
      }
      if (this.hwEnabled[this.commandOwner[c]!] === 0) {
        throw new KindredError('HW_INTERFACE_UNKNOWN', `controller ${name} claims ${this.commandNames[c]}, whose hardware has failed`, {
          field: `controllers.${name}`,
          value: this.commandNames[c],
        });
      }
    }
    this.switchModes(slot.commandIndex, 'start');
    slot.controller.activate({
      state: this.state,
      stateIndex: slot.stateIndex,
      command: this.requested,
      commandIndex: slot.commandIndex,
      setpoints: this.setpoints,
    });
    for (const c of slot.commandIndex) {
      this.claimedBy[c] = name;
      this.claimed[c] = 1;
    }
    slot.active = true;
    this.updateOrder.push(slot);
  }

  deactivate(name: string): void {
    const slot = this.slotOf(name);
    if (!slot.active) return;
    slot.controller.deactivate();
    for (const c of slot.commandIndex) {
      this.claimedBy[c] = undefined;
      this.claimed[c] = 0;
    }
    this.switchModes(slot.commandIndex, 'stop');
    slot.active = false;
    this.updateOrder.splice(this.updateOrder.indexOf(slot), 1);
  }

  /** Tell each hardware component which of its command interfaces a controller starts or stops using. */
  private switchModes(commandIndex: ArrayLike<number>, kind: 'start' | 'stop'): void {
    this.hardware.forEach((hw, h) => {
      if (hw.performCommandModeSwitch === undefined) return;
      const names: string[] = [];
      for (let k = 0; k < commandIndex.length; k++) {
        const c = commandIndex[k]!;
        if (this.commandOwner[c] === h) names.push(this.commandNames[c]!);
      }
      if (names.length > 0) hw.performCommandModeSwitch(kind === 'start' ? names : [], kind === 'stop' ? names : []);
    });
  }

  controllers(): ControllerStatus[] {
    return [...this.slots.values()].map((s) => ({
      name: s.controller.name,
      type: s.controller.type,
      state: s.active ? 'active' : 'inactive',
      claimed: [...s.commandIndex].map((c) => this.commandNames[c] ?? ''),
    }));
  }

  /** Forward an out-of-cycle command to the named hardware component (simulator controls, fault hooks). */
  hardwareCommand(component: string, payload: { readonly op: string } & Readonly<Record<string, unknown>>): unknown {
    const hw = this.hardware.find((h) => h.name === component);
    if (hw === undefined) {
      throw new KindredError('HW_COMPONENT_UNKNOWN', `no hardware component ${show(component)}; available: ${this.hardware.map((h) => h.name).join(', ')}`, {
        field: 'component',
        value: component,
        expected: this.hardware.map((h) => h.name).join(' | '),
      });
    }
    if (hw.command === undefined) {
      throw new KindredError('HW_COMMAND_UNSUPPORTED', `hardware component ${component} takes no out-of-cycle commands (asked: ${show(payload.op)})`, {
        field: 'op',
        value: payload.op,
      });
    }
    return hw.command(payload);
  }

  /**
   * Change a loaded controller's run-time parameters (`Controller.configure`), between cycles, whether
   * it is active or not; returns the values now in force. CONTROLLER_UNKNOWN for no such controller,
   * CONTROLLER_CONFIGURE_UNSUPPORTED for one that takes no run-time parameters; the controller's own
   * refusal (CONTROLLER_PARAM_REFUSED) leaves its running values untouched.
   */
  configureController(name: string, params: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
    const controller = this.slotOf(name).controller;
    if (controller.configure === undefined) {
      throw new KindredError('CONTROLLER_CONFIGURE_UNSUPPORTED', `controller ${name} (${controller.type}) takes no run-time parameters (asked: ${show(params)}); its launch-file parameters apply`, {
        field: `controllers.${name}`,
        value: params,
        expected: 'a controller with run-time parameters (assist_as_needed)',
      });
    }
    return controller.configure(params);
  }

  /** Release every component's resources outside the JS heap; the manager is unusable afterwards. */
  dispose(): void {
    for (const hw of this.hardware) hw.dispose?.();
  }

  hardwareStatus(): { name: string; state: 'active' | 'failed' }[] {
    return this.hardware.map((hw, h) => ({ name: hw.name, state: this.hwEnabled[h] === 1 ? 'active' : 'failed' }));
  }

  /** True while the hold fallback engaged by `holdAll` is in force. */
  get holding(): boolean {
    return this.heldFrom.length > 0 || [...this.slots.values()].some((s) => s.active && s.controller.type === 'joint_hold');
  }

  /**
   * Run `hook.afterRead()` in every cycle between the hardware read and the controllers' update (the
   * safety supervisor: read → monitors → update → enforce (+ stop) → write). One hook; undefined removes it.
   */
  setCycleHook(hook: CycleHook | undefined): void {
    this.hook = hook;
  }

  /**
   * Write, in every cycle before the cycle hook runs, how many hardware components have failed (a read
   * error this cycle, or deactivated by an earlier read/write error) into `inputs[index]` — the safety
   * supervisor's hardware monitor judges it in the same cycle.
   */
  reportHardwareFaults(inputs: Float64Array, index: number): void {
    this.faultInput = inputs;
    this.faultIndex = index;
  }

  /**
   * One control cycle: read → (cycle hook: the supervisor's monitors, which may begin a stop) → update
   * → enforce (SafetyGate, with the stop in force) → write. Returns the number of command interfaces the
   * gate changed. Never throws; failures become `events` and privilege reductions, handled after the write.
   */
  cycle(timeS: number, periodS: number): number {
    let failedHw = -1;
    let failedCount = 0;
    for (let h = 0; h < this.hardware.length; h++) {
      if (this.hwEnabled[h] === 0) {
        // Still read a failed component (its result ignored): what it reports stays visible, and a
        // simulated world keeps moving while its drives have no torque. Nothing is written to it.
        this.hardware[h]!.read(timeS, periodS);
        failedCount++;
        continue;
      }
      if (this.hardware[h]!.read(timeS, periodS) !== 'ok') {
        failedHw = h;
        failedCount++;
      }
    }
    if (this.faultInput !== undefined) this.faultInput[this.faultIndex] = failedCount;
    if (this.hook !== undefined) this.hook.afterRead();
    let failedSlot: Slot | undefined;
    let failedStatus: CycleStatus = 'ok';
    for (let k = 0; k < this.updateOrder.length; k++) {
      const slot = this.updateOrder[k]!;
      const status = slot.controller.update(timeS, periodS);
      if (status !== 'ok') {
        failedSlot = slot;
        failedStatus = status;
      }
    }
    const limited = this.gate.enforce(this.requested, this.state);
    if (!this.torqueOff) {
      this.gate.write(timeS, periodS, this.hwStatus, this.hwEnabled);
      for (let h = 0; h < this.hardware.length; h++) {
        if (this.hwEnabled[h] === 1 && this.hwStatus[h] !== 'ok') this.failHardware(h, 'write');
      }
    }
    if (failedHw >= 0) this.failHardware(failedHw, 'read');
    if (failedSlot !== undefined) this.stopController(failedSlot, failedStatus);
    if (this.stopCategoryNow > 0 && !this.stopReported && this.gate.stopFinished) this.finishStop();
    return limited;
  }

  /**
   * Begin a safety stop (the supervisor's primitive). Category 0 removes torque at once (every enabled
   * component's `deactivate`: safe torque off, brakes on). Categories 1 and 2 decelerate every position
   * and velocity command monotonically to standstill within `stoppingTimeS`, whatever the controllers
   * request (effort commands keep their limits: pair the stop with a hold); at standstill category 1
   * removes torque and category 2 holds. Returns the planned deceleration time, s (0 for category 0, and
   * when torque is already off: a stop never turns torque back on). Throws SAFETY_STOP_INVALID for a
   * category other than 0, 1, 2 or a stopping time that is not a positive finite number of seconds.
   */
  beginStop(category: SafetyStopCategory, stoppingTimeS: number): number {
    if (!(category === 0 || category === 1 || category === 2)) {
      throw limitsError('SAFETY_STOP_INVALID', `safety stop category ${String(category)}; expected 0, 1 or 2 (IEC 60204-1)`, {
        field: 'category',
        value: category,
        expected: '0 | 1 | 2',
      });
    }
    if (category !== 0 && !(stoppingTimeS > 0 && Number.isFinite(stoppingTimeS))) {
      throw limitsError('SAFETY_STOP_INVALID', `safety stop category ${category}: stopping time ${String(stoppingTimeS)} s; expected a finite number of seconds > 0`, {
        field: 'stoppingTimeS',
        value: stoppingTimeS,
        expected: 'a finite number > 0 (s)',
      });
    }
    if (this.torqueOff) return 0;
    if (category === 0) {
      this.stopCategoryNow = 0;
      this.events.push({ type: 'safety_stop', category: 0, durationS: 0 });
      this.removeTorque();
      return 0;
    }
    const durationS = this.gate.beginStop(category, stoppingTimeS, this.state);
    this.stopCategoryNow = category;
    this.stopReported = false;
    this.events.push({ type: 'safety_stop', category, durationS });
    return durationS;
  }

  /**
   * Leave a safety stop (after the supervisor's authorised reset): torque back on where it was removed,
   * and every command restarts at rest from where the joints are, then follows the controllers again
   * within the limits. Does nothing when no stop is in force.
   */
  endStop(): void {
    if (this.stopCategoryNow === -1 && !this.torqueOff) return;
    const restore = this.torqueOff;
    this.gate.endStop();
    if (restore) {
      this.hardware.forEach((hw, h) => {
        if (this.hwEnabled[h] === 1) hw.activate();
      });
      this.gate.reset();
      this.torqueOff = false;
    }
    this.stopCategoryNow = -1;
    this.stopReported = false;
    this.rebaseHolds();
    this.events.push({ type: 'safety_released', torqueRestored: restore });
  }

  /** True once a category 1 or 2 stop has brought every joint to standstill (and, for category 1, removed torque). */
  get stopFinished(): boolean {
    return this.stopCategoryNow > 0 && this.gate.stopFinished;
  }

  /** The category of the stop in force, or -1. */
  get stopCategory(): SafetyStopCategory | -1 {
    return this.stopCategoryNow;
  }

  /** True while torque is removed (category 0, or a finished category 1 stop) until `endStop`. */
  get torqueRemoved(): boolean {
    return this.torqueOff;
  }

  get stopState(): SafetyStopState {
    if (this.torqueOff) return 'torque_off';
    if (this.stopCategoryNow === -1) return 'none';
    return this.gate.stopFinished ? 'holding' : 'stopping';
  }

  /**
   * Reduced-speed mode: multiply every velocity limit by `scale` ∈ (0, 1] (1 = full speed). Commands
   * already faster decelerate to the new limit within their acceleration and jerk limits. Throws
   * SAFETY_VELOCITY_SCALE_INVALID otherwise (use a stop, not a zero scale, to stop).
   */
  setVelocityScale(scale: number): void {
    if (!this.gate.setVelocityScale(scale)) {
      throw limitsError('SAFETY_VELOCITY_SCALE_INVALID', `velocity scale ${String(scale)}; expected a number in (0, 1] (1 = full speed; use a stop category to stop)`, {
        field: 'velocityScale',
        value: scale,
        expected: '0 < scale ≤ 1',
      });
    }
  }

  /** The reduced-speed factor in force. */
  get velocityScale(): number {
    return this.gate.limits.velocityScale;
  }

  private finishStop(): void {
    this.stopReported = true;
    const category = this.stopCategoryNow === 1 ? 1 : 2;
    if (category === 1) this.removeTorque();
    this.events.push({ type: 'safety_stop_finished', category, torqueOff: category === 1 });
  }

  /** Safe torque off: every enabled component deactivated (drives disabled, brakes on); writes stop until `endStop`. */
  private removeTorque(): void {
    this.torqueOff = true;
    this.hardware.forEach((hw, h) => {
      if (this.hwEnabled[h] === 1) hw.deactivate();
    });
  }

  /**
   * Re-anchor every active hold at the joints' present position: a stop's deceleration carries joints
   * past where the hold engaged, and leaving the stop must not pull them back.
   */
  private rebaseHolds(): void {
    for (const slot of this.updateOrder) {
      if (slot.controller.type !== 'joint_hold') continue;
      slot.controller.activate({ state: this.state, stateIndex: slot.stateIndex, command: this.requested, commandIndex: slot.commandIndex, setpoints: this.setpoints });
    }
  }

  /** Replace every active controller by a hold fallback (e.g. when the main thread stalls). */
  holdAll(reason: string): void {
    const active = this.updateOrder.filter((s) => s.controller.type !== 'joint_hold').map((s) => s.controller.name);
    if (active.length === 0) return;
    const commands: string[] = [];
    for (const name of active) {
      const slot = this.slotOf(name);
      commands.push(...[...slot.commandIndex].map((c) => this.commandNames[c]!));
      this.deactivate(name);
    }
    this.startHold(commands);
    this.heldFrom = active;
    this.events.push({ type: 'hold_engaged', reason, controllers: active });
  }

  /** Leave the hold engaged by `holdAll`, re-activating the controllers it replaced. */
  releaseHold(): void {
    const restore = this.heldFrom;
    if (restore.length === 0) return;
    for (const s of [...this.updateOrder]) if (s.controller.type === 'joint_hold') this.deactivate(s.controller.name);
    const restored: string[] = [];
    for (const name of restore) {
      try {
        this.activate(name);
        restored.push(name);
      } catch {
        // Its hardware failed meanwhile; it stays inactive.
      }
    }
    this.heldFrom = [];
    this.events.push({ type: 'hold_released', restored });
  }

  /** Orderly stop: controllers deactivated, one last hold command written, hardware deactivated. */
  shutdown(timeS: number, periodS: number): void {
    const commands = this.updateOrder.flatMap((s) => [...s.commandIndex].map((c) => this.commandNames[c]!));
    for (const s of [...this.updateOrder]) this.deactivate(s.controller.name);
    if (commands.length > 0) this.startHold(commands);
    this.cycle(timeS, periodS);
    for (const s of [...this.updateOrder]) this.deactivate(s.controller.name);
    this.hardware.forEach((hw, h) => {
      if (this.hwEnabled[h] === 1) hw.deactivate();
    });
  }

  private startHold(commands: readonly string[]): void {
    const free = commands.filter((c) => this.hwEnabled[this.commandOwner[this.commandIndexOf.get(c)!]!] === 1);
    if (free.length === 0) return;
    const hold = new JointHoldController(`hold_${++this.holdSerial}`, free, this.options.holdGains);
    this.load(hold);
    this.activate(hold.name);
  }

  private failHardware(h: number, stage: 'read' | 'write'): void {
    if (this.hwEnabled[h] === 0) return;
    this.hwEnabled[h] = 0;
    const deactivated: string[] = [];
    const orphaned: string[] = [];
    for (const slot of [...this.updateOrder]) {
      const usesHw =
        [...slot.commandIndex].some((c) => this.commandOwner[c] === h) || [...slot.stateIndex].some((s) => this.stateOwner[s] === h);
      if (!usesHw) continue;
      for (const c of slot.commandIndex) if (this.commandOwner[c] !== h) orphaned.push(this.commandNames[c]!);
      this.deactivate(slot.controller.name);
      deactivated.push(slot.controller.name);
    }
    this.hardware[h]!.deactivate();
    // Interfaces on healthy hardware that lost their controller are held, never left with a stale command.
    if (orphaned.length > 0) this.startHold(orphaned);
    this.events.push({ type: 'hardware_failed', component: this.hardware[h]!.name, stage, deactivated });
  }

  private stopController(slot: Slot, status: CycleStatus): void {
    const commands = [...slot.commandIndex].map((c) => this.commandNames[c]!);
    this.deactivate(slot.controller.name);
    if (slot.controller.type !== 'joint_hold') this.startHold(commands);
    this.events.push({ type: 'controller_stopped', controller: slot.controller.name, status: status === 'deactivate' ? 'deactivate' : 'error' });
  }

  private slotOf(name: string): Slot {
    const slot = this.slots.get(name);
    if (slot === undefined) {
      throw new KindredError('CONTROLLER_UNKNOWN', `no controller named ${name} is loaded; loaded: ${[...this.slots.keys()].join(', ') || 'none'}`, {
        value: name,
      });
    }
    return slot;
  }
}
