import type { MjModel } from 'mujoco-js';
import { KindredError, show } from '../../runtime/errors/index.js';
import type { MujocoModule } from '../mujoco/types.js';
import { bodyNames, jointNames, nameAt } from './modelNames.js';
import type { ViewForceChannel, ViewGeom, ViewJoint, ViewScene } from './SimViewSource.js';

/** MuJoCo's mjtGeom numbers, in ViewGeom's names; types the viewer cannot draw (SDF, flex) are absent. */
const GEOM_TYPES: Readonly<Record<number, ViewGeom['type']>> = {
  0: 'plane',
  1: 'hfield',
  2: 'sphere',
  3: 'capsule',
  4: 'ellipsoid',
  5: 'cylinder',
  6: 'box',
  7: 'mesh',
};
const JOINT_HINGE = 3;
const JOINT_SLIDE = 2;
/** MuJoCo's viewer shows geom groups 0–2 by default; 3 and above conventionally hold collision-only geoms. */
const DEFAULT_GROUPS: readonly number[] = [0, 1, 2];
/** MuJoCo's default geom colour: a geom still this colour takes its material's colour, as MuJoCo's renderer does. */
const DEFAULT_RGBA = [0.5, 0.5, 0.5, 1] as const;
/** Range shown for a joint without limits. */
const UNLIMITED_HINGE_RAD = Math.PI;
const UNLIMITED_SLIDE_M = 1;

/** Whether a joint's value is an angle (radians, shown in degrees) or a length (metres). */
export type ViewJointKind = 'hinge' | 'slide';

/**
 * A ViewJoint as describeScene emits it. `kind` lets the page show hinge angles in degrees; it is an
 * addition to the SimViewSource contract that the page reads when present (absent: treated as hinge).
 */
export interface DescribedJoint extends ViewJoint {
  readonly kind: ViewJointKind;
}

export interface DescribeSceneOptions {
  /** Shown as the page title. */
  readonly name: string;
  /**
   * Joints to show (and, with `command`, give a slider), in this order. Default: every named hinge
   * and slide joint of the model, with its limits (±π rad or ±1 m when unlimited) and no slider.
   */
  readonly joints?: readonly ViewJoint[];
  readonly forces?: readonly ViewForceChannel[];
  /** Geom groups to draw; default 0, 1, 2 (as MuJoCo's own viewer). */
  readonly groups?: readonly number[];
}

/**
 * Everything the page needs to build its Three.js scene, read once from the compiled model: bodies
 * (with parents), drawable geoms in their body's frame (mesh geoms with their vertices and faces),
 * the joints to show and the force channels to draw. Sent to each viewer when it connects.
 *
 * Throws SIM_VIEWER_JOINT_UNKNOWN / SIM_VIEWER_JOINT_TYPE for a listed joint the model lacks or that
 * is not a hinge or slide, and SIM_VIEWER_FORCE_BODY / SIM_VIEWER_FORCE_LIMIT for a bad channel.
 */
export function describeScene(mujoco: MujocoModule, model: MjModel, options: DescribeSceneOptions): ViewScene {
  const names = bodyNames(model);
  const parents = model.body_parentid as Int32Array;
  const bodies = names.map((name, i) => ({ name, parent: parents[i] ?? 0 }));
  return {
    name: options.name,
    bodies,
    geoms: describeGeoms(model, options.groups ?? DEFAULT_GROUPS),
    joints: describeJoints(mujoco, model, options.joints),
    forces: checkForces(options.forces ?? [], bodies.length),
  };
}

function describeGeoms(model: MjModel, groups: readonly number[]): ViewGeom[] {
  const type = model.geom_type as Int32Array;
  const group = model.geom_group as Int32Array;
  const bodyId = model.geom_bodyid as Int32Array;
  const dataId = model.geom_dataid as Int32Array;
  const matId = model.geom_matid as Int32Array;
  const size = model.geom_size as Float64Array;
  const pos = model.geom_pos as Float64Array;
  const quat = model.geom_quat as Float64Array;
  const rgba = model.geom_rgba as Float32Array;
  const matRgba = model.mat_rgba as Float32Array;
  const nameAdr = model.name_geomadr as Int32Array;
  const geoms: ViewGeom[] = [];
  for (let g = 0; g < model.ngeom; g++) {
    const kind = GEOM_TYPES[type[g] ?? -1];
    if (kind === undefined || !groups.includes(group[g] ?? 0)) continue;
    let colour = [rgba[4 * g], rgba[4 * g + 1], rgba[4 * g + 2], rgba[4 * g + 3]].map((v) => v ?? 1);
    const mat = matId[g] ?? -1;
    if (mat >= 0 && colour.every((v, i) => Math.abs(v - (DEFAULT_RGBA[i] ?? 0)) < 1e-6)) {
      colour = [matRgba[4 * mat], matRgba[4 * mat + 1], matRgba[4 * mat + 2], matRgba[4 * mat + 3]].map((v) => v ?? 1);
    }
    if ((colour[3] ?? 1) <= 0) continue; // fully transparent: a collision or helper geom
    const geom: Mutable<ViewGeom> = {
      body: bodyId[g] ?? 0,
      type: kind,
      size: triple(size, 3 * g),
      pos: triple(pos, 3 * g),
      quat: [quat[4 * g] ?? 1, quat[4 * g + 1] ?? 0, quat[4 * g + 2] ?? 0, quat[4 * g + 3] ?? 0],
      rgba: [round(colour[0] ?? 1), round(colour[1] ?? 1), round(colour[2] ?? 1), round(colour[3] ?? 1)],
    };
    if (kind === 'mesh') {
      const mesh = dataId[g] ?? -1;
      if (mesh < 0) continue;
      geom.mesh = meshData(model, mesh);
    }
    const name = nameAt(model, nameAdr, g);
    if (name !== '') geom.name = name;
    geoms.push(geom);
  }
  return geoms;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function triple(a: Float64Array, at: number): [number, number, number] {
  return [a[at] ?? 0, a[at + 1] ?? 0, a[at + 2] ?? 0];
}

/** Colours come from float32; keep JSON short and stable. */
function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** A mesh's vertices (in the geom's frame: MuJoCo has already centred and aligned them) and faces. */
function meshData(model: MjModel, mesh: number): { vertices: number[]; faces: number[] } {
  const vertAdr = (model.mesh_vertadr as Int32Array)[mesh] ?? 0;
  const vertNum = (model.mesh_vertnum as Int32Array)[mesh] ?? 0;
  const faceAdr = (model.mesh_faceadr as Int32Array)[mesh] ?? 0;
  const faceNum = (model.mesh_facenum as Int32Array)[mesh] ?? 0;
  const vert = (model.mesh_vert as Float32Array).subarray(3 * vertAdr, 3 * (vertAdr + vertNum));
  const face = (model.mesh_face as Int32Array).subarray(3 * faceAdr, 3 * (faceAdr + faceNum));
  return { vertices: Array.from(vert, (v) => Math.round(v * 1e6) / 1e6), faces: Array.from(face) };
}

function describeJoints(mujoco: MujocoModule, model: MjModel, wanted: readonly ViewJoint[] | undefined): DescribedJoint[] {
  const names = jointNames(model);
  const types = model.jnt_type as Int32Array;
  const limited = model.jnt_limited as Uint8Array;
  const range = model.jnt_range as Float64Array;
  const kindOf = (id: number): ViewJointKind | undefined =>
    types[id] === JOINT_HINGE ? 'hinge' : types[id] === JOINT_SLIDE ? 'slide' : undefined;

  if (wanted === undefined) {
    const joints: DescribedJoint[] = [];
    names.forEach((name, id) => {
      const kind = kindOf(id);
      if (name === '' || kind === undefined) return;
      const open = kind === 'hinge' ? UNLIMITED_HINGE_RAD : UNLIMITED_SLIDE_M;
      const isLimited = (limited[id] ?? 0) !== 0;
      joints.push({ name, kind, lower: isLimited ? (range[2 * id] ?? -open) : -open, upper: isLimited ? (range[2 * id + 1] ?? open) : open });
    });
    return joints;
  }
  return wanted.map((joint, i) => {
    const id = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT.value, joint.name);
    if (id < 0) {
      throw new KindredError(
        'SIM_VIEWER_JOINT_UNKNOWN',
        `viewer joint ${show(joint.name)} is not in the model; it has ${show(names.filter((n) => n !== '').join(', '))}`,
        { field: `joints[${i}].name`, value: joint.name, expected: 'an MJCF joint name' },
      );
    }
    const kind = kindOf(id);
    if (kind === undefined) {
      throw new KindredError('SIM_VIEWER_JOINT_TYPE', `viewer joint ${show(joint.name)} is a free or ball joint; expected a hinge or slide joint`, {
        field: `joints[${i}].name`,
        value: joint.name,
        expected: 'hinge or slide',
      });
    }
    return { ...joint, kind };
  });
}

function checkForces(forces: readonly ViewForceChannel[], nbody: number): ViewForceChannel[] {
  return forces.map((channel, i) => {
    if (!Number.isInteger(channel.body) || channel.body < 0 || channel.body >= nbody) {
      throw new KindredError(
        'SIM_VIEWER_FORCE_BODY',
        `force channel ${show(channel.name)} is anchored to body ${show(channel.body)}; the model has bodies 0 to ${nbody - 1}`,
        { field: `forces[${i}].body`, value: channel.body, expected: `an integer from 0 to ${nbody - 1}` },
      );
    }
    if (!Number.isFinite(channel.limitN) || channel.limitN <= 0) {
      throw new KindredError('SIM_VIEWER_FORCE_LIMIT', `force channel ${show(channel.name)} has limit ${show(channel.limitN)} N; expected a positive number of newtons`, {
        field: `forces[${i}].limitN`,
        value: channel.limitN,
        expected: 'a number > 0',
      });
    }
    return { ...channel };
  });
}
