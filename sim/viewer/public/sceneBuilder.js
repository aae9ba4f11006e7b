// Builds a Three.js scene from the simulator's ViewScene and moves it with each ViewFrame.
// World frame is MuJoCo's: z up, metres. MuJoCo quaternions arrive as (w, x, y, z).
import * as THREE from 'three';
import { forceLevel, LEVEL_COLOURS } from './text.js';

/**
 * @typedef {object} ViewGeom
 * @property {number} body
 * @property {'plane'|'hfield'|'sphere'|'capsule'|'ellipsoid'|'cylinder'|'box'|'mesh'} type
 * @property {number[]} size
 * @property {number[]} pos
 * @property {number[]} quat w, x, y, z
 * @property {number[]} rgba
 * @property {{ vertices: number[], faces: number[] }} [mesh]
 * @property {string} [name]
 *
 * @typedef {object} ViewScene
 * @property {string} name
 * @property {{ name: string, parent: number }[]} bodies
 * @property {ViewGeom[]} geoms
 * @property {{ name: string, lower: number, upper: number, command?: string, kind?: 'hinge'|'slide' }[]} joints
 * @property {{ name: string, body: number, limitN: number }[]} forces
 *
 * @typedef {object} ViewFrame
 * @property {number} timeS
 * @property {number[]} xpos
 * @property {number[]} xquat
 * @property {number[]} joints
 * @property {number[]} forces
 * @property {string} safety
 * @property {boolean} running
 * @property {number} timeScale
 */

/** An infinite MuJoCo plane (size 0) is drawn this big, metres. */
const INFINITE_PLANE_M = 20;
/** A force at its limit is drawn this long, metres. */
const ARROW_AT_LIMIT_M = 0.4;
/** Forces below this are not drawn, newtons. */
const MIN_ARROW_N = 0.05;

/**
 * The Three.js objects of one scene: a group per body, posed from frames, and an arrow per force channel.
 */
export class SimScene {
  /** @param {ViewScene} view */
  constructor(view) {
    this.view = view;
    this.root = new THREE.Group();
    this.root.name = view.name;
    /** @type {THREE.Group[]} */
    this.bodies = view.bodies.map((body) => {
      const group = new THREE.Group();
      group.name = body.name;
      this.root.add(group);
      return group;
    });
    for (const geom of view.geoms) {
      const object = geomObject(geom);
      if (object !== undefined) this.bodies[geom.body]?.add(object);
    }
    /** @type {THREE.ArrowHelper[]} */
    this.arrows = view.forces.map((channel) => {
      const arrow = new THREE.ArrowHelper(new THREE.Vector3(0, 0, 1), new THREE.Vector3(), ARROW_AT_LIMIT_M, LEVEL_COLOURS.ok);
      arrow.name = `force:${channel.name}`;
      arrow.visible = false;
      // Contact forces act at surfaces, mostly inside the bodies drawn: draw arrows over everything.
      for (const part of [arrow.line, arrow.cone]) {
        part.material.depthTest = false;
        part.renderOrder = 10;
      }
      this.root.add(arrow);
      return arrow;
    });
  }

  /**
   * Pose every body and force arrow from a frame.
   * @param {ViewFrame} frame
   */
  apply(frame) {
    this.bodies.forEach((group, i) => {
      group.position.set(frame.xpos[3 * i] ?? 0, frame.xpos[3 * i + 1] ?? 0, frame.xpos[3 * i + 2] ?? 0);
      const q = 4 * i;
      group.quaternion.set(frame.xquat[q + 1] ?? 0, frame.xquat[q + 2] ?? 0, frame.xquat[q + 3] ?? 0, frame.xquat[q] ?? 1);
    });
    const direction = new THREE.Vector3();
    this.arrows.forEach((arrow, i) => {
      const channel = this.view.forces[i];
      const at = 6 * i;
      direction.set(frame.forces[at + 3] ?? 0, frame.forces[at + 4] ?? 0, frame.forces[at + 5] ?? 0);
      const forceN = direction.length();
      arrow.visible = channel !== undefined && forceN >= MIN_ARROW_N;
      if (!arrow.visible || channel === undefined) return;
      arrow.position.set(frame.forces[at] ?? 0, frame.forces[at + 1] ?? 0, frame.forces[at + 2] ?? 0);
      arrow.setDirection(direction.divideScalar(forceN));
      const length = Math.min(2, forceN / channel.limitN) * ARROW_AT_LIMIT_M;
      arrow.setLength(Math.max(length, 0.05), Math.min(0.2 * length + 0.02, 0.08), 0.03);
      arrow.setColor(LEVEL_COLOURS[forceLevel(forceN, channel.limitN)]);
    });
  }

  /** The bounding sphere of everything but planes, for framing the camera. */
  bounds() {
    const box = new THREE.Box3();
    this.root.updateMatrixWorld(true); // poses from the last frame are not in the world matrices until a render
    this.root.traverse((object) => {
      if (object instanceof THREE.Mesh && object.userData.plane !== true) box.expandByObject(object);
    });
    return box.isEmpty() ? new THREE.Sphere(new THREE.Vector3(0, 0, 0.5), 1) : box.getBoundingSphere(new THREE.Sphere());
  }

  /** Free the GPU buffers. */
  dispose() {
    this.root.traverse((object) => {
      if (object instanceof THREE.Mesh || object instanceof THREE.LineSegments || object instanceof THREE.Line) {
        object.geometry.dispose();
        const materials = Array.isArray(object.material) ? object.material : [object.material];
        for (const material of materials) material.dispose();
      }
    });
    this.root.removeFromParent();
  }
}

/**
 * One MuJoCo geom as a Three.js object placed in its body's frame.
 * @param {ViewGeom} geom
 * @returns {THREE.Object3D | undefined}
 */
function geomObject(geom) {
  const [sx = 0, sy = 0, sz = 0] = geom.size;
  const [r = 0.5, g = 0.5, b = 0.5, a = 1] = geom.rgba;
  const material = new THREE.MeshStandardMaterial({
    color: new THREE.Color().setRGB(r, g, b, THREE.SRGBColorSpace),
    transparent: a < 1,
    opacity: a,
    roughness: 0.75,
    metalness: 0.05,
    side: geom.type === 'plane' ? THREE.DoubleSide : THREE.FrontSide,
    flatShading: geom.type === 'mesh',
  });
  /** @type {THREE.BufferGeometry | undefined} */
  let geometry;
  // MuJoCo's capsules and cylinders run along their local z; three's along y: turn y into z.
  switch (geom.type) {
    case 'plane': {
      const w = sx > 0 ? 2 * sx : INFINITE_PLANE_M;
      const h = sy > 0 ? 2 * sy : INFINITE_PLANE_M;
      const plane = new THREE.Mesh(new THREE.PlaneGeometry(w, h), material);
      plane.userData.plane = true;
      const grid = new THREE.GridHelper(Math.max(w, h), Math.round(Math.max(w, h) / (sx > 0 && sx < 1 ? 0.1 : 1)), 0x8895a3, 0x5d6875);
      grid.rotation.x = Math.PI / 2; // GridHelper lies in three's xz plane; MuJoCo's plane is xy
      grid.position.z = 0.001;
      plane.add(grid);
      return place(plane, geom);
    }
    case 'hfield':
      geometry = new THREE.BoxGeometry(2 * sx, 2 * sy, Math.max(sz, 0.01)); // height data is not sent: a slab stands in
      break;
    case 'sphere':
      geometry = new THREE.SphereGeometry(sx, 24, 16);
      break;
    case 'ellipsoid':
      geometry = new THREE.SphereGeometry(1, 24, 16).scale(sx, sy, sz);
      break;
    case 'capsule':
      geometry = new THREE.CapsuleGeometry(sx, 2 * sy, 8, 16).rotateX(Math.PI / 2);
      break;
    case 'cylinder':
      geometry = new THREE.CylinderGeometry(sx, sx, 2 * sy, 24).rotateX(Math.PI / 2);
      break;
    case 'box':
      geometry = new THREE.BoxGeometry(2 * sx, 2 * sy, 2 * sz);
      break;
    case 'mesh': {
      if (geom.mesh === undefined) return undefined;
      geometry = new THREE.BufferGeometry();
      geometry.setAttribute('position', new THREE.Float32BufferAttribute(geom.mesh.vertices, 3));
      geometry.setIndex(geom.mesh.faces);
      geometry.computeVertexNormals();
      break;
    }
    default:
      return undefined;
  }
  return place(new THREE.Mesh(geometry, material), geom);
}

/**
 * @param {THREE.Object3D} object
 * @param {ViewGeom} geom
 */
function place(object, geom) {
  object.name = geom.name ?? geom.type;
  object.position.set(geom.pos[0] ?? 0, geom.pos[1] ?? 0, geom.pos[2] ?? 0);
  object.quaternion.set(geom.quat[1] ?? 0, geom.quat[2] ?? 0, geom.quat[3] ?? 0, geom.quat[0] ?? 1);
  return object;
}
