import { Bus } from '../../../runtime/bus/index.js';
import { mountCommandTopics } from '../../../runtime/cli/commandTopics.js';
import type { Logger } from '../../../runtime/logging/index.js';
import { silentLogger } from '../../../runtime/logging/index.js';
import { jointStateMessage, LoopHost, type LoopConfig } from '../../../runtime/loop/index.js';
import type { MessageTypeMap } from '../../../runtime/msgs/index.js';
import { SimClock, type Timer } from '../../../runtime/time/index.js';
import { safetyStateMessage } from '../../../safety/supervisor/index.js';
import { hostFromKindredParts, type DisposableBehaviorHost } from '../hostFromKindredParts.js';

/** The rig's robot: two position joints on mock hardware; the knee limited to [0, 1.2] rad by the SafetyGate. */
export const RIG_CONFIG: LoopConfig = {
  rateHz: 500,
  mode: 'lockstep',
  stallTimeoutMs: 5000,
  spinUs: 50,
  hardware: [
    {
      type: 'mock',
      name: 'legs',
      joints: [
        { name: 'hip_left', command: ['position'], initialPositionRad: 0.1, min: -1, max: 1 },
        { name: 'knee_left', command: ['position'], initialPositionRad: 0.2, min: 0, max: 1.2 },
      ],
    },
  ],
  controllers: [
    { name: 'legs', type: 'forward_command', joints: ['hip_left', 'knee_left'], interface: 'position', params: {}, autostart: true },
    { name: 'knee_only', type: 'forward_command', joints: ['knee_left'], interface: 'position', params: {}, autostart: false },
  ],
};

/**
 * A real lock-step loop with Kindred's command topics, /joint_states and /safety/state publishers
 * (as `Kindred` mounts them), on a SimClock bus.
 */
export interface LockstepRig {
  readonly bus: Bus<MessageTypeMap>;
  readonly clock: SimClock;
  readonly loop: LoopHost;
  readonly host: DisposableBehaviorHost;
  /** Run `ms` of simulated time, loop and bus clock together, 10 ms at a time (as `Kindred` does). */
  run(ms: number): Promise<void>;
  /** Run until `promise` settles (or `maxMs` of simulated time passes) and return how it settled. */
  runUntil<T>(promise: Promise<T>, maxMs: number): Promise<{ readonly value?: T; readonly error?: unknown; readonly settled: boolean }>;
  /** Stop publishing /joint_states (a dead state publisher). */
  stopJointStates(): void;
  /** The measured position of a joint now. */
  position(joint: string): number;
  close(): Promise<void>;
}

const BATCH_MS = 10;

/** Start the rig: the worker, command topics mounted as Kindred mounts them, joint states at `jointStatesHz`. */
export async function startLockstepRig(options: { readonly logger?: Logger; readonly jointStatesHz?: number; readonly config?: LoopConfig } = {}): Promise<LockstepRig> {
  const logger = options.logger ?? silentLogger();
  const config = options.config ?? RIG_CONFIG;
  const bus = new Bus<MessageTypeMap>();
  const clock = new SimClock();
  const loop = await LoopHost.start(config, logger);
  const unmount = mountCommandTopics(bus, loop, config.controllers, logger);
  const joints = bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
  let jointTimer: Timer | undefined = clock.setTimer(BigInt(Math.round(1e9 / (options.jointStatesHz ?? 100))), (now) =>
    joints.publish(jointStateMessage(loop.stateNames, loop.latest(), now)),
  );
  // /safety/state as Kindred publishes it: latched, on every safety event.
  const safety = bus.advertise('/safety/state', 'kindred_msgs/msg/SafetyState', { durability: 'transient_local', depth: 1 });
  const publishSafety = (): void => {
    if (!safety.closed) safety.publish(safetyStateMessage(loop.safetyStatus(), clock.now()));
  };
  publishSafety();
  loop.onSafetyEvent(publishSafety);
  const host = hostFromKindredParts({ bus, clock, logger, loop, controllers: config.controllers });
  const cyclesPerBatch = Math.round((config.rateHz * BATCH_MS) / 1000);
  const run = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += BATCH_MS) {
      await loop.step(cyclesPerBatch);
      clock.advance(BigInt(BATCH_MS) * 1_000_000n);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  return {
    bus,
    clock,
    loop,
    host,
    run,
    async runUntil<T>(promise: Promise<T>, maxMs: number) {
      let outcome: { value?: T; error?: unknown; settled: boolean } = { settled: false };
      promise.then(
        (value) => (outcome = { value, settled: true }),
        (error: unknown) => (outcome = { error, settled: true }),
      );
      for (let t = 0; t < maxMs && !outcome.settled; t += BATCH_MS) await run(BATCH_MS);
      return outcome;
    },
    stopJointStates() {
      jointTimer?.cancel();
      jointTimer = undefined;
    },
    position(joint: string) {
      return loop.latest().state[loop.stateNames.indexOf(`${joint}/position`)]!;
    },
    async close() {
      jointTimer?.cancel();
      host.dispose();
      unmount();
      joints.close();
      safety.close();
      await loop.stop();
    },
  };
}
