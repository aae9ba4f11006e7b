import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { RosbridgeServer } from '../rosbridge/index.js';
import { connectRoslib, roslib, type RoslibTypes } from '../rosbridge/fixtures/roslibClient.js';
import { RecordingClient, startServer, waitFor, type RunningServer } from './fixtures/foxgloveKit.js';

let running: RunningServer | undefined;
let rosbridge: RosbridgeServer | undefined;
let ros: RoslibTypes.Ros | undefined;
const clients: RecordingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  ros?.close();
  ros = undefined;
  await running?.stop();
  running = undefined;
  await rosbridge?.stop();
  rosbridge = undefined;
});

async function connect(url: string): Promise<RecordingClient> {
  const c = await RecordingClient.connect(url);
  clients.push(c);
  return c;
}

/** A Foxglove server sharing its services with a rosbridge server over one bus, as Kindred runs them. */
async function startBoth(): Promise<{ rb: RosbridgeServer; fox: RunningServer }> {
  const bus = new Bus<MessageTypeMap>();
  const rb = new RosbridgeServer({ bus, port: 0 });
  rosbridge = rb;
  const fox = await startServer({ bus, services: rb.services });
  running = fox;
  return { rb, fox };
}

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const fromJson = (data: ArrayBufferView): unknown => JSON.parse(new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));

describe('Foxglove server: services', () => {
  it('advertises the registry services (rosapi included) as JSON services, with the services capability', async () => {
    const { rb } = await startBoth();
    rb.services.register('/kindred/add', 'example_interfaces/srv/AddTwoInts', () => ({ sum: 0 }));
    running?.server.refreshServices();
    const c = await connect(running!.url);
    expect(c.serverInfo?.capabilities).toContain('services');
    const services = [...c.services.values()];
    const add = services.find((s) => s.name === '/kindred/add');
    expect(add).toMatchObject({
      type: 'example_interfaces/srv/AddTwoInts',
      request: { encoding: 'json', schemaName: 'example_interfaces/srv/AddTwoInts_Request', schemaEncoding: 'jsonschema', schema: '' },
      response: { encoding: 'json', schemaName: 'example_interfaces/srv/AddTwoInts_Response', schemaEncoding: 'jsonschema', schema: '' },
    });
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['/rosapi/topics', '/rosapi/get_param']));
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
  });

  it('calls a service and answers with a JSON service call response', async () => {
    const { rb } = await startBoth();
    const seen: unknown[] = [];
    rb.services.register('/kindred/add', 'example_interfaces/srv/AddTwoInts', (req, ctx) => {
      seen.push(ctx.client);
      const { a, b } = req as { a: number; b: number };
      return { sum: a + b };
    });
    running?.server.refreshServices();
    const c = await connect(running!.url);
    const add = [...c.services.values()].find((s) => s.name === '/kindred/add')!;
    c.client.sendServiceCallRequest({ serviceId: add.id, callId: 7, encoding: 'json', data: json({ a: 2, b: 40 }) });
    await waitFor(() => c.responses.length === 1, 'the response');
    const r = c.responses[0]!;
    expect(r).toMatchObject({ serviceId: add.id, callId: 7, encoding: 'json' });
    expect(fromJson(r.data)).toEqual({ sum: 42 });
    expect(seen).toEqual(['foxglove:client_1']);
  });

  it('a failing service answers serviceCallFailure with the reason', async () => {
    const { rb } = await startBoth();
    rb.services.register('/kindred/reset', 'std_srvs/srv/Trigger', () => {
      throw new Error('the patient is still in the device');
    });
    running?.server.refreshServices();
    const c = await connect(running!.url);
    const reset = [...c.services.values()].find((s) => s.name === '/kindred/reset')!;
    c.client.sendServiceCallRequest({ serviceId: reset.id, callId: 1, encoding: 'json', data: new Uint8Array() });
    await waitFor(() => c.failures.length === 1, 'the failure');
    expect(c.failures[0]).toMatchObject({ op: 'serviceCallFailure', serviceId: reset.id, callId: 1 });
    expect(c.failures[0]?.message).toContain('ROSBRIDGE_SERVICE_FAILED');
    expect(c.failures[0]?.message).toContain('the patient is still in the device');
    expect(c.responses).toEqual([]);
  });

  it.each([
    ['an unknown service id', 9999, 'json', '{}', 'FOXGLOVE_SERVICE_UNKNOWN'],
    ['a CDR request (no .srv definition)', -1, 'cdr', '', 'FOXGLOVE_ENCODING_UNSUPPORTED'],
    ['a request that is not JSON', -1, 'json', '{nope', 'FOXGLOVE_MESSAGE_INVALID'],
  ])('refuses %s with serviceCallFailure', async (_label, serviceId, encoding, body, code) => {
    const { rb } = await startBoth();
    rb.services.register('/kindred/echo', 'kindred_msgs/srv/Echo', (req) => req);
    running?.server.refreshServices();
    const c = await connect(running!.url);
    const echo = [...c.services.values()].find((s) => s.name === '/kindred/echo')!;
    const id = serviceId === -1 ? echo.id : serviceId;
    c.client.sendServiceCallRequest({ serviceId: id, callId: 3, encoding, data: new TextEncoder().encode(body) });
    await waitFor(() => c.failures.length === 1, 'the failure');
    expect(c.failures[0]).toMatchObject({ serviceId: id, callId: 3 });
    expect(c.failures[0]?.message).toContain(code);
  });

  it('follows the registry: services registered or withdrawn later are advertised or withdrawn', async () => {
    const { rb } = await startBoth();
    const c = await connect(running!.url);
    const unregister = rb.services.register('/kindred/late', 'std_srvs/srv/Trigger', () => ({ success: true, message: '' }));
    running?.server.refreshServices();
    await waitFor(() => [...c.services.values()].some((s) => s.name === '/kindred/late'), 'the new service');
    const id = [...c.services.values()].find((s) => s.name === '/kindred/late')!.id;
    unregister();
    running?.server.refreshServices();
    await waitFor(() => c.unadvertisedServices.includes(id), 'the withdrawal');
  });

  it('offers a service a roslib client advertises on the rosbridge server, and calls it there', async () => {
    const { rb } = await startBoth();
    const { url } = await rb.start();
    ros = (await connectRoslib(url, false)).ros;
    const provided = new roslib.Service<{ text: string }, { text: string }>({ ros, name: '/tablet/confirm', serviceType: 'kindred_msgs/srv/Confirm' });
    await provided.advertiseAsync(async (req) => ({ text: `confirmed: ${req.text}` }));
    await waitFor(() => rb.services.list().some((s) => s.name === '/tablet/confirm'), 'the advertised service');
    running?.server.refreshServices();
    const c = await connect(running!.url);
    const confirm = [...c.services.values()].find((s) => s.name === '/tablet/confirm')!;
    c.client.sendServiceCallRequest({ serviceId: confirm.id, callId: 11, encoding: 'json', data: json({ text: 'stand up' }) });
    await waitFor(() => c.responses.length === 1, 'the response from the roslib client');
    expect(fromJson(c.responses[0]!.data)).toEqual({ text: 'confirmed: stand up' });
  });

  it('without a registry, announces no services and fails a call', async () => {
    running = await startServer();
    const c = await connect(running.url);
    expect(c.serverInfo?.capabilities).not.toContain('services');
    c.client.sendServiceCallRequest({ serviceId: 1, callId: 1, encoding: 'json', data: json({}) });
    await waitFor(() => c.failures.length === 1, 'the failure');
    expect(c.failures[0]?.message).toContain('FOXGLOVE_CAPABILITY_UNAVAILABLE');
  });
});
