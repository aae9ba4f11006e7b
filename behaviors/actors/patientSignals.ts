import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import { kindred_msgs } from '../../runtime/msgs/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import type { PatientSignalEvent } from './events.js';

/** Pain and fatigue estimates (kindred_msgs/PatientSignal): perception later, the patient profile in simulation. */
export const PATIENT_SIGNALS_TOPIC = '/humans/patient_signals';

const K = kindred_msgs.PatientSignal_Constants;

/** When a signal counts. Levels are 0..1. */
export interface PatientSignalsInput {
  /** Pain at or above this is forwarded. Default 0.5. */
  readonly painThreshold?: number;
  /** Fatigue at or above this is forwarded. Default 0.6. */
  readonly fatigueThreshold?: number;
  /** A signal is forwarded again only after falling this far below its threshold. Default 0.1. */
  readonly hysteresis?: number;
  /** Only this person's signals; absent: anyone's. */
  readonly personId?: string;
}

/** The logic `patientSignals(host)` returns. */
export type PatientSignalsLogic = CallbackActorLogic<EventObject, PatientSignalsInput>;

/**
 * An actor that follows `/humans/patient_signals` and sends its parent `patient.pain` /
 * `patient.fatigue` (a `PatientSignalEvent`) when a person's level reaches the threshold — once per
 * crossing, re-armed when the level falls `hysteresis` below it, so a steady signal published at
 * 10 Hz is one event, not a flood. Stopping it unsubscribes.
 */
export function patientSignals(host: BehaviorHost): PatientSignalsLogic {
  return fromCallback<EventObject, PatientSignalsInput>(({ sendBack, input }) => {
    const threshold = { [K.PAIN]: input.painThreshold ?? 0.5, [K.FATIGUE]: input.fatigueThreshold ?? 0.6 } as Record<number, number>;
    const hysteresis = input.hysteresis ?? 0.1;
    const raised = new Set<string>();
    const logger = host.logger.child({ actor: 'patientSignals' });
    const subscription = host.bus.subscribe(PATIENT_SIGNALS_TOPIC, 'kindred_msgs/msg/PatientSignal', (m) => {
      if (input.personId !== undefined && m.person_id !== input.personId) return;
      const limit = threshold[m.kind];
      if (limit === undefined || !Number.isFinite(m.level)) return;
      const key = `${m.kind}/${m.person_id}`;
      if (m.level < limit - hysteresis) {
        raised.delete(key);
        return;
      }
      if (m.level < limit || raised.has(key)) return;
      raised.add(key);
      const event: PatientSignalEvent = { type: m.kind === K.PAIN ? 'patient.pain' : 'patient.fatigue', level: m.level, personId: m.person_id, source: m.source };
      logger.info({ event }, `patient signal / 患者信号: ${event.type} ${m.level.toFixed(2)}`);
      sendBack(event);
    });
    return () => subscription.unsubscribe();
  });
}
