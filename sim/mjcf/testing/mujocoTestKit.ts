import type { MjData, MjModel } from 'mujoco-js';
import type { RobotModel } from '../../../urdf/index.js';
import { compileMjcf, loadMujoco } from '../../mujoco/loadMujoco.js';
import type { MujocoModule } from '../../mujoco/types.js';
import { assembleMjcf } from '../assembleMjcf.js';
import { robotToMjcf } from '../robotToMjcf.js';
import type { RobotMjcf, RobotMjcfOptions } from '../RobotMjcf.js';

/** A robot compiled alone (with a floor) by real MuJoCo, for tests. */
export interface CompiledRobot {
  readonly mujoco: MujocoModule;
  readonly model: MjModel;
  readonly data: MjData;
  readonly robot: RobotMjcf;
  readonly xml: string;
}

/** Generate a robot's MJCF, put it over a floor and compile it (1 kHz, 4 MiB arena). */
export async function compileRobot(description: RobotModel, options: RobotMjcfOptions): Promise<CompiledRobot> {
  const mujoco = await loadMujoco();
  const robot = robotToMjcf(description, options);
  const xml = assembleMjcf({
    model: description.name,
    timestepS: 0.001,
    memoryMiB: 4,
    fragments: [{ worldbody: '<geom name="floor" type="plane" size="5 5 0.1" contype="1" conaffinity="0"/>' }, robot.fragment],
  });
  const model = compileMjcf(mujoco, xml, description.source ?? description.name);
  const data = new mujoco.MjData(model);
  return { mujoco, model, data, robot, xml };
}

/** Id of a named element, -1 when absent. */
export function idOf(c: CompiledRobot, kind: 'body' | 'joint' | 'actuator' | 'sensor' | 'site', name: string): number {
  const t = c.mujoco.mjtObj;
  const obj = { body: t.mjOBJ_BODY, joint: t.mjOBJ_JOINT, actuator: t.mjOBJ_ACTUATOR, sensor: t.mjOBJ_SENSOR, site: t.mjOBJ_SITE }[kind];
  return c.mujoco.mj_name2id(c.model, obj.value, name);
}

/** Name of an element by id. */
export function nameOf(c: CompiledRobot, kind: 'body' | 'joint' | 'actuator' | 'sensor' | 'site', id: number): string {
  const t = c.mujoco.mjtObj;
  const obj = { body: t.mjOBJ_BODY, joint: t.mjOBJ_JOINT, actuator: t.mjOBJ_ACTUATOR, sensor: t.mjOBJ_SENSOR, site: t.mjOBJ_SITE }[kind];
  return c.mujoco.mj_id2name(c.model, obj.value, id);
}

/**
 * The joint-space mass matrix (nv × nv, row-major) at the current mj_forward state, column by column
 * with mj_mulM (mujoco-js writes results only into arrays in WebAssembly memory, so qfrc_applied,
 * zero in these tests, serves as the output buffer and is cleared afterwards).
 */
export function fullMassMatrix(c: CompiledRobot): Float64Array {
  const nv = c.model.nv;
  const out = new Float64Array(nv * nv);
  const e = new Array<number>(nv).fill(0);
  for (let j = 0; j < nv; j++) {
    e.fill(0);
    e[j] = 1;
    const res = c.data.qfrc_applied as Float64Array;
    c.mujoco.mj_mulM(c.model, c.data, res, e);
    for (let i = 0; i < nv; i++) out[i * nv + j] = res[i] ?? NaN;
  }
  (c.data.qfrc_applied as Float64Array).fill(0);
  return out;
}
