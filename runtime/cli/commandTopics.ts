import type { Bus } from '../bus/index.js';
import type { Logger } from '../logging/index.js';
import type { LoopHost } from '../loop/index.js';
import type { MessageTypeMap } from '../msgs/index.js';

/** The controllers of a launch file, as far as their command topics need them. */
export interface CommandTopicController {
  readonly name: string;
  readonly type: string;
  readonly joints: readonly string[];
  readonly interface: 'position' | 'velocity' | 'effort';
}

/**
 * Controller types whose set-point is a joint reference taken on `/<controller>/commands` too: the
 * forward-command controller (the command itself) and the effort laws that track a position
 * reference (impedance, assist-as-needed) — one value per joint, in the controller's order.
 */
export const COMMAND_TOPIC_TYPES: ReadonlySet<string> = new Set(['forward_command', 'joint_impedance', 'assist_as_needed']);

/** ros2_control's forward_command_controller topic of a controller. */
export function commandTopicName(controller: string): string {
  return `/${controller}/commands`;
}

/**
 * Subscribe `/<controller>/commands` (std_msgs/msg/Float64MultiArray, one value per joint in the
 * controller's order, as ros2_control's forward_command_controller takes them) for every
 * controller in COMMAND_TOPIC_TYPES, and hand each message to the loop as set-points. The values then pass
 * the SafetyGate in the worker like every command: limits, the stop in force, the prescription.
 * A message of the wrong length or with a non-finite value is refused whole and logged (never
 * partly applied). Returns the function that unsubscribes.
 */
export function mountCommandTopics(bus: Bus<MessageTypeMap>, loop: LoopHost, controllers: readonly CommandTopicController[], logger: Logger): () => void {
  const subscriptions = controllers
    .filter((c) => COMMAND_TOPIC_TYPES.has(c.type))
    .map((c) => {
      const names = c.joints.map((j) => `${j}/${c.interface}`);
      const topic = commandTopicName(c.name);
      let refused = 0;
      return bus.subscribe(topic, 'std_msgs/msg/Float64MultiArray', (m) => {
        const data = m.data;
        const bad = data.length !== names.length ? `${data.length} values for ${names.length} joints` : data.findIndex((v) => !Number.isFinite(v)) >= 0 ? 'a value that is not a finite number' : undefined;
        if (bad !== undefined) {
          refused++;
          // Logged at most once a second's worth of messages (rate-limited by count) so a bad publisher cannot flood the log.
          if (refused === 1 || refused % 100 === 0) {
            logger.warn({ code: 'COMMAND_TOPIC_REFUSED', topic, reason: bad, refused, expected: `${names.length} finite values in the order ${c.joints.join(', ')}` }, 'command refused / 指令被拒绝');
          }
          return;
        }
        const values: Record<string, number> = {};
        names.forEach((n, i) => (values[n] = data[i]!));
        loop.setSetpoints(values);
      });
    });
  return () => {
    for (const s of subscriptions) s.unsubscribe();
  };
}
