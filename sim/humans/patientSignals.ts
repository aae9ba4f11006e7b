import type { PatientSignalsProfile } from '../profiles/exoPatientProfile.js';

/**
 * The simulated patient's pain and fatigue, from the `signals` section of a patient profile, as pure
 * functions of session time and of the effort the legs have gone through; the composition root
 * publishes them on `/humans/patient_signals` (kindred_msgs/PatientSignal, kind PAIN = 0 / FATIGUE = 1,
 * source `sim_profile`), where perception will publish estimates on a real robot.
 */

/** The two levels at one instant, each 0..1. */
export interface PatientSignalLevels {
  readonly pain: number;
  readonly fatigue: number;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Pain at `timeS` (session time, s): the baseline, or an episode's level where higher — each
 * episode rises linearly over `rampS` from `atS`, holds `durationS`, and falls over `rampS`.
 */
export function painLevelAt(spec: Pick<PatientSignalsProfile, 'pain'>, timeS: number): number {
  let level = spec.pain.baseline;
  for (const e of spec.pain.events) {
    const t = timeS - e.atS;
    if (t < 0) continue;
    const ramp = e.rampS;
    let f: number;
    if (t < ramp) f = t / ramp;
    else if (t <= ramp + e.durationS) f = 1;
    else if (t < 2 * ramp + e.durationS) f = 1 - (t - ramp - e.durationS) / ramp;
    else f = 0;
    level = Math.max(level, e.level * f);
  }
  return clamp01(level);
}

/**
 * Fatigue at `timeS` after `effortNmS` of cumulative |joint torque|·time (N·m·s): the initial level
 * plus `perMinute` per minute plus `perKiloNewtonMetreSecond` per 1000 N·m·s, at most 1.
 */
export function fatigueLevelAt(spec: Pick<PatientSignalsProfile, 'fatigue'>, timeS: number, effortNmS: number): number {
  const f = spec.fatigue;
  return clamp01(f.initial + (f.perMinute * Math.max(0, timeS)) / 60 + (f.perKiloNewtonMetreSecond * Math.max(0, effortNmS)) / 1000);
}

/** One message's worth of a signal, ready for kindred_msgs/PatientSignal (`kind`: 0 pain, 1 fatigue). */
export interface PatientSignalSample {
  readonly personId: string;
  readonly kind: 0 | 1;
  readonly level: number;
  readonly source: 'sim_profile';
}

/**
 * Keeps the effort integral and the publishing schedule for one patient: feed it the legs' joint
 * torques as they come (`addEffort`), and ask `due(timeS)` at any rate — it answers the pain and
 * fatigue samples every `1 / rateHz` s of session time, and an empty list in between.
 */
export class PatientSignalGenerator {
  private effortNmS = 0;
  private nextS = 0;

  constructor(private readonly spec: PatientSignalsProfile) {}

  /** Cumulative |joint torque|·time so far, N·m·s. */
  get effort(): number {
    return this.effortNmS;
  }

  /** Add the torques of the legs' joints held for `dtS` seconds (|τ| summed over joints). */
  addEffort(torquesNm: ArrayLike<number>, dtS: number): void {
    if (!(dtS > 0)) return;
    let sum = 0;
    for (let i = 0; i < torquesNm.length; i++) {
      const t = torquesNm[i]!;
      if (Number.isFinite(t)) sum += Math.abs(t);
    }
    this.effortNmS += sum * dtS;
  }

  /** The levels now. */
  levels(timeS: number): PatientSignalLevels {
    return { pain: painLevelAt(this.spec, timeS), fatigue: fatigueLevelAt(this.spec, timeS, this.effortNmS) };
  }

  /** The samples to publish at `timeS`: pain and fatigue when a period has passed since the last, else none. */
  due(timeS: number): PatientSignalSample[] {
    if (timeS < this.nextS) return [];
    const period = 1 / this.spec.rateHz;
    // Keep the schedule (t0, t0 + period, …); after a gap, start again from now.
    this.nextS += period;
    if (this.nextS <= timeS) this.nextS = timeS + period;
    const { pain, fatigue } = this.levels(timeS);
    return [
      { personId: this.spec.personId, kind: 0, level: pain, source: 'sim_profile' },
      { personId: this.spec.personId, kind: 1, level: fatigue, source: 'sim_profile' },
    ];
  }
}
