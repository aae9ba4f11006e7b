import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
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

/** A shipped robot expanded with some xacro args: each robot as shipped, plus the exoskeleton's device-only inertia set. */
interface Variant {
  readonly label: string;
  readonly name: ShippedRobotName;
  readonly args?: Readonly<Record<string, string>>;
}
const EXO_DEVICE: Variant = { label: 'kindred_exo_device', name: 'kindred_exo', args: { inertia: 'device' } };
const variants: readonly Variant[] = [...names.map((name) => ({ label: name, name })), EXO_DEVICE];

interface Expanded {
  readonly model: RobotModel;
  readonly file: string;
  readonly text: string;
}
const expanded = new Map<string, Expanded>();
function robot(which: ShippedRobotName | Variant): Expanded {
  const v = typeof which === 'string' ? { label: which, name: which } : which;
  let e = expanded.get(v.label);
  if (e === undefined) {
    const options = v.args === undefined ? {} : { args: v.args };
    const text = expandUrdfFile(shippedRobots[v.name], options);
    const file = join(dir, `${v.label}.urdf`);
    writeFileSync(file, text);
    e = { model: loadUrdfFile(shippedRobots[v.name], options), file, text };
    expanded.set(v.label, e);
  }
  return e;
}

const totalMassKg = (m: RobotModel): number => m.links.reduce((s, l) => s + (l.inertial?.massKg ?? 0), 0);

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

describe.each(variants)('shipped robot $label', (variant) => {
  const { name, label } = variant;
  it('parses, with a physical inertia on every massive link', () => {
    const { model } = robot(variant);
    expect(model.name).toBe(name);
    for (const l of model.links) {
      if (l.inertial !== undefined && l.inertial.massKg > 0) {
        const i = l.inertial;
        expect(inertiaProblem(i.ixx, i.ixy, i.ixz, i.iyy, i.iyz, i.izz), l.name).toBeUndefined();
      }
    }
  });

  it('gives every moving joint a safety_controller inside its hard limits, and ros2_control covers them', () => {
    const { model } = robot(variant);
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

  it('sets each safety_controller from its joint\'s limits, so the soft effort bound never starves a joint at rest', () => {
    const { model } = robot(variant);
    const guarded = model.joints.filter((j) => j.safetyController !== undefined);
    expect(guarded.length).toBeGreaterThan(0);
    for (const j of guarded) {
      const s = j.safetyController;
      const effort = j.limit?.effort ?? NaN;
      const velocity = j.limit?.velocity ?? NaN;
      // ros2_control caps effort at k_velocity·(v_max − v): at rest in mid-range (v_max = V) that is
      // k_velocity·V, which the rule k_velocity = 4·E/V makes four times the effort limit.
      expect(s?.kVelocity, j.name).toBeCloseTo((4 * effort) / velocity, 9);
      expect((s?.kVelocity ?? 0) * velocity, j.name).toBeGreaterThanOrEqual(4 * effort * (1 - 1e-12));
      // Still the full effort at rest with the velocity limit scaled to a quarter (reduced speed).
      expect((s?.kVelocity ?? 0) * (velocity / 4), j.name).toBeGreaterThanOrEqual(effort * (1 - 1e-12));
      // The velocity bound starts ramping down V/k_position before each soft limit: half the margin.
      const margin = (j.limit?.upper ?? NaN) - (s?.softUpperLimit ?? NaN);
      const lowerMargin = (s?.softLowerLimit ?? NaN) - (j.limit?.lower ?? NaN);
      // Every soft lower limit sits the same margin inside, except the exo knee's, which is its hard
      // limit (standing in full extension is the normal posture; hyperextension stays impossible).
      if (j.name.startsWith('knee_')) expect(lowerMargin, j.name).toBe(0);
      else expect(lowerMargin, j.name).toBeCloseTo(margin, 9);
      expect(velocity / (s?.kPosition ?? NaN), j.name).toBeCloseTo(margin / 2, 9);
      // Stable as a discrete envelope at 1 kHz and 500 Hz: k_position·period well below 1.
      expect((s?.kPosition ?? Infinity) * 0.002, j.name).toBeLessThan(0.5);
    }
  });

  it('expanded URDF parses to the same model as the xacro', () => {
    const { model, text, file } = robot(variant);
    const plain = parseUrdf(text, { source: shippedRobots[name] });
    expect(plain.joints).toEqual(model.joints);
    expect(plain.links).toEqual(model.links);
    expect(plain.ros2Control).toEqual(model.ros2Control);
    expect(readFileSync(file, 'utf8')).not.toContain('xacro');
  });

  it.skipIf(!haveTools)('check_urdf prints the same root, link count and tree as formatUrdfTree', () => {
    const { model, file } = robot(variant);
    const r = spawnSync(CHECK_URDF, [file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const ours = formatUrdfTree(model).split('\n---------- Joints')[0];
    expect(`${r.stdout.trimEnd()}`).toBe(ours);
    expect(r.stdout).toContain(`root Link: ${model.rootLink} has`);
    expect(r.stdout.match(/child\(\d+\)/g)?.length).toBe(model.links.length - 1);
  });

  it.skipIf(!haveTools)('urdf_to_graphviz (urdfdom) gives the same joint names, parent → child links and origins', () => {
    const { model, file } = robot(variant);
    const r = spawnSync(URDF_TO_GRAPHVIZ, [file, label], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const gv = readFileSync(join(dir, `${label}.gv`), 'utf8');
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
    const { model, text } = robot(variant);
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
      expect(j?.safetyController?.kPosition).toBe(attr(safety, 'k_position'));
      expect(j?.safetyController?.kVelocity).toBe(attr(safety, 'k_velocity'));
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

  it('exoskeleton, inertia:=device: the device alone, as much in all as the header documents, within published device masses', () => {
    const device = robot(EXO_DEVICE).model;
    const header = /([\d.]+) kg in all \(device\)/.exec(readFileSync(shippedRobots.kindred_exo, 'utf8'));
    expect(header, 'header "<mass> kg in all (device)"').not.toBeNull();
    expect(totalMassKg(device)).toBeCloseTo(Number(header?.[1]), 9);
    // Indego and H2 weigh 12 kg, Ekso 23 kg, ReWalk 23.3 kg (Rodríguez-Fernández et al. 2021, Table 1).
    expect(totalMassKg(device)).toBeGreaterThanOrEqual(12);
    expect(totalMassKg(device)).toBeLessThanOrEqual(23.3);
    // Each leg segment of the device is lighter than the wearer's segment it is strapped to.
    const wearer = robot('kindred_exo').model;
    for (const seg of ['thigh_left', 'shank_left', 'foot_right']) {
      const mass = (m: RobotModel): number => m.links.find((l) => l.name === seg)?.inertial?.massKg ?? NaN;
      expect(mass(device), seg).toBeLessThan(mass(wearer));
    }
  });

  it('exoskeleton: the two inertia sets differ only in their inertials (same frames, limits, safety controllers, sensors, ros2_control)', () => {
    const device = robot(EXO_DEVICE).model;
    const wearer = robot('kindred_exo').model;
    expect(device.name).toBe(wearer.name);
    expect(device.rootLink).toBe(wearer.rootLink);
    expect(device.joints).toEqual(wearer.joints);
    expect(device.ros2Control).toEqual(wearer.ros2Control);
    expect(device.transmissions).toEqual(wearer.transmissions);
    const strip = (m: RobotModel): unknown => m.links.map((l) => ({ name: l.name, visuals: l.visuals, collisions: l.collisions, massive: l.inertial !== undefined }));
    expect(strip(device)).toEqual(strip(wearer));
    expect(device.links.map((l) => l.inertial)).not.toEqual(wearer.links.map((l) => l.inertial));
  });

  it('exoskeleton, inertia:=wearer (the default): the inertials are byte for byte those shipped before the device set existed', () => {
    const golden = readFileSync(new URL('./kindred_exo.wearer-inertials.golden.txt', import.meta.url), 'utf8');
    const inertials = (text: string): string =>
      [...text.matchAll(/<link name="([^"]+)"(?:\/>|>([\s\S]*?)<\/link>)/g)]
        .map(([, link, body = '']) => `${link} ${/<inertial>[\s\S]*?<\/inertial>/.exec(body)?.[0].replace(/>\s+</g, '><') ?? '(none)'}`)
        .join('\n');
    const { text } = robot('kindred_exo');
    expect(`${inertials(text)}\n`).toBe(golden);
    expect(expandUrdfFile(shippedRobots.kindred_exo, { args: { inertia: 'wearer' } })).toBe(text);
  });

  it('exoskeleton, inertia:=device: the uprights follow the stature, the masses do not follow the wearer\'s body mass', () => {
    const m = loadUrdfFile(shippedRobots.kindred_exo, { args: { inertia: 'device', body_mass_kg: '60', stature_m: '1.60' } });
    expect(totalMassKg(m)).toBeCloseTo(totalMassKg(robot(EXO_DEVICE).model), 9);
    expect(m.joints.find((j) => j.name === 'knee_left')?.origin.xyz[2]).toBeCloseTo(-0.245 * 1.6, 9);
  });

  it('exoskeleton: refuses an inertia set other than wearer or device, naming the value', () => {
    let error: unknown;
    try {
      loadUrdfFile(shippedRobots.kindred_exo, { args: { inertia: 'patient' } });
    } catch (e) {
      error = e;
    }
    expect(isKindredError(error) && error.code).toBe('XACRO_BAD_CONDITION');
    expect(error instanceof Error && error.message).toContain('inertia:=patient, expected wearer or device');
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
