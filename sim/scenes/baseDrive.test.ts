import { beforeAll, describe, expect, it } from 'vitest';
import { PlanarBaseDrive } from '../mjcf/PlanarBaseDrive.js';
import { compileMjcf, loadMujoco } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';
import { composeScene } from './composeScene.js';
import { COMPANION_ROBOT_START } from './environment/livingRoom.js';
import { TRANSFER_ROBOT_START } from './environment/hospitalRoom.js';
import type { SceneId } from './types.js';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

/**
 * Spin the wheels at `wheelSpeeds` (rad/s, in the drive's wheel order) with a simple velocity loop on
 * their motors, let the base drive follow for `seconds`, and report how the base moved in the world.
 */
function drive(sceneId: SceneId, wheelSpeeds: readonly number[], seconds: number): { dx: number; dy: number; dyaw: number; vx: number } {
  const scene = composeScene(sceneId, []);
  if (scene.baseDrive === undefined) throw new Error(`${sceneId} has no wheeled base`);
  const model = compileMjcf(mujoco, scene.xml, sceneId);
  const data = new mujoco.MjData(model);
  const base = new PlanarBaseDrive(scene.baseDrive);
  base.bind(mujoco, model);
  const jid = (n: string): number => mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT.value, n);
  const aid = (n: string): number => mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_ACTUATOR.value, n);
  const qposadr = model.jnt_qposadr as Int32Array;
  const dofadr = model.jnt_dofadr as Int32Array;
  const wheels = scene.baseDrive.wheelJoints.map((w) => {
    const j = scene.joints.find((x) => x.name === w);
    const dof = dofadr[jid(w)] ?? -1;
    // Velocity-loop gain: a fifth of what would settle in one step (wheel inertia / dt), for a clean response.
    const gain = (0.2 * ((model.dof_M0 as Float64Array)[dof] ?? 0)) / model.opt.timestep;
    const damping = (model.dof_damping as Float64Array)[dof] ?? 0; // feed-forward: no steady-state error
    return { dof, act: aid(j?.actuator ?? ''), gear: j?.gear ?? 1, limit: j?.effortLimit ?? 0, gain, damping };
  });
  const x = qposadr[jid(scene.baseDrive.xJoint)] ?? -1;
  const y = qposadr[jid(scene.baseDrive.yJoint)] ?? -1;
  const yaw = qposadr[jid(scene.baseDrive.yawJoint)] ?? -1;
  const steps = Math.round(seconds * scene.physicsHz);
  for (let k = 0; k < steps; k++) {
    const qvel = data.qvel as Float64Array;
    const ctrl = data.ctrl as Float64Array;
    wheels.forEach((w, i) => {
      const torque = Math.max(-w.limit, Math.min(w.limit, w.damping * (wheelSpeeds[i] ?? 0) + w.gain * ((wheelSpeeds[i] ?? 0) - (qvel[w.dof] ?? 0))));
      ctrl[w.act] = torque / w.gear;
    });
    base.apply(data.qpos as Float64Array, qvel, ctrl);
    mujoco.mj_step(model, data);
  }
  const qpos = data.qpos as Float64Array;
  const out = { dx: qpos[x] ?? NaN, dy: qpos[y] ?? NaN, dyaw: qpos[yaw] ?? NaN, vx: base.twist[0] ?? NaN };
  data.delete();
  model.delete();
  return out;
}

describe('wheeled bases move as their wheels say', () => {
  it('companion (differential): equal wheel speeds drive it straight ahead at r·ω', () => {
    // Start facing +y (COMPANION_ROBOT_START.yaw = π/2): ahead is world +y.
    expect(COMPANION_ROBOT_START.yaw).toBeCloseTo(Math.PI / 2, 12);
    const { dx, dy, dyaw, vx } = drive('companion_home', [5, 5], 1.5);
    expect(vx).toBeCloseTo(0.07 * 5, 3);
    expect(Math.abs(dx)).toBeLessThan(1e-3);
    expect(Math.abs(dyaw)).toBeLessThan(1e-3);
    // 1.5 s at 0.35 m/s, less the lag of the wheel loop and the base servo (tens of ms).
    expect(dy).toBeGreaterThan(0.35 * 1.5 - 0.05);
    expect(dy).toBeLessThan(0.35 * 1.5);
  });

  it('companion (differential): opposite wheel speeds turn it on the spot, counter-clockwise with the right wheel forward', () => {
    const { dx, dy, dyaw } = drive('companion_home', [-2, 2], 1.0);
    // ω = r (ωr − ωl) / separation = 0.07 · 4 / 0.36 rad/s.
    expect(dyaw).toBeGreaterThan(0.9 * ((0.07 * 4) / 0.36));
    expect(dyaw).toBeLessThan((0.07 * 4) / 0.36);
    expect(Math.hypot(dx, dy)).toBeLessThan(1e-3);
  });

  it('transfer robot (mecanum): the sideways wheel pattern moves it to its left without turning', () => {
    // Facing +y at the bed, its left is world −x.
    expect(TRANSFER_ROBOT_START.yaw).toBeCloseTo(Math.PI / 2, 12);
    const { dx, dy, dyaw } = drive('transfer_bed', [-3, 3, 3, -3], 1.0);
    expect(dx).toBeLessThan(-0.25); // 0.3 m/s for 1 s, less the lag
    expect(dx).toBeGreaterThan(-0.3);
    // The unpowered arms swing as it moves and shake the base a little.
    expect(Math.abs(dy)).toBeLessThan(5e-3);
    expect(Math.abs(dyaw)).toBeLessThan(5e-3);
  });
});
