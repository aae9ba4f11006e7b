import { describe, expect, it } from 'vitest';
import type { Joint, RobotModel } from '../../urdf/RobotModel.js';
import { compileKinematics } from './compileKinematics.js';
import { planarArmModel } from './testing/planarArm.js';

const arm = planarArmModel();
const [shoulder, elbow, tool] = arm.joints as [Joint, Joint, Joint];

function withJoints(joints: Joint[], extra: Partial<RobotModel> = {}): RobotModel {
  return { ...arm, ...extra, joints };
}

describe('compileKinematics rejects models it cannot compile', () => {
  it.each<[string, RobotModel, string, RegExp]>([
    ['missing root link', { ...arm, rootLink: 'world' }, 'MOTION_TREE_INVALID', /root link "world"/],
    ['unknown parent', withJoints([shoulder, { ...elbow, parent: 'uper' }, tool]), 'MOTION_TREE_INVALID', /parent "uper"/],
    ['unknown child', withJoints([shoulder, { ...elbow, child: 'for' }, tool]), 'MOTION_TREE_INVALID', /child "for"/],
    ['two parents', withJoints([shoulder, elbow, { ...tool, child: 'fore' }]), 'MOTION_TREE_INVALID', /child of both "elbow" and "tool_mount"/],
    ['unreachable link', withJoints([shoulder, elbow]), 'MOTION_TREE_INVALID', /"tool" cannot be reached/],
    ['zero axis', withJoints([shoulder, { ...elbow, axis: [0, 0, 0] }, tool]), 'MOTION_JOINT_AXIS_INVALID', /"elbow" has axis \[0,0,0\]/],
    ['mimic of a missing joint', withJoints([shoulder, { ...elbow, mimic: { joint: 'hip', multiplier: 1, offset: 0 } }, tool]), 'MOTION_MIMIC_INVALID', /mimics "hip", which does not exist/],
    ['mimic of a fixed joint', withJoints([shoulder, { ...elbow, mimic: { joint: 'tool_mount', multiplier: 1, offset: 0 } }, tool]), 'MOTION_MIMIC_INVALID', /which is fixed/],
    [
      'mimic cycle',
      withJoints([{ ...shoulder, mimic: { joint: 'elbow', multiplier: 1, offset: 0 } }, { ...elbow, mimic: { joint: 'shoulder', multiplier: 1, offset: 0 } }, tool]),
      'MOTION_MIMIC_INVALID',
      /mimic cycle/,
    ],
    [
      'negative mass',
      { ...arm, links: arm.links.map((l) => (l.inertial === undefined ? l : { ...l, inertial: { ...l.inertial, massKg: -1 } })) },
      'MOTION_INERTIAL_INVALID',
      /"upper" has mass -1 kg/,
    ],
  ])('%s', (_name, model, code, message) => {
    expect(() => compileKinematics(model)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});

describe('compileKinematics', () => {
  it('freezes floating and planar joints and treats continuous joints as unlimited', () => {
    const model = withJoints([{ ...shoulder, type: 'floating' }, { ...elbow, type: 'continuous' }, tool]);
    const tree = compileKinematics(model);
    expect(tree.frozenJoints).toEqual(['shoulder']);
    expect(tree.jointNames).toEqual(['elbow']);
    expect([...tree.lowerLimits, ...tree.upperLimits]).toEqual([-Infinity, Infinity]);
  });

  it('supports prismatic joints: the link moves along the axis', () => {
    const tree = compileKinematics(withJoints([{ ...shoulder, type: 'prismatic', axis: [0, 2, 0] }, elbow, tool]));
    const poses = tree.fk([0.25, 0], tree.createLinkPoses());
    expect([...poses.positionM.subarray(3, 6)]).toEqual([0, 0.25, 0]);
  });

  it('checks the lengths of vectors and buffers', () => {
    const tree = compileKinematics(arm);
    expect(() => tree.fk([0], tree.createLinkPoses())).toThrow(expect.objectContaining({ code: 'MOTION_DIMENSION_MISMATCH', message: 'q has length 1; expected 2' }));
    expect(() => tree.massMatrix([0, 0], new Float64Array(3))).toThrow(expect.objectContaining({ code: 'MOTION_DIMENSION_MISMATCH' }));
    expect(() => tree.jacobian([0, 0], 'hand', new Float64Array(12))).toThrow(expect.objectContaining({ code: 'MOTION_LINK_UNKNOWN' }));
    expect(() => tree.linkIndex(4)).toThrow(expect.objectContaining({ code: 'MOTION_LINK_UNKNOWN' }));
    expect(() => tree.jointIndex('tool_mount')).toThrow(expect.objectContaining({ code: 'MOTION_JOINT_UNKNOWN' }));
  });
});
