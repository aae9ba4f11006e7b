import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import type { Subscription } from '../../../runtime/bus/index.js';
import { sFromNs } from '../../../runtime/time/index.js';
import { TRACKED_BODIES_TOPIC } from '../../actors/index.js';
import type { BehaviorHost } from '../../runtime/BehaviorHost.js';

/** A tracked person's posture became `fallen` (kindred_msgs/BodyPosture `fallen`). */
export interface PersonFallenEvent {
  readonly type: 'person.fallen';
  readonly personId: string;
  /** When the fall was seen, s on the bus clock. */
  readonly atS: number;
  /** Where the person lies (the position topic's frame, e.g. `sim_world`), when a position has been seen. */
  readonly position: { readonly xM: number; readonly yM: number } | null;
  /** perception or sim_ground_truth. */
  readonly source: string;
}

/** A person who had fallen is no longer `fallen` (got up, or was helped up). */
export interface PersonRecoveredEvent {
  readonly type: 'person.recovered';
  readonly personId: string;
  readonly atS: number;
  readonly posture: string;
}

/** The events `personWatch` sends. */
export type PersonWatchEvent = PersonFallenEvent | PersonRecoveredEvent;

/** Which ROS4HRI list to follow. */
export interface PersonWatchInput {
  /** Default `/humans/bodies/tracked`; each id's `/humans/bodies/<id>/posture` and `/position` are followed. */
  readonly trackedTopic?: string;
}

/** The logic `personWatch(host)` returns. */
export type PersonWatchLogic = CallbackActorLogic<EventObject, PersonWatchInput | undefined>;

/** `/humans/bodies/<id>/<what>`. */
export function bodyTopic(id: string, what: 'posture' | 'position'): string {
  return `/humans/bodies/${id}/${what}`;
}

/**
 * An actor that watches every tracked body (ROS4HRI `/humans/bodies/tracked`) for falls: it follows
 * each id's kindred_msgs/BodyPosture and position, and sends its parent `person.fallen` when a body's
 * `fallen` turns true (once per fall, with where the person lies) and `person.recovered` when it turns
 * false again. Perception publishes these topics later; the simulator's ground truth now. Stopping it
 * unsubscribes everything.
 */
export function personWatch(host: BehaviorHost): PersonWatchLogic {
  return fromCallback<EventObject, PersonWatchInput | undefined>(({ sendBack, input }) => {
    const logger = host.logger.child({ actor: 'personWatch' });
    const subscriptions: Subscription[] = [];
    const followed = new Set<string>();
    const follow = (id: string): void => {
      if (followed.has(id) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) return;
      followed.add(id);
      let fallen = false;
      let position: { xM: number; yM: number } | null = null;
      subscriptions.push(
        host.bus.subscribe(bodyTopic(id, 'position'), 'geometry_msgs/msg/PointStamped', (m) => {
          if (Number.isFinite(m.point.x) && Number.isFinite(m.point.y)) position = { xM: m.point.x, yM: m.point.y };
        }),
        host.bus.subscribe(bodyTopic(id, 'posture'), 'kindred_msgs/msg/BodyPosture', (m) => {
          if (m.fallen === fallen) return;
          fallen = m.fallen;
          const atS = sFromNs(host.clock.now());
          if (fallen) {
            logger.warn({ personId: id, atS, position, source: m.source }, 'person fallen / 检测到跌倒');
            sendBack({ type: 'person.fallen', personId: id, atS, position, source: m.source } satisfies PersonFallenEvent);
          } else {
            logger.info({ personId: id, atS, posture: m.posture }, 'person no longer fallen / 已不再处于跌倒姿态');
            sendBack({ type: 'person.recovered', personId: id, atS, posture: m.posture } satisfies PersonRecoveredEvent);
          }
        }),
      );
    };
    subscriptions.push(host.bus.subscribe(input?.trackedTopic ?? TRACKED_BODIES_TOPIC, 'hri_msgs/msg/IdsList', (m) => m.ids.forEach(follow), { durability: 'transient_local' }));
    return () => {
      for (const s of subscriptions.splice(0)) s.unsubscribe();
    };
  });
}
