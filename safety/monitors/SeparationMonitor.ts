import type { SafetyReaction } from '../log/SafetyEvent.js';
import type { FaultSlots } from './FaultSlots.js';
import { INPUT, type Monitor } from './Monitor.js';
import type { SeparationTerms } from './protectiveSeparation.js';

/** Where the nearest person's distance comes from. */
export type PersonSource =
  /** The person's position (state indices of x and y), relative to a fixed robot base position (m). */
  | { readonly type: 'position'; readonly x: number; readonly y: number; readonly baseXM: number; readonly baseYM: number; readonly name: string }
  /** A state interface holding the distance itself, m. */
  | { readonly type: 'distance'; readonly index: number; readonly name: string };

export interface SeparationOptions extends Omit<SeparationTerms, 'robotSpeedMPerS'> {
  readonly person: PersonSource;
  /** The robot's maximum speed towards a person at velocity scale 1, m/s. */
  readonly robotMaxSpeedMPerS: number;
  /** Subtracted from the centre-to-centre distance: the robot's footprint radius plus the person's body radius, m. */
  readonly clearanceM: number;
  /** Speed is reduced closer than S_p(full speed) + this margin, m. */
  readonly warningMarginM: number;
  /** A tripped warning or protective fault holds until the separation exceeds its limit by this much, m. */
  readonly hysteresisM: number;
  readonly warningReaction: SafetyReaction;
  readonly protectiveReaction: SafetyReaction;
}

/**
 * Speed and separation monitoring (ISO/TS 15066). Each cycle: the separation is the nearest person's
 * distance minus the clearance; the warning fault trips below S_p at full speed plus the warning
 * margin (default reaction: reduced speed), the protective fault below S_p at the speed allowed now —
 * the robot's maximum speed times the velocity scale in force — (default: category 2 stop). So in
 * reduced speed the robot may come closer before it stops, which is the point of reducing it. Each
 * clears only once the separation exceeds its limit by the hysteresis. A distance that is not a finite
 * number (no person tracked) counts as no person near.
 */
export class SeparationMonitor implements Monitor {
  readonly name = 'separation';
  private readonly base: number;
  /** [vh, vrMax, tr, ts, C + Zd + Zr, clearance, margin, hysteresis, baseX, baseY] */
  private readonly p: Float64Array;
  private readonly kind: number;
  private readonly i0: number;
  private readonly i1: number;

  constructor(
    private readonly slots: FaultSlots,
    o: SeparationOptions,
  ) {
    this.p = Float64Array.of(
      o.humanSpeedMPerS,
      o.robotMaxSpeedMPerS,
      o.reactionTimeS,
      o.stoppingTimeS,
      o.intrusionDistanceM + o.humanUncertaintyM + o.robotUncertaintyM,
      o.clearanceM,
      o.warningMarginM,
      o.hysteresisM,
      o.person.type === 'position' ? o.person.baseXM : 0,
      o.person.type === 'position' ? o.person.baseYM : 0,
    );
    this.kind = o.person.type === 'position' ? 0 : 1;
    this.i0 = o.person.type === 'position' ? o.person.x : o.person.index;
    this.i1 = o.person.type === 'position' ? o.person.y : -1;
    this.base = slots.size;
    slots.add({ monitor: this.name, code: 'SAFETY_SEPARATION_WARNING', subject: o.person.name, quantity: 'separationM', reaction: o.warningReaction });
    slots.add({ monitor: this.name, code: 'SAFETY_SEPARATION_PROTECTIVE', subject: o.person.name, quantity: 'separationM', reaction: o.protectiveReaction });
  }

  check(state: Float64Array, _commands: Float64Array, inputs: Float64Array): boolean {
    const p = this.p;
    let d: number;
    if (this.kind === 0) {
      const dx = state[this.i0]! - p[8]!;
      const dy = state[this.i1]! - p[9]!;
      d = Math.sqrt(dx * dx + dy * dy);
    } else {
      d = state[this.i0]!;
    }
    const separation = d - d === 0 ? d - p[5]! : Number.POSITIVE_INFINITY;
    const vh = p[0]!;
    const tr = p[2]!;
    const ts = p[3]!;
    const fixed = vh * (tr + ts) + p[4]!;
    const vFull = p[1]!;
    const vNow = vFull * inputs[INPUT.VELOCITY_SCALE]!;
    const warnLimit = fixed + vFull * tr + 0.5 * vFull * ts + p[6]!;
    const stopLimit = fixed + vNow * tr + 0.5 * vNow * ts;
    const s = this.slots;
    const kw = this.base;
    const kp = kw + 1;
    const h = p[7]!;
    const warn = s.tripped[kw] === 1 ? separation < warnLimit + h : separation < warnLimit;
    const stop = s.tripped[kp] === 1 ? separation < stopLimit + h : separation < stopLimit;
    s.value[kw] = separation;
    s.limit[kw] = warnLimit;
    s.value[kp] = separation;
    s.limit[kp] = stopLimit;
    s.tripped[kw] = warn ? 1 : 0;
    s.tripped[kp] = stop ? 1 : 0;
    return warn || stop;
  }

  reset(): void {
    // Nothing remembered besides the hysteresis, which follows the slots.
  }
}
