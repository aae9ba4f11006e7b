import { afterEach, describe, expect, it } from 'vitest';
import type { MessageTypeMap } from '../../msgs/index.js';
import { Cleanup, makeClient, startBridge, waitFor, type RunningBridge } from './fixtures/clientKit.js';
import type { RosbridgeStatus } from './RosbridgeClient.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const TOKEN = 'ward-3-robot-bridge-7f3a9c';

async function guardedRobot(): Promise<RunningBridge> {
  const r = await startBridge({ token: TOKEN });
  cleanup.add(() => r.stop());
  return r;
}

const chatter = (text: string): MessageTypeMap['std_msgs/msg/String'] => ({ data: text });

describe('token authentication with the robot’s rosbridge server', () => {
  it('presents the token first, so its subscriptions are served', async () => {
    const r = await guardedRobot();
    const { client } = makeClient(cleanup, { url: r.url, token: TOKEN });
    const heard: unknown[] = [];
    client.subscribe('/chatter', 'std_msgs/msg/String', (m) => heard.push(m));
    await client.connect();
    await waitFor(() => (r.bus.topic('/chatter')?.subscribers ?? 0) > 0, 'the authenticated subscription');
    r.bus.advertise('/chatter', 'std_msgs/msg/String').publish(chatter('hello'));
    await waitFor(() => heard.length === 1, 'the message');
    expect(heard).toEqual([chatter('hello')]);
    expect(client.stats().statusErrors).toBe(0);
  });

  it('reports a refused token as ROS_CLIENT_AUTH_FAILED and keeps retrying with growing delays', async () => {
    const r = await guardedRobot();
    // maxMs well above how long a refused connection stays open, so no refusal counts as a stable link.
    const backoff = { initialMs: 20, maxMs: 2000, factor: 2, jitter: 0 };
    const { client, changes } = makeClient(cleanup, { url: r.url, token: 'not-the-ward-token-at-all', backoff });
    client.subscribe('/chatter', 'std_msgs/msg/String', () => undefined);
    await client.connect();
    await waitFor(() => changes.filter((c) => c.state === 'backoff').length >= 3, 'three refusals');
    const backoffs = changes.filter((c) => c.state === 'backoff').slice(0, 3);
    expect(backoffs.map((c) => c.error?.code)).toEqual(['ROS_CLIENT_AUTH_FAILED', 'ROS_CLIENT_AUTH_FAILED', 'ROS_CLIENT_AUTH_FAILED']);
    expect(backoffs.map((c) => c.delayMs)).toEqual([20, 40, 80]);
    expect(r.bus.topic('/chatter')).toBeUndefined();
  });

  it('reads an HTTP 401 on the upgrade (a wrong ?token= on the URL) as ROS_CLIENT_AUTH_FAILED', async () => {
    const r = await guardedRobot();
    const { client, changes } = makeClient(cleanup, { url: `${r.url}/?token=wrong-token-for-this-ward` });
    void client.connect().catch(() => undefined);
    await waitFor(() => changes.some((c) => c.state === 'backoff'), 'the refusal');
    const backoff = changes.find((c) => c.state === 'backoff');
    expect(backoff?.error?.code).toBe('ROS_CLIENT_AUTH_FAILED');
    expect(backoff?.error?.message).toContain('401');
    expect(changes.some((c) => c.state === 'connected')).toBe(false);
  });

  it('hears the server’s status when it sends ops without a token', async () => {
    const r = await guardedRobot();
    const { client } = makeClient(cleanup, { url: r.url });
    const statuses: RosbridgeStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    await client.connect();
    const sub = client.subscribe('/chatter', 'std_msgs/msg/String', () => undefined);
    await waitFor(() => statuses.length > 0, 'a status op');
    expect(statuses[0]).toMatchObject({ level: 'error', code: 'ROSBRIDGE_NOT_AUTHENTICATED', id: sub.id });
    expect(client.stats().statusErrors).toBeGreaterThanOrEqual(1);
  });
});
