import { beforeAll, describe, expect, it } from 'vitest';
import { loadUrdfFile, movableJoints, shippedRobots, type RobotModel, type ShippedRobotName } from '../../urdf/index.js';
import { mjcfNames } from './names.js';
import { compileRobot, idOf, nameOf, type CompiledRobot } from './testing/mujocoTestKit.js';

const names = Object.keys(shippedRobots) as ShippedRobotName[];
const descriptions = new Map<ShippedRobotName, RobotModel>(names.map((n) => [n, loadUrdfFile(shippedRobots[n])]));
const compiled = new Map<ShippedRobotName, CompiledRobot>();

const FIXED = { kind: 'fixed', pose: { xyz: [0, 0, 1.5], rpy: [0, 0, 0] } } as const;

beforeAll(async () => {
  for (const n of names) {
    const d = descriptions.get(n);
    if (d !== undefined) compiled.set(n, await compileRobot(d, { mount: FIXED }));
  }
});

function get(n: ShippedRobotName): { d: RobotModel; c: CompiledRobot } {
  const d = descriptions.get(n);
  const c = compiled.get(n);
  if (d === undefined || c === undefined) throw new Error(`${n} was not compiled`);
  return { d, c };
}

function massOf(d: RobotModel, link: string): number {
  return d.links.find((l) => l.name === link)?.inertial?.massKg ?? 0;
}

/** Mass of the links below `link` in the description's tree (not counting `link` itself). */
function distalMassKg(d: RobotModel, link: string): number {
  return d.joints.filter((j) => j.parent === link).reduce((sum, j) => sum + massOf(d, j.child) + distalMassKg(d, j.child), 0);
}

/** The gear the description's transmission gives a joint (1 without one). */
function reductionOf(d: RobotModel, joint: string): number {
  const t = d.transmissions.find((x) => x.joints.some((j) => j.name === joint));
  return t?.actuators[0]?.mechanicalReduction ?? 1;
}

describe.each(names)('%s as MJCF', (n) => {
  it('has one body per URDF link, named after it (fixed frames included)', () => {
    const { d, c } = get(n);
    expect(c.model.nbody).toBe(d.links.length + 1); // + world
    for (const l of d.links) expect(idOf(c, 'body', l.name), l.name).toBeGreaterThan(0);
  });

  it('has the URDF movable joints with their types, ranges and damping', () => {
    const { d, c } = get(n);
    const movable = movableJoints(d);
    expect(c.model.njnt).toBe(movable.length);
    const type = c.model.jnt_type as Int32Array;
    const limited = c.model.jnt_limited as Uint8Array;
    const range = c.model.jnt_range as Float64Array;
    const damping = c.model.dof_damping as Float64Array;
    const dofadr = c.model.jnt_dofadr as Int32Array;
    const { mjJNT_HINGE, mjJNT_SLIDE } = c.mujoco.mjtJoint;
    for (const j of movable) {
      const id = idOf(c, 'joint', j.name);
      expect(id, j.name).toBeGreaterThanOrEqual(0);
      expect(type[id]).toBe(j.type === 'prismatic' ? mjJNT_SLIDE.value : mjJNT_HINGE.value);
      if (j.type === 'continuous') {
        expect(limited[id], `${j.name} unlimited`).toBe(0);
      } else {
        expect(limited[id], `${j.name} limited`).toBe(1);
        expect([range[2 * id], range[2 * id + 1]]).toEqual([j.limit?.lower, j.limit?.upper]);
      }
      expect(damping[dofadr[id] ?? -1]).toBe(j.dynamics?.damping ?? 0);
    }
  });

  it('has one motor per ros2_control joint, gear = transmission reduction, ctrlrange = ±effort/gear', () => {
    const { d, c } = get(n);
    const controlled = d.ros2Control.flatMap((b) => b.joints);
    expect(c.model.nu).toBe(controlled.length);
    const trnid = c.model.actuator_trnid as Int32Array;
    const gear = c.model.actuator_gear as Float64Array;
    const ctrlrange = c.model.actuator_ctrlrange as Float64Array;
    for (const cj of controlled) {
      const joint = d.joints.find((j) => j.name === cj.name);
      const scene = c.robot.joints.find((j) => j.name === cj.name);
      const id = idOf(c, 'actuator', scene?.actuator ?? '');
      expect(id, `actuator of ${cj.name}`).toBeGreaterThanOrEqual(0);
      expect(nameOf(c, 'joint', trnid[2 * id] ?? -1)).toBe(cj.name);
      const g = reductionOf(d, cj.name);
      expect(gear[6 * id]).toBe(g);
      const effort = joint?.limit?.effort ?? NaN;
      expect(ctrlrange[2 * id]).toBeCloseTo(-effort / g, 12);
      expect(ctrlrange[2 * id + 1]).toBeCloseTo(effort / g, 12);
      expect(scene?.effortLimit).toBe(effort);
      expect(scene?.commandInterfaces).toEqual(cj.commandInterfaces.map((i) => i.name));
    }
  });

  it('weighs what the description says (sum of link masses)', () => {
    const { d, c } = get(n);
    const sum = d.links.reduce((s, l) => s + (l.inertial?.massKg ?? 0), 0);
    expect(c.mujoco.mj_getTotalmass(c.model)).toBeCloseTo(sum, 10);
    expect(c.robot.totalMassKg).toBeCloseTo(sum, 10);
  });

  it('has joint, force/torque and IMU sensors under the documented names', () => {
    const { d, c } = get(n);
    for (const j of d.ros2Control.flatMap((b) => b.joints)) {
      for (const s of [mjcfNames.jointPosition(j.name), mjcfNames.jointVelocity(j.name), mjcfNames.jointEffort(j.name)]) {
        expect(idOf(c, 'sensor', s), s).toBeGreaterThanOrEqual(0);
      }
    }
    const bodyOfSite = c.model.site_bodyid as Int32Array;
    for (const s of d.ros2Control.flatMap((b) => b.sensors)) {
      const frame = s.parameters['frame_id'] ?? '';
      const scene = c.robot.sensors.find((x) => x.name === s.name);
      expect(scene?.kind).toBe('force_torque');
      expect(scene?.site).toBe(frame);
      expect(nameOf(c, 'body', bodyOfSite[idOf(c, 'site', frame)] ?? -1)).toBe(frame);
      for (const m of scene?.mjSensors ?? []) expect(idOf(c, 'sensor', m), m).toBeGreaterThanOrEqual(0);
    }
    const imu = c.robot.sensors.find((s) => s.kind === 'imu');
    const imuBody = d.links.some((l) => l.name === 'base_link') ? 'base_link' : d.rootLink;
    expect(nameOf(c, 'body', bodyOfSite[idOf(c, 'site', imu?.site ?? '')] ?? -1)).toBe(imuBody);
    const ft = d.ros2Control.flatMap((b) => b.sensors).length;
    expect(c.model.nsensor).toBe(3 * c.model.nu + 2 * ft + 3);
  });
});

describe('force/torque sensors', () => {
  it('an exoskeleton cuff (a leaf frame) reads the force applied to the cuff body, in the cuff frame', () => {
    const { c } = get('kindred_exo');
    const { mujoco, model, data } = c;
    const body = idOf(c, 'body', 'thigh_cuff_left');
    const force = idOf(c, 'sensor', mjcfNames.ftForce('thigh_cuff_left_ft'));
    const adr = (model.sensor_adr as Int32Array)[force] ?? -1;
    mujoco.mj_resetData(model, data);
    mujoco.mj_forward(model, data);
    const before = Array.from((data.sensordata as Float64Array).subarray(adr, adr + 3));
    expect(Math.hypot(...before)).toBeLessThan(1e-9); // massless cuff, nothing on it
    const xfrc = data.xfrc_applied as Float64Array;
    xfrc.set([0, 0, -40], 6 * body); // 40 N pushing the cuff down (world frame = cuff frame at the zero pose)
    mujoco.mj_forward(model, data);
    const after = Array.from((data.sensordata as Float64Array).subarray(adr, adr + 3));
    // MuJoCo reports the force the parent applies to the cuff: it balances the applied one.
    expect(after[0]).toBeCloseTo(0, 9);
    expect(after[1]).toBeCloseTo(0, 9);
    expect(after[2]).toBeCloseTo(40, 9);
    xfrc.fill(0);
  });

  it('a transfer-robot forearm sensor carries the padded forearm: it feels every load on the pad and the hand', async () => {
    const d = descriptions.get('kindred_transfer');
    if (d === undefined) throw new Error('no transfer robot');
    const c = await compileRobot(d, { mount: FIXED, touchLinks: ['forearm_pad_left', 'forearm_pad_right'] });
    const { mujoco, model, data } = c;
    const adr = (model.sensor_adr as Int32Array)[idOf(c, 'sensor', mjcfNames.ftForce('forearm_left_ft_sensor'))] ?? -1;
    // The zero pose: arms hanging beside the base, touching nothing.
    mujoco.mj_resetData(model, data);
    // Held still (qacc = 0): inverse dynamics gives the loads the joints carry, and the sensors with them.
    mujoco.mj_inverse(model, data);
    expect(data.ncon).toBe(0);
    const rest = Array.from((data.sensordata as Float64Array).subarray(adr, adr + 3));
    // Everything the description hangs beyond the sensor frame (pad, wrist, hand) weighs on it.
    const beyond = distalMassKg(d, 'forearm_left_ft');
    expect(beyond).toBeGreaterThan(massOf(d, 'forearm_pad_left') + massOf(d, 'hand_left'));
    expect(Math.hypot(...rest)).toBeCloseTo(beyond * 9.81, 6);
    const site = idOf(c, 'site', 'forearm_left_ft');
    const xfrc = data.xfrc_applied as Float64Array;
    for (const [body, push] of [
      ['hand_left', [30, -20, 100]],
      ['forearm_pad_left', [-60, 10, -200]],
    ] as const) {
      xfrc.set(push, 6 * idOf(c, 'body', body));
      mujoco.mj_inverse(model, data);
      const loaded = Array.from((data.sensordata as Float64Array).subarray(adr, adr + 3));
      // In the sensor frame: R_siteᵀ·(−push) is what the elbow end must add to hold the part against it.
      const r = (data.site_xmat as Float64Array).subarray(9 * site, 9 * site + 9);
      for (let k = 0; k < 3; k++) {
        const expected = -((r[k] ?? 0) * push[0] + (r[3 + k] ?? 0) * push[1] + (r[6 + k] ?? 0) * push[2]);
        expect((loaded[k] ?? 0) - (rest[k] ?? 0), `${body} [${k}]`).toBeCloseTo(expected, 6);
      }
      xfrc.fill(0);
    }
    // The pad's geometry and its touch sensor sit on a body hanging from the sensor frame.
    const padGeom = c.mujoco.mj_name2id(model, c.mujoco.mjtObj.mjOBJ_GEOM.value, mjcfNames.geom('forearm_pad_left', 0));
    const padBody = (model.geom_bodyid as Int32Array)[padGeom] ?? -1;
    expect(nameOf(c, 'body', padBody)).toBe('forearm_pad_left');
    expect(nameOf(c, 'body', (model.body_parentid as Int32Array)[padBody] ?? -1)).toBe('forearm_left_ft');
    expect(c.robot.sensors.filter((s) => s.kind === 'touch').map((s) => s.name)).toEqual(['forearm_pad_left_touch', 'forearm_pad_right_touch']);
  });
});
