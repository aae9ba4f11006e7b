import { stampFromNs, type kindred_msgs } from '../../runtime/msgs/index.js';
import type { SessionRecord } from './sessionRecord.js';

/** Where the session record goes (latched: the tablet gets the last one when it connects). */
export const SESSION_RECORD_TOPIC = '/rehab/session_record';

function perJoint<T>(joints: readonly string[], values: Readonly<Record<string, T>>, pick: (v: T) => number): number[] {
  return joints.map((j) => {
    const v = values[j];
    return v === undefined ? Number.NaN : pick(v);
  });
}

/** The record as kindred_msgs/RehabSessionRecord (repetitions flattened in order; the full record as JSON). */
export function sessionRecordMessage(record: SessionRecord, stampNs: bigint): kindred_msgs.RehabSessionRecord {
  const repetitions: kindred_msgs.RehabRepetition[] = record.exercises.flatMap((e) =>
    e.repetitions.map((r) => ({
      exercise_id: e.id,
      set: r.set,
      repetition: r.repetition,
      mode: e.mode,
      // The level the loop applied for this repetition (after progression); -1 outside active_assisted.
      assistance_percent: r.appliedAssistancePercent ?? e.assistancePercent ?? -1,
      joints: [...e.joints],
      target_from_rad: r.target.fromRad,
      target_to_rad: r.target.toRad,
      range_min_rad: perJoint(e.joints, r.rangeReached, (x) => x.minRad),
      range_max_rad: perJoint(e.joints, r.rangeReached, (x) => x.maxRad),
      reached_target: r.reachedTarget,
      within_prescription: r.withinPrescription,
      peak_effort_nm: perJoint(e.joints, r.assistance, (x) => x.peakNm),
      mean_effort_nm: perJoint(e.joints, r.assistance, (x) => x.meanNm),
      max_tracking_error_rad: r.maxTrackingErrorRad ?? Number.NaN,
      duration_s: r.durationS,
      outcome: r.outcome,
      error_code: r.errorCode ?? '',
    })),
  );
  return {
    header: { stamp: stampFromNs(stampNs), frame_id: '' },
    plan_name: record.plan,
    patient_id: record.patient.id,
    patient_name: record.patient.name,
    status: record.status,
    stop_reason: record.stopReason,
    stop_detail: record.stopDetail,
    started_at_s: record.startedAtS,
    ended_at_s: record.endedAtS,
    repetitions,
    pause_count: record.pauses.length,
    safety_event_count: record.safetyEvents.length,
    record_json: JSON.stringify(record),
  };
}
