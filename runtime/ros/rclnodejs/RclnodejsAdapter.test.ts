import { describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { RclApi } from './RclApi.js';
import { RclnodejsAdapter } from './RclnodejsAdapter.js';

/** An rclnodejs stand-in that records and refuses any use: proves the adapter did not touch ROS 2. */
function tripwire(): { rcl: RclApi; touched: PropertyKey[] } {
  const touched: PropertyKey[] = [];
  const rcl = new Proxy(
    {},
    {
      get(_target, property) {
        touched.push(property);
        throw new Error(`rclnodejs.${String(property)} was used`);
      },
    },
  ) as RclApi;
  return { rcl, touched };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('RclnodejsAdapter refuses before touching ROS 2', () => {
  it('a ROS 2 topic aimed at a bus topic outside allowPublish: RCLNODEJS_PUBLISH_NOT_ALLOWED, no context, no node', async () => {
    const { rcl, touched } = tripwire();
    const adapter = new RclnodejsAdapter(rcl);
    const error = await rejection(
      adapter.start({ bus: new Bus<MessageTypeMap>(), topicsIn: [{ ros: '/cmd_vel', type: 'geometry_msgs/msg/Twist', bus: '/cmd_vel' }], allowPublish: ['/robot/*'] }),
    );
    expect(isKindredError(error, 'RCLNODEJS_PUBLISH_NOT_ALLOWED')).toBe(true);
    expect(touched).toEqual([]);
    expect(adapter.started).toBe(false);
  });

  it('a bad option: RCLNODEJS_CONFIG_INVALID, nothing touched, and the adapter can still be started later', async () => {
    const { rcl, touched } = tripwire();
    const adapter = new RclnodejsAdapter(rcl);
    const error = await rejection(adapter.start({ bus: new Bus<MessageTypeMap>(), nodeName: 'kindred node' }));
    expect(isKindredError(error, 'RCLNODEJS_CONFIG_INVALID')).toBe(true);
    expect(touched).toEqual([]);
    // Idle again: a second start gets as far as rclnodejs (here, the tripwire), not RCLNODEJS_NOT_STARTED.
    const second = await rejection(adapter.start({ bus: new Bus<MessageTypeMap>() }));
    expect(isKindredError(second, 'RCLNODEJS_INIT_FAILED')).toBe(true);
    expect(touched).toEqual(['Context']);
  });

  it('a failure creating the context is RCLNODEJS_INIT_FAILED naming the node, with the cause', async () => {
    const { rcl } = tripwire();
    const error = await rejection(new RclnodejsAdapter(rcl).start({ bus: new Bus<MessageTypeMap>(), nodeName: 'kindred_exo' }));
    expect(isKindredError(error, 'RCLNODEJS_INIT_FAILED')).toBe(true);
    if (!isKindredError(error)) return;
    expect(error.message).toContain('"kindred_exo"');
    expect(error.message).toContain('rclnodejs.Context was used');
  });

  it('using it before start is RCLNODEJS_NOT_STARTED; stop before start does nothing', async () => {
    const { rcl, touched } = tripwire();
    const adapter = new RclnodejsAdapter(rcl);
    expect(() => adapter.stats()).toThrow(expect.objectContaining({ code: 'RCLNODEJS_NOT_STARTED' }));
    expect(() => adapter.syncServices()).toThrow(expect.objectContaining({ code: 'RCLNODEJS_NOT_STARTED' }));
    expect(isKindredError(await rejection(adapter.callService('/x', 'std_srvs/srv/Trigger')), 'RCLNODEJS_NOT_STARTED')).toBe(true);
    expect(isKindredError(await rejection(adapter.sendGoal('/x', 'example_interfaces/action/Fibonacci')), 'RCLNODEJS_NOT_STARTED')).toBe(true);
    await adapter.stop();
    expect(touched).toEqual([]);
  });
});
