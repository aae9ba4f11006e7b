import type { CycleStatus, GatedCommands } from '../../../safety/index.js';
import type { HardwareComponent, InterfaceDescription } from '../../control/index.js';
import { KindredError, show } from '../../errors/index.js';
import type { JointInterface, RosHardwareSettings } from './rosHardwareConfig.js';
import { hardwareBufferViews, HW_CTRL, JOINT_FIELD, JOINT_STRIDE } from './rosHardwareLayout.js';

const FIELD_OF: Record<JointInterface, number> = { position: JOINT_FIELD.POSITION, velocity: JOINT_FIELD.VELOCITY, effort: JOINT_FIELD.EFFORT };
/** A torn read of the joint-state block is retried this often in one cycle, then tried again next cycle. */
const READ_ATTEMPTS = 4;

/** What the out-of-cycle `status` command answers. */
export interface RosHardwareSystemStatus {
  readonly active: boolean;
  readonly reads: number;
  readonly readErrors: number;
  /** Joints whose state is older than the timeout (or never received) as of the latest read. */
  readonly staleJoints: readonly string[];
  /** Per joint, loop time since its state last changed generation, s (NaN before the first read). */
  readonly ageS: Readonly<Record<string, number>>;
}

/**
 * A robot driven through ROS 2, as a hardware component in the real-time worker (ros2_control's
 * SystemInterface for a robot whose own ros2_control runs elsewhere). It never touches a socket: the
 * main thread feeds the robot's JointStates into a SharedArrayBuffer and forwards the commands this
 * component writes there (`RosHardwareLink`).
 *
 * - `read` copies the latest joint state out of the buffer and fails ('error') when any joint's state
 *   has not been refreshed for `stateTimeoutMs` of loop time (or never was): the controller manager
 *   then deactivates the component and the supervisor's hardware monitor stops the robot.
 * - `write`, reached only through the SafetyGate, copies the gated commands into the buffer.
 * - `deactivate` (a category 0 stop, a hardware failure, shutdown) writes one stop command — position
 *   interfaces: hold at the last measured position; velocity and effort: zero — with the torque flag
 *   cleared, and no command after it until `activate`.
 *
 * Inside the cycle nothing allocates and nothing throws.
 */
export class RosHardwareSystem implements HardwareComponent {
  private readonly ctrl: Int32Array;
  private readonly shared: Float64Array;
  private readonly out: Float64Array;
  private readonly scratch: Float64Array;
  private readonly nJoints: number;
  private readonly nState: number;
  private readonly nCmd: number;
  /** Per state interface k of a joint: which JOINT_FIELD it copies. */
  private readonly stateField: Int32Array;
  /** Per command interface: its joint, and whether it is a position command. */
  private readonly cmdJoint: Int32Array;
  private readonly cmdIsPosition: Uint8Array;
  /** Per joint: refresh count last seen, and the loop time it was first seen. */
  private readonly seen: Float64Array;
  private readonly seenAtS: Float64Array;
  private readonly timeoutS: number;
  private state: Float64Array = new Float64Array(0);
  private active = false;
  private started = false;
  private stale = true;
  private lastTimeS = 0;
  private reads = 0;

  constructor(
    readonly name: string,
    private readonly settings: RosHardwareSettings,
    buffer: SharedArrayBuffer,
  ) {
    const views = hardwareBufferViews(buffer);
    this.ctrl = views.ctrl;
    this.shared = views.joints;
    this.out = views.commands;
    this.nJoints = settings.joints.length;
    this.nState = settings.stateInterfaces.length;
    this.nCmd = this.nJoints * settings.commandInterfaces.length;
    this.scratch = new Float64Array(this.shared.length);
    this.stateField = Int32Array.from(settings.stateInterfaces, (k) => FIELD_OF[k]);
    const perJoint = settings.commandInterfaces.length;
    this.cmdJoint = Int32Array.from({ length: this.nCmd }, (_, c) => Math.floor(c / perJoint));
    this.cmdIsPosition = Uint8Array.from({ length: this.nCmd }, (_, c) => (settings.commandInterfaces[c % perJoint] === 'position' ? 1 : 0));
    this.seen = new Float64Array(this.nJoints);
    this.seenAtS = new Float64Array(this.nJoints);
    this.timeoutS = settings.stateTimeoutMs / 1000;
  }

  stateInterfaces(): readonly InterfaceDescription[] {
    return this.settings.joints.flatMap((j) => this.settings.stateInterfaces.map((k) => ({ prefix: j.name, interfaceName: k })));
  }

  commandInterfaces(): readonly InterfaceDescription[] {
    return this.settings.joints.flatMap((j) =>
      this.settings.commandInterfaces.map((k): InterfaceDescription => {
        const bound = k === 'velocity' ? j.velocityLimit : k === 'effort' ? j.effortLimit : undefined;
        const min = k === 'position' ? j.min : bound === undefined ? undefined : -bound;
        const max = k === 'position' ? j.max : bound;
        return { prefix: j.name, interfaceName: k, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
      }),
    );
  }

  /**
   * Take the robot's present state as the starting point (the controllers' holds start from it).
   * Throws ROS_HW_STATE_MISSING when some joint has never been received: without the robot's
   * position Kindred could only command a guessed one.
   */
  configure(state: Float64Array): void {
    this.state = state;
    let consistent = false;
    for (let attempt = 0; attempt < 10_000 && !consistent; attempt++) consistent = this.copyShared();
    const missing = this.settings.joints.filter((_, j) => !consistent || !(this.scratch[j * JOINT_STRIDE + JOINT_FIELD.UPDATES]! > 0)).map((j) => j.name);
    if (missing.length > 0) {
      throw new KindredError(
        'ROS_HW_STATE_MISSING',
        `hardware ${this.name}: no sensor_msgs/msg/JointState has arrived for ${missing.join(', ')}; feed the robot's joint states and start the loop after link.waitForState()`,
        { field: `hardware.${this.name}.joints`, value: missing, expected: 'a JointState naming every joint before the loop starts' },
      );
    }
    this.commit(0);
    this.started = false;
  }

  activate(): void {
    this.active = true;
    const c = this.ctrl;
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
    Atomics.store(c, HW_CTRL.TORQUE, 1);
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
  }

  /** Write the stop command once (hold at the last measured position; zero velocity and effort) and stop producing commands. */
  deactivate(): void {
    if (!this.active) return;
    this.active = false;
    const c = this.ctrl;
    const out = this.out;
    const perJoint = this.nState;
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
    out[0] = this.lastTimeS;
    for (let k = 0; k < this.nCmd; k++) {
      // Position is always the first state interface of a joint.
      out[1 + k] = this.cmdIsPosition[k] === 1 ? this.state[this.cmdJoint[k]! * perJoint]! : 0;
    }
    Atomics.store(c, HW_CTRL.TORQUE, 0);
    Atomics.add(c, HW_CTRL.STOPS, 1);
    Atomics.add(c, HW_CTRL.CMD_COUNT, 1);
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
  }

  read(timeS: number): CycleStatus {
    this.reads++;
    this.lastTimeS = timeS;
    let consistent = false;
    for (let attempt = 0; attempt < READ_ATTEMPTS && !consistent; attempt++) consistent = this.copyShared();
    // A torn read (the main thread was writing) keeps the previous state; its age keeps growing.
    if (consistent) this.commit(timeS);
    if (!this.started) {
      this.started = true;
      for (let j = 0; j < this.nJoints; j++) this.seenAtS[j] = timeS;
    }
    let staleJoint = -1;
    for (let j = 0; j < this.nJoints; j++) {
      if (!(this.seen[j]! > 0) || timeS - this.seenAtS[j]! > this.timeoutS) {
        staleJoint = j;
        break;
      }
    }
    this.stale = staleJoint >= 0;
    if (!this.stale) return 'ok';
    Atomics.add(this.ctrl, HW_CTRL.READ_ERRORS, 1);
    Atomics.store(this.ctrl, HW_CTRL.STALE_JOINT, staleJoint);
    return 'error';
  }

  write(timeS: number, _periodS: number, commands: GatedCommands): CycleStatus {
    // A cycle whose read failed publishes nothing: the manager deactivates us right after this write.
    if (!this.active || this.stale) return 'ok';
    const c = this.ctrl;
    const out = this.out;
    const v = commands.values;
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
    out[0] = timeS;
    for (let k = 0; k < this.nCmd; k++) out[1 + k] = v[k]!;
    Atomics.add(c, HW_CTRL.CMD_COUNT, 1);
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
    return 'ok';
  }

  /** `{ op: 'status' }`: reads, read errors, stale joints and each joint's age (loop time). */
  command(payload: { readonly op: string } & Readonly<Record<string, unknown>>): RosHardwareSystemStatus {
    if (payload.op !== 'status') {
      throw new KindredError('HW_COMMAND_UNSUPPORTED', `hardware ${this.name} (ROS 2 robot) takes the command status; asked: ${show(payload.op)}`, {
        field: 'op',
        value: payload.op,
        expected: 'status',
      });
    }
    const ageS: Record<string, number> = {};
    const staleJoints: string[] = [];
    this.settings.joints.forEach((j, i) => {
      const age = this.started ? this.lastTimeS - this.seenAtS[i]! : Number.NaN;
      ageS[j.name] = age;
      if (!(this.seen[i]! > 0) || age > this.timeoutS) staleJoints.push(j.name);
    });
    return { active: this.active, reads: this.reads, readErrors: Atomics.load(this.ctrl, HW_CTRL.READ_ERRORS), staleJoints, ageS };
  }

  /** Leave the shared buffer as a fresh component would find it (the main thread's dry run activates one). */
  dispose(): void {
    if (!this.active) return;
    this.active = false;
    const c = this.ctrl;
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
    Atomics.store(c, HW_CTRL.TORQUE, 0);
    Atomics.add(c, HW_CTRL.CMD_SEQ, 1);
  }

  /** Copy the joint-state block into `scratch` under its seqlock; false when torn. */
  private copyShared(): boolean {
    const c = this.ctrl;
    const s1 = Atomics.load(c, HW_CTRL.STATE_SEQ);
    if ((s1 & 1) === 1) return false;
    const src = this.shared;
    const dst = this.scratch;
    for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
    return Atomics.load(c, HW_CTRL.STATE_SEQ) === s1;
  }

  /** Move `scratch` into the state slice and note, per joint, a refresh first seen at `timeS`. */
  private commit(timeS: number): void {
    const src = this.scratch;
    const state = this.state;
    const nS = this.nState;
    for (let j = 0; j < this.nJoints; j++) {
      const base = j * JOINT_STRIDE;
      const updates = src[base + JOINT_FIELD.UPDATES]!;
      if (updates !== this.seen[j]) {
        this.seen[j] = updates;
        this.seenAtS[j] = timeS;
      }
      for (let k = 0; k < nS; k++) state[j * nS + k] = src[base + this.stateField[k]!]!;
    }
  }
}
