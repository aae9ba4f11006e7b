import { SAFETY_REACTIONS, type SafetyReaction } from '../log/SafetyEvent.js';

/**
 * Reaction codes: the index of each reaction in `SAFETY_REACTIONS`, so a larger code is a more
 * severe reaction (none < warn < reduced_speed < stop2 < stop1 < stop0).
 */
export const REACTION = { none: 0, warn: 1, reduced_speed: 2, stop2: 3, stop1: 4, stop0: 5 } as const satisfies Record<SafetyReaction, number>;

/** The reaction named by a code (inverse of `REACTION`). */
export function reactionName(code: number): SafetyReaction {
  return SAFETY_REACTIONS[code] ?? 'none';
}

/** Whether a reaction is an IEC 60204-1 stop (those latch until an authorised reset). */
export function isStopReaction(code: number): boolean {
  return code >= REACTION.stop2;
}

/** The stop category of a stop reaction code (stop0 → 0, stop1 → 1, stop2 → 2), else -1. */
export function stopCategoryOf(code: number): -1 | 0 | 1 | 2 {
  return code === REACTION.stop0 ? 0 : code === REACTION.stop1 ? 1 : code === REACTION.stop2 ? 2 : -1;
}

/** What a fault slot is, fixed at configuration time. */
export interface FaultSlotSpec {
  /** The monitor that owns it (`interaction_force`). */
  readonly monitor: string;
  /** The fault code from the safety catalogue (`SAFETY_FORCE_TRANSIENT`), also published in SafetyFault.code. */
  readonly code: string;
  /** What it concerns: a joint, a body region and its sensor, a sensor stream, an e-stop source. */
  readonly subject: string;
  /** The key of the measured value and limit in safety events, quantity and unit (`forceN`, `separationM`). */
  readonly quantity: string;
  readonly reaction: SafetyReaction;
  /** An emergency-stop input: while latched, the supervisor is in EMERGENCY_STOP rather than PROTECTIVE_STOP. */
  readonly emergency?: boolean;
}

/**
 * The fault slots every monitor writes into, as parallel typed arrays (no object per fault). A
 * monitor reserves its slots with `add` at configuration time; after `seal` the arrays exist and each
 * `check` writes `tripped`, `value` and `limit` of its own slots every cycle. The supervisor owns the
 * rest (debounce, latch, events).
 */
export class FaultSlots {
  private readonly list: FaultSlotSpec[] = [];
  private sealed = false;
  /** 1 when the monitor finds the fault's cause present this cycle. */
  tripped: Uint8Array = new Uint8Array(0);
  /** The measured value the monitor judged (at the last check). */
  value: Float64Array = new Float64Array(0);
  /** The limit it was judged against. */
  limit: Float64Array = new Float64Array(0);
  /** Reaction code per slot (`REACTION`). */
  reaction: Uint8Array = new Uint8Array(0);
  /** 1 for emergency-stop slots. */
  emergency: Uint8Array = new Uint8Array(0);

  private readonly subjects: (string | undefined)[] = [];

  /** Reserve a slot; returns its index. Configuration time only. */
  add(spec: FaultSlotSpec): number {
    if (this.sealed) throw new Error('FaultSlots.add after seal');
    this.list.push(spec);
    return this.list.length - 1;
  }

  /** Allocate the arrays once every monitor has reserved its slots. */
  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    const n = this.list.length;
    this.tripped = new Uint8Array(n);
    this.value = new Float64Array(n);
    this.limit = new Float64Array(n);
    this.reaction = Uint8Array.from(this.list, (s) => REACTION[s.reaction]);
    this.emergency = Uint8Array.from(this.list, (s) => (s.emergency === true ? 1 : 0));
  }

  get size(): number {
    return this.list.length;
  }

  /**
   * Name what a slot concerns now, when it differs from its configured subject (an e-stop request from
   * a source without a slot of its own). Between cycles only.
   */
  setSubject(k: number, subject: string): void {
    this.subjects[k] = subject;
  }

  /** Forget every subject `setSubject` gave and every verdict (configuration time, after a warm-up). */
  clearVerdicts(): void {
    this.subjects.length = 0;
    this.tripped.fill(0);
    this.value.fill(0);
    this.limit.fill(0);
  }

  /** What the slot concerns now (its configured subject unless `setSubject` changed it). */
  subjectOf(k: number): string {
    return this.subjects[k] ?? this.spec(k).subject;
  }

  /** The slot's configuration. */
  spec(k: number): FaultSlotSpec {
    const s = this.list[k];
    if (s === undefined) throw new RangeError(`no fault slot ${k}`);
    return s;
  }

  /** Every slot's configuration, in slot order. */
  specs(): readonly FaultSlotSpec[] {
    return this.list;
  }
}
