import type { PluginHardwareSpec } from '../../control/index.js';
import { KindredError, show, type ErrorCode } from '../../errors/index.js';
import type { sensor_msgs } from '../../msgs/index.js';
import { nsFromMs, nsFromS, WallClock, type Clock, type Timer } from '../../time/index.js';
import type { RosHardwarePluginConfig } from './plugin.js';
import { JOINT_INTERFACES, validateRosHardwareOptions, type JointInterface, type RosHardwareOptions, type RosHardwareSettings } from './rosHardwareConfig.js';
import { allocateHardwareBuffer, epochMs, hardwareBufferViews, HW_CTRL, JOINT_FIELD, JOINT_STRIDE } from './rosHardwareLayout.js';
import { RosStateWriter } from './RosStateWriter.js';

/**
 * The latest command vector the worker published: what left the SafetyGate in the last write, or the
 * stop command written on a deactivate. Values in SI joint units (rad, rad/s, N·m; m, m/s, N).
 */
export interface RosHardwareCommands {
  /** Command vectors the worker has written so far (0: none yet); increases with every write and stop. */
  readonly seq: number;
  /** Loop time of that write, s. */
  readonly timeS: number;
  /**
   * True while the component is active. False after a deactivate (category 0 stop, failed hardware,
   * shutdown): `values` is then the stop command (position: hold at the last measured position;
   * velocity and effort: zero) and no further command follows until the loop re-activates it.
   */
  readonly torqueEnabled: boolean;
  /** Stop commands written so far. */
  readonly stops: number;
  /** Joint names, in the configured order (the order of every array here). */
  readonly joints: readonly string[];
  /** The interface the robot's controller takes (`commandInterface`). */
  readonly interfaceName: JointInterface;
  /** Per joint, the `interfaceName` command. */
  readonly values: Float64Array;
  /** Per joint, every exported command interface (position, velocity, effort as configured). */
  readonly byInterface: Readonly<Partial<Record<JointInterface, Float64Array>>>;
}

/**
 * A sensor_msgs/msg/JointState as received: the generated type, or the same with typed arrays (a
 * CDR decoder's output). Checked at run time: it comes from a peer.
 */
export interface JointStateLike {
  readonly name: readonly string[];
  readonly position: ArrayLike<number>;
  readonly velocity: ArrayLike<number>;
  readonly effort: ArrayLike<number>;
}

/** What one `feedJointState` did. Joints are named by their configured names. */
export interface JointStateFeedResult {
  /** False: the message was malformed and nothing was written (`error` says why). */
  readonly accepted: boolean;
  /** Joints whose state was refreshed. */
  readonly updated: readonly string[];
  /** Configured joints the message does not name (not refreshed; stale after `stateTimeoutMs`). */
  readonly missing: readonly string[];
  /** Joints the message names but without a value for a configured state interface (values written, not refreshed). */
  readonly incomplete: readonly string[];
  /** Names in the message that this link does not drive (ignored). */
  readonly unknown: readonly string[];
  readonly error?: { readonly code: ErrorCode; readonly message: string };
}

/** Per joint, as the main thread sees the feed. */
export interface RosJointFeedStatus {
  readonly name: string;
  /** Times refreshed. */
  readonly updates: number;
  /** Messages that did not name it, and that named it without every configured field. */
  readonly missing: number;
  readonly incomplete: number;
  /** Wall time since its last refresh, ms (undefined: never). */
  readonly ageMs: number | undefined;
}

/** The link's counters, for diagnostics. */
export interface RosHardwareLinkStatus {
  readonly messages: number;
  readonly rejected: number;
  readonly lastRejection?: { readonly code: ErrorCode; readonly message: string };
  readonly joints: readonly RosJointFeedStatus[];
  readonly commands: { readonly seq: number; readonly torqueEnabled: boolean; readonly stops: number };
  /** Cycles whose read failed in the worker, and the joint it found stale last. */
  readonly readErrors: number;
  readonly lastStaleJoint?: string;
}

const FIELD_OF: Record<JointInterface, number> = { position: JOINT_FIELD.POSITION, velocity: JOINT_FIELD.VELOCITY, effort: JOINT_FIELD.EFFORT };

function isNumberArray(x: unknown): x is ArrayLike<number> {
  if (x instanceof Float64Array || x instanceof Float32Array) return true;
  return Array.isArray(x) && x.every((v) => typeof v === 'number');
}

/**
 * The main thread's end of a ROS 2 robot driven by Kindred's control loop. The transport (rclnodejs,
 * a rosbridge client, DDS) is the caller's: it hands the robot's JointStates to `feedJointState` and
 * sends what `readCommands`/`onCommands` give to the robot's ros2_control controller
 * (`forwardCommandMessage`, `jointTrajectoryMessage`). Only values the worker wrote after the
 * SafetyGate come out, so every command the robot receives passed the gate.
 */
export class RosHardwareLink {
  readonly name: string;
  readonly joints: readonly string[];
  readonly commandInterface: JointInterface;
  readonly commandInterfaces: readonly JointInterface[];
  readonly stateInterfaces: readonly JointInterface[];
  readonly stateTimeoutMs: number;
  private readonly index: ReadonlyMap<string, number>;
  private readonly ctrl: Int32Array;
  private readonly shared: Float64Array;
  private readonly out: Float64Array;
  private readonly writer: RosStateWriter;
  private readonly missingCount: Float64Array;
  private readonly incompleteCount: Float64Array;
  private messages = 0;
  private rejected = 0;
  private lastRejection: { code: ErrorCode; message: string } | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    settings: RosHardwareSettings,
    readonly buffer: SharedArrayBuffer,
  ) {
    this.name = settings.name;
    this.joints = settings.joints.map((j) => j.name);
    this.commandInterface = settings.commandInterface;
    this.commandInterfaces = settings.commandInterfaces;
    this.stateInterfaces = settings.stateInterfaces;
    this.stateTimeoutMs = settings.stateTimeoutMs;
    this.index = new Map(this.joints.map((n, i) => [n, i]));
    const views = hardwareBufferViews(buffer);
    this.ctrl = views.ctrl;
    this.shared = views.joints;
    this.out = views.commands;
    this.writer = new RosStateWriter(buffer);
    this.missingCount = new Float64Array(this.joints.length);
    this.incompleteCount = new Float64Array(this.joints.length);
  }

  /**
   * Write a JointState from the robot into the shared buffer, matching joints by NAME (the message's
   * order may differ from ours; names we do not drive are ignored), stamped with the receive time. A
   * joint the message does not name, or names without a value for every configured state interface,
   * is flagged and not refreshed: the worker's read fails once it is `stateTimeoutMs` old. A malformed
   * message is refused (ROS_HW_JOINT_STATE_INVALID in the result) and nothing is written. Never throws.
   */
  feedJointState(msg: JointStateLike | sensor_msgs.JointState): JointStateFeedResult {
    const receivedMs = epochMs();
    this.messages++;
    const problem = this.checkMessage(msg);
    if (problem !== undefined) {
      this.rejected++;
      this.lastRejection = { code: 'ROS_HW_JOINT_STATE_INVALID', message: problem };
      return { accepted: false, updated: [], missing: [], incomplete: [], unknown: [], error: this.lastRejection };
    }
    const at = new Map<string, number>();
    msg.name.forEach((n, i) => at.set(n, i));
    const fields: { readonly k: JointInterface; readonly values: ArrayLike<number> }[] = [];
    for (const k of JOINT_INTERFACES) fields.push({ k, values: k === 'position' ? msg.position : k === 'velocity' ? msg.velocity : msg.effort });
    const updated: string[] = [];
    const missing: string[] = [];
    const incomplete: string[] = [];
    const w = this.writer;
    w.begin();
    this.joints.forEach((name, j) => {
      const i = at.get(name);
      if (i === undefined) {
        missing.push(name);
        this.missingCount[j]!++;
        return;
      }
      let complete = true;
      for (const { k, values } of fields) {
        if (values.length === 0) {
          if (this.stateInterfaces.includes(k)) complete = false;
          continue;
        }
        w.set(j, FIELD_OF[k], values[i]!);
      }
      if (complete) {
        w.refresh(j, receivedMs);
        updated.push(name);
      } else {
        incomplete.push(name);
        this.incompleteCount[j]!++;
      }
    });
    w.end();
    if (this.waiters.length > 0 && this.allReceived()) {
      for (const resolve of this.waiters.splice(0)) resolve();
    }
    return { accepted: true, updated, missing, incomplete, unknown: msg.name.filter((n) => !this.index.has(n)) };
  }

  /** True once every joint has been refreshed at least once. */
  allReceived(): boolean {
    for (let j = 0; j < this.joints.length; j++) if (!(this.shared[j * JOINT_STRIDE + JOINT_FIELD.UPDATES]! > 0)) return false;
    return true;
  }

  /**
   * Resolve once every joint has been received (start the control loop after this: the worker refuses
   * to start without the robot's position, ROS_HW_STATE_MISSING). Rejects with ROS_HW_STATE_TIMEOUT
   * after `timeoutMs` on `clock` (default the wall clock), naming the joints never received.
   */
  waitForState(timeoutMs: number, clock: Clock = new WallClock()): Promise<void> {
    if (this.allReceived()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = clock.setTimer(
        nsFromMs(timeoutMs),
        () => {
          this.waiters = this.waiters.filter((w) => w !== done);
          const never = this.joints.filter((_, j) => !(this.shared[j * JOINT_STRIDE + JOINT_FIELD.UPDATES]! > 0));
          reject(
            new KindredError('ROS_HW_STATE_TIMEOUT', `hardware ${this.name}: no JointState for ${never.join(', ')} within ${timeoutMs} ms (${this.messages} messages received)`, {
              field: `hardware.${this.name}.joints`,
              value: never,
              expected: 'a JointState naming every joint',
              missingIn: Object.fromEntries(never.map((n) => [n, this.missingCount[this.index.get(n)!]!])),
            }),
          );
        },
        { oneShot: true },
      );
      const done = (): void => {
        timer.cancel();
        resolve();
      };
      this.waiters.push(done);
    });
  }

  /** A consistent copy of the latest command vector the worker wrote (see `RosHardwareCommands`). */
  readCommands(): RosHardwareCommands {
    const c = this.ctrl;
    const copy = new Float64Array(this.out.length);
    let seq: number;
    let torque: number;
    let stops: number;
    for (;;) {
      const s1 = Atomics.load(c, HW_CTRL.CMD_SEQ);
      if ((s1 & 1) === 1) continue;
      copy.set(this.out);
      seq = Atomics.load(c, HW_CTRL.CMD_COUNT);
      torque = Atomics.load(c, HW_CTRL.TORQUE);
      stops = Atomics.load(c, HW_CTRL.STOPS);
      if (Atomics.load(c, HW_CTRL.CMD_SEQ) === s1) break;
    }
    const perJoint = this.commandInterfaces.length;
    const byInterface: Partial<Record<JointInterface, Float64Array>> = {};
    this.commandInterfaces.forEach((k, m) => {
      byInterface[k] = Float64Array.from(this.joints, (_, j) => copy[1 + j * perJoint + m]!);
    });
    return {
      seq,
      timeS: copy[0]!,
      torqueEnabled: torque === 1,
      stops,
      joints: this.joints,
      interfaceName: this.commandInterface,
      values: byInterface[this.commandInterface]!,
      byInterface,
    };
  }

  /**
   * Call `callback` at up to `rateHz` with each new command vector (by `seq`; the first tick delivers
   * the latest one if any). A stop is delivered once, like any write; nothing follows it until the
   * loop re-activates the component. Returns the timer; `cancel()` it to stop.
   */
  onCommands(callback: (commands: RosHardwareCommands) => void, rateHz: number, options: { readonly clock?: Clock } = {}): Timer {
    if (!(typeof rateHz === 'number' && rateHz > 0 && rateHz <= 10_000)) {
      throw new KindredError('ROS_HW_CONFIG_INVALID', `hardware ${this.name}: command rate ${show(rateHz)} Hz; expected a number in (0, 10000]`, {
        field: 'rateHz',
        value: rateHz,
        expected: '0 < rateHz ≤ 10000',
      });
    }
    const clock = options.clock ?? new WallClock();
    let delivered = 0;
    return clock.setTimer(nsFromS(1 / rateHz), () => {
      if (Atomics.load(this.ctrl, HW_CTRL.CMD_COUNT) === delivered) return;
      const commands = this.readCommands();
      delivered = commands.seq;
      callback(commands);
    });
  }

  /** Counters of the feed (per joint) and of the commands, for diagnostics and logs. */
  status(): RosHardwareLinkStatus {
    const now = epochMs();
    const c = this.readCommands();
    const stale = Atomics.load(this.ctrl, HW_CTRL.STALE_JOINT);
    return {
      messages: this.messages,
      rejected: this.rejected,
      ...(this.lastRejection === undefined ? {} : { lastRejection: this.lastRejection }),
      joints: this.joints.map((name, j) => {
        const updates = this.shared[j * JOINT_STRIDE + JOINT_FIELD.UPDATES]!;
        return {
          name,
          updates,
          missing: this.missingCount[j]!,
          incomplete: this.incompleteCount[j]!,
          ageMs: updates > 0 ? now - this.shared[j * JOINT_STRIDE + JOINT_FIELD.RECEIVED_MS]! : undefined,
        };
      }),
      commands: { seq: c.seq, torqueEnabled: c.torqueEnabled, stops: c.stops },
      readErrors: Atomics.load(this.ctrl, HW_CTRL.READ_ERRORS),
      ...(stale >= 0 && stale < this.joints.length ? { lastStaleJoint: this.joints[stale]! } : {}),
    };
  }

  /** Why a message cannot be used, or undefined. */
  private checkMessage(msg: unknown): string | undefined {
    if (typeof msg !== 'object' || msg === null) return `JointState is ${show(msg)}; expected a sensor_msgs/msg/JointState`;
    const m = msg as Record<string, unknown>;
    const names = m['name'];
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return `JointState.name is ${show(names)}; expected a list of joint names`;
    if (new Set(names).size !== names.length) {
      const twice = names.find((n, i) => names.indexOf(n) !== i);
      return `JointState names joint ${show(twice)} twice`;
    }
    for (const field of JOINT_INTERFACES) {
      const values = m[field];
      if (!isNumberArray(values)) return `JointState.${field} is ${show(values)}; expected a list of numbers`;
      if (values.length !== 0 && values.length !== names.length) {
        return `JointState.${field} has ${values.length} values for ${names.length} names; expected ${names.length} or none`;
      }
    }
    return undefined;
  }
}

/** What `prepareRosHardware` returns. */
export interface PreparedRosHardware {
  /** Give to the loop's hardware list: the worker imports `spec.module` and calls `createHardware`. */
  readonly spec: PluginHardwareSpec;
  readonly link: RosHardwareLink;
}

/** `plugin.ts` as a URL the worker can import: the .ts source under tsx in development, the .js in dist. */
export function rosHardwarePluginUrl(): string {
  const self = new URL(import.meta.url);
  return new URL(self.pathname.endsWith('.ts') ? './plugin.ts' : './plugin.js', self).href;
}

/**
 * Validate the options (throws ROS_HW_CONFIG_INVALID with nothing started), allocate the shared
 * buffer, and return the plugin spec for the loop and the main thread's link to the robot.
 */
export function prepareRosHardware(options: RosHardwareOptions): PreparedRosHardware {
  const settings = validateRosHardwareOptions(options);
  const buffer = allocateHardwareBuffer(settings.joints.length, settings.joints.length * settings.commandInterfaces.length);
  const config: RosHardwarePluginConfig = {
    joints: settings.joints.map((j) => ({ ...j, command: [...settings.commandInterfaces] })),
    commandInterface: settings.commandInterface,
    stateInterfaces: [...settings.stateInterfaces],
    stateTimeoutMs: settings.stateTimeoutMs,
    buffer,
  };
  return { spec: { type: 'plugin', name: settings.name, module: rosHardwarePluginUrl(), config }, link: new RosHardwareLink(settings, buffer) };
}
