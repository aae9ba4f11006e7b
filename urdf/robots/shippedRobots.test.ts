import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUrdfTree } from '../formatUrdfTree.js';
import { expandUrdfFile, loadUrdfFile } from '../loadUrdfFile.js';
import { parseUrdf } from '../parseUrdf.js';
import type { RobotModel, Vec3 } from '../RobotModel.js';
import { inertiaProblem } from '../principalMoments.js';
import { shippedRobots, type ShippedRobotName } from './shippedRobots.js';

const CHECK_URDF = '/usr/bin/check_urdf';
const URDF_TO_GRAPHVIZ = '/usr/bin/urdf_to_graphviz';
const haveTools = existsSync(CHECK_URDF) && existsSync(URDF_TO_GRAPHVIZ);
if (!haveTools) {
  console.warn(`[urdf] ${CHECK_URDF} or ${URDF_TO_GRAPHVIZ} not found (Debian liburdfdom-tools): skipping the urdfdom cross-checks of the shipped robots`);
}

const names = Object.keys(shippedRobots) as ShippedRobotName[];
const dir = mkdtempSync(join(tmpdir(), 'kindred-urdf-robots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Expanded {
  readonly model: RobotModel;
  readonly file: string;
  readonly text: string;
}
const expanded = new Map<ShippedRobotName, Expanded>();
function robot(name: ShippedRobotName): Expanded {
  let e = expanded.get(name);
  if (e === undefined) {
    const text = expandUrdfFile(shippedRobots[name]);
    const file = join(dir, `${name}.urdf`);
    writeFileSync(file, text);
    e = { model: loadUrdfFile(shippedRobots[name]), file, text };
    expanded.set(name, e);
  }
  return e;
}

function rpyMatrix([r, p, y]: Vec3): number[] {
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(r), Math.sin(r), Math.cos(p), Math.sin(p), Math.cos(y), Math.sin(y)];
  return [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr, sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr, -sp, cp * sr, cp * cr];
}

interface Frame {
  readonly r: number[];
  readonly p: number[];
}

/** Every link's frame in the root's, at the zero configuration (URDF origins composed down the tree). */
function zeroPoseFrames(m: RobotModel): Map<string, Frame> {
  const out = new Map<string, Frame>([[m.rootLink, { r: [1, 0, 0, 0, 1, 0, 0, 0, 1], p: [0, 0, 0] }]]);
  const stack = [m.rootLink];
  for (let link = stack.pop(); link !== undefined; link = stack.pop()) {
    const f = out.get(link) ?? { r: [], p: [] };
    for (const j of m.joints.filter((x) => x.parent === link)) {
      const o = rpyMatrix(j.origin.rpy);
      const mul = (a: number, b: number): number => [0, 1, 2].reduce((s, k) => s + (f.r[3 * a + k] ?? NaN) * (o[3 * k + b] ?? NaN), 0);
      const r = [0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => mul(a, b)));
      const p = [0, 1, 2].map((a) => (f.p[a] ?? NaN) + [0, 1, 2].reduce((s, k) => s + (f.r[3 * a + k] ?? NaN) * (j.origin.xyz[k] ?? NaN), 0));
      out.set(j.child, { r, p });
      stack.push(j.child);
    }
  }
  return out;
}

describe.each(names)('shipped robot %s', (name) => {
  it('parses, with a physical inertia on every massive link', () => {
    const { model } = robot(name);
    expect(model.name).toBe(name);
    for (const l of model.links) {
      if (l.inertial !== undefined && l.inertial.massKg > 0) {
        const i = l.inertial;
        expect(inertiaProblem(i.ixx, i.ixy, i.ixz, i.iyy, i.iyz, i.izz), l.name).toBeUndefined();
      }
    }
  });

  it('gives every moving joint a safety_controller inside its hard limits, and ros2_control covers them', () => {
    const { model } = robot(name);
    const rc = model.ros2Control[0];
    expect(rc?.type).toBe('system');
    expect(rc?.plugin).toBe('kindred/SimSystem');
    const controlled = new Set(rc?.joints.map((j) => j.name));
    for (const j of model.joints) {
      if (j.type === 'fixed') continue;
      expect(controlled.has(j.name), `${j.name} in ros2_control`).toBe(true);
      if (j.type === 'continuous') continue;
      const s = j.safetyController;
      expect(s, j.name).toBeDefined();
      expect(s?.softLowerLimit).toBeGreaterThanOrEqual(j.limit?.lower ?? Infinity);
      expect(s?.softUpperLimit).toBeLessThanOrEqual(j.limit?.upper ?? -Infinity);
      const rj = rc?.joints.find((x) => x.name === j.name);
      expect(rj?.stateInterfaces.map((x) => x.name)).toEqual(['position', 'velocity', 'effort']);
      expect(rj?.commandInterfaces.find((x) => x.name === 'effort')?.max).toBe(j.limit?.effort);
    }
  });

  it('expanded URDF parses to the same model as the xacro', () => {
    const { model, text, file } = robot(name);
    const plain = parseUrdf(text, { source: shippedRobots[name] });
    expect(plain.joints).toEqual(model.joints);
    expect(plain.links).toEqual(model.links);
    expect(plain.ros2Control).toEqual(model.ros2Control);
    expect(readFileSync(file, 'utf8')).not.toContain('xacro');
  });

  it.skipIf(!haveTools)('check_urdf prints the same root, link count and tree as formatUrdfTree', () => {
    const { model, file } = robot(name);
    const r = spawnSync(CHECK_URDF, [file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const ours = formatUrdfTree(model).split('\n---------- Joints')[0];
    expect(`${r.stdout.trimEnd()}`).toBe(ours);
    expect(r.stdout).toContain(`root Link: ${model.rootLink} has`);
    expect(r.stdout.match(/child\(\d+\)/g)?.length).toBe(model.links.length - 1);
  });

  it.skipIf(!haveTools)('urdf_to_graphviz (urdfdom) gives the same joint names, parent → child links and origins', () => {
    const { model, file } = robot(name);
    const r = spawnSync(URDF_TO_GRAPHVIZ, [file, name], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const gv = readFileSync(join(dir, `${name}.gv`), 'utf8');
    const edges = [...gv.matchAll(/^"([^"]+)" -> "([^"]+)" \[label="xyz: (\S+) (\S+) (\S+) \\nrpy: (\S+) (\S+) (\S+)"\]$/gm)];
    const childOf = new Map([...gv.matchAll(/^"([^"]+)" -> "([^"]+)"$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
    const fromTool = edges.map((m) => ({ joint: m[2] ?? '', parent: m[1] ?? '', child: childOf.get(m[2] ?? '') ?? '', nums: m.slice(3, 9).map(Number) }));
    expect(fromTool.map((e) => e.joint).sort()).toEqual(model.joints.map((j) => j.name).sort());
    for (const e of fromTool) {
      const j = model.joints.find((x) => x.name === e.joint);
      expect(j?.parent).toBe(e.parent);
      expect(j?.child).toBe(e.child);
      const [x = 0, y = 0, z = 0, rr = 0, pp = 0, yy = 0] = e.nums;
      for (const [a, b] of [[x, j?.origin.xyz[0]], [y, j?.origin.xyz[1]], [z, j?.origin.xyz[2]]] as const) expect(a).toBeCloseTo(b ?? NaN, 5);
      const ours = rpyMatrix(j?.origin.rpy ?? [NaN, NaN, NaN]);
      rpyMatrix([rr, pp, yy]).forEach((v, k) => expect(v).toBeCloseTo(ours[k] ?? NaN, 5));
    }
  });

  it('joint types and limits agree with an independent regex re-read of the expanded URDF text (check_urdf prints no limits)', () => {
    const { model, text } = robot(name);
    const jointBlocks = [...text.matchAll(/<joint name="([^"]+)" type="([^"]+)">([\s\S]*?)<\/joint>/g)];
    expect(jointBlocks.length).toBe(model.joints.length);
    for (const [, jname, type, body = ''] of jointBlocks) {
      const j = model.joints.find((x) => x.name === jname);
      expect(j?.type, jname).toBe(type);
      const limit = /<limit ([^>]*)\/>/.exec(body)?.[1];
      const attr = (s: string | undefined, k: string): number | undefined => {
        const m = new RegExp(`\\b${k}="([^"]+)"`).exec(s ?? '');
        return m === null ? undefined : parseFloat(m[1] ?? '');
      };
      if (limit === undefined) {
        expect(j?.limit).toBeUndefined();
        continue;
      }
      expect(j?.limit?.effort).toBe(attr(limit, 'effort'));
      expect(j?.limit?.velocity).toBe(attr(limit, 'velocity'));
      if (type === 'revolute' || type === 'prismatic') {
        expect(j?.limit?.lower).toBe(attr(limit, 'lower'));
        expect(j?.limit?.upper).toBe(attr(limit, 'upper'));
      }
      const safety = /<safety_controller ([^>]*)\/>/.exec(body)?.[1];
      expect(j?.safetyController?.softLowerLimit).toBe(attr(safety, 'soft_lower_limit'));
      expect(j?.safetyController?.softUpperLimit).toBe(attr(safety, 'soft_upper_limit'));
    }
  });
});

describe('what each shipped robot must have', () => {
  it('exoskeleton: pelvis root, hip ab/adduction, hip flexion, knee and ankle per leg, cuff F/T sensors', () => {
    const m = robot('kindred_exo').model;
    expect(m.rootLink).toBe('pelvis');
    for (const side of ['left', 'right']) {
      for (const j of ['hip_abduction', 'hip_flexion', 'knee', 'ankle']) expect(m.joints.find((x) => x.name === `${j}_${side}`)?.type).toBe('revolute');
    }
    const sensors = m.ros2Control[0]?.sensors.map((s) => s.name);
    expect(sensors).toEqual(['thigh_cuff_left_ft', 'shank_cuff_left_ft', 'thigh_cuff_right_ft', 'shank_cuff_right_ft']);
    // Winter (2009) Table 4.1: thigh 0.100 of 75 kg; AAOS knee flexion 135°.
    expect(m.links.find((l) => l.name === 'thigh_left')?.inertial?.massKg).toBeCloseTo(7.5, 9);
    expect(m.joints.find((j) => j.name === 'knee_left')?.limit?.upper).toBeCloseTo((135 * Math.PI) / 180, 9);
  });

  it('exoskeleton: xacro args rescale the anthropometry', () => {
    const m = loadUrdfFile(shippedRobots.kindred_exo, { args: { body_mass_kg: '60', stature_m: '1.60' } });
    expect(m.links.find((l) => l.name === 'thigh_left')?.inertial?.massKg).toBeCloseTo(6, 9);
    expect(m.joints.find((j) => j.name === 'knee_left')?.origin.xyz[2]).toBeCloseTo(-0.245 * 1.6, 9);
  });

  it('transfer robot: torso lift, two 6-DoF arms, forearm F/T frames and sensors', () => {
    const m = robot('kindred_transfer').model;
    expect(m.joints.find((j) => j.name === 'torso_lift')?.type).toBe('prismatic');
    for (const side of ['left', 'right']) {
      const arm = m.joints.filter((j) => j.type === 'revolute' && j.name.endsWith(`_${side}`));
      expect(arm).toHaveLength(6);
      expect(m.links.some((l) => l.name === `forearm_${side}_ft`)).toBe(true);
    }
    expect(m.ros2Control[0]?.sensors.map((s) => s.parameters['frame_id'])).toEqual(['forearm_left_ft', 'forearm_right_ft']);
  });

  it('transfer robot: the padded forearm, wrist and hand hang from the F/T sensor frame, so it measures their loads', () => {
    const m = robot('kindred_transfer').model;
    for (const side of ['left', 'right']) {
      const ft = `forearm_${side}_ft`;
      const pad = `forearm_pad_${side}`;
      // The sensor frame sits between the elbow end and the pad; nothing else hangs from the elbow end.
      expect(m.joints.filter((j) => j.parent === `forearm_${side}`).map((j) => [j.child, j.type])).toEqual([[ft, 'fixed']]);
      expect(m.joints.filter((j) => j.parent === ft).map((j) => [j.child, j.type])).toEqual([[pad, 'fixed']]);
      expect(m.links.find((l) => l.name === pad)?.collisions.length).toBeGreaterThan(0);
      expect(m.joints.find((j) => j.name === `wrist_yaw_${side}`)?.parent).toBe(pad);
    }
  });

  it('transfer robot: every link that is drawn also collides, and every actuated joint has a geared transmission', () => {
    const m = robot('kindred_transfer').model;
    for (const l of m.links) if (l.visuals.length > 0) expect(l.collisions.length, l.name).toBeGreaterThan(0);
    for (const j of m.ros2Control[0]?.joints ?? []) {
      const t = m.transmissions.filter((x) => x.joints.some((tj) => tj.name === j.name));
      expect(t, j.name).toHaveLength(1);
      expect(t[0]?.actuators[0]?.mechanicalReduction ?? 0, j.name).toBeGreaterThan(1);
    }
  });

  it('transfer robot: the header comment states the mass the links add up to', () => {
    const { model } = robot('kindred_transfer');
    const header = /([\d.]+) kg in all/.exec(readFileSync(shippedRobots.kindred_transfer, 'utf8'));
    expect(header, 'header "<mass> kg in all"').not.toBeNull();
    const sum = model.links.reduce((s, l) => s + (l.inertial?.massKg ?? 0), 0);
    expect(sum).toBeCloseTo(Number(header?.[1]), 6);
  });

  it('transfer robot: parked at the top of the lift (zero pose), its shoulders come down to 0.7-0.8 m at the lowest lift', () => {
    const m = robot('kindred_transfer').model;
    const lift = m.joints.find((j) => j.name === 'torso_lift');
    expect(lift?.limit?.upper).toBe(0);
    expect(lift?.axis).toEqual([0, 0, 1]);
    const zero = zeroPoseFrames(m);
    for (const side of ['left', 'right']) {
      const shoulderZ = zero.get(`shoulder_${side}`)?.p[2] ?? NaN;
      const lowest = shoulderZ + (lift?.limit?.lower ?? NaN);
      expect(lowest).toBeGreaterThanOrEqual(0.7);
      expect(lowest).toBeLessThanOrEqual(0.8);
      // Hanging straight down at the zero pose, the hand's tip stays above the floor.
      const hand = m.links.find((l) => l.name === `hand_${side}`)?.collisions[0];
      const tipZ = (zero.get(`hand_${side}`)?.p[2] ?? NaN) + (hand?.origin.xyz[2] ?? NaN) - (hand?.geometry.type === 'box' ? hand.geometry.size[2] / 2 : NaN);
      expect(tipZ).toBeGreaterThan(0.05);
    }
  });

  it('companion robot: differential wheels, head pan/tilt, two arms, camera, microphone and speaker frames', () => {
    const m = robot('kindred_companion').model;
    expect(m.joints.filter((j) => j.type === 'continuous').map((j) => j.name)).toEqual(['wheel_left_joint', 'wheel_right_joint']);
    expect(m.joints.filter((j) => j.name.startsWith('head_')).map((j) => j.name)).toEqual(['head_pan', 'head_tilt']);
    for (const frame of ['camera_link', 'camera_optical_frame', 'microphone_array', 'speaker']) expect(m.links.some((l) => l.name === frame)).toBe(true);
  });
});
