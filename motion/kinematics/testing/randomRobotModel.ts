import type { Inertial, Joint, JointType, Link, RobotModel, Vec3 } from '../../../urdf/RobotModel.js';

/** A small seeded generator (mulberry32) so tests that call KDL see the same robots every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomRobotOptions {
  /** Links besides the root. */
  readonly links: number;
  /** chain: each link hangs off the previous; tree: off any earlier link; legs: two chains from the root. */
  readonly shape: 'chain' | 'tree' | 'legs';
  readonly prismatic?: boolean;
  readonly fixed?: boolean;
  readonly mimic?: boolean;
}

function uniform(rand: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

function unitVector(rand: () => number): Vec3 {
  for (;;) {
    const v: Vec3 = [uniform(rand, -1, 1), uniform(rand, -1, 1), uniform(rand, -1, 1)];
    const n = Math.hypot(...v);
    if (n > 0.2 && n <= 1) return [v[0] / n, v[1] / n, v[2] / n];
  }
}

function randomInertial(rand: () => number): Inertial {
  // Principal moments of a physical body: Ixx = b+c, Iyy = a+c, Izz = a+b with a, b, c > 0,
  // given in a randomly rotated inertial frame, plus small products of inertia kept positive definite.
  const a = uniform(rand, 0.001, 0.05);
  const b = uniform(rand, 0.001, 0.05);
  const c = uniform(rand, 0.001, 0.05);
  const off = Math.min(a, b, c) * 0.3;
  return {
    origin: { xyz: [uniform(rand, -0.2, 0.2), uniform(rand, -0.2, 0.2), uniform(rand, -0.2, 0.2)], rpy: [uniform(rand, -3, 3), uniform(rand, -1.5, 1.5), uniform(rand, -3, 3)] },
    massKg: uniform(rand, 0.2, 5),
    ixx: b + c,
    iyy: a + c,
    izz: a + b,
    ixy: uniform(rand, -off, off),
    ixz: uniform(rand, -off, off),
    iyz: uniform(rand, -off, off),
  };
}

/** A random robot: random origins, axes, joint kinds, masses and positive-definite inertias. */
export function randomRobotModel(seed: number, options: RandomRobotOptions): RobotModel {
  const rand = seededRandom(seed);
  const links: Link[] = [{ name: 'root', visuals: [], collisions: [] }];
  const joints: Joint[] = [];
  const actuated: string[] = [];
  for (let k = 1; k <= options.links; k++) {
    const name = `link${k}`;
    let parent: string;
    if (options.shape === 'chain') parent = links[links.length - 1]?.name ?? 'root';
    else if (options.shape === 'tree') parent = links[Math.floor(rand() * links.length)]?.name ?? 'root';
    else parent = k <= 2 ? 'root' : `link${k - 2}`;
    const roll = rand();
    let type: JointType = roll < 0.6 ? 'revolute' : roll < 0.75 ? 'continuous' : 'revolute';
    if (options.prismatic === true && roll >= 0.75 && roll < 0.9) type = 'prismatic';
    if (options.fixed === true && roll >= 0.9) type = 'fixed';
    const hasInertial = type !== 'fixed' || rand() < 0.5;
    links.push(hasInertial ? { name, inertial: randomInertial(rand), visuals: [], collisions: [] } : { name, visuals: [], collisions: [] });
    const base = {
      name: `joint${k}`,
      type,
      parent,
      child: name,
      origin: { xyz: [uniform(rand, -0.4, 0.4), uniform(rand, -0.4, 0.4), uniform(rand, -0.4, 0.4)] as Vec3, rpy: [uniform(rand, -3, 3), uniform(rand, -1.5, 1.5), uniform(rand, -3, 3)] as Vec3 },
      axis: unitVector(rand),
    };
    const limit = type === 'continuous' || type === 'fixed' ? {} : { limit: { lower: -uniform(rand, 0.5, 2.5), upper: uniform(rand, 0.5, 2.5), effort: 100, velocity: 3 } };
    const leader = actuated[Math.floor(rand() * actuated.length)];
    const mimic = options.mimic === true && type !== 'fixed' && leader !== undefined && rand() < 0.3 ? { mimic: { joint: leader, multiplier: uniform(rand, -2, 2), offset: uniform(rand, -0.5, 0.5) } } : {};
    if (type !== 'fixed' && !('mimic' in mimic)) actuated.push(base.name);
    joints.push({ ...base, ...limit, ...mimic });
  }
  return { name: `random_${options.shape}_${seed}`, rootLink: 'root', links, joints, materials: [], transmissions: [], ros2Control: [], extensions: [] };
}

/** A random configuration inside the joint limits (±π where unlimited), rates in ±2, accelerations in ±5. */
export function randomState(rand: () => number, lower: Float64Array, upper: Float64Array): { q: Float64Array; qd: Float64Array; qdd: Float64Array } {
  const n = lower.length;
  const q = new Float64Array(n);
  const qd = new Float64Array(n);
  const qdd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(lower[i] ?? -Math.PI, -Math.PI);
    const hi = Math.min(upper[i] ?? Math.PI, Math.PI);
    q[i] = uniform(rand, lo, hi);
    qd[i] = uniform(rand, -2, 2);
    qdd[i] = uniform(rand, -5, 5);
  }
  return { q, qd, qdd };
}
