import type { MjData, MjModel } from 'mujoco-js';
import type { CycleStatus } from '../safety/index.js';
import { SafetyGate } from '../safety/index.js';
import type { HumanModel, HumanSignal, MjcfFragment } from './humans/HumanModel.js';
import type { MujocoModule } from './mujoco/types.js';
import type { SimScene, SimSystem } from './SimSystem.js';

/**
 * A small hand-written scene for SimSystem's tests (not shipped): a pendulum `swing` under gravity
 * (effort + position interfaces; point mass 1 kg at 0.5 m, so I = 0.251 kg·m²), a vertical rotor
 * `spin` (velocity + effort; I = 0.1 kg·m², gear 10), a force/torque sensor at the pendulum tip, an
 * IMU half-way along it, a touch pad on the floor and a free ball that a test person watches.
 */
export const PENDULUM_INERTIA = 0.251;
export const ROTOR_INERTIA = 0.1;

const XML = `<mujoco model="sim_test">
  <size memory="2M"/>
  <option timestep="0.001"/>
  <worldbody>
    <geom name="floor" type="plane" size="5 5 0.1"/>
    <site name="pad" type="box" size="0.3 0.3 0.05" pos="0 1 0"/>
    <body name="arm" pos="0 0 1.5">
      <joint name="swing" type="hinge" axis="0 1 0"/>
      <inertial pos="0 0 -0.5" mass="1" diaginertia="0.001 0.001 0.001"/>
      <geom type="capsule" fromto="0 0 0 0 0 -0.5" size="0.02" mass="0" contype="0" conaffinity="0"/>
      <site name="tip" pos="0 0 -0.5"/>
      <site name="imu_site" pos="0 0 -0.25"/>
    </body>
    <body name="rotor" pos="1 0 0.5">
      <joint name="spin" type="hinge" axis="0 0 1"/>
      <inertial pos="0 0 0" mass="2" diaginertia="0.05 0.05 0.1"/>
      <geom type="cylinder" size="0.2 0.02" mass="0" contype="0" conaffinity="0"/>
    </body>
    <body name="tester_ball" pos="0 1 0.3">
      <freejoint/>
      <geom type="sphere" size="0.05" mass="0.5"/>
    </body>
  </worldbody>
  <actuator>
    <motor name="swing_motor" joint="swing" gear="1" ctrlrange="-20 20" ctrllimited="true"/>
    <motor name="spin_motor" joint="spin" gear="10" ctrlrange="-1 1" ctrllimited="true"/>
  </actuator>
  <sensor>
    <force name="tip_force" site="tip"/>
    <torque name="tip_torque" site="tip"/>
    <accelerometer name="imu_acc" site="imu_site"/>
    <gyro name="imu_gyro" site="imu_site"/>
    <framequat name="imu_quat" objtype="site" objname="imu_site"/>
    <touch name="pad_touch" site="pad"/>
  </sensor>
</mujoco>`;

/**
 * A minimal person for plumbing tests: watches the free ball and checks that SimSystem calls
 * `beforeStep` then `afterStep` once per physics step. Signals: `tester/height` (ball z, m),
 * `tester/steps` (afterStep calls), `tester/order_ok` (1 while the calls alternate), a constant
 * `tester/force.x|y|z` = (1, 2, 3) N for the force-arrow path, and `tester/noise` (an RNG draw per bind).
 */
export class TestPerson implements HumanModel {
  readonly kind = 'home_person' as const;
  readonly prefix = 'tester';
  before = 0;
  after = 0;
  orderOk = 1;
  binds = 0;
  commands: unknown[] = [];
  private ballQposAdr = -1;
  private noise = 0;
  private qpos: Float64Array = new Float64Array(0);

  mjcf(): MjcfFragment {
    return { worldbody: '' };
  }

  bind(mujoco: MujocoModule, model: MjModel, rng: () => number): void {
    const body = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY.value, 'tester_ball');
    const jnt = (model.body_jntadr as Int32Array)[body]!;
    this.ballQposAdr = (model.jnt_qposadr as Int32Array)[jnt]!;
    this.noise = rng();
    this.before = 0;
    this.after = 0;
    this.orderOk = 1;
    this.binds++;
  }

  beforeStep(data: MjData): void {
    if (this.before !== this.after) this.orderOk = 0;
    this.before++;
    if (this.qpos.length === 0) this.qpos = data.qpos as Float64Array;
  }

  afterStep(): void {
    this.after++;
    if (this.after !== this.before) this.orderOk = 0;
  }

  signals(): readonly HumanSignal[] {
    return [
      { name: 'tester/height', unit: 'm', description: 'ball height' },
      { name: 'tester/steps', unit: '1', description: 'afterStep calls' },
      { name: 'tester/order_ok', unit: '1', description: 'before/after alternate' },
      { name: 'tester/force.x', unit: 'N', description: 'constant' },
      { name: 'tester/force.y', unit: 'N', description: 'constant' },
      { name: 'tester/force.z', unit: 'N', description: 'constant' },
      { name: 'tester/noise', unit: '1', description: 'rng draw at bind' },
    ];
  }

  readSignals(out: Float64Array, offset: number): void {
    out[offset] = this.qpos.length > 0 ? this.qpos[this.ballQposAdr + 2]! : 0.3;
    out[offset + 1] = this.after;
    out[offset + 2] = this.orderOk;
    out[offset + 3] = 1;
    out[offset + 4] = 2;
    out[offset + 5] = 3;
    out[offset + 6] = this.noise;
  }

  command(payload: { readonly op: string } & Record<string, unknown>): unknown {
    this.commands.push(payload);
    return { ok: true, op: payload.op };
  }
}

/** The test scene, optionally with a TestPerson. */
export function simTestScene(person?: TestPerson): SimScene {
  return {
    id: 'sim_test',
    xml: XML,
    physicsHz: 1000,
    joints: [
      {
        name: 'swing',
        actuator: 'swing_motor',
        gear: 1,
        effortLimit: 20,
        velocityLimit: 10,
        lower: -2,
        upper: 2,
        commandInterfaces: ['effort', 'position'],
      },
      {
        name: 'spin',
        actuator: 'spin_motor',
        gear: 10,
        effortLimit: 10,
        velocityLimit: 20,
        lower: Number.NEGATIVE_INFINITY,
        upper: Number.POSITIVE_INFINITY,
        commandInterfaces: ['velocity', 'effort'],
      },
    ],
    sensors: [
      { name: 'tip_ft', kind: 'force_torque', site: 'tip', mjSensors: ['tip_force', 'tip_torque'] },
      { name: 'imu', kind: 'imu', site: 'imu_site', mjSensors: ['imu_acc', 'imu_gyro', 'imu_quat'] },
      { name: 'pad', kind: 'touch', site: 'pad', mjSensors: ['pad_touch'] },
    ],
    humans: person === undefined ? [] : [person],
    forceArrows: [
      { name: 'tip_ft', body: 'arm', limitN: 50 },
      ...(person === undefined ? [] : [{ name: 'tester', body: 'tester_ball', limitN: 10 }]),
    ],
  };
}

/**
 * Drives a SimSystem through a real SafetyGate, the way the ControllerManager does, with requested
 * commands set by name: read → enforce → write at `rateHz`.
 */
export class GateHarness {
  readonly state: Float64Array;
  readonly requested: Float64Array;
  readonly stateNames: readonly string[];
  readonly commandNames: readonly string[];
  readonly periodS: number;
  private readonly gate: SafetyGate;
  private readonly status: CycleStatus[] = ['ok'];
  private readonly enabled = Uint8Array.of(1);
  private cycles = 0;

  constructor(
    readonly sim: SimSystem,
    rateHz: number,
  ) {
    this.periodS = 1 / rateHz;
    this.stateNames = sim.stateInterfaces().map((d) => `${d.prefix}/${d.interfaceName}`);
    this.commandNames = sim.commandInterfaces().map((d) => `${d.prefix}/${d.interfaceName}`);
    this.state = new Float64Array(this.stateNames.length);
    sim.stateInterfaces().forEach((d, i) => (this.state[i] = d.initialValue ?? 0));
    sim.configure(this.state);
    sim.activate();
    this.gate = new SafetyGate(
      sim.commandInterfaces().map((d, c) => {
        const hold = d.interfaceName === 'position' ? this.stateNames.indexOf(`${d.prefix}/position`) : -1;
        return {
          name: this.commandNames[c]!,
          ...(d.min !== undefined ? { min: d.min } : {}),
          ...(d.max !== undefined ? { max: d.max } : {}),
          ...(hold >= 0 ? { holdStateIndex: hold } : {}),
        };
      }),
      [{ writer: sim, offset: 0, length: this.commandNames.length }],
    );
    this.requested = new Float64Array(this.commandNames.length);
    this.commandNames.forEach((n, c) => (this.requested[c] = n.endsWith('/position') ? this.get(n) : 0));
  }

  get(name: string): number {
    const i = this.stateNames.indexOf(name);
    if (i < 0) throw new Error(`no state interface ${name}`);
    return this.state[i]!;
  }

  set(name: string, value: number): void {
    const c = this.commandNames.indexOf(name);
    if (c < 0) throw new Error(`no command interface ${name}`);
    this.requested[c] = value;
  }

  /** Run `n` control cycles; returns the last write status. `periodS` overrides the nominal period (a stalled loop). */
  cycle(n = 1, periodS = this.periodS): CycleStatus {
    for (let k = 0; k < n; k++) {
      const t = this.cycles * this.periodS;
      this.sim.read(t, periodS);
      this.gate.enforce(this.requested, this.state);
      this.gate.write(t, periodS, this.status, this.enabled);
      this.cycles++;
    }
    return this.status[0]!;
  }

  /** Read once more so `state` shows the result of the last write. */
  refresh(): void {
    this.sim.read(this.cycles * this.periodS, this.periodS);
  }
}
