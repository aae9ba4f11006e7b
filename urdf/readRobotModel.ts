import type { Joint, Link, Material, RobotModel, Ros2Control, Transmission } from './RobotModel.js';
import { readJoint } from './readJoint.js';
import { readLink, readMaterial } from './readLink.js';
import { readRos2Control } from './readRos2Control.js';
import { readTransmission } from './readTransmission.js';
import { elementError } from './xml/elementError.js';
import { requiredAttribute } from './xml/readAttributes.js';
import { describeLocation, serializeXml, type XmlElement } from './xml/XmlElement.js';

interface Located<T> {
  readonly value: T;
  readonly el: XmlElement;
}

function indexByName<T extends { readonly name: string }>(items: readonly Located<T>[], code: 'URDF_DUPLICATE_LINK' | 'URDF_DUPLICATE_JOINT'): Map<string, Located<T>> {
  const byName = new Map<string, Located<T>>();
  for (const item of items) {
    const prev = byName.get(item.value.name);
    if (prev !== undefined) {
      throw elementError(code, item.el, `repeats the name "${item.value.name}" first used at ${describeLocation(prev.el)}`, {
        value: item.value.name,
        expected: `unique ${code === 'URDF_DUPLICATE_LINK' ? 'link' : 'joint'} names`,
      });
    }
    byName.set(item.value.name, item);
  }
  return byName;
}

/**
 * Build a `RobotModel` from a plain (xacro-free) `<robot>` element and check the kinematic tree:
 * unique names, existing parent/child links, one parent per link, exactly one root, no cycles, and
 * that mimic, transmission and ros2_control joints exist. Links and joints come out depth-first.
 */
export function readRobotModel(robot: XmlElement): RobotModel {
  if (robot.name !== 'robot') {
    throw elementError('URDF_BAD_ROOT', robot, 'is the root element', { value: robot.name, expected: 'a <robot name="..."> root element' });
  }
  const name = requiredAttribute(robot, 'name');
  const materialsByName = new Map<string, Material>();
  const links: Located<Link>[] = [];
  const joints: Located<Joint>[] = [];
  const transmissions: Located<Transmission>[] = [];
  const ros2Control: Located<Ros2Control>[] = [];
  const extensions: { tag: string; xml: string }[] = [];
  const elements = robot.children.filter((c): c is XmlElement => c.kind === 'element');
  // Top-level materials first: a visual may name one defined later in the file.
  for (const el of elements) if (el.name === 'material') materialsByName.set(requiredAttribute(el, 'name'), readMaterial(el, materialsByName));
  for (const el of elements) {
    switch (el.name) {
      case 'material':
        break;
      case 'link':
        links.push({ value: readLink(el, materialsByName), el });
        break;
      case 'joint':
        joints.push({ value: readJoint(el), el });
        break;
      case 'transmission':
        transmissions.push({ value: readTransmission(el), el });
        break;
      case 'ros2_control':
        ros2Control.push({ value: readRos2Control(el), el });
        break;
      default:
        extensions.push({ tag: el.name, xml: serializeXml(el) });
    }
  }
  if (links.length === 0) throw elementError('URDF_NO_LINKS', robot, 'has no <link> elements', { expected: 'at least one <link>' });
  const linkByName = indexByName(links, 'URDF_DUPLICATE_LINK');
  const jointByName = indexByName(joints, 'URDF_DUPLICATE_JOINT');

  const parentJointOf = new Map<string, Located<Joint>>();
  const childJoints = new Map<string, Located<Joint>[]>();
  for (const j of joints) {
    if (!linkByName.has(j.value.parent)) {
      throw elementError('URDF_JOINT_PARENT_MISSING', j.el, `has parent link="${j.value.parent}", which is not a <link> in this robot`, {
        value: j.value.parent,
        expected: 'the name of a <link>',
      });
    }
    if (!linkByName.has(j.value.child)) {
      throw elementError('URDF_JOINT_CHILD_MISSING', j.el, `has child link="${j.value.child}", which is not a <link> in this robot`, {
        value: j.value.child,
        expected: 'the name of a <link>',
      });
    }
    const prev = parentJointOf.get(j.value.child);
    if (prev !== undefined) {
      throw elementError('URDF_LINK_MULTIPLE_PARENTS', j.el, `makes link "${j.value.child}" a child again; joint "${prev.value.name}" at ${describeLocation(prev.el)} already does`, {
        value: j.value.child,
        expected: 'each link to be the child of at most one joint',
      });
    }
    parentJointOf.set(j.value.child, j);
    const list = childJoints.get(j.value.parent) ?? [];
    list.push(j);
    childJoints.set(j.value.parent, list);
  }

  const roots = links.filter((l) => !parentJointOf.has(l.value.name));
  if (roots.length > 1) {
    const first = roots[1] ?? roots[0];
    throw elementError('URDF_MULTIPLE_ROOTS', first?.el ?? robot, `is a second root link; the tree has ${roots.length} links with no parent joint: ${roots.map((r) => r.value.name).join(', ')}`, {
      value: roots.map((r) => r.value.name),
      expected: 'exactly one root link (connect the others with joints)',
    });
  }
  const root = roots[0];
  if (root === undefined) {
    throw cycleError(links[0] as Located<Link>, parentJointOf);
  }

  const orderedLinks: Link[] = [];
  const orderedJoints: Joint[] = [];
  const stack: string[] = [root.value.name];
  while (stack.length > 0) {
    const linkName = stack.pop() as string;
    orderedLinks.push((linkByName.get(linkName) as Located<Link>).value);
    const children = childJoints.get(linkName) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push((children[i] as Located<Joint>).value.child);
  }
  // Joints in the same depth-first order as their child links.
  for (const l of orderedLinks) {
    const pj = parentJointOf.get(l.name);
    if (pj !== undefined) orderedJoints.push(pj.value);
  }
  if (orderedLinks.length < links.length) {
    const reached = new Set(orderedLinks.map((l) => l.name));
    const stray = links.find((l) => !reached.has(l.value.name)) as Located<Link>;
    throw cycleError(stray, parentJointOf);
  }

  const checkJointRef = (el: XmlElement, ref: string, what: string): void => {
    if (!jointByName.has(ref)) {
      throw elementError('URDF_UNKNOWN_JOINT_REFERENCE', el, `${what} joint "${ref}", which is not a <joint> in this robot`, { value: ref, expected: 'the name of a <joint>' });
    }
  };
  for (const j of joints) if (j.value.mimic !== undefined) checkJointRef(j.el, j.value.mimic.joint, 'mimics');
  for (const t of transmissions) for (const tj of t.value.joints) checkJointRef(t.el, tj.name, 'drives');
  for (const rc of ros2Control) for (const cj of rc.value.joints) checkJointRef(rc.el, cj.name, 'controls');

  return {
    name,
    ...(robot.location.source === '' ? {} : { source: robot.location.source }),
    rootLink: root.value.name,
    links: orderedLinks,
    joints: orderedJoints,
    materials: [...materialsByName.values()],
    transmissions: transmissions.map((t) => t.value),
    ros2Control: ros2Control.map((r) => r.value),
    extensions,
  };
}

function cycleError(start: Located<Link>, parentJointOf: ReadonlyMap<string, Located<Joint>>): Error {
  // Walk up parent joints from a link that the root does not reach; every such walk ends in a cycle.
  const seen: string[] = [];
  let at = start.value.name;
  while (!seen.includes(at)) {
    seen.push(at);
    const pj = parentJointOf.get(at);
    if (pj === undefined) break;
    at = pj.value.parent;
  }
  const cycle = [...seen.slice(seen.indexOf(at)), at];
  const joint = parentJointOf.get(at) as Located<Joint>;
  return elementError('URDF_CYCLE', joint.el, `closes a kinematic loop: ${cycle.reverse().join(' → ')}`, {
    value: cycle,
    expected: 'a tree (URDF cannot describe closed chains)',
  });
}
