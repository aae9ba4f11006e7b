import type { Collision, Geometry, Inertial, Link, Material, Visual } from './RobotModel.js';
import { elementError } from './xml/elementError.js';
import { inertiaProblem } from './principalMoments.js';
import { numberList, originOf, requiredAttribute, requiredChild, requiredNumber, vec3Attribute } from './xml/readAttributes.js';
import { childElements, firstChild, type XmlElement } from './xml/XmlElement.js';

function positive(el: XmlElement, attr: string, v: number): number {
  if (!(v > 0)) {
    throw elementError('URDF_BAD_GEOMETRY', el, `has ${attr}="${v}"`, { field: `${el.name}@${attr}`, value: v, expected: 'a positive size in metres' });
  }
  return v;
}

function readGeometry(parent: XmlElement): Geometry {
  const g = requiredChild(parent, 'geometry');
  const shapes = childElements(g);
  const shape = shapes[0];
  if (shape === undefined || shapes.length !== 1) {
    throw elementError('URDF_BAD_GEOMETRY', g, `has ${shapes.length} shape elements`, { value: shapes.map((s) => s.name), expected: 'exactly one of <box>, <cylinder>, <sphere>, <mesh>' });
  }
  switch (shape.name) {
    case 'box': {
      const [x = 0, y = 0, z = 0] = numberList(shape, 'size', requiredAttribute(shape, 'size'), 3).map((s) => positive(shape, 'size', s));
      return { type: 'box', size: [x, y, z] };
    }
    case 'cylinder':
      return { type: 'cylinder', radius: positive(shape, 'radius', requiredNumber(shape, 'radius')), length: positive(shape, 'length', requiredNumber(shape, 'length')) };
    case 'sphere':
      return { type: 'sphere', radius: positive(shape, 'radius', requiredNumber(shape, 'radius')) };
    case 'mesh':
      return { type: 'mesh', filename: requiredAttribute(shape, 'filename'), scale: vec3Attribute(shape, 'scale', [1, 1, 1]) };
    default:
      throw elementError('URDF_BAD_GEOMETRY', shape, 'is not a URDF geometry', { value: shape.name, expected: 'one of <box>, <cylinder>, <sphere>, <mesh>' });
  }
}

/** A `<material>` element (top-level or inside a visual), its colour resolved from `known` by name. */
export function readMaterial(el: XmlElement, known: ReadonlyMap<string, Material>): Material {
  const name = el.attributes.get('name') ?? '';
  const colorEl = firstChild(el, 'color');
  const textureEl = firstChild(el, 'texture');
  const base = known.get(name);
  let color = base?.color;
  if (colorEl !== undefined) {
    const [r = 0, g = 0, b = 0, a = 0] = numberList(colorEl, 'rgba', requiredAttribute(colorEl, 'rgba'), 4);
    color = [r, g, b, a];
  }
  const texture = textureEl === undefined ? base?.texture : requiredAttribute(textureEl, 'filename');
  return { name, ...(color === undefined ? {} : { color }), ...(texture === undefined ? {} : { texture }) };
}

function readInertial(el: XmlElement): Inertial {
  const massEl = requiredChild(el, 'mass');
  const massKg = requiredNumber(massEl, 'value');
  const i = requiredChild(el, 'inertia');
  const [ixx, ixy, ixz, iyy, iyz, izz] = (['ixx', 'ixy', 'ixz', 'iyy', 'iyz', 'izz'] as const).map((k) => requiredNumber(i, k)) as [number, number, number, number, number, number];
  if (massKg < 0) {
    throw elementError('URDF_INERTIA_INVALID', massEl, `has value="${massKg}"`, { value: massKg, expected: 'a mass ≥ 0 kg' });
  }
  if (massKg > 0) {
    const problem = inertiaProblem(ixx, ixy, ixz, iyy, iyz, izz);
    if (problem !== undefined) {
      throw elementError('URDF_INERTIA_INVALID', i, `(ixx=${ixx} ixy=${ixy} ixz=${ixz} iyy=${iyy} iyz=${iyz} izz=${izz}) ${problem}`, {
        value: { ixx, ixy, ixz, iyy, iyz, izz },
        expected: 'a positive-definite tensor whose principal moments satisfy the triangle inequality',
      });
    }
  }
  return { origin: originOf(el), massKg, ixx, ixy, ixz, iyy, iyz, izz };
}

export function readLink(el: XmlElement, materials: ReadonlyMap<string, Material>): Link {
  const name = requiredAttribute(el, 'name');
  const inertialEl = firstChild(el, 'inertial');
  const visuals: Visual[] = childElements(el, 'visual').map((v) => {
    const materialEl = firstChild(v, 'material');
    const vname = v.attributes.get('name');
    return {
      ...(vname === undefined ? {} : { name: vname }),
      origin: originOf(v),
      geometry: readGeometry(v),
      ...(materialEl === undefined ? {} : { material: readMaterial(materialEl, materials) }),
    };
  });
  const collisions: Collision[] = childElements(el, 'collision').map((c) => {
    const cname = c.attributes.get('name');
    return { ...(cname === undefined ? {} : { name: cname }), origin: originOf(c), geometry: readGeometry(c) };
  });
  return { name, ...(inertialEl === undefined ? {} : { inertial: readInertial(inertialEl) }), visuals, collisions };
}
