import type { MjData, MjModel } from 'mujoco-js';
import { z } from 'zod';
import type { HardwareComponent, InterfaceDescription } from '../runtime/control/index.js';
import { isKindredError, KindredError, show } from '../runtime/errors/index.js';
import { validateConfig } from '../runtime/params/index.js';
import type { CycleStatus, GatedCommands } from '../safety/index.js';
import { DEFAULT_DRIVE_OPTIONS, DRIVE_MODE, DRIVE_MODE_NAMES, DriveBank, type DriveJoint, type DriveModeName, type DriveOptions, type DriveViews } from './drive/index.js';
import { FaultTable, type FaultReport } from './faults/index.js';
import { resolveForceAnchor } from './frame/forceAnchor.js';
import { SimFrameWriter } from './frame/SimFrameBuffer.js';
import type { HumanModel } from './humans/HumanModel.js';
import { PlanarBaseDrive } from './mjcf/PlanarBaseDrive.js';
import { compileMjcf } from './mujoco/loadMujoco.js';
import type { MujocoModule } from './mujoco/types.js';
import { RNG_STREAM, SeededRng } from './rng.js';
import type { ComposedScene } from './scenes/types.js';
import { resolveSensorModels, SensorBank, type SensorChannel, type SensorKind, type SensorOptions } from './sensors/index.js';

/** What SimSystem needs of a composed scene (tests build small ones by hand). */
export type SimScene = Pick<ComposedScene, 'xml' | 'physicsHz' | 'joints' | 'sensors' | 'humans' | 'forceArrows' | 'baseDrive'> & { readonly id: string };

/** Everything that tunes a simulated system besides its scene. */
export interface SimSystemOptions {
  /** Seeds every random draw (sensor noise, people, fault noise): same seed → same run, bit for bit. */
  readonly seed: number;
  /** Control-loop rate; `write` steps physics physicsHz/rateHz times (accumulated when not whole). */
  readonly rateHz: number;
  readonly sensors?: SensorOptions;
  readonly drive?: { readonly [K in keyof DriveOptions]?: number | undefined };
  /**
   * Per joint, the inertia (kg·m² or kg) the drive's loops are tuned for, overriding MuJoCo's dof_M0.
   * A worn exoskeleton's drives move the wearer's limb through the cuffs, which dof_M0 of the device
   * alone does not include.
   */
  readonly driveInertia?: Readonly<Record<string, number>>;
  /** Per joint, the command interface its drive follows at start (default: the first one ros2_control lists). */
  readonly commandModes?: Readonly<Record<string, DriveModeName>>;
  /** Viewer frame buffer from `createSimFrameBuffer` (shared with the main thread). */
  readonly frameBuffer?: SharedArrayBuffer;
  /** Frames per second of simulation time written to `frameBuffer` (default 60). */
  readonly frameRateHz?: number;
}

/** Cached typed-array views into MuJoCo's memory; re-read whenever WebAssembly memory grows. */
interface Views {
  qpos: Float64Array;
  qvel: Float64Array;
  act: Float64Array;
  ctrl: Float64Array;
  sensordata: Float64Array;
  xpos: Float64Array;
  xquat: Float64Array;
  siteXpos: Float64Array;
  siteXmat: Float64Array;
  frictionloss: Float64Array;
  solimp: Float64Array;
  damping: Float64Array;
  /** All of WebAssembly memory as doubles: `data.time` is read from it (the embind getter allocates). */
  memory: Float64Array;
}

/** Where each state channel's true value comes from. */
const SRC = { qpos: 0, qvel: 1, torque: 2, enabled: 3, brake: 4, sensordata: 5, estop: 6, human: 7 } as const;

/**
 * How a force arrow's vector is obtained: a force/torque sensor (site frame → world), a person's
 * `<name>/force.x|y|z` (world frame when anchored at a body, the anchor site's frame when anchored at
 * a site), a person's scalar `<name>/contact_force` (drawn vertically), a touch sensor (site z axis).
 */
const ARROW = { ftSensor: 0, humanTriple: 1, humanScalar: 2, touch: 3 } as const;

const MJ_OBJ = { body: 1, joint: 3, site: 6, actuator: 19, sensor: 20 } as const;
const MJ_JNT_SLIDE = 2;
const MAX_TIME_SCALE = 100;

/**
 * The simulator as a ros2_control hardware component: MuJoCo physics behind the same state and
 * command interfaces a real robot exports, run by the control loop's read → update → SafetyGate →
 * write cycle (in the real-time worker, loaded through `sim/plugin.ts`).
 *
 * - `read` reports every channel through its sensor model (noise, bias, quantisation, delay, rate),
 *   then applies injected state faults.
 * - A bus fault (`{op:'fault', target:'bus', name, kind:'disconnect'}`) models a lost fieldbus as an
 *   EtherCAT master sees it: `read` returns 'error' (the working counter drops) and leaves the state it
 *   reported last untouched (frozen), `write` delivers nothing to any drive, and neither `activate` nor
 *   `deactivate` reaches the drives. The drives keep acting on their last command until their own
 *   watchdog trips them into safe torque off with the brake on (`watchdogTimeoutS` of simulated time);
 *   physics goes on — in `write` while the component is active, in `read` once it is deactivated
 *   (the manager deactivates it on a read 'error'; the simulated world then advances only as long as
 *   something keeps calling `read`). The e-stop's software torque-off is a deactivation too: it cannot
 *   reach the drives either, so after a bus loss the watchdog is what removes torque. Clearing the fault restores state and delivery; a
 *   drive whose watchdog tripped stays off until `resetDrive` or re-activation. While the bus is down,
 *   `resetDrive`, `commandMode` and `setJoint` (messages to the drives) are refused with
 *   SIM_BUS_DISCONNECTED, and a controller's command-mode switch leaves the drives' modes as they were.
 * - `write` hands the gated commands (after command faults) to the joint drives (`DriveBank`: torque
 *   limits, internal position/velocity loops, watchdog with safe torque off and brake), lets a
 *   wheeled robot's `PlanarBaseDrive` move its base from the wheel speeds, and steps
 *   physics physicsHz/rateHz times — scaled by the time scale, none while paused — calling every
 *   person's `beforeStep`/`afterStep` around each `mj_step`, and writes the viewer frame every few
 *   milliseconds of simulation time.
 * - `command` carries the out-of-cycle controls: play/pause/step/timeScale, developer joint sliders,
 *   drive mode and reset, world reset, people, the simulated e-stop button, faults, state hash.
 *
 * Nothing in `read`/`write` allocates; MuJoCo's array views are cached and re-read only when
 * WebAssembly memory has grown (which detaches them).
 */
export class SimSystem implements HardwareComponent {
  readonly model: MjModel;
  readonly data: MjData;
  readonly drives: DriveBank;
  readonly physicsHz: number;
  /** Set at the first activation: from then on physics runs even while torque is off. */
  private everActive = false;
  /** Seconds of simulated time per control cycle at time scale 1 (used when no period is given). */
  private readonly nominalPeriodS: number;
  private readonly dtS: number;
  private readonly stateDescs: InterfaceDescription[] = [];
  private readonly commandDescs: InterfaceDescription[] = [];
  /** Per state channel: SRC code and index into its source. */
  private readonly srcKind: Int8Array;
  private readonly srcIndex: Int32Array;
  /** Per command interface: its drive and the mode it feeds. */
  private readonly cmdDrive: Int32Array;
  private readonly cmdMode: Int8Array;
  private readonly cmdValues: Float64Array;
  private readonly cmdDelivered: Uint8Array;
  private readonly lastCommand: Float64Array;
  private readonly truth: Float64Array;
  private readonly historyChannels: Int32Array;
  private readonly historyNeedsHumans: boolean;
  private readonly sensors: SensorBank;
  private readonly sensorRng: SeededRng;
  private readonly humanRng: SeededRng;
  private readonly faultRng: SeededRng;
  private readonly faults: FaultTable;
  private readonly humans: readonly HumanModel[];
  /** Wheeled robots: moves the planar base from the wheel speeds before every step. */
  private readonly baseDrive: PlanarBaseDrive | undefined;
  private readonly humanOffset: Int32Array;
  /** Force/torque channels that receive a person's coupling force (`interactionForces`), and the signal channels they take it from. */
  private readonly ftAddTo: Int32Array;
  private readonly ftAddFrom: Int32Array;
  private readonly humanSignals: Float64Array;
  private readonly humanUniform: () => number;
  private readonly jointIndex = new Map<string, number>();
  private readonly frame: SimFrameWriter | undefined;
  private readonly frameEvery: number;
  private readonly arrowKind: Int8Array;
  private readonly arrowSource: Int32Array;
  private readonly arrowPoint: Int32Array;
  private readonly arrowSite: Int32Array;
  private v!: Views;
  private state: Float64Array = new Float64Array(0);
  private active = false;
  private running = true;
  private stepCycles = 0;
  private timeScale = 1;
  private stepAccumulator = 0;
  private stepCount = 0;
  private frameCountdown = 0;
  private estopPressed = 0;
  private divergences = 0;
  /** Index of `data.time` in `Views.memory` (located once by probing), or -1 if it could not be found. */
  private timeIndex = -1;

  constructor(
    readonly name: string,
    private readonly mujoco: MujocoModule,
    readonly scene: SimScene,
    private readonly options: SimSystemOptions,
  ) {
    this.physicsHz = scene.physicsHz;
    this.nominalPeriodS = 1 / options.rateHz;
    this.dtS = 1 / scene.physicsHz;
    this.model = compileMjcf(mujoco, scene.xml, `scene ${scene.id}`);
    this.data = new mujoco.MjData(this.model);
    this.refreshViews();
    this.timeIndex = this.locateTime();
    const m = this.model;
    const opt = m.opt;
    const timestep = opt.timestep;
    opt.delete();
    if (Math.abs(timestep - this.dtS) > 1e-12) {
      throw new KindredError('SIM_SCENE_INVALID', `scene ${scene.id}: MJCF timestep ${timestep} s does not match physicsHz ${scene.physicsHz}`, {
        field: 'physicsHz',
        value: scene.physicsHz,
        expected: `1 / timestep = ${1 / timestep}`,
      });
    }
    const id = (type: number, what: string, n: string): number => {
      const i = mujoco.mj_name2id(m, type, n);
      if (i < 0) {
        throw new KindredError('SIM_SCENE_NAME_MISSING', `scene ${scene.id} names ${what} ${show(n)}, which the compiled MuJoCo model does not have`, {
          field: what,
          value: n,
        });
      }
      return i;
    };

    // Drives, one per scene joint.
    const jntType = m.jnt_type as Int32Array;
    const jntQpos = m.jnt_qposadr as Int32Array;
    const jntDof = m.jnt_dofadr as Int32Array;
    const ctrlRange = m.actuator_ctrlrange as Float64Array;
    const ctrlLimited = m.actuator_ctrllimited as Uint8Array;
    const dofM0 = m.dof_M0 as Float64Array;
    const driveJoints: DriveJoint[] = scene.joints.map((j, i) => {
      const jid = id(MJ_OBJ.joint, 'joint', j.name);
      const aid = id(MJ_OBJ.actuator, 'actuator', j.actuator);
      if (!(Number.isFinite(j.effortLimit) && j.effortLimit > 0) || !(Number.isFinite(j.gear) && j.gear !== 0)) {
        throw new KindredError('SIM_SCENE_INVALID', `scene ${scene.id}: joint ${j.name} has effort limit ${j.effortLimit} and gear ${j.gear}; expected finite, positive values`, {
          field: `joints.${j.name}`,
          value: { effortLimit: j.effortLimit, gear: j.gear },
          expected: 'effortLimit > 0 and gear ≠ 0',
        });
      }
      const wanted = options.commandModes?.[j.name];
      if (wanted !== undefined && !j.commandInterfaces.includes(wanted)) throw modeUnsupported(j.name, wanted, j.commandInterfaces);
      this.jointIndex.set(j.name, i);
      const limited = ctrlLimited[aid] === 1;
      return {
        name: j.name,
        qposAdr: jntQpos[jid]!,
        dofAdr: jntDof[jid]!,
        actuator: aid,
        gear: j.gear,
        ctrlMin: limited ? ctrlRange[2 * aid]! : Number.NEGATIVE_INFINITY,
        ctrlMax: limited ? ctrlRange[2 * aid + 1]! : Number.POSITIVE_INFINITY,
        effortLimit: j.effortLimit,
        inertia: Math.max(dofM0[jntDof[jid]!]!, options.driveInertia?.[j.name] ?? 0),
        modes: j.commandInterfaces,
        initialMode: wanted ?? j.commandInterfaces[0] ?? 'effort',
      };
    });
    for (const o of Object.keys(options.commandModes ?? {})) if (!this.jointIndex.has(o)) throw this.unknownJoint(o);
    this.drives = new DriveBank(driveJoints, { ...DEFAULT_DRIVE_OPTIONS, ...definedDrive(options.drive) });

    // State channels: joints, sensors, e-stop, people.
    const channels: SensorChannel[] = [];
    const kinds: number[] = [];
    const indices: number[] = [];
    const add = (prefix: string, interfaceName: string, kind: SensorKind, src: number, index: number, initialValue?: number): void => {
      this.stateDescs.push({ prefix, interfaceName, ...(initialValue !== undefined ? { initialValue } : {}) });
      channels.push({ name: `${prefix}/${interfaceName}`, kind });
      kinds.push(src);
      indices.push(index);
    };
    const qpos0 = m.qpos0 as Float64Array;
    scene.joints.forEach((j, i) => {
      const dj = driveJoints[i]!;
      const slide = jntType[id(MJ_OBJ.joint, 'joint', j.name)] === MJ_JNT_SLIDE;
      add(j.name, 'position', slide ? 'linear_encoder' : 'encoder', SRC.qpos, dj.qposAdr, qpos0[dj.qposAdr]!);
      // The drive's own (motor-side) encoder, read through the gear: a second, independent reading of
      // the joint, which lets the supervisor compare redundant encoders.
      add(j.name, 'motor_position', slide ? 'linear_encoder' : 'encoder', SRC.qpos, dj.qposAdr, qpos0[dj.qposAdr]!);
      add(j.name, 'velocity', 'velocity', SRC.qvel, dj.dofAdr, 0);
      add(j.name, 'effort', 'effort', SRC.torque, i, 0);
      add(j.name, 'drive_enabled', 'signal', SRC.enabled, i, 0);
      add(j.name, 'brake_engaged', 'signal', SRC.brake, i, 1);
    });
    const sensorAdr = m.sensor_adr as Int32Array;
    const sensorDim = m.sensor_dim as Int32Array;
    const mjSensor = (s: (typeof scene.sensors)[number], k: number, dim: number): number => {
      const n = s.mjSensors[k];
      if (n === undefined) {
        throw new KindredError('SIM_SCENE_INVALID', `scene ${scene.id}: sensor ${s.name} (${s.kind}) lists ${s.mjSensors.length} MuJoCo sensors; expected more`, {
          field: `sensors.${s.name}.mjSensors`,
          value: s.mjSensors,
        });
      }
      const sid = id(MJ_OBJ.sensor, 'sensor', n);
      if (sensorDim[sid] !== dim) {
        throw new KindredError('SIM_SCENE_INVALID', `scene ${scene.id}: MuJoCo sensor ${n} of ${s.name} has ${sensorDim[sid]} values; expected ${dim}`, {
          field: `sensors.${s.name}.mjSensors[${k}]`,
          value: n,
          expected: `a sensor with ${dim} values`,
        });
      }
      return sensorAdr[sid]!;
    };
    for (const s of scene.sensors) {
      if (s.kind === 'force_torque') {
        const f = mjSensor(s, 0, 3);
        const t = mjSensor(s, 1, 3);
        ['x', 'y', 'z'].forEach((a, k) => add(s.name, `force.${a}`, 'force', SRC.sensordata, f + k));
        ['x', 'y', 'z'].forEach((a, k) => add(s.name, `torque.${a}`, 'torque', SRC.sensordata, t + k));
      } else if (s.kind === 'imu') {
        const acc = mjSensor(s, 0, 3);
        const gyro = mjSensor(s, 1, 3);
        const quat = mjSensor(s, 2, 4);
        ['w', 'x', 'y', 'z'].forEach((a, k) => add(s.name, `orientation.${a}`, 'orientation', SRC.sensordata, quat + k));
        ['x', 'y', 'z'].forEach((a, k) => add(s.name, `angular_velocity.${a}`, 'gyro', SRC.sensordata, gyro + k));
        ['x', 'y', 'z'].forEach((a, k) => add(s.name, `linear_acceleration.${a}`, 'accelerometer', SRC.sensordata, acc + k));
      } else {
        add(s.name, 'contact_force', 'contact', SRC.sensordata, mjSensor(s, 0, 1));
      }
    }
    add('estop', 'pressed', 'signal', SRC.estop, 0, 0);

    this.baseDrive = scene.baseDrive === undefined ? undefined : new PlanarBaseDrive(scene.baseDrive);
    this.baseDrive?.bind(mujoco, m);

    // People: bound to the compiled model with their own random stream; their signals become channels.
    this.humans = scene.humans;
    this.sensorRng = new SeededRng(options.seed, RNG_STREAM.sensors);
    this.humanRng = new SeededRng(options.seed, RNG_STREAM.humans);
    this.faultRng = new SeededRng(options.seed, RNG_STREAM.faults);
    this.humanUniform = () => this.humanRng.uniform();
    const offsets: number[] = [];
    let nSignals = 0;
    const humanChannelStart = channels.length;
    for (const h of this.humans) {
      offsets.push(nSignals);
      for (const sig of h.signals()) {
        const slash = sig.name.lastIndexOf('/');
        const fullNames = new Set(channels.map((c) => c.name));
        if (slash <= 0 || slash === sig.name.length - 1 || fullNames.has(sig.name)) {
          throw new KindredError(
            'SIM_HUMAN_SIGNAL_INVALID',
            `person model ${h.prefix} reports signal ${show(sig.name)}, which is ${slash <= 0 || slash === sig.name.length - 1 ? 'not of the form <prefix>/<quantity>' : 'already a state interface'}`,
            { field: `humans.${h.prefix}.signals`, value: sig.name, expected: 'a unique <prefix>/<quantity> name' },
          );
        }
        add(sig.name.slice(0, slash), sig.name.slice(slash + 1), 'signal', SRC.human, nSignals++);
      }
    }
    // Couplings that MuJoCo's force sensors cannot see (actuator forces act as joint torques): the
    // person's force on the robot is added to the force/torque sensor at that site.
    const ftAdd: number[] = [];
    const ftFrom: number[] = [];
    for (const h of this.humans) {
      for (const f of h.interactionForces?.() ?? []) {
        const sensor = scene.sensors.find((s) => s.kind === 'force_torque' && s.site === f.site);
        if (sensor === undefined) continue;
        for (const a of ['x', 'y', 'z']) {
          const to = channels.findIndex((c) => c.name === `${sensor.name}/force.${a}`);
          const from = channels.findIndex((c) => c.name === `${f.signal}/force.${a}`);
          if (to < 0 || from < 0) {
            throw new KindredError('SIM_HUMAN_SIGNAL_INVALID', `person model ${h.prefix} couples ${f.signal} to sensor ${sensor.name}, but ${to < 0 ? `${sensor.name}/force.${a}` : `${f.signal}/force.${a}`} is not a channel`, {
              field: `humans.${h.prefix}.interactionForces`,
              value: f.signal,
              expected: 'a force signal of the person and a force/torque sensor of the robot',
            });
          }
          ftAdd.push(to);
          ftFrom.push(from);
        }
      }
    }
    this.ftAddTo = Int32Array.from(ftAdd);
    this.ftAddFrom = Int32Array.from(ftFrom);
    this.humanOffset = Int32Array.from(offsets);
    this.humanSignals = new Float64Array(nSignals);
    this.srcKind = Int8Array.from(kinds);
    this.srcIndex = Int32Array.from(indices);
    this.truth = new Float64Array(channels.length);

    const models = resolveSensorModels(channels, options.sensors);
    this.sensors = new SensorBank(models, scene.physicsHz, this.sensorRng, channels.map((c) => c.name));
    this.historyChannels = this.sensors.historyChannelList();
    this.historyNeedsHumans = [...this.historyChannels].some((c) => c >= humanChannelStart || ftAdd.includes(c));

    // Command interfaces, in each joint's ros2_control order.
    const cmdDrive: number[] = [];
    const cmdMode: number[] = [];
    scene.joints.forEach((j, i) => {
      for (const ci of j.commandInterfaces) {
        const range =
          ci === 'position'
            ? Number.isFinite(j.lower) && Number.isFinite(j.upper) && j.lower < j.upper
              ? { min: j.lower, max: j.upper }
              : {}
            : ci === 'velocity'
              ? Number.isFinite(j.velocityLimit) && j.velocityLimit > 0
                ? { min: -j.velocityLimit, max: j.velocityLimit }
                : {}
              : { min: -j.effortLimit, max: j.effortLimit };
        this.commandDescs.push({ prefix: j.name, interfaceName: ci, ...range });
        cmdDrive.push(i);
        cmdMode.push(DRIVE_MODE[ci]);
      }
    });
    this.cmdDrive = Int32Array.from(cmdDrive);
    this.cmdMode = Int8Array.from(cmdMode);
    this.cmdValues = new Float64Array(cmdDrive.length);
    this.cmdDelivered = new Uint8Array(cmdDrive.length);
    this.lastCommand = new Float64Array(cmdDrive.length);
    this.faults = new FaultTable(
      channels.map((c) => c.name),
      this.commandDescs.map((d) => `${d.prefix}/${d.interfaceName}`),
      this.drives,
      this.faultRng,
      options.rateHz,
      name,
    );

    // Viewer frame and force arrows.
    const arrowKind: number[] = [];
    const arrowSource: number[] = [];
    const arrowPoint: number[] = [];
    const arrowSite: number[] = [];
    const signalIndex = new Map(channels.slice(humanChannelStart).map((c, k) => [c.name, k]));
    for (const a of scene.forceArrows) {
      const anchor = resolveForceAnchor(mujoco, m, a, scene.id);
      const sensor = scene.sensors.find((s) => s.name === a.name);
      // A person's force triple: `<name>/force.x|y|z`, or the arrow named `<prefix>/force` itself.
      const triple = a.name.endsWith('/force') ? a.name : `${a.name}/force`;
      if (sensor?.kind === 'force_torque') {
        arrowKind.push(ARROW.ftSensor);
        arrowSource.push(mjSensor(sensor, 0, 3));
        arrowSite.push(id(MJ_OBJ.site, 'site', sensor.site));
      } else if (sensor?.kind === 'touch') {
        arrowKind.push(ARROW.touch);
        arrowSource.push(mjSensor(sensor, 0, 1));
        arrowSite.push(id(MJ_OBJ.site, 'site', sensor.site));
      } else if (signalIndex.has(`${triple}.x`) && signalIndex.has(`${triple}.y`) && signalIndex.has(`${triple}.z`)) {
        const x = signalIndex.get(`${triple}.x`)!;
        if (signalIndex.get(`${triple}.y`) !== x + 1 || signalIndex.get(`${triple}.z`) !== x + 2) {
          throw new KindredError('SIM_FORCE_ARROW_UNKNOWN', `force arrow ${a.name}: signals ${triple}.x, .y, .z must be reported in that order, one after another`, {
            field: `forceArrows.${a.name}`,
          });
        }
        arrowKind.push(ARROW.humanTriple);
        arrowSource.push(x);
        arrowSite.push(anchor.site);
      } else if (signalIndex.has(`${a.name}/contact_force`)) {
        arrowKind.push(ARROW.humanScalar);
        arrowSource.push(signalIndex.get(`${a.name}/contact_force`)!);
        arrowSite.push(anchor.site);
      } else {
        throw new KindredError(
          'SIM_FORCE_ARROW_UNKNOWN',
          `force arrow ${a.name} is neither a force/torque or touch sensor nor a person's <name>/force.x|y|z or <name>/contact_force signal`,
          { field: `forceArrows.${a.name}`, value: a.name, expected: `one of ${[...scene.sensors.map((s) => s.name), ...signalIndex.keys()].join(', ')}` },
        );
      }
      arrowPoint.push(anchor.body);
    }
    this.arrowKind = Int8Array.from(arrowKind);
    this.arrowSource = Int32Array.from(arrowSource);
    this.arrowPoint = Int32Array.from(arrowPoint);
    this.arrowSite = Int32Array.from(arrowSite);
    this.frame =
      options.frameBuffer === undefined
        ? undefined
        : new SimFrameWriter(options.frameBuffer, { nbody: m.nbody, njoint: scene.joints.length, nforce: scene.forceArrows.length });
    this.frameEvery = Math.max(1, Math.round(scene.physicsHz / (options.frameRateHz ?? 60)));

    this.initialiseWorld(true);
  }

  stateInterfaces(): readonly InterfaceDescription[] {
    return this.stateDescs;
  }

  commandInterfaces(): readonly InterfaceDescription[] {
    return this.commandDescs;
  }

  /** Names of the state interfaces, in order (`knee_left/position`, …). */
  get stateNames(): readonly string[] {
    return this.stateDescs.map((d) => `${d.prefix}/${d.interfaceName}`);
  }

  configure(state: Float64Array): void {
    this.state = state;
    this.gather();
    this.sensors.reset(this.truth);
    this.sensors.sample(this.truth, this.stepCount, this.state);
  }

  /**
   * Enables every drive (brakes released, watchdogs fed); this is also how drives are re-enabled in
   * bulk. With the bus disconnected the enable does not reach the drives (they stay as they are).
   */
  activate(): void {
    this.checkViews();
    if (!this.faults.busDisconnected) this.drives.enableAll();
    this.active = true;
    this.everActive = true;
  }

  /**
   * Safe torque off and brakes on for every drive. With the bus disconnected the request does not reach
   * the drives: each goes on with its last command until its own watchdog trips it (torque off, brake on).
   */
  deactivate(): void {
    this.checkViews();
    if (!this.faults.busDisconnected) this.drives.disableAll();
    this.active = false;
  }

  read(_timeS: number, periodS: number): CycleStatus {
    this.checkViews();
    const faults = this.faults;
    faults.beginCycle();
    // Torque removed (a category 0/1 stop: the manager stops writing): the world goes on — the
    // patient's legs, the person, gravity against the brakes — so physics steps here instead.
    if (!this.active && this.everActive) {
      const steps = this.stepsFor(periodS);
      for (let s = 0; s < steps; s++) this.physicsStep();
      faults.collectActuator();
    }
    if (faults.busDisconnected) {
      // No process data came back: the state keeps its last values, and the master reports the loss.
      faults.markBus();
      return 'error';
    }
    this.gather();
    this.sensors.sample(this.truth, this.stepCount, this.state);
    faults.applyState(this.state);
    return 'ok';
  }

  write(_timeS: number, periodS: number, commands: GatedCommands): CycleStatus {
    if (!this.active) return 'ok';
    this.checkViews();
    this.deliver(commands);
    const steps = this.stepsFor(periodS);
    // data.time read in place (a double returned by a call V8 does not inline would be boxed).
    const ti = this.timeIndex;
    const before = ti >= 0 ? this.v.memory[ti]! : this.data.time;
    for (let s = 0; s < steps; s++) this.physicsStep();
    this.faults.collectActuator();
    if (steps > 0 && !((ti >= 0 ? this.v.memory[ti]! : this.data.time) > before)) {
      // MuJoCo resets the data when the simulation becomes unstable: report it as a hardware error.
      this.divergences++;
      return 'error';
    }
    return 'ok';
  }

  /** Hand this cycle's gated commands, after command faults, to the drives that follow them (none while the bus is down). */
  private deliver(commands: GatedCommands): void {
    const faults = this.faults;
    if (faults.busDisconnected) {
      // The frame leaves the master and is lost: no drive receives a command (nor a fed watchdog).
      faults.markBus();
      return;
    }
    const d = this.drives;
    const cmd = this.cmdValues;
    const delivered = this.cmdDelivered;
    cmd.set(commands.values);
    // A command reaches its drive only when the drive follows that interface (its mode).
    for (let c = 0; c < cmd.length; c++) delivered[c] = d.mode[this.cmdDrive[c]!] === this.cmdMode[c] ? 1 : 0;
    faults.applyCommand(cmd, delivered);
    for (let c = 0; c < cmd.length; c++) if (delivered[c] === 1) d.command(this.cmdDrive[c]!, cmd[c]!);
    this.lastCommand.set(cmd);
  }

  /**
   * ros2_control's command-mode switch: a controller that starts claiming `knee_left/position` puts
   * that joint's drive in position mode (velocity, effort likewise). Released interfaces leave the
   * drive in its mode, holding the last command the SafetyGate let through.
   */
  performCommandModeSwitch(start: readonly string[]): void {
    // With the bus down the switch cannot reach the drives; they keep their modes (never refused here,
    // so the manager's fallbacks on other hardware still activate).
    if (this.faults.busDisconnected) return;
    for (const name of start) {
      const slash = name.lastIndexOf('/');
      const joint = name.slice(0, slash);
      const mode = name.slice(slash + 1);
      if (!this.jointIndex.has(joint) || !(mode === 'position' || mode === 'velocity' || mode === 'effort')) continue;
      this.handlers.commandMode({ op: 'commandMode', joint, mode });
    }
  }

  /** Out-of-cycle controls (see `SimCommand`); throws KindredError SIM_COMMAND_* for bad payloads. */
  command(payload: { readonly op: string } & Readonly<Record<string, unknown>>): unknown {
    const handler = (this.handlers as Record<string, ((p: never) => unknown) | undefined>)[payload.op];
    const schema = (COMMAND_SCHEMAS as Record<string, z.ZodType | undefined>)[payload.op];
    if (handler === undefined || schema === undefined) {
      throw new KindredError('SIM_COMMAND_UNKNOWN', `unknown simulator command ${show(payload.op)}; expected one of ${Object.keys(COMMAND_SCHEMAS).join(', ')}`, {
        field: 'op',
        value: payload.op,
        expected: Object.keys(COMMAND_SCHEMAS).join(' | '),
      });
    }
    let parsed: unknown;
    try {
      parsed = validateConfig(schema, payload);
    } catch (e) {
      if (!isKindredError(e)) throw e;
      throw new KindredError('SIM_COMMAND_INVALID', `simulator command ${payload.op}: ${e.message}`, e.context, { cause: e });
    }
    this.checkViews();
    return handler(parsed as never);
  }

  /** Simulation time, seconds. */
  get timeS(): number {
    this.checkViews();
    return this.time();
  }

  /** Physics steps taken since the start or the last reset. */
  get steps(): number {
    return this.stepCount;
  }

  /** Hex FNV-1a 64 of qpos, qvel, act, time and the last state read: equal hashes ⇔ (almost surely) equal runs. */
  stateHash(): string {
    this.checkViews();
    const v = this.v;
    const h = new Fnv64();
    h.floats(v.qpos);
    h.floats(v.qvel);
    h.floats(v.act);
    h.floats(Float64Array.of(this.data.time));
    h.floats(this.state);
    return h.hex();
  }

  private readonly handlers: { readonly [K in keyof typeof COMMAND_SCHEMAS]: (p: z.output<(typeof COMMAND_SCHEMAS)[K]>) => unknown } = {
    pause: () => {
      this.running = false;
      this.stepCycles = 0;
      this.writeFrame();
      return this.runState();
    },
    play: () => {
      this.running = true;
      this.stepCycles = 0;
      this.writeFrame();
      return this.runState();
    },
    step: (p) => {
      this.running = false;
      this.stepCycles += p.cycles;
      return this.runState();
    },
    timeScale: (p) => {
      this.timeScale = p.value;
      this.writeFrame();
      return this.runState();
    },
    setJoint: (p) => {
      const i = this.jointOf(p.joint);
      this.requireBus('setJoint');
      if (this.drives.mode[i] !== DRIVE_MODE.position) {
        throw new KindredError(
          'SIM_JOINT_NOT_POSITION_MODE',
          `joint ${p.joint} is in ${DRIVE_MODE_NAMES[this.drives.mode[i]!]} mode; a slider can only move a joint whose drive follows position commands (switch with {op:'commandMode', joint, mode:'position'})`,
          { field: 'joint', value: p.joint, expected: 'a joint in position mode' },
        );
      }
      const j = this.scene.joints[i]!;
      const value = Math.min(Math.max(p.value, j.lower < j.upper ? j.lower : -Infinity), j.lower < j.upper ? j.upper : Infinity);
      this.drives.override[i] = value;
      if (!this.running) {
        const dj = this.drives.joints[i]!;
        this.v.qpos[dj.qposAdr] = value;
        this.v.qvel[dj.dofAdr] = 0;
        this.mujoco.mj_forward(this.model, this.data);
        this.writeFrame();
      }
      return { joint: p.joint, value };
    },
    releaseJoint: (p) => {
      this.drives.override[this.jointOf(p.joint)] = Number.NaN;
      return { joint: p.joint };
    },
    commandMode: (p) => {
      const i = this.jointOf(p.joint);
      this.requireBus('commandMode');
      const j = this.scene.joints[i]!;
      if (!j.commandInterfaces.includes(p.mode)) throw modeUnsupported(p.joint, p.mode, j.commandInterfaces);
      const previous = DRIVE_MODE_NAMES[this.drives.mode[i]!]!;
      this.drives.setMode(i, DRIVE_MODE[p.mode]);
      this.drives.override[i] = Number.NaN;
      return { joint: p.joint, mode: p.mode, previous };
    },
    resetDrive: (p) => {
      this.requireBus('resetDrive');
      const which = p.joint === undefined ? this.scene.joints.map((_, i) => i) : [this.jointOf(p.joint)];
      for (const i of which) this.drives.reset(i);
      return { reset: which.map((i) => this.scene.joints[i]!.name) };
    },
    reset: () => {
      this.initialiseWorld(false);
      this.gather();
      this.sensors.reset(this.truth);
      this.sensors.sample(this.truth, this.stepCount, this.state);
      return this.runState();
    },
    human: (p) => {
      const h = p.target === undefined ? (this.humans.length === 1 ? this.humans[0] : undefined) : this.humans.find((x) => x.prefix === p.target);
      if (h === undefined) {
        throw new KindredError(
          'SIM_HUMAN_UNKNOWN',
          `${p.target === undefined ? 'the scene has ' + this.humans.length + ' people; name one with target' : 'no person with prefix ' + show(p.target)}; people: ${this.humans.map((x) => x.prefix).join(', ') || 'none'}`,
          { field: 'target', value: p.target, expected: this.humans.map((x) => x.prefix).join(' | ') },
        );
      }
      if (h.command === undefined) {
        throw new KindredError('SIM_HUMAN_UNKNOWN', `person ${h.prefix} takes no commands`, { field: 'target', value: h.prefix });
      }
      return h.command(p.command);
    },
    estopButton: (p) => {
      this.estopPressed = p.pressed ? 1 : 0;
      return { pressed: p.pressed };
    },
    stateHash: () => ({ hash: this.stateHash(), timeS: this.data.time, steps: this.stepCount }),
    fault: (p): FaultReport =>
      this.faults.inject(
        { id: p.id, target: p.target, name: p.name, kind: p.kind, ...(p.value !== undefined ? { value: p.value } : {}) },
        { state: this.state, command: this.lastCommand },
      ),
    clearFault: (p): { cleared: FaultReport } => ({ cleared: this.faults.clear(p.id) }),
    faults: (): FaultReport[] => this.faults.list(),
    status: () => ({
      ...this.runState(),
      steps: this.stepCount,
      divergences: this.divergences,
      estopPressed: this.estopPressed === 1,
      busConnected: !this.faults.busDisconnected,
      cycle: this.faults.cycle,
      drives: this.scene.joints.map((j, i) => ({
        joint: j.name,
        mode: DRIVE_MODE_NAMES[this.drives.mode[i]!],
        enabled: this.drives.enabled[i] === 1,
        brakeEngaged: this.drives.brakeEngaged[i] === 1,
        watchdogTrips: this.drives.watchdogTrips[i],
        override: Number.isNaN(this.drives.override[i]!) ? null : this.drives.override[i],
      })),
      faults: this.faults.list(),
    }),
  };

  private runState(): { running: boolean; timeScale: number; timeS: number; pendingCycles: number } {
    return { running: this.running, timeScale: this.timeScale, timeS: this.data.time, pendingCycles: this.stepCycles };
  }

  /** Refuse a message to the drives while a bus fault is active (it could not arrive). */
  private requireBus(op: string): void {
    if (!this.faults.busDisconnected) return;
    const ids = this.faults
      .list()
      .filter((f) => f.target === 'bus')
      .map((f) => f.id);
    throw new KindredError('SIM_BUS_DISCONNECTED', `${op}: the fieldbus to ${this.name} is disconnected (fault ${ids.join(', ')}); clear the fault first`, {
      field: 'op',
      value: op,
      expected: 'the bus connected',
    });
  }

  private jointOf(name: string): number {
    const i = this.jointIndex.get(name);
    if (i === undefined) throw this.unknownJoint(name);
    return i;
  }

  private unknownJoint(name: string): KindredError {
    const names = [...this.jointIndex.keys()];
    return new KindredError('SIM_JOINT_UNKNOWN', `no actuated joint named ${show(name)} in scene ${this.scene.id}; joints: ${names.join(', ')}`, {
      field: 'joint',
      value: name,
      expected: names.join(' | '),
    });
  }

  /** How many physics steps this write takes: time scale accumulated, none while paused unless stepping. */
  private stepsFor(periodS: number): number {
    if (!this.running) {
      if (this.stepCycles === 0) return 0;
      this.stepCycles--;
    }
    // Physics advances the period the loop measured, as the real world would: a cycle the OS delayed
    // lets the simulated world move on without commands, and a delay past the drive watchdog's
    // timeout trips it, exactly as on hardware (capped, so a debugger pause does not explode it).
    const p = periodS > MAX_PERIOD_S ? MAX_PERIOD_S : periodS > 0 ? periodS : this.nominalPeriodS;
    this.stepAccumulator += this.timeScale * p * this.physicsHz;
    const n = Math.floor(this.stepAccumulator + 1e-9);
    this.stepAccumulator -= n;
    return n;
  }

  private physicsStep(): void {
    const mj = this.mujoco;
    const data = this.data;
    this.drives.applyControls(this.dtS);
    if (this.baseDrive !== undefined) this.baseDrive.apply(this.v.qpos, this.v.qvel, this.v.ctrl);
    const humans = this.humans;
    const t = this.time();
    for (let h = 0; h < humans.length; h++) humans[h]!.beforeStep(data, t);
    mj.mj_step(this.model, data);
    const t1 = this.time();
    for (let h = 0; h < humans.length; h++) humans[h]!.afterStep(data, t1);
    this.stepCount++;
    if (this.historyChannels.length > 0) {
      if (this.historyNeedsHumans) this.readHumanSignals();
      const hc = this.historyChannels;
      for (let k = 0; k < hc.length; k++) this.truth[hc[k]!] = this.source(hc[k]!);
      this.addCouplingForces();
      this.sensors.record(this.truth, this.stepCount);
    }
    if (--this.frameCountdown <= 0) {
      this.frameCountdown = this.frameEvery;
      this.writeFrame();
    }
  }

  /** Current true value of every channel. */
  private gather(): void {
    this.readHumanSignals();
    const t = this.truth;
    for (let c = 0; c < t.length; c++) t[c] = this.source(c);
    this.addCouplingForces();
  }

  /** The person's push on a cuff is the opposite of the cuff's force on the person (read after `readHumanSignals`). */
  private addCouplingForces(): void {
    const t = this.truth;
    const to = this.ftAddTo;
    const from = this.ftAddFrom;
    for (let k = 0; k < to.length; k++) t[to[k]!]! -= this.source(from[k]!);
  }

  private source(c: number): number {
    const i = this.srcIndex[c]!;
    switch (this.srcKind[c]) {
      case SRC.qpos:
        return this.v.qpos[i]!;
      case SRC.qvel:
        return this.v.qvel[i]!;
      case SRC.torque:
        return this.drives.torque[i]!;
      case SRC.enabled:
        return this.drives.enabled[i]!;
      case SRC.brake:
        return this.drives.brakeEngaged[i]!;
      case SRC.sensordata:
        return this.v.sensordata[i]!;
      case SRC.estop:
        return this.estopPressed;
      default:
        return this.humanSignals[i]!;
    }
  }

  private readHumanSignals(): void {
    for (let h = 0; h < this.humans.length; h++) this.humans[h]!.readSignals(this.humanSignals, this.humanOffset[h]!);
  }

  private writeFrame(): void {
    const f = this.frame;
    if (f === undefined) return;
    const v = this.v;
    f.begin(this.time(), this.running || this.stepCycles > 0, this.timeScale);
    f.xpos.set(v.xpos);
    f.xquat.set(v.xquat);
    const joints = this.drives.joints;
    for (let i = 0; i < joints.length; i++) f.joints[i] = v.qpos[joints[i]!.qposAdr]!;
    if (this.arrowKind.length > 0) this.readHumanSignals();
    const out = f.forces;
    for (let a = 0; a < this.arrowKind.length; a++) {
      const o = 6 * a;
      const src = this.arrowSource[a]!;
      const site = this.arrowSite[a]!;
      if (site >= 0) {
        out[o] = v.siteXpos[3 * site]!;
        out[o + 1] = v.siteXpos[3 * site + 1]!;
        out[o + 2] = v.siteXpos[3 * site + 2]!;
      } else {
        const b = this.arrowPoint[a]!;
        out[o] = v.xpos[3 * b]!;
        out[o + 1] = v.xpos[3 * b + 1]!;
        out[o + 2] = v.xpos[3 * b + 2]!;
      }
      switch (this.arrowKind[a]) {
        case ARROW.ftSensor: {
          // Sensor frame → world: f_world = R · f_site, R row-major in site_xmat.
          const r = 9 * site;
          const fx = v.sensordata[src]!;
          const fy = v.sensordata[src + 1]!;
          const fz = v.sensordata[src + 2]!;
          out[o + 3] = v.siteXmat[r]! * fx + v.siteXmat[r + 1]! * fy + v.siteXmat[r + 2]! * fz;
          out[o + 4] = v.siteXmat[r + 3]! * fx + v.siteXmat[r + 4]! * fy + v.siteXmat[r + 5]! * fz;
          out[o + 5] = v.siteXmat[r + 6]! * fx + v.siteXmat[r + 7]! * fy + v.siteXmat[r + 8]! * fz;
          break;
        }
        case ARROW.humanTriple: {
          const fx = this.humanSignals[src]!;
          const fy = this.humanSignals[src + 1]!;
          const fz = this.humanSignals[src + 2]!;
          if (site < 0) {
            out[o + 3] = fx;
            out[o + 4] = fy;
            out[o + 5] = fz;
          } else {
            // Anchored at a site: the triple is in that site's frame (e.g. a cuff frame).
            const r = 9 * site;
            out[o + 3] = v.siteXmat[r]! * fx + v.siteXmat[r + 1]! * fy + v.siteXmat[r + 2]! * fz;
            out[o + 4] = v.siteXmat[r + 3]! * fx + v.siteXmat[r + 4]! * fy + v.siteXmat[r + 5]! * fz;
            out[o + 5] = v.siteXmat[r + 6]! * fx + v.siteXmat[r + 7]! * fy + v.siteXmat[r + 8]! * fz;
          }
          break;
        }
        case ARROW.humanScalar:
          out[o + 3] = 0;
          out[o + 4] = 0;
          out[o + 5] = this.humanSignals[src]!;
          break;
        default: {
          // A touch sensor reports a magnitude along the site's z axis.
          const r = 9 * site;
          const mag = v.sensordata[src]!;
          out[o + 3] = v.siteXmat[r + 2]! * mag;
          out[o + 4] = v.siteXmat[r + 5]! * mag;
          out[o + 5] = v.siteXmat[r + 8]! * mag;
        }
      }
    }
    f.end();
  }

  /** Physics and people back to the start, random streams re-seeded, drives enabled as after activation. */
  private initialiseWorld(first: boolean): void {
    this.mujoco.mj_resetData(this.model, this.data);
    this.sensorRng.reseed(this.options.seed, RNG_STREAM.sensors);
    this.humanRng.reseed(this.options.seed, RNG_STREAM.humans);
    this.faultRng.reseed(this.options.seed, RNG_STREAM.faults);
    this.refreshViews();
    for (const h of this.humans) h.bind(this.mujoco, this.model, this.humanUniform);
    // Binding may move a person into place by rewriting the model's qpos0 (the exo patient's pelvis
    // onto the robot's) or constraint data: reset again so the data starts from that.
    this.mujoco.mj_resetData(this.model, this.data);
    this.refreshViews();
    this.mujoco.mj_forward(this.model, this.data);
    this.drives.bind(this.driveViews(), first);
    this.stepCount = 0;
    this.stepAccumulator = 0;
    this.frameCountdown = this.frameEvery;
    if (!first && this.active) this.drives.enableAll();
    for (let i = 0; i < this.drives.size; i++) this.drives.override[i] = Number.NaN;
    this.writeFrame();
  }

  private driveViews(): DriveViews {
    return { qpos: this.v.qpos, qvel: this.v.qvel, ctrl: this.v.ctrl, frictionloss: this.v.frictionloss, solimp: this.v.solimp, damping: this.v.damping };
  }

  /** MuJoCo's views are detached when WebAssembly memory grows; re-read them then (rare; allocates). */
  private checkViews(): void {
    if (this.v.xpos.length === 0) {
      this.refreshViews();
      this.drives.bind(this.driveViews(), false);
    }
  }

  private refreshViews(): void {
    const d = this.data;
    const m = this.model;
    this.v = {
      qpos: d.qpos as Float64Array,
      qvel: d.qvel as Float64Array,
      act: d.act as Float64Array,
      ctrl: d.ctrl as Float64Array,
      sensordata: d.sensordata as Float64Array,
      xpos: d.xpos as Float64Array,
      xquat: d.xquat as Float64Array,
      siteXpos: d.site_xpos as Float64Array,
      siteXmat: d.site_xmat as Float64Array,
      frictionloss: m.dof_frictionloss as Float64Array,
      solimp: m.dof_solimp as Float64Array,
      damping: m.dof_damping as Float64Array,
      memory: new Float64Array((d.qpos as Float64Array).buffer),
    };
  }

  /** Simulation time without the embind getter (which allocates a string per call). */
  private time(): number {
    return this.timeIndex >= 0 ? this.v.memory[this.timeIndex]! : this.data.time;
  }

  /**
   * Find `data.time` in WebAssembly memory: set it to two unlikely values in turn and keep the one
   * slot that follows both (the getter's allocation would otherwise happen every physics step). Out of cycle, once (a scan of the memory, a few milliseconds).
   */
  private locateTime(): number {
    const mem = this.v.memory;
    const saved = this.data.time;
    const a = -Math.PI * 2 ** -900;
    const b = -Math.E * 2 ** -910;
    this.data.time = a;
    const hits: number[] = [];
    for (let i = 0; i < mem.length; i++) if (mem[i] === a) hits.push(i);
    this.data.time = b;
    const both = hits.filter((i) => mem[i] === b);
    this.data.time = saved;
    return both.length === 1 ? both[0]! : -1;
  }
}

/** The longest period one cycle may simulate (a stalled or paused process must not explode physics). */
const MAX_PERIOD_S = 0.1;

function modeUnsupported(joint: string, mode: string, available: readonly string[]): KindredError {
  return new KindredError(
    'SIM_COMMAND_MODE_UNSUPPORTED',
    `joint ${joint} has no ${mode} command interface; its ros2_control block lists ${available.join(', ') || 'none'}`,
    { field: `commandModes.${joint}`, value: mode, expected: available.join(' | ') },
  );
}

function definedDrive(d: SimSystemOptions['drive']): Partial<DriveOptions> {
  const out: { -readonly [K in keyof DriveOptions]?: number } = {};
  if (d === undefined) return out;
  for (const [k, v] of Object.entries(d) as [keyof DriveOptions, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}

const joint = z.string().min(1);
/**
 * Payloads `SimSystem.command` accepts, by `op` (out of cycle; the lead routes them from the main
 * thread with `loopHost.hardwareCommand(name, payload)`). Every reply is plain, cloneable data.
 *
 * - `pause` / `play`: stop / resume physics; `write` still delivers commands (drive watchdogs stay fed)
 *   but steps nothing while paused. `step {cycles}`: while paused, let the next `cycles` writes step
 *   physics as if playing (then paused again). `timeScale {value}` in (0, 100]: each write advances
 *   physics by value × the loop period on average (steps accumulate; controllers still see loop time,
 *   so use it for watching, not for tuning).
 * - `setJoint {joint, value}`: a developer's slider. Only for a joint whose drive is in position
 *   mode (else SIM_JOINT_NOT_POSITION_MODE): the value (clamped to the joint's limits) replaces the
 *   controller's position set-point inside the drive until `releaseJoint {joint}`, a mode change or
 *   `reset`; while paused the joint is also placed there at once. Bypasses the controllers, never
 *   the drive's own torque limits — simulation only.
 * - `commandMode {joint, mode}`: which of the joint's ros2_control command interfaces its drive
 *   follows (default: the first listed, or `commandModes` in the options). The new loop starts from
 *   the present state. Until the controller manager tells hardware about claims, whoever activates a
 *   position controller must switch the joints too.
 * - `resetDrive {joint?}`: re-enable a drive (all when no joint) after its watchdog tripped; the only
 *   way back from safe torque off besides re-activating the hardware. `resetDrive`, `commandMode` and
 *   `setJoint` are messages to the drives: refused (SIM_BUS_DISCONNECTED) while the bus is disconnected.
 * - `reset`: physics, people, sensors, random streams and drives back to the start (same seed → the
 *   same run again); faults, the e-stop input, pause and time scale stay as they are.
 * - `human {target?, command}`: forwarded to the person with that prefix (or the only one).
 * - `estopButton {pressed}`: the simulated hardware e-stop input, state interface `estop/pressed`.
 * - `stateHash`: `{hash, timeS, steps}`, FNV-1a 64 of qpos, qvel, act, time and the last state read.
 * - `fault {id, target, name, kind, value?}`: inject a fault (see `FaultSpec` for what each kind does
 *   and its value, `FaultTable` for when a fault counts as applied). Targets and kinds:
 *   state (name: a state interface): freeze, offset, scale, noise, spike, nan, inf, drop, delay,
 *   drift (value: unit/s); command (name: a command interface): drop, delay, freeze, offset, scale,
 *   invert, reorder; actuator (name: a joint): weakness, runaway, stuck, brake_failure, inversion,
 *   offset (value: N·m or N); bus (name: this component's name or `*`): disconnect (see above).
 *   Replies with the fault, `appliedCycles: 0` and `sinceCycle` (the first control cycle that sees it).
 * - `clearFault {id}`: remove it; replies `{cleared: {…the fault, appliedCycles, sinceCycle}}` with the
 *   final count of cycles in which it changed something.
 * - `faults`: the active faults, each with `appliedCycles` so far and `sinceCycle`.
 * - `status`: run state, control cycle, bus connected, drive modes and flags, watchdog trips,
 *   divergences, active faults.
 */
export const COMMAND_SCHEMAS = {
  pause: z.strictObject({ op: z.literal('pause') }),
  play: z.strictObject({ op: z.literal('play') }),
  step: z.strictObject({ op: z.literal('step'), cycles: z.number().int().min(1).max(1_000_000).default(1) }),
  timeScale: z.strictObject({ op: z.literal('timeScale'), value: z.number().gt(0).max(MAX_TIME_SCALE) }),
  setJoint: z.strictObject({ op: z.literal('setJoint'), joint, value: z.number() }),
  releaseJoint: z.strictObject({ op: z.literal('releaseJoint'), joint }),
  commandMode: z.strictObject({ op: z.literal('commandMode'), joint, mode: z.enum(['position', 'velocity', 'effort']) }),
  resetDrive: z.strictObject({ op: z.literal('resetDrive'), joint: joint.optional() }),
  reset: z.strictObject({ op: z.literal('reset') }),
  human: z.strictObject({ op: z.literal('human'), target: z.string().optional(), command: z.looseObject({ op: z.string().min(1) }) }),
  estopButton: z.strictObject({ op: z.literal('estopButton'), pressed: z.boolean() }),
  stateHash: z.strictObject({ op: z.literal('stateHash') }),
  fault: z.strictObject({
    op: z.literal('fault'),
    id: z.string().min(1),
    target: z.enum(['state', 'command', 'actuator', 'bus']),
    name: z.string().min(1),
    kind: z.string().min(1),
    value: z.number().optional(),
  }),
  clearFault: z.strictObject({ op: z.literal('clearFault'), id: z.string().min(1) }),
  faults: z.strictObject({ op: z.literal('faults') }),
  status: z.strictObject({ op: z.literal('status') }),
} as const;

/** A command `SimSystem.command` accepts (discriminated on `op`). */
export type SimCommand = { [K in keyof typeof COMMAND_SCHEMAS]: z.input<(typeof COMMAND_SCHEMAS)[K]> }[keyof typeof COMMAND_SCHEMAS];

/** FNV-1a, 64-bit, over the bytes of float arrays (two 32-bit halves; out of cycle). */
class Fnv64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  floats(a: Float64Array): void {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let k = 0; k < bytes.length; k++) {
      const lo = (this.lo ^ bytes[k]!) >>> 0;
      // h · 0x100000001b3 = h · 0x1b3 + (h << 40), modulo 2^64.
      const p = lo * 0x1b3;
      const carry = Math.floor(p / 4294967296);
      this.lo = p >>> 0;
      this.hi = (Math.imul(this.hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    }
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}
