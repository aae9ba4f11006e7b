/**
 * The safety supervisor's own statechart, as a plain allocation-free state machine (it runs inside
 * the real-time cycle, where an XState actor would allocate). States and their codes are
 * kindred_msgs/SafetyState's constants:
 *
 * ```
 *   NORMAL ⇄ REDUCED_SPEED            (a person within the warning distance; ends on its own)
 *   any ─▶ PROTECTIVE_STOP            (a stop fault latched)
 *   any ─▶ EMERGENCY_STOP             (an e-stop fault latched; wins over a protective stop)
 *   PROTECTIVE_STOP | EMERGENCY_STOP ─▶ RECOVERY   (only: an accepted, authorised reset)
 *   RECOVERY ─▶ NORMAL | REDUCED_SPEED             (the recovery time is over)
 * ```
 *
 * - Any state → EMERGENCY_STOP while an emergency-stop fault is latched; → PROTECTIVE_STOP while any
 *   other stop fault is latched (reactions stop0/1/2 of any monitor). Stop faults latch: only an
 *   authorised reset, accepted when no cause persists, clears them — so the stop states are left only
 *   through a reset.
 * - An accepted reset enters RECOVERY: torque back, commands restart at rest, speed held at the
 *   recovery scale for the recovery time; a new stop fault during it stops again.
 * - REDUCED_SPEED while a reduced-speed fault (a person within the warning distance) is present; it
 *   does not latch, and ends on its own once the cause has been gone for the clear delay.
 */

/** The states, with kindred_msgs/SafetyState's codes. */
export const SUPERVISOR_STATE = { normal: 0, reduced_speed: 1, protective_stop: 2, emergency_stop: 3, recovery: 4 } as const;
/** One of the state names. */
export type SupervisorStateName = keyof typeof SUPERVISOR_STATE;

const NAMES: readonly SupervisorStateName[] = ['normal', 'reduced_speed', 'protective_stop', 'emergency_stop', 'recovery'];

/** The name of a state code. */
export function supervisorStateName(code: number): SupervisorStateName {
  return NAMES[code] ?? 'normal';
}

/** Bilingual labels of the states (UI, logs). */
export const SUPERVISOR_STATE_LABELS: Readonly<Record<SupervisorStateName, { readonly en: string; readonly zh: string }>> = {
  normal: { en: 'normal', zh: '正常' },
  reduced_speed: { en: 'reduced speed', zh: '降速' },
  protective_stop: { en: 'protective stop', zh: '保护性停止' },
  emergency_stop: { en: 'emergency stop', zh: '紧急停止' },
  recovery: { en: 'recovery', zh: '恢复中' },
};

/**
 * The state the supervisor is in, given what holds this cycle (allocation-free; booleans only):
 * `emergency` an emergency-stop fault is latched, `stopped` any stop fault is latched, `recovering`
 * an accepted reset's recovery time is running, `reduced` a reduced-speed fault is present.
 */
export function nextSupervisorState(emergency: boolean, stopped: boolean, recovering: boolean, reduced: boolean): number {
  if (emergency) return SUPERVISOR_STATE.emergency_stop;
  if (stopped) return SUPERVISOR_STATE.protective_stop;
  if (recovering) return SUPERVISOR_STATE.recovery;
  if (reduced) return SUPERVISOR_STATE.reduced_speed;
  return SUPERVISOR_STATE.normal;
}
