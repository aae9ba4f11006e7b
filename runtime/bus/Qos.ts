/**
 * Quality of service for one publisher or subscription, after ROS 2's keep-last history.
 *
 * - `depth`: how many messages a transient-local publisher keeps for late joiners, and how many a
 *   queued subscription holds before it drops the oldest. A whole number ≥ 1; default 10 (ROS 2's).
 * - `durability`: `transient_local` on a publisher keeps its last `depth` messages; a subscription
 *   that also asks for `transient_local` receives them when it subscribes. Default `volatile`.
 * - `delivery` (subscriptions only): `sync` calls the callback inside `publish` (fastest);
 *   `queued` buffers up to `depth` messages and calls the callback later, so a slow subscriber
 *   never holds up the publisher. Default `sync`.
 */
export interface Qos {
  readonly depth?: number;
  readonly durability?: Durability;
  readonly delivery?: Delivery;
}

export type Durability = 'volatile' | 'transient_local';
export type Delivery = 'sync' | 'queued';

/** A validated `Qos` with every default filled in. */
export interface ResolvedQos {
  readonly depth: number;
  readonly durability: Durability;
  readonly delivery: Delivery;
}

export const DEFAULT_QOS: ResolvedQos = Object.freeze({ depth: 10, durability: 'volatile', delivery: 'sync' });
