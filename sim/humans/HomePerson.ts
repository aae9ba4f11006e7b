import type { MjData, MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import { HUMAN_TOUCHING_ROBOT } from '../mjcf/collision.js';
import type { MujocoModule } from '../mujoco/types.js';
import type { PersonProfile } from '../profiles/index.js';
import type { HumanModel, HumanSignal, MjcfFragment } from './HumanModel.js';
import { num, vec } from './mjcfFormat.js';
import { MjViews } from './MjViews.js';
import { requireId } from './mjNames.js';
import { PERSON_SEGMENTS, personDimensions, PersonPose, POSE, POSE_SIZE, type PersonDimensions } from './personPose.js';

/**
 * Codes of `person/posture` (ground truth): 0 standing, 1 walking, 2 sitting, 3 lying, 4 fallen.
 * A fall counts as `fallen` from the moment the person starts to fall.
 */
export const PERSON_POSTURE = { standing: 0, walking: 1, sitting: 2, lying: 3, fallen: 4 } as const;
export type PersonPostureName = keyof typeof PERSON_POSTURE;
const POSTURE_NAMES: readonly PersonPostureName[] = ['standing', 'walking', 'sitting', 'lying', 'fallen'];

/** Fall directions relative to the person's heading (rad). */
export const FALL_DIRECTIONS = { forward: 0, left: Math.PI / 2, backward: Math.PI, right: -Math.PI / 2 } as const;
export type FallDirection = keyof typeof FALL_DIRECTIONS;

/** Where the face-visibility observer is: a site or body of the scene (e.g. the robot's camera), or a fixed point. */
export type PersonObserver = { readonly site: string } | { readonly body: string } | { readonly point: readonly [number, number, number] };

/** Options of `createHomePerson`. */
export interface HomePersonOptions {
  /** What `person/face_visible` is judged from (default: a point 1 m above the origin). */
  readonly observer?: PersonObserver;
  /** The face counts as visible within this angle of the observer's direction (default 60°). */
  readonly faceHalfAngleRad?: number;
  /** …and within this distance (default 6 m). */
  readonly faceRangeM?: number;
}

/** Timings of the kinematic motions (s) and the turning rate (rad/s). */
export const PERSON_TIMING = { sitS: 1.2, standUpS: 1.2, lieDownS: 2.5, getUpS: 3.0, turnRateRadPerS: 1.8, arriveToleranceM: 0.02 } as const;

// Goal kinds and plan steps (numbers: the cycle keeps no strings or objects).
const GOAL_NONE = 0;
const GOAL_WALK = 1;
const GOAL_SIT = 2;
const GOAL_LIE = 3;
const GOAL_STAND = 4;
const GOAL_FALL = 5;

/** Indices of the person's scalar state. */
const S = {
  x: 0,
  y: 1,
  yaw: 2,
  speed: 3,
  gaitPhase: 4,
  speedFactor: 5,
  fallAngle: 6,
  fallRate: 7,
  lastTimeS: 8,
  transitionStartS: 9,
  transitionS: 10,
  goalX: 11,
  goalY: 12,
  goalYaw: 13,
  goalSurfaceM: 14,
  goalFallDir: 15,
  timeS: 16,
  dt: 17,
} as const;
const STATE_SIZE = 18;

const SIGNAL_NAMES = ['x', 'y', 'yaw', 'posture', 'face_visible', 'head_height', 'speed'] as const;

/** Posture targets (POSE indices 0..7), for a person of given dimensions. */
function targetPose(out: Float64Array, posture: PersonPostureName, d: PersonDimensions, surfaceHeightM: number): void {
  out.fill(0, 0, 8);
  out[POSE.pelvisHeight] = d.hipHeightM;
  if (posture === 'sitting') {
    out[POSE.pelvisHeight] = surfaceHeightM + d.thighRadiusM;
    out[POSE.trunkLean] = -0.08;
    out[POSE.hipLeft] = 1.45;
    out[POSE.hipRight] = 1.45;
    out[POSE.kneeLeft] = 1.45;
    out[POSE.kneeRight] = 1.45;
    out[POSE.armLeft] = 0.5;
    out[POSE.armRight] = 0.5;
  }
}

/**
 * The person at home (companion scene): a kinematically driven body — eight mocap segments posed
 * from the root position, heading and posture — that walks at the profile's speed, sits, stands, lies
 * down and falls (a rigid topple about the feet, integrated as an inverted pendulum θ'' = (3g/2H)·sin θ,
 * landing on the floor). It collides with the robot (which it pushes; it does not yield) but not with
 * the static furniture it sits or lies on. The daily script in the profile plays over sim time;
 * commands interrupt it until the next scripted activity.
 *
 * Signals (ground truth, not perception): `person/x`, `person/y` (m), `person/yaw` (rad),
 * `person/posture` (PERSON_POSTURE codes), `person/face_visible` (1 when the face is turned to the
 * observer within the half-angle and range), `person/head_height` (m, head centre), `person/speed` (m/s).
 */
export class HomePersonModel implements HumanModel {
  readonly kind = 'home_person' as const;
  readonly prefix = 'person';
  readonly dims: PersonDimensions;
  private readonly pose: PersonPose;
  private readonly signalList: readonly HumanSignal[];
  private readonly values = new Float64Array(SIGNAL_NAMES.length);
  private readonly views = new MjViews();
  private readonly fragment: MjcfFragment;

  // Script, flattened: kind, x, y, yaw, surface height, fall direction, start time.
  private readonly scriptKind: Int8Array;
  private readonly scriptData: Float64Array;
  private scriptIndex = 0;

  // Bound model data.
  private bound = false;
  private mocapIds = new Int32Array(0);
  private observerKind = 0; // 0 point, 1 site, 2 body
  private observerId = -1;
  private readonly observerPoint = new Float64Array(3);

  // State: numbers in a Float64Array (a double stored in an object field may be boxed on every write).
  private readonly s = new Float64Array(STATE_SIZE);
  private posture: PersonPostureName = 'standing';
  private readonly current = new Float64Array(POSE_SIZE);
  private readonly from = new Float64Array(POSE_SIZE);
  private readonly to = new Float64Array(POSE_SIZE);
  private transitionTarget: PersonPostureName = 'standing';

  // The active goal.
  private goal = GOAL_NONE;
  private goalHasYaw = false;
  private pendingGoal = false;

  private rng: () => number = () => 0.5;

  constructor(
    private readonly profile: PersonProfile,
    private readonly options: HomePersonOptions,
  ) {
    this.dims = personDimensions(profile.heightM, profile.massKg);
    this.pose = new PersonPose(this.dims);
    this.s[S.x] = profile.start.x;
    this.s[S.y] = profile.start.y;
    this.s[S.yaw] = profile.start.yawRad;
    this.s[S.transitionStartS] = -1;
    this.s[S.speedFactor] = 1;
    this.s[S.lastTimeS] = -1;
    targetPose(this.current, 'standing', this.dims, 0);
    this.current[POSE.tiltAxisY] = 1;
    const script = profile.script;
    this.scriptKind = new Int8Array(script.length);
    this.scriptData = new Float64Array(7 * script.length);
    script.forEach((a, i) => {
      const o = 7 * i;
      this.scriptData[o + 6] = a.atS;
      switch (a.do) {
        case 'walkTo':
          this.scriptKind[i] = GOAL_WALK;
          this.scriptData[o] = a.x;
          this.scriptData[o + 1] = a.y;
          break;
        case 'sit':
        case 'lieDown': {
          this.scriptKind[i] = a.do === 'sit' ? GOAL_SIT : GOAL_LIE;
          const place = a.on === undefined ? undefined : profile.places[a.on];
          this.scriptData[o] = place?.x ?? Number.NaN;
          this.scriptData[o + 1] = place?.y ?? Number.NaN;
          this.scriptData[o + 2] = place?.yawRad ?? Number.NaN;
          this.scriptData[o + 3] = place?.surfaceHeightM ?? (a.do === 'sit' ? 0.45 : 0);
          break;
        }
        case 'stand':
          this.scriptKind[i] = GOAL_STAND;
          break;
        case 'fall':
          this.scriptKind[i] = GOAL_FALL;
          this.scriptData[o + 5] = FALL_DIRECTIONS[a.direction];
          break;
      }
    });
    this.signalList = Object.freeze([
      { name: 'person/x', unit: 'm', description: 'ground truth: position of the person (floor, below the pelvis), world x' },
      { name: 'person/y', unit: 'm', description: 'ground truth: position of the person, world y' },
      { name: 'person/yaw', unit: 'rad', description: 'ground truth: heading of the person' },
      { name: 'person/posture', unit: 'code', description: 'ground truth: 0 standing, 1 walking, 2 sitting, 3 lying, 4 fallen' },
      { name: 'person/face_visible', unit: 'bool', description: 'ground truth: 1 when the face is turned towards the observer (robot camera)' },
      { name: 'person/head_height', unit: 'm', description: 'ground truth: height of the centre of the head' },
      { name: 'person/speed', unit: 'm/s', description: 'ground truth: walking speed' },
    ]);
    this.pose.solve(this.s, this.current);
    this.fragment = this.buildMjcf();
    this.writeValues();
  }

  private buildMjcf(): MjcfFragment {
    const d = this.dims;
    const geoms: Record<(typeof PERSON_SEGMENTS)[number], string> = {
      torso: `type="capsule" fromto="0 0 0 0 0 ${num(d.torsoLengthM)}" size="${num(d.torsoRadiusM)}" rgba="0.45 0.55 0.75 1"`,
      head: `type="sphere" pos="0 0 ${num(d.headRadiusM)}" size="${num(d.headRadiusM)}" rgba="0.87 0.72 0.6 1"`,
      arm_left: `type="capsule" fromto="0 0 0 0 0 ${num(d.armLengthM)}" size="${num(d.armRadiusM)}" rgba="0.87 0.72 0.6 1"`,
      arm_right: `type="capsule" fromto="0 0 0 0 0 ${num(d.armLengthM)}" size="${num(d.armRadiusM)}" rgba="0.87 0.72 0.6 1"`,
      thigh_left: `type="capsule" fromto="0 0 0 0 0 ${num(d.thighLengthM)}" size="${num(d.thighRadiusM)}" rgba="0.3 0.3 0.4 1"`,
      thigh_right: `type="capsule" fromto="0 0 0 0 0 ${num(d.thighLengthM)}" size="${num(d.thighRadiusM)}" rgba="0.3 0.3 0.4 1"`,
      shank_left: `type="capsule" fromto="0 0 0 0 0 ${num(d.shankLengthM - d.shankRadiusM)}" size="${num(d.shankRadiusM)}" rgba="0.3 0.3 0.4 1"`,
      shank_right: `type="capsule" fromto="0 0 0 0 0 ${num(d.shankLengthM - d.shankRadiusM)}" size="${num(d.shankRadiusM)}" rgba="0.3 0.3 0.4 1"`,
    };
    const bodies = PERSON_SEGMENTS.map((s, i) => {
      const p = this.pose.pos.subarray(3 * i, 3 * i + 3);
      const q = this.pose.quat.subarray(4 * i, 4 * i + 4);
      const bits = `contype="${HUMAN_TOUCHING_ROBOT.contype}" conaffinity="${HUMAN_TOUCHING_ROBOT.conaffinity}"`;
      return `<body name="person_${s}" mocap="true" pos="${vec(...p)}" quat="${vec(...q)}"><geom name="person_${s}_geom" ${geoms[s]} ${bits} mass="1"/></body>`;
    });
    return { worldbody: bodies.join('\n') };
  }

  mjcf(): MjcfFragment {
    return this.fragment;
  }

  signals(): readonly HumanSignal[] {
    return this.signalList;
  }

  bind(mujoco: MujocoModule, model: MjModel, rng: () => number): void {
    const bodies = PERSON_SEGMENTS.map((s) => requireId(mujoco, model, 'body', `person_${s}`, 'a segment of the person'));
    const mocapOf = model.body_mocapid as Int32Array; // read after the lookups, which may grow memory
    this.mocapIds = Int32Array.from(bodies, (b) => mocapOf[b] ?? -1);
    const obs = this.options.observer ?? { point: [0, 0, 1] as const };
    if ('site' in obs) {
      this.observerKind = 1;
      this.observerId = requireId(mujoco, model, 'site', obs.site, 'the observer of person/face_visible');
    } else if ('body' in obs) {
      this.observerKind = 2;
      this.observerId = requireId(mujoco, model, 'body', obs.body, 'the observer of person/face_visible');
    } else {
      this.observerKind = 0;
      this.observerPoint.set(obs.point);
    }
    this.rng = rng;
    this.bound = true;
  }

  /** Start an activity now (from a command or the script). */
  private startGoal(kind: number, x: number, y: number, yaw: number, surfaceM: number, fallDir: number): void {
    this.goal = kind;
    this.s[S.goalX] = Number.isNaN(x) ? this.s[S.x]! : x;
    this.s[S.goalY] = Number.isNaN(y) ? this.s[S.y]! : y;
    this.goalHasYaw = !Number.isNaN(yaw);
    this.s[S.goalYaw] = this.goalHasYaw ? yaw : this.s[S.yaw]!;
    this.s[S.goalSurfaceM] = surfaceM;
    this.s[S.goalFallDir] = fallDir;
    this.pendingGoal = true;
  }

  private beginTransition(target: PersonPostureName, durationS: number, timeS: number): void {
    this.from.set(this.current);
    targetPose(this.to, target === 'lying' ? 'standing' : target, this.dims, this.s[S.goalSurfaceM]!);
    this.to.fill(0, POSE.tilt);
    this.to[POSE.tiltAxisX] = 0;
    this.to[POSE.tiltAxisY] = 1;
    if (target === 'lying') {
      // Lie on the back, head towards the place's yaw: tilt backwards about the pelvis.
      this.to[POSE.tilt] = -Math.PI / 2;
      this.to[POSE.tiltPivotZ] = this.dims.hipHeightM;
      this.to[POSE.lift] = this.s[S.goalSurfaceM]! + this.dims.torsoRadiusM - this.dims.hipHeightM;
      this.from[POSE.tiltPivotZ] = this.dims.hipHeightM;
      this.from[POSE.tiltAxisX] = 0;
      this.from[POSE.tiltAxisY] = 1;
    } else if (this.posture === 'lying' || this.posture === 'fallen') {
      this.to[POSE.tiltPivotZ] = this.from[POSE.tiltPivotZ] ?? 0;
      this.to[POSE.tiltAxisX] = this.from[POSE.tiltAxisX] ?? 0;
      this.to[POSE.tiltAxisY] = this.from[POSE.tiltAxisY] ?? 1;
    }
    this.s[S.transitionStartS] = timeS;
    this.s[S.transitionS] = durationS;
    this.transitionTarget = target;
  }

  /** Advance the plan: stand up if needed, walk, turn, then change posture. Allocation-free. */
  private plan(): void {
    const timeS = this.s[S.timeS]!;
    const dt = this.s[S.dt]!;
    if (this.s[S.transitionStartS]! >= 0) {
      const u = Math.min(1, (timeS - this.s[S.transitionStartS]!) / this.s[S.transitionS]!);
      const s = u * u * (3 - 2 * u);
      for (let i = 0; i < POSE_SIZE; i++) this.current[i] = (this.from[i] ?? 0) + ((this.to[i] ?? 0) - (this.from[i] ?? 0)) * s;
      if (u >= 0.5) this.posture = this.transitionTarget;
      if (u >= 1) this.s[S.transitionStartS] = -1;
      return;
    }
    if (this.posture === 'fallen' && this.s[S.fallAngle]! < Math.PI / 2) {
      this.stepFall();
      return;
    }
    const goal = this.goal;
    if (goal === GOAL_NONE) return;
    if (goal === GOAL_FALL) {
      if (this.posture === 'lying' || this.posture === 'fallen') {
        this.goal = GOAL_NONE;
        return;
      }
      this.startFall();
      this.goal = GOAL_NONE;
      return;
    }
    const needsMove = goal !== GOAL_STAND && Math.sqrt((this.s[S.goalX]! - this.s[S.x]!) ** 2 + (this.s[S.goalY]! - this.s[S.y]!) ** 2) > PERSON_TIMING.arriveToleranceM;
    const final: PersonPostureName = goal === GOAL_SIT ? 'sitting' : goal === GOAL_LIE ? 'lying' : 'standing';
    if ((needsMove || final !== this.posture) && (this.posture === 'sitting' || this.posture === 'lying' || this.posture === 'fallen') && final !== this.posture) {
      this.beginTransition('standing', this.posture === 'sitting' ? PERSON_TIMING.standUpS : PERSON_TIMING.getUpS, timeS);
      return;
    }
    if (needsMove && this.posture !== 'sitting' && this.posture !== 'lying') {
      this.walk();
      return;
    }
    this.s[S.speed] = 0;
    if (this.posture === 'walking') {
      this.posture = 'standing';
      targetPose(this.current, 'standing', this.dims, 0);
    }
    // Face the place before sitting or lying down on it (lying: back to the place's yaw).
    if ((goal === GOAL_SIT || goal === GOAL_LIE) && this.goalHasYaw && final !== this.posture) {
      const wanted = goal === GOAL_LIE ? this.s[S.goalYaw]! + Math.PI : this.s[S.goalYaw]!;
      const err = wrapAngle(wanted - this.s[S.yaw]!);
      if (Math.abs(err) > 1e-3) {
        this.s[S.yaw] = wrapAngle(this.s[S.yaw]! + clamp(err, PERSON_TIMING.turnRateRadPerS * dt));
        return;
      }
    }
    if (final !== this.posture) {
      this.beginTransition(final, final === 'sitting' ? PERSON_TIMING.sitS : final === 'lying' ? PERSON_TIMING.lieDownS : PERSON_TIMING.standUpS, timeS);
      return;
    }
    this.goal = GOAL_NONE;
  }

  private walk(): void {
    const dt = this.s[S.dt]!;
    if (this.posture !== 'walking') {
      this.posture = 'walking';
      this.s[S.speedFactor] = 0.95 + 0.1 * this.rng();
    }
    const dx = this.s[S.goalX]! - this.s[S.x]!;
    const dy = this.s[S.goalY]! - this.s[S.y]!;
    const dist = Math.sqrt(dx * dx + dy * dy);
    const err = wrapAngle(Math.atan2(dy, dx) - this.s[S.yaw]!);
    this.s[S.yaw] = wrapAngle(this.s[S.yaw]! + clamp(err, PERSON_TIMING.turnRateRadPerS * dt));
    // Turn on the spot when facing away; walk when roughly facing the goal.
    const v = Math.abs(err) > 0.6 ? 0 : this.profile.walkingSpeedMPerS * this.s[S.speedFactor]!;
    const stepM = Math.min(v * dt, dist);
    this.s[S.x]! += (stepM * dx) / dist;
    this.s[S.y]! += (stepM * dy) / dist;
    this.s[S.speed] = dt > 0 ? stepM / dt : 0;
    // Gait: stride length about 0.55 H; hips swing in antiphase, the knee flexes in swing, arms counter-swing.
    this.s[S.gaitPhase]! += (2 * Math.PI * this.s[S.speed]! * dt) / (0.55 * this.dims.heightM);
    const s = Math.sin(this.s[S.gaitPhase]!);
    const c = this.current;
    const amp = Math.min(1, this.s[S.speed]! / 0.8);
    c[POSE.pelvisHeight] = this.dims.hipHeightM * (1 - 0.015 * amp);
    c[POSE.hipLeft] = 0.35 * amp * s;
    c[POSE.hipRight] = -0.35 * amp * s;
    c[POSE.kneeLeft] = 0.6 * amp * Math.max(0, Math.cos(this.s[S.gaitPhase]!));
    c[POSE.kneeRight] = 0.6 * amp * Math.max(0, -Math.cos(this.s[S.gaitPhase]!));
    c[POSE.armLeft] = -0.25 * amp * s;
    c[POSE.armRight] = 0.25 * amp * s;
    c[POSE.trunkLean] = 0.05 * amp;
  }

  private startFall(): void {
    this.posture = 'fallen';
    this.s[S.transitionStartS] = -1;
    this.s[S.speed] = 0;
    const dir = this.s[S.goalFallDir]!;
    this.current[POSE.tiltAxisX] = -Math.sin(dir);
    this.current[POSE.tiltAxisY] = Math.cos(dir);
    this.current[POSE.tiltPivotZ] = 0;
    this.current[POSE.tilt] = 0;
    this.current[POSE.lift] = 0;
    // A small push starts the topple; the skeleton straightens as it goes.
    this.s[S.fallAngle] = 0.05;
    this.s[S.fallRate] = 0.4;
  }

  /** One step of the topple: a rigid body of height H pivoting on its feet, until it lies on the floor. */
  private stepFall(): void {
    const dt = this.s[S.dt]!;
    const g = 9.81;
    this.s[S.fallRate]! += ((1.5 * g) / this.dims.heightM) * Math.sin(this.s[S.fallAngle]!) * dt;
    this.s[S.fallAngle] = Math.min(Math.PI / 2, this.s[S.fallAngle]! + this.s[S.fallRate]! * dt);
    const c = this.current;
    c[POSE.tilt] = this.s[S.fallAngle]!;
    c[POSE.lift] = this.dims.torsoRadiusM * Math.sin(this.s[S.fallAngle]!);
    const k = Math.min(1, 10 * dt);
    c[POSE.pelvisHeight] = (c[POSE.pelvisHeight] ?? 0) + (this.dims.hipHeightM - (c[POSE.pelvisHeight] ?? 0)) * k;
    for (let i = POSE.trunkLean; i <= POSE.armRight; i++) c[i] = (c[i] ?? 0) * (1 - k);
  }

  beforeStep(data: MjData, timeS: number): void {
    if (!this.bound) return;
    const dt = this.s[S.lastTimeS]! < 0 || timeS < this.s[S.lastTimeS]! ? 0 : timeS - this.s[S.lastTimeS]!;
    this.s[S.lastTimeS] = timeS;
    while (this.scriptIndex < this.scriptKind.length && (this.scriptData[7 * this.scriptIndex + 6] ?? Infinity) <= timeS) {
      const o = 7 * this.scriptIndex;
      const d = this.scriptData;
      this.startGoal(this.scriptKind[this.scriptIndex] ?? GOAL_NONE, d[o] ?? Number.NaN, d[o + 1] ?? Number.NaN, d[o + 2] ?? Number.NaN, d[o + 3] ?? 0, d[o + 5] ?? 0);
      this.scriptIndex++;
    }
    if (this.pendingGoal) {
      this.pendingGoal = false;
      // A fall or a new goal cancels a posture change in progress only once it is done, except a fall.
      if (this.goal === GOAL_FALL && this.s[S.transitionStartS]! >= 0) this.s[S.transitionStartS] = -1;
    }
    this.s[S.timeS] = timeS;
    this.s[S.dt] = dt;
    if (dt > 0) this.plan();
    this.pose.solve(this.s, this.current);
    const v = this.views;
    v.sync(data);
    for (let i = 0; i < PERSON_SEGMENTS.length; i++) {
      const m = this.mocapIds[i] ?? -1;
      if (m < 0) continue;
      v.mocapPos[3 * m] = this.pose.pos[3 * i]!;
      v.mocapPos[3 * m + 1] = this.pose.pos[3 * i + 1]!;
      v.mocapPos[3 * m + 2] = this.pose.pos[3 * i + 2]!;
      v.mocapQuat[4 * m] = this.pose.quat[4 * i]!;
      v.mocapQuat[4 * m + 1] = this.pose.quat[4 * i + 1]!;
      v.mocapQuat[4 * m + 2] = this.pose.quat[4 * i + 2]!;
      v.mocapQuat[4 * m + 3] = this.pose.quat[4 * i + 3]!;
    }
  }

  afterStep(data: MjData, _timeS?: number): void {
    if (!this.bound) return;
    const v = this.views;
    v.sync(data);
    let ox = this.observerPoint[0]!;
    let oy = this.observerPoint[1]!;
    let oz = this.observerPoint[2]!;
    if (this.observerKind === 1) {
      ox = v.siteXpos[3 * this.observerId] ?? 0;
      oy = v.siteXpos[3 * this.observerId + 1] ?? 0;
      oz = v.siteXpos[3 * this.observerId + 2] ?? 0;
    } else if (this.observerKind === 2) {
      ox = v.xpos[3 * this.observerId] ?? 0;
      oy = v.xpos[3 * this.observerId + 1] ?? 0;
      oz = v.xpos[3 * this.observerId + 2] ?? 0;
    }
    this.writeValues(ox, oy, oz);
  }

  private writeValues(ox = this.observerPoint[0]!, oy = this.observerPoint[1]!, oz = this.observerPoint[2]!): void {
    const head = this.pose.headCentre;
    const face = this.pose.faceForward;
    const dx = ox - head[0]!;
    const dy = oy - head[1]!;
    const dz = oz - head[2]!;
    const dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const cosAngle = dist > 1e-9 ? (dx * face[0]! + dy * face[1]! + dz * face[2]!) / dist : 0;
    const visible = dist <= (this.options.faceRangeM ?? 6) && cosAngle >= Math.cos(this.options.faceHalfAngleRad ?? Math.PI / 3);
    const out = this.values;
    out[0] = this.s[S.x]!;
    out[1] = this.s[S.y]!;
    out[2] = this.s[S.yaw]!;
    out[3] = PERSON_POSTURE[this.posture];
    out[4] = visible ? 1 : 0;
    out[5] = head[2]!;
    out[6] = this.s[S.speed]!;
  }

  readSignals(out: Float64Array, offset: number): void {
    out.set(this.values, offset);
  }

  /** The posture now, by name (for tests and tools; the signal carries the code). */
  get postureName(): PersonPostureName {
    return this.posture;
  }

  /**
   * Out-of-cycle commands, each replacing the current activity until the script's next one:
   * `{ op: 'walkTo', x, y }`, `{ op: 'sit', on?: place, surfaceHeightM? }`, `{ op: 'stand' }`,
   * `{ op: 'lieDown', on?: place }`, `{ op: 'fall', direction: forward|backward|left|right }`,
   * `{ op: 'status' }`.
   */
  command(payload: { readonly op: string } & Record<string, unknown>): unknown {
    if (!this.bound) throw new KindredError('HUMAN_NOT_BOUND', `home person: command ${payload.op} before bind()`, { value: payload.op });
    const nan = Number.NaN;
    switch (payload.op) {
      case 'walkTo':
        this.startGoal(GOAL_WALK, coordinate(payload, 'x'), coordinate(payload, 'y'), nan, 0, 0);
        break;
      case 'sit':
      case 'lieDown': {
        const on = payload['on'];
        const kind = payload.op === 'sit' ? GOAL_SIT : GOAL_LIE;
        if (on === undefined) {
          const surface = payload['surfaceHeightM'];
          const h = surface === undefined ? (kind === GOAL_SIT ? 0.45 : 0) : surface;
          if (typeof h !== 'number' || !(h >= 0 && h <= 1.2)) throw invalid(payload.op, 'surfaceHeightM', h, 'a number between 0 and 1.2');
          this.startGoal(kind, nan, nan, nan, h, 0);
          break;
        }
        const place = typeof on === 'string' ? this.profile.places[on] : undefined;
        if (place === undefined) throw invalid(payload.op, 'on', on, Object.keys(this.profile.places).join(' | ') || 'a place of the profile');
        this.startGoal(kind, place.x, place.y, place.yawRad, place.surfaceHeightM, 0);
        break;
      }
      case 'stand':
        this.startGoal(GOAL_STAND, nan, nan, nan, 0, 0);
        break;
      case 'fall': {
        const dir = payload['direction'] ?? 'forward';
        if (typeof dir !== 'string' || !Object.hasOwn(FALL_DIRECTIONS, dir)) throw invalid('fall', 'direction', dir, 'forward | backward | left | right');
        this.startGoal(GOAL_FALL, nan, nan, nan, 0, FALL_DIRECTIONS[dir as FallDirection]);
        break;
      }
      case 'status':
        break;
      default:
        throw new KindredError('HUMAN_COMMAND_INVALID', `home person: unknown op ${JSON.stringify(payload.op)}; expected one of walkTo | sit | stand | lieDown | fall | status`, {
          field: 'op',
          value: payload.op,
          expected: 'walkTo | sit | stand | lieDown | fall | status',
        });
    }
    return { x: this.s[S.x]!, y: this.s[S.y]!, yaw: this.s[S.yaw]!, posture: POSTURE_NAMES[PERSON_POSTURE[this.posture]] };
  }
}

function invalid(op: string, field: string, value: unknown, expected: string): KindredError {
  return new KindredError('HUMAN_COMMAND_INVALID', `${op}: ${field} is ${JSON.stringify(value) ?? String(value)}; expected ${expected}`, { field, value, expected });
}

function coordinate(payload: Record<string, unknown>, field: string): number {
  const v = payload[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 50) throw invalid(String(payload['op']), field, v, 'a number between -50 and 50 (m)');
  return v;
}

function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
}

function clamp(v: number, limit: number): number {
  return v > limit ? limit : v < -limit ? -limit : v;
}

/** The person at home, from a `person_profile`; `options.observer` names the robot's camera for face visibility. */
export function createHomePerson(profile: PersonProfile, options: HomePersonOptions = {}): HomePersonModel {
  return new HomePersonModel(profile, options);
}
