/**
 * The events Kindred's callback actors send to the behaviour that invokes them, besides the safety
 * events of `behaviors/core` (`safetyWatcher`). Machines add the ones they handle to their event
 * union, e.g. `IntentEvent<'stop' | 'help'> | PatientSignalEvent`.
 */

/** The roles a person can have for Kindred (kindred_msgs/Intent `role`). */
export type PersonRole = 'patient' | 'caregiver' | 'therapist';

/** An intent from `/intents`, as `intent.<name>` (e.g. `intent.stop`, `intent.how_are_you`). */
export interface IntentEvent<TName extends string = string> {
  readonly type: `intent.${TName}`;
  /** Who said or typed it: patient, caregiver or therapist (other strings pass through as sent). */
  readonly role: string;
  readonly text: string;
  /** `zh` or `en`. */
  readonly language: string;
  /** 0..1; 1 for typed intents. */
  readonly confidence: number;
  /** cli, api, voice or tablet. */
  readonly source: string;
}

/** A pain or fatigue signal that crossed its threshold (`patientSignals`). */
export interface PatientSignalEvent {
  readonly type: 'patient.pain' | 'patient.fatigue';
  /** 0..1. */
  readonly level: number;
  readonly personId: string;
  /** perception, sim_profile, patient_report, ... */
  readonly source: string;
}
