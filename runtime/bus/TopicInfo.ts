import type { Durability } from './Qos.js';

/** A snapshot of one topic, for introspection and bridges (rosapi, Foxglove). */
export interface TopicInfo {
  readonly name: string;
  /** The ROS 2 type name fixed by the topic's first advertiser or subscriber. */
  readonly type: string;
  readonly publishers: number;
  readonly subscribers: number;
  /** `transient_local` when at least one publisher keeps messages for late joiners. */
  readonly durability: Durability;
}
