import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import type { BehaviorHost } from '../../runtime/BehaviorHost.js';

/** Whether recording is allowed while the companion runs (std_msgs/Bool, latched). */
export const RECORDING_ALLOWED_TOPIC = '/companion/recording_allowed';

/** The privacy flag to announce. */
export interface PrivacyAnnouncerInput {
  readonly recordingAllowed: boolean;
}

/** The logic `privacyAnnouncer(host)` returns. */
export type PrivacyAnnouncerLogic = CallbackActorLogic<EventObject, PrivacyAnnouncerInput>;

/**
 * An actor that publishes the companion's privacy flag on `/companion/recording_allowed`
 * (std_msgs/Bool, transient-local so a recorder or the tablet that starts later still learns it)
 * for as long as the companion runs: `false` unless everyone consented to recording. Recorders
 * (Kindred's MCAP recorder, `kindred record`) must not record while it is false. Stopping it closes
 * the topic.
 */
export function privacyAnnouncer(host: BehaviorHost): PrivacyAnnouncerLogic {
  return fromCallback<EventObject, PrivacyAnnouncerInput>(({ input }) => {
    const publisher = host.bus.advertise(RECORDING_ALLOWED_TOPIC, 'std_msgs/msg/Bool', { durability: 'transient_local', depth: 1 });
    publisher.publish({ data: input.recordingAllowed });
    host.logger
      .child({ actor: 'privacyAnnouncer' })
      .info({ recordingAllowed: input.recordingAllowed }, input.recordingAllowed ? 'recording allowed / 允许录制' : 'no recording consent: nothing may be recorded / 未获录制同意：不得录制');
    return () => publisher.close();
  });
}
