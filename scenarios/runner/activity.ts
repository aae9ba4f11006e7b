import type { Activity } from './scenarioSchema.js';

/** Minimum-jerk blend s(τ) = 10τ³ − 15τ⁴ + 6τ⁵ for τ in [0, 1]: zero velocity and acceleration at both ends. */
function minJerk(tau: number): number {
  const t = tau <= 0 ? 0 : tau >= 1 ? 1 : tau;
  return t * t * t * (10 - 15 * t + 6 * t * t);
}

/** One activity's set-points as a function of scenario time. */
interface SetpointSource {
  /** Write this activity's set-points for time `t` into `out` (interface → value). */
  fill(t: number, out: Record<string, number>): void;
}

/**
 * The set-points a scenario's activities ask for at each moment — what a behaviour or the tablet would
 * send. Positions start from where the robot is (`start`, read from the first cycle's state), so no
 * activity asks for a jump at t = 0.
 */
export class ActivityPlayer {
  private readonly sources: SetpointSource[];
  private readonly out: Record<string, number> = {};

  constructor(activities: readonly Activity[], start: (joint: string) => number) {
    this.sources = activities.flatMap((a): SetpointSource[] => {
      switch (a.type) {
        case 'hold':
          return [];
        case 'sine': {
          const starts = a.joints.map((j) => start(j));
          const centers = a.joints.map((j, k) => a.center ?? starts[k]!);
          const iface = a.joints.map((j) => `${j}/position`);
          return [
            {
              fill(t, out) {
                if (t < a.startS) return;
                // The centre and the amplitude blend in over half a period, so the sine starts at rest
                // from where the joint is, without a jump.
                const ramp = minJerk((t - a.startS) / (a.periodS / 2));
                const v = ramp * a.amplitude * Math.sin((2 * Math.PI * (t - a.startS)) / a.periodS);
                for (let k = 0; k < iface.length; k++) out[iface[k]!] = starts[k]! + ramp * (centers[k]! - starts[k]!) + v;
              },
            },
          ];
        }
        case 'velocity': {
          const iface = a.joints.map((j) => `${j}/velocity`);
          return [
            {
              fill(t, out) {
                const on = t >= a.startS && (a.endS === undefined || t < a.endS);
                for (const n of iface) out[n] = on ? a.value : 0;
              },
            },
          ];
        }
        case 'trajectory': {
          const iface = a.joints.map((j) => `${j}/position`);
          const first = { timeS: 0, positions: a.joints.map((j) => start(j)) };
          const points = [first, ...a.waypoints];
          const last = a.waypoints[a.waypoints.length - 1]!;
          const w0 = a.waypoints[0]!;
          // Repeating: after the last waypoint, back to the first one in the time the first move took.
          const cycleS = last.timeS - w0.timeS + Math.max(w0.timeS, 1e-3);
          return [
            {
              fill(t, out) {
                let tt = t;
                let from = points[0]!;
                let to = points[0]!;
                if (a.repeat && t > last.timeS) {
                  tt = (t - last.timeS) % cycleS;
                  const back = Math.max(w0.timeS, 1e-3);
                  if (tt < back) {
                    from = last;
                    to = w0;
                    const s = minJerk(tt / back);
                    for (let k = 0; k < iface.length; k++) out[iface[k]!] = from.positions[k]! + s * (to.positions[k]! - from.positions[k]!);
                    return;
                  }
                  tt = tt - back + w0.timeS;
                }
                if (tt >= last.timeS) {
                  for (let k = 0; k < iface.length; k++) out[iface[k]!] = last.positions[k]!;
                  return;
                }
                for (let i = 1; i < points.length; i++) {
                  if (tt <= points[i]!.timeS) {
                    from = points[i - 1]!;
                    to = points[i]!;
                    break;
                  }
                }
                const span = to.timeS - from.timeS;
                const s = span > 0 ? minJerk((tt - from.timeS) / span) : 1;
                for (let k = 0; k < iface.length; k++) out[iface[k]!] = from.positions[k]! + s * (to.positions[k]! - from.positions[k]!);
              },
            },
          ];
        }
      }
    });
  }

  /** True when some activity sends set-points (a `hold` alone sends none). */
  get active(): boolean {
    return this.sources.length > 0;
  }

  /** The set-points for time `t` (the same object each call, refilled). */
  at(t: number): Readonly<Record<string, number>> {
    for (const s of this.sources) s.fill(t, this.out);
    return this.out;
  }
}
