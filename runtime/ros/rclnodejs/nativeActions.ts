import type { Logger } from '../../logging/index.js';
import type { ActionInfo, ActionOutcome, ActionRegistry } from '../rosbridge/index.js';
import { failureText } from '../rosbridge/ServiceRegistry.js';
import type { RclActionServer, RclApi, RclNode, RclServerGoalHandle } from './RclApi.js';
import { plainFromRcl } from './rclMessages.js';
import { NATIVE_CLIENT_ID } from './nativeServices.js';

/** action_msgs/msg/GoalStatus values a finished goal carries. */
export const GOAL_STATUS = { SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 } as const;

/** How a goal ended, from its final action_msgs/msg/GoalStatus (anything but 4 and 5 counts as aborted). */
export function outcomeOfStatus(statusCode: number, result: unknown): ActionOutcome {
  const status = statusCode === GOAL_STATUS.SUCCEEDED ? 'succeeded' : statusCode === GOAL_STATUS.CANCELED ? 'canceled' : 'aborted';
  return { status, statusCode: status === 'aborted' ? GOAL_STATUS.ABORTED : statusCode, result: plainFromRcl(result ?? {}) };
}

/**
 * The terminal transition for a native goal whose Kindred handler ended with `outcome`. ROS 2 allows
 * `canceled` only after a cancel request was accepted; a handler that gives up on its own is aborted.
 */
export function terminalTransition(outcome: Pick<ActionOutcome, 'status'>, cancelRequested: boolean): 'succeed' | 'canceled' | 'abort' {
  if (outcome.status === 'succeeded') return 'succeed';
  if (outcome.status === 'canceled' && cancelRequested) return 'canceled';
  return 'abort';
}

interface NativeGoal {
  readonly goal: unknown;
  readonly controller: AbortController;
}

/**
 * Offers Kindred's own actions (those the registry's handlers provide) as ROS 2 action servers: a
 * goal is accepted and run by the same handler a rosbridge client's goal would reach, feedback is
 * published as it comes, a ROS 2 cancel request aborts the handler's `signal`, and the goal ends
 * succeeded, canceled or aborted as the handler decides. A type missing from the ROS 2 installation
 * is skipped (RCLNODEJS_TYPE_UNAVAILABLE in `skipped`).
 */
export function offerActions(
  rcl: RclApi,
  node: RclNode,
  registry: ActionRegistry,
  wanted: (info: ActionInfo) => boolean,
  logger: Logger,
): { readonly offered: readonly string[]; readonly skipped: ReadonlyMap<string, string>; readonly dispose: () => void } {
  const servers = new Map<string, RclActionServer>();
  const skipped = new Map<string, string>();
  for (const info of registry.list().filter((a) => a.provider === 'kindred' && wanted(a))) {
    const goals = new WeakMap<RclServerGoalHandle, NativeGoal>();
    // rclnodejs calls the goal callback (with the goal) and then, in the same turn, the accepted
    // callback (with its handle): the goal waits here for its handle.
    let arriving: unknown;
    const onGoal = (goal: unknown): number => {
      arriving = plainFromRcl(goal);
      return rcl.GoalResponse.ACCEPT;
    };
    const onAccepted = (handle: RclServerGoalHandle): void => {
      goals.set(handle, { goal: arriving ?? {}, controller: new AbortController() });
      arriving = undefined;
      handle.execute();
    };
    const onCancel = (handle?: RclServerGoalHandle): number => {
      const goal = handle === undefined ? undefined : goals.get(handle);
      if (goal === undefined) return rcl.CancelResponse.REJECT;
      goal.controller.abort();
      return rcl.CancelResponse.ACCEPT;
    };
    const execute = async (handle: RclServerGoalHandle): Promise<object> => {
      const goal = goals.get(handle) ?? { goal: {}, controller: new AbortController() };
      try {
        const outcome = await registry.sendGoal(info.name, goal.goal, {
          client: NATIVE_CLIENT_ID,
          signal: goal.controller.signal,
          onFeedback: (values) => {
            if (handle.isActive) handle.publishFeedback(typeof values === 'object' && values !== null ? values : {});
          },
        });
        const transition = terminalTransition(outcome, handle.isCancelRequested);
        handle[transition]();
        return typeof outcome.result === 'object' && outcome.result !== null ? outcome.result : {};
      } catch (error) {
        logger.warn({ code: 'RCLNODEJS_ACTION_FAILED', action: info.name, reason: failureText(error) }, 'a ROS 2 goal for a Kindred action failed; aborted');
        if (handle.isActive) handle.abort();
        return {};
      }
    };
    try {
      servers.set(info.name, new rcl.ActionServer(node, info.type, info.name, execute, onGoal, onAccepted, onCancel));
    } catch (error) {
      skipped.set(info.name, `RCLNODEJS_TYPE_UNAVAILABLE: action ${info.name} (${info.type}) could not be created: ${error instanceof Error ? error.message : String(error)}`);
      logger.warn({ code: 'RCLNODEJS_TYPE_UNAVAILABLE', action: info.name, type: info.type, err: error }, 'Kindred action not offered to ROS 2');
    }
  }
  return {
    offered: [...servers.keys()].sort(),
    skipped,
    dispose: () => {
      for (const server of servers.values()) {
        try {
          server.destroy();
        } catch {
          // Already destroyed with its node.
        }
      }
      servers.clear();
    },
  };
}
