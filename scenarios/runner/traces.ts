import type { LoopHost } from '../../runtime/loop/index.js';
import type { ComposedLimits } from '../../safety/limits/JointLimits.js';
import { regionForceLimits, type BodyRegion, type ForceProfile } from '../../safety/monitors/bodyRegionLimits.js';
import type { SupervisorConfigInput } from '../../safety/supervisor/index.js';
import type { StateChange, Traces } from './result.js';
import { SAFETY_STATE_NAMES } from './scenarioSchema.js';

/** A joint sampled every cycle. */
export interface JointSamples {
  readonly name: string;
  readonly unit: 'rad' | 'm';
  readonly lower: number;
  readonly upper: number;
  readonly position: Float64Array;
  readonly command?: Float64Array;
}

/** A force channel sampled every cycle: |f| of an F/T sensor, or a contact force. */
export interface ForceSamples {
  readonly channel: string;
  readonly region: string;
  readonly quasiStaticLimitN: number;
  readonly transientLimitN: number;
  readonly forceN: Float64Array;
}

/** Everything sampled after every cycle of a run (full rate; the expectations are judged on these). */
export interface RunSamples {
  readonly count: number;
  readonly timeS: Float64Array;
  readonly joints: readonly JointSamples[];
  /** Every actuated joint's position, by joint, for displacement checks. */
  readonly positionOf: (joint: string) => Float64Array | undefined;
  readonly forces: readonly ForceSamples[];
  /**
   * Largest joint speed over the robot's joints, from positions over the last 50 ms (a measured
   * velocity differentiates quantised encoder counts every cycle and is too noisy to judge stillness).
   */
  readonly maxSpeed: Float64Array;
  /** Index into SAFETY_STATE_NAMES. */
  readonly state: Int8Array;
  readonly stopCategory: Int8Array;
  /** 1 where torque was off (a category 0 stop, or a category 1 stop's end). */
  readonly torqueOff: Uint8Array;
  /** 1 where the loop held every controller (main-thread stall, hold). */
  readonly holding: Uint8Array;
  readonly stateChanges: readonly StateChange[];
}

/** Cycles over which joint speed is measured (50 ms at 500 Hz). */
const SPEED_WINDOW_CYCLES = 25;

interface ChannelSpec {
  readonly channel: string;
  readonly region: string;
  readonly indices: readonly number[];
  readonly quasiStaticN: number;
  readonly transientN: number;
}

/**
 * Records the robot after every cycle of a scenario: joint positions and commands against the
 * prescribed range (the composed limits the SafetyGate enforces), force channels against their body
 * region's limits (the supervisor's own channels), the largest joint speed, and the supervisor's
 * state, stop category, torque and hold status. Buffers are sized for the run up front.
 */
export class TraceRecorder {
  private n = 0;
  private readonly timeS: Float64Array;
  private readonly joints: (JointSamples & { readonly index: number; readonly commandIndex: number })[];
  private readonly positions = new Map<string, { index: number; values: Float64Array }>();
  private readonly channels: ChannelSpec[];
  private readonly forces: ForceSamples[];
  private readonly maxSpeed: Float64Array;
  private readonly state: Int8Array;
  private readonly stopCategory: Int8Array;
  private readonly torqueOff: Uint8Array;
  private readonly holding: Uint8Array;
  private readonly changes: StateChange[] = [];

  constructor(
    private readonly host: LoopHost,
    supervisor: SupervisorConfigInput,
    limits: ComposedLimits | undefined,
    private readonly capacity: number,
  ) {
    const names = host.stateNames;
    const cmd = host.commandNames;
    this.timeS = new Float64Array(capacity);
    this.maxSpeed = new Float64Array(capacity);
    this.state = new Int8Array(capacity);
    this.stopCategory = new Int8Array(capacity);
    this.torqueOff = new Uint8Array(capacity);
    this.holding = new Uint8Array(capacity);
    this.joints = [];
    const robotJoints = limits?.joints ?? [];
    for (const j of robotJoints) {
      const index = names.indexOf(`${j.joint}/position`);
      if (index < 0) continue;
      const values = new Float64Array(capacity);
      this.positions.set(j.joint, { index, values });
      const lower = j.position?.lower;
      const upper = j.position?.upper;
      if (lower === undefined || upper === undefined || !Number.isFinite(lower) || !Number.isFinite(upper)) continue;
      const commandIndex = cmd.indexOf(`${j.joint}/position`);
      this.joints.push({
        name: j.joint,
        unit: j.kind === 'prismatic' ? 'm' : 'rad',
        lower,
        upper,
        position: values,
        index,
        commandIndex,
        ...(commandIndex >= 0 ? { command: new Float64Array(capacity) } : {}),
      });
    }
    const force = supervisor.force;
    const profile: ForceProfile = force?.profile ?? 'iso_ts_15066';
    this.channels = (force?.channels ?? []).flatMap((c): ChannelSpec[] => {
      const triple = ['x', 'y', 'z'].map((a) => names.indexOf(`${c.interface}/force.${a}`));
      const indices = triple.every((k) => k >= 0) ? triple : [names.indexOf(c.interface)].filter((k) => k >= 0);
      if (indices.length === 0) return [];
      const region = c.region === undefined ? undefined : regionForceLimits(c.region as BodyRegion, profile, force?.scale ?? 1);
      const quasiStaticN = c.quasiStaticN ?? region?.quasiStaticN ?? Number.POSITIVE_INFINITY;
      const transientN = c.transientN ?? region?.transientN ?? 2 * quasiStaticN;
      return [{ channel: c.interface, region: c.region ?? 'rated_load', indices, quasiStaticN, transientN }];
    });
    this.forces = this.channels.map((c) => ({ channel: c.channel, region: c.region, quasiStaticLimitN: c.quasiStaticN, transientLimitN: c.transientN, forceN: new Float64Array(capacity) }));
  }

  /** Record the state after the cycle just run (ignored past the capacity). */
  sample(): void {
    if (this.n >= this.capacity) return;
    const k = this.n++;
    const latest = this.host.latest();
    const st = latest.state;
    this.timeS[k] = latest.timeS;
    for (const p of this.positions.values()) p.values[k] = st[p.index]!;
    for (const j of this.joints) if (j.command !== undefined) j.command[k] = latest.commands[j.commandIndex]!;
    let speed = 0;
    const w = k >= SPEED_WINDOW_CYCLES ? k - SPEED_WINDOW_CYCLES : 0;
    const dt = latest.timeS - this.timeS[w]!;
    if (dt > 0) {
      for (const p of this.positions.values()) {
        const v = Math.abs(p.values[k]! - p.values[w]!) / dt;
        if (v > speed || Number.isNaN(v)) speed = v;
      }
    }
    this.maxSpeed[k] = speed;
    for (let c = 0; c < this.channels.length; c++) {
      const idx = this.channels[c]!.indices;
      let sum = 0;
      for (const i of idx) sum += st[i]! * st[i]!;
      this.forces[c]!.forceN[k] = idx.length === 1 ? Math.abs(st[idx[0]!]!) : Math.sqrt(sum);
    }
    const status = this.host.safetyStatus();
    const stateIndex = SAFETY_STATE_NAMES.indexOf(status.state as (typeof SAFETY_STATE_NAMES)[number]);
    this.state[k] = stateIndex;
    if (k === 0 || this.state[k - 1] !== stateIndex) this.changes.push({ timeS: latest.timeS, state: status.state });
    this.stopCategory[k] = status.stopCategory;
    this.torqueOff[k] = this.host.safetyState() === 'torque_off' ? 1 : 0;
    this.holding[k] = this.host.status === 'holding' ? 1 : 0;
  }

  /** The samples so far. */
  samples(): RunSamples {
    const n = this.n;
    const cut = <T extends Float64Array | Int8Array | Uint8Array>(a: T): T => a.subarray(0, n) as T;
    return {
      count: n,
      timeS: cut(this.timeS),
      joints: this.joints.map((j) => ({
        name: j.name,
        unit: j.unit,
        lower: j.lower,
        upper: j.upper,
        position: cut(j.position),
        ...(j.command === undefined ? {} : { command: cut(j.command) }),
      })),
      positionOf: (joint) => {
        const p = this.positions.get(joint);
        return p === undefined ? undefined : cut(p.values);
      },
      forces: this.forces.map((f) => ({ ...f, forceN: cut(f.forceN) })),
      maxSpeed: cut(this.maxSpeed),
      state: cut(this.state),
      stopCategory: cut(this.stopCategory),
      torqueOff: cut(this.torqueOff),
      holding: cut(this.holding),
      stateChanges: [...this.changes],
    };
  }
}

/**
 * Traces for the report: at most `max` points. Each point covers a run of cycles and keeps the value
 * furthest from the middle of the allowed range for positions (so a limit violation is never averaged
 * away) and the peak for forces and speed.
 */
export function decimateTraces(s: RunSamples, max: number): Traces {
  const n = s.count;
  const buckets = Math.max(1, Math.min(max, n));
  const edges = Array.from({ length: buckets + 1 }, (_, b) => Math.round((b * n) / buckets));
  const pick = (a: Float64Array, score: (v: number) => number): number[] => {
    const out: number[] = [];
    for (let b = 0; b < buckets; b++) {
      let best = a[edges[b]!] ?? Number.NaN;
      let bestScore = -1;
      for (let i = edges[b]!; i < edges[b + 1]!; i++) {
        const v = a[i]!;
        const sc = Number.isNaN(v) ? Number.POSITIVE_INFINITY : score(v);
        if (sc > bestScore) {
          bestScore = sc;
          best = v;
        }
      }
      out.push(best);
    }
    return n === 0 ? [] : out;
  };
  const timeS = n === 0 ? [] : Array.from({ length: buckets }, (_, b) => s.timeS[Math.max(edges[b]!, edges[b + 1]! - 1)]!);
  return {
    timeS,
    joints: s.joints.map((j) => {
      const mid = (j.lower + j.upper) / 2;
      const far = (v: number) => Math.abs(v - mid);
      return {
        name: j.name,
        unit: j.unit,
        lower: j.lower,
        upper: j.upper,
        position: pick(j.position, far),
        ...(j.command === undefined ? {} : { command: pick(j.command, far) }),
      };
    }),
    forces: s.forces.map((f) => ({ channel: f.channel, region: f.region, quasiStaticLimitN: f.quasiStaticLimitN, transientLimitN: f.transientLimitN, forceN: pick(f.forceN, (v) => v) })),
    maxSpeed: pick(s.maxSpeed, (v) => v),
  };
}
