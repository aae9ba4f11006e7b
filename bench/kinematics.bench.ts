/**
 * FK + Jacobian + RNEA for the shipped exoskeleton and transfer robot: Kindred's KinematicTree next
 * to KDL's Python binding (Debian python3-pykdl) doing the same work on the same configurations in
 * the same run.
 *
 * One call = for one configuration: the pose of every link, the Jacobian of every end effector, and
 * the inverse-dynamics torques of every joint. KDL's solvers are chain-based, so for KDL one call is
 * ChainFkSolverPos_recursive + ChainJntToJacSolver + ChainIdSolver_RNE on each root → end-effector
 * chain (end effectors: the leaves whose joints are not a subset of another leaf's). KDL's inputs
 * and outputs are built before its timed loop, as Kindred's are, so both sides time solver calls.
 * Allocation is reported as heap growth per call (median over 10 chunks) and garbage collections
 * across 1e5 calls of each loop variant (notes).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { compileKinematics } from '../motion/index.js';
import type { KinematicTree } from '../motion/index.js';
import { dynamicsLeaves, kdlUnavailableReason, runKdlReference } from '../motion/kdl/kdlReference.js';
import { randomState, seededRandom } from '../motion/kinematics/testing/randomRobotModel.js';
import { loadUrdfFile, shippedRobots } from '../urdf/index.js';
import type { RobotModel } from '../urdf/index.js';
import type { BenchOptions, BenchResult, BenchRow } from './types.js';

const GRAVITY = [0, 0, -9.81] as const;
const CONFIGS = 200;

/** Leaves whose moving joints are not all on another leaf's chain. */
function endEffectors(model: RobotModel): string[] {
  const byChild = new Map(model.joints.map((j) => [j.child, j] as const));
  const jointsOf = (leaf: string): Set<string> => {
    const s = new Set<string>();
    for (let j = byChild.get(leaf); j !== undefined; j = byChild.get(j.parent)) if (j.type !== 'fixed') s.add(j.name);
    return s;
  };
  const leaves = dynamicsLeaves(model).map((leaf) => ({ leaf, joints: jointsOf(leaf) }));
  return leaves
    .filter((a, i) => !leaves.some((b, k) => k !== i && b.joints.size >= a.joints.size && [...a.joints].every((j) => b.joints.has(j)) && (b.joints.size > a.joints.size || k < i)))
    .map((a) => a.leaf);
}

let sink = 0;

interface Work {
  tree: KinematicTree;
  tips: Int32Array;
  states: { q: Float64Array; qd: Float64Array; qdd: Float64Array }[];
}

/** The loop variant under test: FK of all links, the Jacobian of each tip, RNEA — into preallocated buffers. */
function makeLoop(w: Work): (calls: number) => void {
  const { tree, tips, states } = w;
  const poses = tree.createLinkPoses();
  const jac = new Float64Array(6 * tree.dofCount);
  const tau = new Float64Array(tree.dofCount);
  return (calls) => {
    for (let c = 0; c < calls; c++) {
      const s = states[c % states.length]!;
      tree.fk(s.q, poses);
      for (let t = 0; t < tips.length; t++) tree.jacobianFromPoses(poses, tips[t]!, jac);
      tree.rnea(s.q, s.qd, s.qdd, GRAVITY, tau);
      sink += tau[0]! + jac[0]!;
    }
  };
}

function callsPerSecond(loop: (calls: number) => void, minSeconds: number): number {
  loop(2000); // warm-up (JIT)
  let calls = 1000;
  for (;;) {
    const t0 = process.hrtime.bigint();
    loop(calls);
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (dt >= minSeconds) return calls / dt;
    calls *= Math.max(2, Math.ceil(minSeconds / Math.max(dt, 1e-3)));
  }
}

/** Heap growth per call and GCs over `calls` calls of each allocation-free variant. */
async function allocation(w: Work, calls: number): Promise<string> {
  const { tree, states } = w;
  const n = tree.dofCount;
  const poses = tree.createLinkPoses();
  const jac = new Float64Array(6 * n);
  const tau = new Float64Array(n);
  const mass = new Float64Array(n * n);
  const tip = w.tips[0] ?? tree.linkCount - 1;
  const variants: [string, (s: Work['states'][number]) => void][] = [
    ['fk', (s) => tree.fk(s.q, poses)],
    ['jacobian', (s) => tree.jacobian(s.q, tip, jac)],
    ['rnea', (s) => tree.rnea(s.q, s.qd, s.qdd, GRAVITY, tau)],
    ['gravityTorques', (s) => tree.gravityTorques(s.q, GRAVITY, tau)],
    ['coriolisTorques', (s) => tree.coriolisTorques(s.q, s.qd, tau)],
    ['massMatrix', (s) => tree.massMatrix(s.q, mass)],
  ];
  const parts: string[] = [];
  const chunks = 10;
  const perChunk = Math.ceil(calls / chunks);
  for (const [name, fn] of variants) {
    for (let i = 0; i < 5000; i++) fn(states[i % states.length]!); // warm-up: let the JIT optimise
    let gcs = 0;
    const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
    obs.observe({ entryTypes: ['gc'] });
    // Median over chunks: a chunk in which something else triggered a GC does not skew the figure.
    const deltas: number[] = [];
    for (let c = 0; c < chunks; c++) {
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < perChunk; i++) fn(states[i % states.length]!);
      deltas.push((process.memoryUsage().heapUsed - before) / perChunk);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    obs.disconnect();
    deltas.sort((a, b) => a - b);
    parts.push(`${name} ${(deltas[chunks >> 1] ?? NaN).toFixed(3)} B/call, ${gcs} GC`);
  }
  return parts.join('; ');
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const reason = kdlUnavailableReason();
  if (reason !== undefined) throw new Error(`the kinematics bench needs KDL: ${reason}`);
  const minSeconds = options.quick ? 0.3 : 2;
  const allocCalls = options.quick ? 20_000 : 100_000;
  for (const name of ['kindred_exo', 'kindred_transfer'] as const) {
    const model = loadUrdfFile(shippedRobots[name]);
    const tree = compileKinematics(model);
    const tipNames = endEffectors(model);
    const rand = seededRandom(42);
    const states = Array.from({ length: CONFIGS }, () => randomState(rand, tree.lowerLimits, tree.upperLimits));
    const work: Work = { tree, tips: Int32Array.from(tipNames, (t) => tree.linkIndex(t)), states };
    const kindred = callsPerSecond(makeLoop(work), minSeconds);
    // KDL: size the repeat count so its timed loop also runs for about minSeconds.
    const probe = runKdlReference(model, tree, states, { gravity: GRAVITY, fkTips: tipNames, dynTips: tipNames, benchRepeat: 5 }).bench;
    if (probe === undefined) throw new Error('kdl_reference.py returned no timing');
    const repeat = Math.max(5, Math.ceil((5 * minSeconds) / Math.max(probe.seconds, 1e-6)));
    const timing = runKdlReference(model, tree, states, { gravity: GRAVITY, fkTips: tipNames, dynTips: tipNames, benchRepeat: repeat }).bench;
    if (timing === undefined) throw new Error('kdl_reference.py returned no timing');
    const kdl = timing.configurations / timing.seconds;
    rows.push({
      metric: `FK + Jacobian + RNEA calls/s, ${name} (${tree.dofCount} joints, ${tree.linkCount} links, ${tipNames.length} end effectors)`,
      kindred,
      reference: kdl,
      referenceName: 'KDL (PyKDL)',
      unit: 'calls/s',
      ratio: kindred / kdl,
      better: 'higher',
      aim: '> 1× KDL Python binding',
      met: kindred > kdl,
    });
    notes.push(`${name}: end effectors ${tipNames.join(', ')}; KDL runs ${tipNames.length} chains per call.`);
    notes.push(`${name} allocation over ${allocCalls} calls: ${await allocation(work, allocCalls)}.`);
  }
  notes.push('Heap growth per call near 0 B and no GC over the loop calls means the loop variants allocate nothing; heapUsed also moves with unrelated background work, so read small values as zero.');
  notes.push(`checksum ${sink.toFixed(3)}`);
  return { name: 'kinematics', rows, notes };
}
