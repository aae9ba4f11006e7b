import type { MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import type { MujocoModule } from '../mujoco/types.js';

/** The MuJoCo object kinds a person model looks up by name. */
export type MjObjectKind = 'body' | 'joint' | 'geom' | 'site' | 'actuator' | 'equality';

function objType(mujoco: MujocoModule, kind: MjObjectKind): number {
  const t = mujoco.mjtObj;
  switch (kind) {
    case 'body':
      return t.mjOBJ_BODY.value;
    case 'joint':
      return t.mjOBJ_JOINT.value;
    case 'geom':
      return t.mjOBJ_GEOM.value;
    case 'site':
      return t.mjOBJ_SITE.value;
    case 'actuator':
      return t.mjOBJ_ACTUATOR.value;
    case 'equality':
      return t.mjOBJ_EQUALITY.value;
  }
}

/** The id of a named object, or -1 when the compiled model has none of that name. */
export function findId(mujoco: MujocoModule, model: MjModel, kind: MjObjectKind, name: string): number {
  return mujoco.mj_name2id(model, objType(mujoco, kind), name);
}

/** The id of a named object the person cannot work without; HUMAN_BIND_NAME_MISSING names it otherwise. */
export function requireId(mujoco: MujocoModule, model: MjModel, kind: MjObjectKind, name: string, why: string): number {
  const id = findId(mujoco, model, kind, name);
  if (id < 0) {
    throw new KindredError('HUMAN_BIND_NAME_MISSING', `the compiled scene has no ${kind} named ${JSON.stringify(name)} (${why})`, {
      field: kind,
      value: name,
      expected: `a ${kind} named ${name} in the scene's MJCF`,
    });
  }
  return id;
}
