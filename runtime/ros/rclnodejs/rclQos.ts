import { DEFAULT_QOS, type Durability } from '../../bus/index.js';
import type { RclApi, RclQos } from './RclApi.js';

/** rmw's QoS policy values, as rclnodejs's `QoS.HistoryPolicy` etc. number them. */
export const RMW_QOS = {
  HISTORY_KEEP_LAST: 1,
  RELIABILITY_RELIABLE: 1,
  RELIABILITY_BEST_EFFORT: 2,
  DURABILITY_TRANSIENT_LOCAL: 1,
  DURABILITY_VOLATILE: 2,
  LIVELINESS_SYSTEM_DEFAULT: 0,
} as const;

export type Reliability = 'reliable' | 'best_effort';

/** The QoS a native endpoint asks for, in Kindred's words (bus QoS plus reliability). */
export interface NativeQos {
  /** Keep-last depth, a whole number ≥ 1. Default: 1 for transient-local, else the bus default (10). */
  readonly depth?: number | undefined;
  readonly durability?: Durability | undefined;
  /** Default `reliable`: the bus never drops a synchronous delivery. */
  readonly reliability?: Reliability | undefined;
}

/** An rmw QoS profile as plain numbers: the arguments of `new rclnodejs.QoS(...)`. */
export interface RclQosProfile {
  readonly history: number;
  readonly depth: number;
  readonly reliability: number;
  readonly durability: number;
  readonly liveliness: number;
}

/**
 * The rmw profile for a bus topic's QoS: keep-last at the bus depth, reliable, transient-local or
 * volatile as on the bus. A transient-local topic with no depth given keeps 1 message, as ROS 2's
 * latched topics do (`/tf_static`, `/robot_description`), so a late joiner gets the newest state.
 */
export function rclQosProfile(qos: NativeQos = {}): RclQosProfile {
  const durability = qos.durability ?? 'volatile';
  const depth = qos.depth ?? (durability === 'transient_local' ? 1 : DEFAULT_QOS.depth);
  return {
    history: RMW_QOS.HISTORY_KEEP_LAST,
    depth,
    reliability: qos.reliability === 'best_effort' ? RMW_QOS.RELIABILITY_BEST_EFFORT : RMW_QOS.RELIABILITY_RELIABLE,
    durability: durability === 'transient_local' ? RMW_QOS.DURABILITY_TRANSIENT_LOCAL : RMW_QOS.DURABILITY_VOLATILE,
    liveliness: RMW_QOS.LIVELINESS_SYSTEM_DEFAULT,
  };
}

/** An `rclnodejs.QoS` built from a profile (the native layer reads its fields by name). */
export function toRclQos(rcl: Pick<RclApi, 'QoS'>, profile: RclQosProfile): RclQos {
  return new rcl.QoS(profile.history, profile.depth, profile.reliability, profile.durability, profile.liveliness, false);
}
