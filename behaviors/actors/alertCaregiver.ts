import { randomUUID } from 'node:crypto';
import { fromPromise, type PromiseActorLogic } from 'xstate';
import { kindred_msgs, stampFromNs } from '../../runtime/msgs/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';

/** Where caregiver alerts go (kindred_msgs/CaregiverAlert): the tablet, the API and later notifications. */
export const CAREGIVER_ALERTS_TOPIC = '/caregiver/alerts';

const SEVERITY = { info: kindred_msgs.CaregiverAlert_Constants.INFO, warning: kindred_msgs.CaregiverAlert_Constants.WARNING, urgent: kindred_msgs.CaregiverAlert_Constants.URGENT } as const;

/** What to tell the caregivers. */
export interface AlertCaregiverInput {
  readonly severity: keyof typeof SEVERITY;
  /** What happened, lower-case snake_case: fall, help_request, reminder_ignored, pain, session_stopped, ... */
  readonly kind: string;
  readonly message_zh: string;
  readonly message_en: string;
  readonly personId?: string;
  readonly location?: string;
}

/** The alert as published (its id lets an acknowledgement name it). */
export interface AlertCaregiverOutput {
  readonly id: string;
}

/** The logic `alertCaregiver(host)` returns. */
export type AlertCaregiverLogic = PromiseActorLogic<AlertCaregiverOutput, AlertCaregiverInput>;

/**
 * An actor that publishes a kindred_msgs/CaregiverAlert on `/caregiver/alerts`, stamped on the bus
 * clock with a fresh id, logs it (warn, error when urgent) and resolves with the id.
 */
export function alertCaregiver(host: BehaviorHost): AlertCaregiverLogic {
  return fromPromise<AlertCaregiverOutput, AlertCaregiverInput>(async ({ input }) => {
    const id = `alert-${randomUUID()}`;
    const alert: kindred_msgs.CaregiverAlert = {
      header: { stamp: stampFromNs(host.clock.now()), frame_id: '' },
      id,
      severity: SEVERITY[input.severity],
      kind: input.kind,
      message_zh: input.message_zh,
      message_en: input.message_en,
      person_id: input.personId ?? '',
      location: input.location ?? '',
    };
    const publisher = host.bus.advertise(CAREGIVER_ALERTS_TOPIC, 'kindred_msgs/msg/CaregiverAlert');
    try {
      publisher.publish(alert);
    } finally {
      publisher.close();
    }
    const logger = host.logger.child({ actor: 'alertCaregiver' });
    logger[input.severity === 'urgent' ? 'error' : 'warn']({ id, kind: input.kind, severity: input.severity, personId: alert.person_id }, `caregiver alert / 看护提醒: ${input.message_zh} / ${input.message_en}`);
    return { id };
  });
}
