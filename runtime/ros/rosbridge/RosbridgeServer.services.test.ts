import * as roslibModule from 'roslib';
import type * as RoslibTypes from '../../../node_modules/roslib/dist/src/RosLib.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isKindredError } from '../../errors/index.js';
import { SimClock } from '../../time/index.js';
import { RawPeer, startBridge, waitFor, type RunningBridge } from './fixtures/testKit.js';
import { connectRoslib } from './fixtures/roslibClient.js';

// roslib 2.1's declarations re-export `./src/RosLib` without a file extension, which NodeNext module
// resolution cannot follow, so `import { Ros } from 'roslib'` type-checks as empty. Take the types from
// the file it means (a tsconfig `paths` entry for roslib would make the plain import work).
const { Service } = roslibModule as unknown as typeof RoslibTypes;
type Ros = RoslibTypes.Ros;
type Service<Req, Res> = RoslibTypes.Service<Req, Res>;
type RosbridgeMessage = RoslibTypes.RosbridgeMessage;

const connect = (url: string) => connectRoslib(url);

/** roslib's callService as a promise: resolves with the values, rejects with the failure text. */
function call<Req, Res>(service: Service<Req, Res>, request: Req): Promise<Res> {
  return new Promise<Res>((resolve, reject) => service.callService(request, resolve, (e) => reject(new Error(e))));
}

let bridge: RunningBridge | undefined;
const clients: Ros[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await bridge?.stop();
  bridge = undefined;
});

async function setup(options: Parameters<typeof startBridge>[0] = {}): Promise<{ b: RunningBridge; ros: Ros; frames: RosbridgeMessage[] }> {
  const b = await startBridge(options);
  bridge = b;
  const { ros, frames } = await connect(b.url);
  clients.push(ros);
  return { b, ros, frames };
}

interface AddTwoInts {
  a: number;
  b: number;
}

describe('rosbridge services with roslib', () => {
  it('lets roslib call a Kindred service, sync or async, with or without the leading slash', async () => {
    const { b, ros } = await setup();
    const callers: (string | undefined)[] = [];
    b.server.services.register('/kindred/add_two_ints', 'example_interfaces/srv/AddTwoInts', (req, ctx) => {
      callers.push(ctx.client);
      const { a, b: bb } = req as AddTwoInts;
      return { sum: a + bb };
    });
    b.server.services.register('kindred/slow_echo', 'std_srvs/srv/Trigger', async (req) => {
      await new Promise((r) => setImmediate(r));
      return { success: true, message: JSON.stringify(req) };
    });
    const add = new Service<AddTwoInts, { sum: number }>({ ros, name: '/kindred/add_two_ints', serviceType: 'example_interfaces/srv/AddTwoInts' });
    expect(await call(add, { a: 2, b: 40 })).toEqual({ sum: 42 });
    const echo = new Service<Record<string, unknown>, { success: boolean; message: string }>({ ros, name: 'kindred/slow_echo', serviceType: 'std_srvs/srv/Trigger' });
    expect(await call(echo, { x: [1, 2] })).toEqual({ success: true, message: '{"x":[1,2]}' });
    expect(callers).toEqual(['client_1']);
  });

  it('answers a failing service with result false and the error text, and an unknown one likewise', async () => {
    const { b, ros } = await setup();
    b.server.services.register('/kindred/fail', 'std_srvs/srv/Trigger', () => {
      throw new Error('the exoskeleton is not homed');
    });
    b.server.services.register('/kindred/reject', 'std_srvs/srv/Trigger', () => Promise.reject(new Error('rejected asynchronously')));
    await expect(call(new Service({ ros, name: '/kindred/fail', serviceType: 'std_srvs/srv/Trigger' }), {})).rejects.toThrow('the exoskeleton is not homed');
    await expect(call(new Service({ ros, name: '/kindred/reject', serviceType: 'std_srvs/srv/Trigger' }), {})).rejects.toThrow('rejected asynchronously');
    await expect(call(new Service({ ros, name: '/nowhere', serviceType: 'std_srvs/srv/Trigger' }), {})).rejects.toThrow(/ROSBRIDGE_SERVICE_UNKNOWN: no service "\/nowhere"/);
  });

  it('lets Kindred (and another client) call a service a roslib client advertises', async () => {
    const { b, ros } = await setup();
    const provider = new Service<AddTwoInts, { sum: number }>({ ros, name: '/tablet/add', serviceType: 'example_interfaces/srv/AddTwoInts' });
    await provider.advertiseAsync(async (req) => ({ sum: req.a + req.b }));
    await waitFor(() => b.server.services.typeOf('/tablet/add') !== undefined, 'the advertisement');
    expect(b.server.services.typeOf('tablet/add')).toBe('example_interfaces/srv/AddTwoInts');
    expect(await b.server.services.call('/tablet/add', { a: 20, b: 22 })).toEqual({ sum: 42 });

    const other = await connect(b.url);
    clients.push(other.ros);
    const viaOther = new Service<AddTwoInts, { sum: number }>({ ros: other.ros, name: '/tablet/add', serviceType: 'example_interfaces/srv/AddTwoInts' });
    expect(await call(viaOther, { a: 1, b: 2 })).toEqual({ sum: 3 });
  });

  it('reports a client service that fails, and a provider that disconnects, to the caller', async () => {
    const { b, ros } = await setup();
    const failing = new Service<AddTwoInts, { sum: number }>({ ros, name: '/tablet/fail', serviceType: 'example_interfaces/srv/AddTwoInts' });
    await failing.advertiseAsync(() => Promise.reject(new Error('tablet says no')));
    await waitFor(() => b.server.services.typeOf('/tablet/fail') !== undefined, 'the advertisement');
    const failure = await b.server.services.call('/tablet/fail', { a: 1, b: 1 }).catch((e: unknown) => e);
    expect(isKindredError(failure) && (failure.code as string) === 'ROSBRIDGE_SERVICE_FAILED').toBe(true);
    expect(String((failure as Error).message)).toContain('tablet says no');

    const silent = new Service({ ros, name: '/tablet/silent', serviceType: 'std_srvs/srv/Trigger' });
    await silent.advertiseAsync(() => new Promise(() => undefined));
    await waitFor(() => b.server.services.typeOf('/tablet/silent') !== undefined, 'the advertisement');
    const pending = b.server.services.call('/tablet/silent', {}).catch((e: unknown) => e);
    await waitFor(() => b.server.stats().framesSent >= 2, 'the forwarded call');
    ros.close();
    const gone = await pending;
    expect((gone as Error).message).toContain('disconnected');
    await waitFor(() => b.server.services.typeOf('/tablet/silent') === undefined, 'the service to go with its client');
  });

  it('times out a call the provider never answers (simulated clock)', async () => {
    const clock = new SimClock();
    const { b, ros } = await setup({ clock, serviceTimeoutMs: 2000 });
    const silent = new Service({ ros, name: '/tablet/silent', serviceType: 'std_srvs/srv/Trigger' });
    await silent.advertiseAsync(() => new Promise(() => undefined));
    await waitFor(() => b.server.services.typeOf('/tablet/silent') !== undefined, 'the advertisement');
    const pending = b.server.services.call('/tablet/silent', {}).catch((e: unknown) => e);
    clock.advance(1_999_000_000n);
    clock.advance(1_000_000n);
    const timedOut = await pending;
    expect(isKindredError(timedOut) && (timedOut.code as string) === 'ROSBRIDGE_SERVICE_TIMEOUT').toBe(true);
    expect((timedOut as Error).message).toBe('service /tablet/silent did not answer within 2000 ms');
  });

  it('refuses a client that advertises a service Kindred provides', async () => {
    const { b, ros, frames } = await setup();
    b.server.services.register('/kindred/estop', 'std_srvs/srv/Trigger', () => ({ success: true, message: 'stopped' }));
    await new Service({ ros, name: '/kindred/estop', serviceType: 'std_srvs/srv/Trigger' }).advertiseAsync(async () => ({ success: false, message: 'hijacked' }));
    await waitFor(() => frames.some((f) => f.op === 'status'), 'the refusal');
    expect(frames.find((f) => f.op === 'status')).toMatchObject({ level: 'error', code: 'ROSBRIDGE_SERVICE_DUPLICATE' });
    expect(await b.server.services.call('/kindred/estop')).toEqual({ success: true, message: 'stopped' });
  });

  it('routes a late or foreign service_response nowhere, with a warning to the sender', async () => {
    const { b } = await setup();
    const raw = await RawPeer.connect(b.url);
    raw.send({ op: 'set_level', level: 'warning' });
    raw.send({ op: 'service_response', id: 'made-up', service: '/x', values: {}, result: true });
    const status = await raw.next('status');
    expect(status).toMatchObject({ level: 'warning', code: 'ROSBRIDGE_SERVICE_UNKNOWN', id: 'made-up' });
    raw.close();
  });

  it('sends a service response as CBOR, or fragmented, when the call asks for it', async () => {
    const { b } = await setup();
    b.server.services.register('/kindred/big', 'std_srvs/srv/Trigger', () => ({ success: true, message: 'x'.repeat(250) }));
    const raw = await RawPeer.connect(b.url);
    raw.send({ op: 'call_service', id: 'c1', service: '/kindred/big', args: {}, fragment_size: 100 });
    await waitFor(() => raw.ops('fragment', { id: 'c1' }).length > 0 && raw.ops('fragment', { id: 'c1' }).length === raw.ops('fragment', { id: 'c1' })[0]?.['total'], 'every fragment');
    expect(raw.ops('fragment', { id: 'c1' }).length).toBeGreaterThan(2);
    const joined = JSON.parse(raw.ops('fragment', { id: 'c1' }).map((f) => f['data']).join('')) as Record<string, unknown>;
    expect(joined).toMatchObject({ op: 'service_response', id: 'c1', service: '/kindred/big', result: true });
    raw.send({ op: 'call_service', id: 'c2', service: 'kindred/big', compression: 'cbor' });
    await waitFor(() => raw.binary.length === 1, 'a binary frame');
    const { decode } = await import('cbor-x');
    expect(decode(raw.binary[0] as Buffer)).toMatchObject({ op: 'service_response', id: 'c2', service: 'kindred/big', result: true, values: { success: true } });
    raw.close();
  });
});
