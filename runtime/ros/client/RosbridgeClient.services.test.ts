import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { SimClock, nsFromMs } from '../../time/index.js';
import { Cleanup, makeClient, startBridge, waitFor, type RunningBridge } from './fixtures/clientKit.js';
import { RosBridgeMapping } from './RosBridgeMapping.js';
import type { RosbridgeClient } from './RosbridgeClient.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function robot(): Promise<RunningBridge> {
  const b = await startBridge();
  cleanup.add(() => b.stop());
  return b;
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

const servicesIn = [
  { name: 'reset', ros: '/robot/reset', type: 'std_srvs/srv/Trigger' },
  { name: 'add', ros: '/robot/add_two_ints', type: 'example_interfaces/srv/AddTwoInts' },
  { name: 'home', ros: '/robot/home', type: 'std_srvs/srv/Trigger' },
  { name: 'missing', ros: '/robot/not_there', type: 'std_srvs/srv/Trigger' },
  { name: 'slow', ros: '/robot/slow', type: 'std_srvs/srv/Trigger', timeoutMs: 2000 },
];

async function mapped(r: RunningBridge, client: RosbridgeClient, handlers: Record<string, (req: unknown) => unknown> = {}): Promise<RosBridgeMapping> {
  const mapping = new RosBridgeMapping({
    client,
    bus: new Bus<MessageTypeMap>(),
    config: { servicesIn, servicesOut: [{ ros: '/kindred/confirm', type: 'std_srvs/srv/SetBool', handler: 'confirm' }] },
    serviceHandlers: { confirm: handlers['confirm'] ?? (() => ({ success: true, message: '' })) },
  });
  mapping.start();
  cleanup.add(() => mapping.stop());
  await client.connect();
  await waitFor(() => r.server.services.list().some((s) => s.name === '/kindred/confirm'), 'the client to advertise /kindred/confirm');
  return mapping;
}

describe('ROS services the robot offers, called by Kindred through the mapping', () => {
  it('routes a call by its Kindred name and returns the robot’s response', async () => {
    const r = await robot();
    const requests: unknown[] = [];
    r.server.services.register('/robot/reset', 'std_srvs/srv/Trigger', (req) => {
      requests.push(req);
      return { success: true, message: 'reset 6 drives' };
    });
    r.server.services.register('/robot/add_two_ints', 'example_interfaces/srv/AddTwoInts', (req) => {
      const { a, b } = req as { a: number; b: number };
      return { sum: a + b };
    });
    const { client } = makeClient(cleanup, { url: r.url });
    const mapping = await mapped(r, client);
    await expect(mapping.call('reset')).resolves.toEqual({ success: true, message: 'reset 6 drives' });
    await expect(mapping.call('add', { a: 40, b: 2 })).resolves.toEqual({ sum: 42 });
    expect(requests).toEqual([{}]);
  });

  it('fails with ROS_CLIENT_SERVICE_FAILED and the robot’s reason when the service fails or does not exist', async () => {
    const r = await robot();
    r.server.services.register('/robot/home', 'std_srvs/srv/Trigger', () => {
      throw new Error('drive 3 is not referenced');
    });
    const { client } = makeClient(cleanup, { url: r.url });
    const mapping = await mapped(r, client);
    const failed = await settle(mapping.call('home'));
    expect(failed.ok).toBe(false);
    const e = (failed as { error: unknown }).error;
    expect(isKindredError(e) && e.code).toBe('ROS_CLIENT_SERVICE_FAILED');
    expect(String((e as Error).message)).toContain('drive 3 is not referenced');
    expect((e as { context: { reason: string } }).context.reason).toContain('drive 3 is not referenced');
    const missing = await settle(mapping.call('missing'));
    expect(isKindredError((missing as { error: unknown }).error, 'ROS_CLIENT_SERVICE_FAILED')).toBe(true);
    expect(String((missing as { error: Error }).error.message)).toContain('ROSBRIDGE_SERVICE_UNKNOWN');
  });

  it('times out on the client’s clock with ROS_CLIENT_CALL_TIMEOUT, and ignores the answer that comes after', async () => {
    const r = await robot();
    let answer: ((v: unknown) => void) | undefined;
    r.server.services.register('/robot/slow', 'std_srvs/srv/Trigger', () => new Promise((resolve) => (answer = resolve)));
    const clock = new SimClock();
    const { client } = makeClient(cleanup, { url: r.url, clock });
    const mapping = await mapped(r, client);
    let outcome: { ok: boolean; error?: unknown } | undefined;
    mapping.call('slow').then(
      () => (outcome = { ok: true }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    await waitFor(() => answer !== undefined, 'the robot to receive the call');
    clock.advance(nsFromMs(1999));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outcome).toBeUndefined();
    clock.advance(nsFromMs(1));
    await waitFor(() => outcome !== undefined, 'the timeout');
    expect(outcome?.ok).toBe(false);
    expect(isKindredError(outcome?.error, 'ROS_CLIENT_CALL_TIMEOUT')).toBe(true);
    expect(String((outcome?.error as Error).message)).toContain('/robot/slow did not answer within 2000 ms');
    answer?.({ success: true, message: 'too late' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.stats().state).toBe('connected');
  });

  it('refuses calls it cannot make: a name the mapping does not list, or while not connected', async () => {
    const { client } = makeClient(cleanup, { url: 'ws://127.0.0.1:9' });
    const mapping = new RosBridgeMapping({ client, bus: new Bus<MessageTypeMap>(), config: { servicesIn } });
    await expect(mapping.call('rest')).rejects.toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_NAME_UNKNOWN', message: expect.stringContaining('listed: reset, add, home, missing, slow') }));
    await expect(mapping.call('reset')).rejects.toThrowError(expect.objectContaining({ code: 'ROS_CLIENT_NOT_CONNECTED' }));
  });
});

describe('ROS services Kindred answers for the robot (servicesOut)', () => {
  it('answers a call from the robot’s side with the supplied handler, and a failing handler with result false', async () => {
    const r = await robot();
    const { client } = makeClient(cleanup, { url: r.url });
    const seen: unknown[] = [];
    await mapped(r, client, {
      confirm: (req) => {
        seen.push(req);
        if ((req as { data: boolean }).data === false) throw new Error('the patient declined');
        return { success: true, message: '患者已确认 / patient confirmed' };
      },
    });
    await expect(r.server.services.call('/kindred/confirm', { data: true })).resolves.toEqual({ success: true, message: '患者已确认 / patient confirmed' });
    const refused = await settle(r.server.services.call('/kindred/confirm', { data: false }));
    expect(refused.ok).toBe(false);
    expect(isKindredError((refused as { error: unknown }).error, 'ROSBRIDGE_SERVICE_FAILED')).toBe(true);
    expect(String((refused as { error: Error }).error.message)).toContain('the patient declined');
    expect(seen).toEqual([{ data: true }, { data: false }]);
  });
});
