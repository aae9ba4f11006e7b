import type { Inertial, Joint, Link, RobotModel } from '../../../urdf/RobotModel.js';

/** Parameters of a two-link arm moving in the x–y plane about z, links along x (tests only). */
export interface PlanarArmParams {
  readonly l1M: number;
  readonly l2M: number;
  readonly lc1M: number;
  readonly lc2M: number;
  readonly m1Kg: number;
  readonly m2Kg: number;
  /** Inertia about each link's COM around z. */
  readonly i1KgM2: number;
  readonly i2KgM2: number;
}

export const PLANAR_ARM: PlanarArmParams = { l1M: 0.7, l2M: 0.5, lc1M: 0.35, lc2M: 0.2, m1Kg: 3, m2Kg: 1.5, i1KgM2: 0.12, i2KgM2: 0.04 };

const zero = { xyz: [0, 0, 0], rpy: [0, 0, 0] } as const;

function link(name: string, inertial?: Inertial): Link {
  return inertial === undefined ? { name, visuals: [], collisions: [] } : { name, inertial, visuals: [], collisions: [] };
}

function joint(name: string, type: Joint['type'], parent: string, child: string, x: number): Joint {
  return { name, type, parent, child, origin: { xyz: [x, 0, 0], rpy: [0, 0, 0] }, axis: [0, 0, 1], limit: { lower: -2.5, upper: 2.5, effort: 50, velocity: 2 } };
}

/** base → shoulder (z) → upper → elbow (z) → fore → tool (fixed, at the tip). */
export function planarArmModel(p: PlanarArmParams = PLANAR_ARM): RobotModel {
  const inertial = (m: number, c: number, izz: number): Inertial => ({ origin: { xyz: [c, 0, 0], rpy: [0, 0, 0] }, massKg: m, ixx: 0.01, ixy: 0, ixz: 0, iyy: 0.02, iyz: 0, izz });
  return {
    name: 'planar_arm',
    rootLink: 'base',
    links: [link('base'), link('upper', inertial(p.m1Kg, p.lc1M, p.i1KgM2)), link('fore', inertial(p.m2Kg, p.lc2M, p.i2KgM2)), link('tool')],
    joints: [joint('shoulder', 'revolute', 'base', 'upper', 0), joint('elbow', 'revolute', 'upper', 'fore', p.l1M), { ...joint('tool_mount', 'fixed', 'fore', 'tool', p.l2M), origin: { ...zero, xyz: [p.l2M, 0, 0] } }],
    materials: [],
    transmissions: [],
    ros2Control: [],
    extensions: [],
  };
}
