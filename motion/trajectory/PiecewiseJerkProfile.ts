import type { MotionSample, Profile } from './Profile.js';

/** One phase of constant jerk: it starts at `tS` in state (position, velocity, acceleration). */
export interface JerkPhase {
  readonly tS: number;
  readonly position: number;
  readonly velocity: number;
  readonly acceleration: number;
  readonly jerk: number;
}

/**
 * A rest-capable motion made of constant-jerk phases (trapezoidal profiles use jerk 0 and step the
 * acceleration between phases; S-curves step the jerk). Built by integrating phase durations
 * exactly; `sample` returns `to` exactly at and after `durationS`, and `from` at and before 0.
 */
export class PiecewiseJerkProfile implements Profile {
  readonly from: number;
  readonly to: number;
  readonly durationS: number;
  readonly startVelocity: number;
  readonly phases: readonly JerkPhase[];

  /**
   * @param phaseDurationsS duration of each phase (zero-length phases are dropped)
   * @param phaseAccelerations acceleration at the start of each phase
   * @param phaseJerks jerk during each phase
   */
  constructor(from: number, to: number, startVelocity: number, phaseDurationsS: readonly number[], phaseAccelerations: readonly number[], phaseJerks: readonly number[]) {
    this.from = from;
    this.to = to;
    this.startVelocity = startVelocity;
    const phases: JerkPhase[] = [];
    let t = 0;
    let p = from;
    let v = startVelocity;
    for (let i = 0; i < phaseDurationsS.length; i++) {
      const d = phaseDurationsS[i] ?? 0;
      if (!(d > 0)) continue;
      const a = phaseAccelerations[i] ?? 0;
      const j = phaseJerks[i] ?? 0;
      phases.push({ tS: t, position: p, velocity: v, acceleration: a, jerk: j });
      p += d * (v + d * (a / 2 + (d * j) / 6));
      v += d * (a + (d * j) / 2);
      t += d;
    }
    this.phases = phases;
    this.durationS = t;
  }

  sample(tS: number, out: MotionSample): MotionSample {
    const phases = this.phases;
    if (tS < 0 || phases.length === 0) {
      out.position = tS < 0 ? this.from : this.to;
      out.velocity = 0;
      out.acceleration = 0;
      out.jerk = 0;
      return out;
    }
    if (tS === 0) {
      const first = phases[0];
      out.position = this.from;
      out.velocity = this.startVelocity;
      out.acceleration = first?.acceleration ?? 0;
      out.jerk = first?.jerk ?? 0;
      return out;
    }
    if (tS >= this.durationS) {
      out.position = this.to;
      out.velocity = 0;
      out.acceleration = 0;
      out.jerk = 0;
      return out;
    }
    let k = phases.length - 1;
    while (k > 0 && (phases[k]?.tS ?? 0) > tS) k--;
    const ph = phases[k];
    if (ph === undefined) return out;
    const d = tS - ph.tS;
    out.position = ph.position + d * (ph.velocity + d * (ph.acceleration / 2 + (d * ph.jerk) / 6));
    out.velocity = ph.velocity + d * (ph.acceleration + (d * ph.jerk) / 2);
    out.acceleration = ph.acceleration + d * ph.jerk;
    out.jerk = ph.jerk;
    return out;
  }
}
