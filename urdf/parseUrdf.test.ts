import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKindredError } from '../runtime/errors/index.js';
import { formatUrdfTree } from './formatUrdfTree.js';
import { parseUrdf } from './parseUrdf.js';
import { robotModelToJson } from './robotModelToJson.js';

const CHECK_URDF = '/usr/bin/check_urdf';
const haveCheckUrdf = existsSync(CHECK_URDF);
if (!haveCheckUrdf) console.warn(`[urdf] ${CHECK_URDF} not found (Debian liburdfdom-tools): skipping the check_urdf cross-checks of the malformed-file table`);

/** A robot whose body starts on line 2 of the text. */
const robot = (body: string): string => `<robot name="r">\n${body}\n</robot>\n`;
const link = (name: string): string => `<link name="${name}"/>`;
const joint = (name: string, type: string, parent: string, child: string, extra = ''): string =>
  `<joint name="${name}" type="${type}"><parent link="${parent}"/><child link="${child}"/>${extra}</joint>`;
const LIM = '<limit lower="-1" upper="1" effort="10" velocity="2"/>';

function errorOf(text: string, source = 'bad.urdf'): { code: string; message: string; line: unknown } {
  try {
    parseUrdf(text, { source });
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, message: e.message, line: e.context.line };
    throw e;
  }
  throw new Error('expected a KindredError, but the text parsed');
}

// [case, text, code, message fragment, does check_urdf (urdfdom) reject it too?]
const BAD: readonly (readonly [string, string, string, string, boolean])[] = [
  ['unclosed tag', '<robot name="r">\n<link name="a">\n</robot>', 'URDF_XML_SYNTAX', 'bad.urdf:2:16: XML syntax error: Opening and ending tag mismatch: "link" != "robot"', true],
  ['unquoted attribute', '<robot name="r">\n<link name=a/>\n</robot>', 'URDF_XML_SYNTAX', 'bad.urdf:2:1: XML syntax error: attribute "a" missed quot(")!', false],
  ['root is not <robot>', '<model name="r"><link name="a"/></model>', 'URDF_BAD_ROOT', 'bad.urdf:1: <model name="r"> is the root element', true],
  ['no links', robot(''), 'URDF_NO_LINKS', 'bad.urdf:1: <robot name="r"> has no <link> elements', true],
  ['link without name', robot('<link/>'), 'URDF_MISSING_ATTRIBUTE', 'bad.urdf:2: <link> has no name="..." attribute', false],
  ['duplicate link', robot(`${link('a')}\n${link('a')}`), 'URDF_DUPLICATE_LINK', 'bad.urdf:3: <link name="a"> repeats the name "a" first used at bad.urdf:2', true],
  [
    'duplicate joint',
    robot(`${link('a')}\n${link('b')}\n${link('c')}\n${joint('j', 'fixed', 'a', 'b')}\n${joint('j', 'fixed', 'a', 'c')}`),
    'URDF_DUPLICATE_JOINT',
    'bad.urdf:6: <joint name="j"> repeats the name "j" first used at bad.urdf:5',
    true,
  ],
  ['missing parent link', robot(`${link('a')}\n${joint('j', 'fixed', 'nowhere', 'a')}`), 'URDF_JOINT_PARENT_MISSING', 'bad.urdf:3: <joint name="j"> has parent link="nowhere"', true],
  ['missing child link', robot(`${link('a')}\n${joint('j', 'fixed', 'a', 'ghost')}`), 'URDF_JOINT_CHILD_MISSING', 'bad.urdf:3: <joint name="j"> has child link="ghost"', true],
  ['joint without <child>', robot(`${link('a')}\n<joint name="j" type="fixed"><parent link="a"/></joint>`), 'URDF_MISSING_ELEMENT', 'bad.urdf:3: <joint name="j"> has no <child> element', true],
  ['two roots', robot(`${link('a')}\n${link('b')}`), 'URDF_MULTIPLE_ROOTS', 'bad.urdf:3: <link name="b"> is a second root link; the tree has 2 links with no parent joint: a, b', true],
  [
    'cycle with no root',
    robot(`${link('a')}\n${link('b')}\n${joint('j1', 'fixed', 'a', 'b')}\n${joint('j2', 'fixed', 'b', 'a')}`),
    'URDF_CYCLE',
    'closes a kinematic loop: ',
    true,
  ],
  [
    'cycle beside a root',
    robot(`${link('r0')}\n${link('a')}\n${link('b')}\n${joint('j0', 'fixed', 'r0', 'a')}\n${joint('j1', 'fixed', 'a', 'b')}\n${joint('j2', 'fixed', 'b', 'a')}`),
    'URDF_LINK_MULTIPLE_PARENTS',
    'bad.urdf:7: <joint name="j2"> makes link "a" a child again; joint "j0" at bad.urdf:5 already does',
    true,
  ],
  [
    'cycle apart from the root',
    robot(`${link('r0')}\n${link('a')}\n${link('b')}\n${joint('j1', 'fixed', 'a', 'b')}\n${joint('j2', 'fixed', 'b', 'a')}`),
    'URDF_CYCLE',
    'closes a kinematic loop: a → b → a',
    false,
  ],
  ['revolute without limit', robot(`${link('a')}\n${link('b')}\n${joint('knee_left', 'revolute', 'a', 'b')}`), 'URDF_LIMIT_MISSING', 'bad.urdf:4: <joint name="knee_left"> is revolute but has no <limit>', true],
  ['prismatic without limit', robot(`${link('a')}\n${link('b')}\n${joint('lift', 'prismatic', 'a', 'b')}`), 'URDF_LIMIT_MISSING', '<joint name="lift"> is prismatic but has no <limit>', true],
  [
    'lower > upper',
    robot(`${link('a')}\n${link('b')}\n${joint('knee_left', 'revolute', 'a', 'b', '<limit lower="2" upper="1" effort="10" velocity="2"/>')}`),
    'URDF_LIMIT_ORDER',
    'bad.urdf:4: <joint name="knee_left"> has <limit lower="2" upper="1">',
    false,
  ],
  [
    'soft lower > soft upper',
    robot(`${link('a')}\n${link('b')}\n${joint('k', 'revolute', 'a', 'b', `${LIM}<safety_controller soft_lower_limit="0.5" soft_upper_limit="0.2" k_velocity="10"/>`)}`),
    'URDF_LIMIT_ORDER',
    '<safety_controller soft_lower_limit="0.5" soft_upper_limit="0.2">',
    false,
  ],
  [
    'zero effort',
    robot(`${link('a')}\n${link('b')}\n${joint('k', 'revolute', 'a', 'b', '<limit lower="-1" upper="1" effort="0" velocity="2"/>')}`),
    'URDF_LIMIT_NONPOSITIVE',
    'bad.urdf:4: <joint name="k"> has <limit effort="0">',
    false,
  ],
  [
    'negative velocity',
    robot(`${link('a')}\n${link('b')}\n${joint('k', 'continuous', 'a', 'b', '<limit effort="5" velocity="-2"/>')}`),
    'URDF_LIMIT_NONPOSITIVE',
    '<joint name="k"> has <limit velocity="-2">',
    false,
  ],
  ['limit without effort', robot(`${link('a')}\n${link('b')}\n${joint('k', 'revolute', 'a', 'b', '<limit lower="-1" upper="1" velocity="2"/>')}`), 'URDF_MISSING_ATTRIBUTE', '<limit> has no effort="..." attribute', true],
  ['malformed number', robot(`${link('a')}\n${link('b')}\n${joint('k', 'revolute', 'a', 'b', '<limit lower="-1" upper="1.2.3" effort="10" velocity="2"/>')}`), 'URDF_BAD_NUMBER', 'bad.urdf:4: <limit> has upper="1.2.3", which is not a number', true],
  ['xyz with two numbers', robot(`${link('a')}\n${link('b')}\n${joint('k', 'fixed', 'a', 'b', '<origin xyz="0 1"/>')}`), 'URDF_BAD_NUMBER', '<origin> has xyz="0 1" with 2 number(s)', true],
  ['NaN mass', robot('<link name="a"><inertial><mass value="nan"/><inertia ixx="1" ixy="0" ixz="0" iyy="1" iyz="0" izz="1"/></inertial></link>'), 'URDF_BAD_NUMBER', '<mass> has value="nan", which is not a number', false],
  ['bad joint type', robot(`${link('a')}\n${link('b')}\n${joint('k', 'hinge', 'a', 'b')}`), 'URDF_BAD_JOINT_TYPE', 'bad.urdf:4: <joint name="k"> has type="hinge"', true],
  ['zero axis', robot(`${link('a')}\n${link('b')}\n${joint('k', 'continuous', 'a', 'b', '<axis xyz="0 0 0"/>')}`), 'URDF_BAD_AXIS', '<joint name="k"> has <axis xyz="0 0 0">', false],
  [
    'non-positive-definite inertia',
    robot('<link name="a"><inertial><mass value="1"/><inertia ixx="1" ixy="0" ixz="0" iyy="-1" iyz="0" izz="1"/></inertial></link>'),
    'URDF_INERTIA_INVALID',
    'bad.urdf:2: <inertia> (ixx=1 ixy=0 ixz=0 iyy=-1 iyz=0 izz=1) is not positive definite',
    false,
  ],
  [
    'inertia breaking the triangle inequality',
    robot('<link name="a"><inertial><mass value="1"/><inertia ixx="0.1" ixy="0" ixz="0" iyy="0.1" iyz="0" izz="0.5"/></inertial></link>'),
    'URDF_INERTIA_INVALID',
    'violates the triangle inequality (principal moments 0.1 + 0.1 < 0.5 kg·m²)',
    false,
  ],
  ['negative mass', robot('<link name="a"><inertial><mass value="-2"/><inertia ixx="1" ixy="0" ixz="0" iyy="1" iyz="0" izz="1"/></inertial></link>'), 'URDF_INERTIA_INVALID', '<mass> has value="-2"', false],
  ['unknown geometry', robot('<link name="a"><visual><geometry><capsule radius="1" length="2"/></geometry></visual></link>'), 'URDF_BAD_GEOMETRY', '<capsule> is not a URDF geometry', false],
  ['negative box size', robot('<link name="a"><collision><geometry><box size="1 -1 1"/></geometry></collision></link>'), 'URDF_BAD_GEOMETRY', '<box> has size="-1"', false],
  ['mimic of a missing joint', robot(`${link('a')}\n${link('b')}\n${joint('k', 'continuous', 'a', 'b', '<mimic joint="nope"/>')}`), 'URDF_UNKNOWN_JOINT_REFERENCE', '<joint name="k"> mimics joint "nope"', false],
  [
    'ros2_control of a missing joint',
    robot(`${link('a')}\n<ros2_control name="s" type="system"><hardware><plugin>kindred/SimSystem</plugin></hardware><joint name="ghost"/></ros2_control>`),
    'URDF_UNKNOWN_JOINT_REFERENCE',
    'bad.urdf:3: <ros2_control name="s"> controls joint "ghost"',
    false,
  ],
  ['ros2_control of a bad type', robot(`${link('a')}\n<ros2_control name="s" type="robot"><hardware><plugin>p</plugin></hardware></ros2_control>`), 'URDF_BAD_VALUE', '<ros2_control name="s"> has type="robot"', false],
  ['ros2_control without a plugin', robot(`${link('a')}\n<ros2_control name="s" type="system"><hardware/></ros2_control>`), 'URDF_MISSING_ELEMENT', '<hardware> has no <plugin> element', false],
  [
    'xacro: undefined property',
    '<robot name="r" xmlns:xacro="http://www.ros.org/wiki/xacro">\n<link name="${nope}"/>\n</robot>',
    'XACRO_UNDEFINED_NAME',
    'bad.urdf:2: <link name="${nope}"> name="${nope}": cannot evaluate ${nope}: "nope" is not a defined property',
    false,
  ],
  [
    'xacro: macro missing a parameter (error names the call line)',
    '<robot name="r" xmlns:xacro="http://www.ros.org/wiki/xacro">\n<xacro:macro name="m" params="a b"><link name="${a}${b}"/></xacro:macro>\n<xacro:m a="x"/>\n</robot>',
    'XACRO_MACRO_PARAM_MISSING',
    'bad.urdf:3: <xacro:m> does not give parameter "b" of macro "m" (bad.urdf:2)',
    false,
  ],
  [
    'xacro: limit error inside a macro names the call',
    '<robot name="r" xmlns:xacro="http://www.ros.org/wiki/xacro">\n<link name="base"/>\n<xacro:macro name="leg" params="side">\n<link name="shank_${side}"/>\n<joint name="knee_${side}" type="revolute"><parent link="base"/><child link="shank_${side}"/><limit lower="1" upper="0" effort="1" velocity="1"/></joint>\n</xacro:macro>\n<xacro:leg side="left"/>\n</robot>',
    'URDF_LIMIT_ORDER',
    'bad.urdf:5 (from macro "leg" called at bad.urdf:7): <joint name="knee_left"> has <limit lower="1" upper="0">',
    false,
  ],
];

describe('malformed URDF and xacro: each gives its exact coded error', () => {
  it.each(BAD)('%s', (_name, text, code, fragment) => {
    const e = errorOf(text);
    expect(e.code).toBe(code);
    expect(e.message).toContain(fragment);
    expect(typeof e.line).toBe('number');
  });
});

describe.skipIf(!haveCheckUrdf)('malformed URDF: check_urdf (urdfdom) rejects the ones it checks too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-urdf-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rejectedByUrdfdom = BAD.filter((b) => b[4] && !b[0].startsWith('xacro'));
  it.each(rejectedByUrdfdom)('%s: check_urdf exits non-zero', (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '_')}.urdf`);
    writeFileSync(file, text);
    const r = spawnSync(CHECK_URDF, [file], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
  });
  const acceptedByUrdfdom = BAD.filter((b) => !b[4] && !b[0].startsWith('xacro'));
  it.each(acceptedByUrdfdom)('%s: check_urdf accepts it (a check Kindred adds)', (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '_')}.urdf`);
    writeFileSync(file, text);
    const r = spawnSync(CHECK_URDF, [file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
  });
});

const FULL = `<?xml version="1.0"?>
<robot name="full">
  <material name="steel"><color rgba="0.5 0.5 0.5 1"/></material>
  <link name="base">
    <inertial><origin xyz="0 0 0.1" rpy="0 0 0"/><mass value="2"/><inertia ixx="0.1" ixy="0.01" ixz="0" iyy="0.1" iyz="0" izz="0.15"/></inertial>
    <visual name="body"><origin xyz="0 0 0.1"/><geometry><box size="0.2 0.3 0.4"/></geometry><material name="steel"/></visual>
    <collision><geometry><cylinder radius="0.1" length="0.5"/></geometry></collision>
    <collision name="bump"><geometry><sphere radius="0.2"/></geometry></collision>
  </link>
  <link name="shell"><visual><geometry><mesh filename="package://kindred/meshes/shell.stl" scale="0.001 0.001 0.001"/></geometry><material name="paint"><color rgba="1 0 0 1"/><texture filename="paint.png"/></material></visual></link>
  <link name="arm"/><link name="finger_a"/><link name="finger_b"/><link name="slider"/><link name="free"/><link name="plane"/>
  <joint name="shell_joint" type="fixed"><parent link="base"/><child link="shell"/></joint>
  <joint name="shoulder" type="revolute">
    <origin xyz="0 0 0.3" rpy="0 1.5707963 0"/><parent link="base"/><child link="arm"/><axis xyz="0 0 2"/>
    <limit lower="-1.5" upper="1.5" effort="30" velocity="2"/>
    <dynamics damping="0.7" friction="0.1"/>
    <calibration rising="0.2"/>
    <safety_controller soft_lower_limit="-1.4" soft_upper_limit="1.4" k_position="100" k_velocity="10"/>
  </joint>
  <joint name="finger_a_joint" type="continuous"><parent link="arm"/><child link="finger_a"/><axis xyz="0 1 0"/><limit effort="1" velocity="3"/></joint>
  <joint name="finger_b_joint" type="continuous"><parent link="arm"/><child link="finger_b"/><mimic joint="finger_a_joint" multiplier="-1" offset="0.1"/></joint>
  <joint name="lift" type="prismatic"><parent link="base"/><child link="slider"/><axis xyz="0 0 1"/><limit upper="0.4" effort="500" velocity="0.1"/></joint>
  <joint name="float" type="floating"><parent link="base"/><child link="free"/></joint>
  <joint name="planar" type="planar"><parent link="base"/><child link="plane"/><axis xyz="0 0 1"/></joint>
  <transmission name="shoulder_trans">
    <type>transmission_interface/SimpleTransmission</type>
    <joint name="shoulder"><hardwareInterface>hardware_interface/EffortJointInterface</hardwareInterface></joint>
    <actuator name="shoulder_motor"><mechanicalReduction>50</mechanicalReduction></actuator>
  </transmission>
  <ros2_control name="FullSystem" type="system">
    <hardware><plugin>kindred/SimSystem</plugin><param name="rate_hz">500</param></hardware>
    <joint name="shoulder">
      <command_interface name="effort"><param name="min">-30</param><param name="max">30</param></command_interface>
      <state_interface name="position"><param name="initial_value">0.25</param></state_interface>
      <state_interface name="velocity"/>
      <param name="id">3</param>
    </joint>
    <sensor name="wrist_ft"><state_interface name="force.x"/><state_interface name="torque.z"/><param name="frame_id">arm</param></sensor>
    <gpio name="estop"><state_interface name="pressed"/></gpio>
  </ros2_control>
  <gazebo reference="arm"><material>Gazebo/Blue</material><mu1>0.2</mu1></gazebo>
  <kindred:extra xmlns:kindred="urn:kindred" level="3">anything</kindred:extra>
</robot>`;

describe('a URDF using every element parses into the RobotModel', () => {
  const m = parseUrdf(FULL, { source: 'full.urdf' });

  it('keeps the tree depth-first from the single root', () => {
    expect(m.name).toBe('full');
    expect(m.source).toBe('full.urdf');
    expect(m.rootLink).toBe('base');
    expect(m.links.map((l) => l.name)).toEqual(['base', 'shell', 'arm', 'finger_a', 'finger_b', 'slider', 'free', 'plane']);
    expect(m.joints.map((j) => j.name)).toEqual(['shell_joint', 'shoulder', 'finger_a_joint', 'finger_b_joint', 'lift', 'float', 'planar']);
    expect(m.joints.map((j) => j.type)).toEqual(['fixed', 'revolute', 'continuous', 'continuous', 'prismatic', 'floating', 'planar']);
  });

  it('reads inertial, visual, collision geometry and materials', () => {
    const base = m.links[0];
    expect(base?.inertial).toEqual({ origin: { xyz: [0, 0, 0.1], rpy: [0, 0, 0] }, massKg: 2, ixx: 0.1, ixy: 0.01, ixz: 0, iyy: 0.1, iyz: 0, izz: 0.15 });
    expect(base?.visuals).toEqual([{ name: 'body', origin: { xyz: [0, 0, 0.1], rpy: [0, 0, 0] }, geometry: { type: 'box', size: [0.2, 0.3, 0.4] }, material: { name: 'steel', color: [0.5, 0.5, 0.5, 1] } }]);
    expect(base?.collisions.map((c) => c.geometry)).toEqual([{ type: 'cylinder', radius: 0.1, length: 0.5 }, { type: 'sphere', radius: 0.2 }]);
    expect(m.links[1]?.visuals[0]?.geometry).toEqual({ type: 'mesh', filename: 'package://kindred/meshes/shell.stl', scale: [0.001, 0.001, 0.001] });
    expect(m.links[1]?.visuals[0]?.material).toEqual({ name: 'paint', color: [1, 0, 0, 1], texture: 'paint.png' });
    expect(m.materials.map((x) => x.name)).toEqual(['steel']);
  });

  it('reads origin, unit axis, limit, dynamics, calibration, mimic and safety_controller', () => {
    const shoulder = m.joints[1];
    expect(shoulder).toEqual({
      name: 'shoulder',
      type: 'revolute',
      parent: 'base',
      child: 'arm',
      origin: { xyz: [0, 0, 0.3], rpy: [0, 1.5707963, 0] },
      axis: [0, 0, 1],
      limit: { lower: -1.5, upper: 1.5, effort: 30, velocity: 2 },
      dynamics: { damping: 0.7, friction: 0.1 },
      calibration: { rising: 0.2 },
      safetyController: { softLowerLimit: -1.4, softUpperLimit: 1.4, kPosition: 100, kVelocity: 10 },
    });
    expect(m.joints[0]?.axis).toEqual([1, 0, 0]);
    expect(m.joints[2]?.limit).toEqual({ effort: 1, velocity: 3 });
    expect(m.joints[3]?.mimic).toEqual({ joint: 'finger_a_joint', multiplier: -1, offset: 0.1 });
    expect(m.joints[4]?.limit).toEqual({ lower: 0, upper: 0.4, effort: 500, velocity: 0.1 });
  });

  it('reads transmissions and the ros2_control block', () => {
    expect(m.transmissions).toEqual([
      {
        name: 'shoulder_trans',
        type: 'transmission_interface/SimpleTransmission',
        joints: [{ name: 'shoulder', hardwareInterfaces: ['hardware_interface/EffortJointInterface'] }],
        actuators: [{ name: 'shoulder_motor', mechanicalReduction: 50 }],
      },
    ]);
    expect(m.ros2Control).toEqual([
      {
        name: 'FullSystem',
        type: 'system',
        plugin: 'kindred/SimSystem',
        hardwareParameters: { rate_hz: '500' },
        joints: [
          {
            name: 'shoulder',
            commandInterfaces: [{ name: 'effort', min: -30, max: 30, parameters: {} }],
            stateInterfaces: [
              { name: 'position', initialValue: 0.25, parameters: {} },
              { name: 'velocity', parameters: {} },
            ],
            parameters: { id: '3' },
          },
        ],
        sensors: [
          {
            name: 'wrist_ft',
            commandInterfaces: [],
            stateInterfaces: [
              { name: 'force.x', parameters: {} },
              { name: 'torque.z', parameters: {} },
            ],
            parameters: { frame_id: 'arm' },
          },
        ],
        gpios: [{ name: 'estop', commandInterfaces: [], stateInterfaces: [{ name: 'pressed', parameters: {} }], parameters: {} }],
      },
    ]);
  });

  it('keeps unknown extension tags (gazebo, other namespaces) as raw XML without failing', () => {
    expect(m.extensions).toEqual([
      { tag: 'gazebo', xml: '<gazebo reference="arm"><material>Gazebo/Blue</material><mu1>0.2</mu1></gazebo>' },
      { tag: 'kindred:extra', xml: '<kindred:extra xmlns:kindred="urn:kindred" level="3">anything</kindred:extra>' },
    ]);
  });

  it('round-trips through JSON unchanged', () => {
    const json = robotModelToJson(m);
    expect(json.format).toBe('kindred.robot_model');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.joints).toEqual(m.joints);
  });

  it('prints a check_urdf-style tree with every joint and its limits', () => {
    expect(formatUrdfTree(m)).toBe(
      [
        'robot name is: full',
        '---------- Successfully Parsed XML ---------------',
        'root Link: base has 5 child(ren)',
        '    child(1):  free',
        '    child(2):  slider',
        '    child(3):  plane',
        '    child(4):  shell',
        '    child(5):  arm',
        '        child(1):  finger_a',
        '        child(2):  finger_b',
        '---------- Joints: 7 (6 movable), links: 8 ---------------',
        'shell_joint     fixed      base -> shell: no limits',
        'shoulder        revolute   base -> arm axis [0 0 1]: lower -1.5 upper 1.5 rad, effort 30 N·m, velocity 2 rad/s, safety soft [-1.4, 1.4] rad k_position 100 k_velocity 10',
        'finger_a_joint  continuous arm -> finger_a axis [0 1 0]: effort 1 N·m, velocity 3 rad/s',
        'finger_b_joint  continuous arm -> finger_b axis [1 0 0]: mimics finger_a_joint ×-1 + 0.1',
        'lift            prismatic  base -> slider axis [0 0 1]: lower 0 upper 0.4 m, effort 500 N, velocity 0.1 m/s',
        'float           floating   base -> free axis [1 0 0]: no limits',
        'planar          planar     base -> plane axis [0 0 1]: no limits',
        '',
      ].join('\n'),
    );
  });
});
