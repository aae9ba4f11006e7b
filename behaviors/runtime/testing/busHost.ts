import { Bus } from '../../../runtime/bus/index.js';
import { KindredError } from '../../../runtime/errors/index.js';
import { silentLogger, type Logger } from '../../../runtime/logging/index.js';
import type { MessageTypeMap, sensor_msgs } from '../../../runtime/msgs/index.js';
import { SimClock } from '../../../runtime/time/index.js';
import type { BehaviorHost } from '../BehaviorHost.js';

/** A bus, a SimClock and a host on them with no control loop: for actors that only talk on the bus. */
export interface BusHost {
  readonly bus: Bus<MessageTypeMap>;
  readonly clock: SimClock;
  readonly host: BehaviorHost;
  /** Advance the clock `ms` in 10 ms steps, letting promise continuations run after each. */
  advance(ms: number): Promise<void>;
}

/** A `BusHost`; its controller `legs` commands `hip_left` and `knee_left`; it has no loop to switch or release. */
export function busHost(logger: Logger = silentLogger()): BusHost {
  const bus = new Bus<MessageTypeMap>();
  const clock = new SimClock();
  let latest: sensor_msgs.JointState | undefined;
  bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', (m) => (latest = m));
  const noLoop = (): Promise<void> => Promise.reject(new KindredError('INTERNAL', 'this test host has no control loop'));
  const host: BehaviorHost = {
    bus,
    clock,
    logger,
    jointStates: () => latest,
    switchControllers: noLoop,
    releaseHold: noLoop,
    controllerJoints: (name) => {
      if (name === 'legs') return ['hip_left', 'knee_left'];
      throw new KindredError('BEHAVIOR_ACTOR_CONTROLLER_UNKNOWN', `controller ${name} is not in this test host`, { value: name, expected: 'legs' });
    },
  };
  return {
    bus,
    clock,
    host,
    async advance(ms: number) {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10_000_000n);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}
