import type { ShippedBehavior } from './ShippedBehavior.js';

/**
 * The behaviours Kindred ships, by id, each loaded on first use (a behaviour's module pulls in its plan
 * schema and machine; `kindred behavior verify` loads all, `run` only the one asked for).
 */
export const SHIPPED_BEHAVIORS: Readonly<Record<string, () => Promise<ShippedBehavior>>> = Object.freeze({
  companion: async () => (await import('./companion/index.js')).companionBehavior,
  rehab: async () => (await import('./rehab/index.js')).rehabBehavior,
  transfer: async () => (await import('./transfer/index.js')).transferBehavior,
});

/** The ids of the shipped behaviours, sorted. */
export function shippedBehaviorIds(): string[] {
  return Object.keys(SHIPPED_BEHAVIORS).sort();
}
