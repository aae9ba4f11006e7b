import * as roslibModule from 'roslib';
import type * as RoslibTypes from '../../../node_modules/roslib/dist/src/RosLib.js';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { RosbridgeServer } from './RosbridgeServer.js';
import { RawPeer, startBridge, waitFor, type RunningBridge } from './fixtures/testKit.js';

// roslib 2.1's declarations re-export `./src/RosLib` without a file extension, which NodeNext module
// resolution cannot follow, so `import { Ros } from 'roslib'` type-checks as empty. Take the types from
// the file it means (a tsconfig `paths` entry for roslib would make the plain import work).
const { Ros, Service } = roslibModule as unknown as typeof RoslibTypes;

const TOKEN = 'correct-horse-battery-staple';

let bridge: RunningBridge | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await bridge?.stop();
  bridge = undefined;
});

async function tokenBridge(): Promise<RunningBridge> {
  const b = await startBridge({ token: TOKEN });
  bridge = b;
  b.server.services.register('/kindred/ping', 'std_srvs/srv/Trigger', () => ({ success: true, message: 'pong' }));
  return b;
}

function codeOf(e: unknown): string | undefined {
  return isKindredError(e) ? e.code : undefined;
}

describe('rosbridge server token authentication', () => {
  it('refuses every op before auth (connection kept), then serves once roslib authenticates', async () => {
    const b = await tokenBridge();
    const raw = await RawPeer.connect(b.url);
    closers.push(() => raw.close());
    raw.send({ op: 'call_service', id: 'early', service: '/kindred/ping' });
    expect(await raw.next('status')).toMatchObject({ level: 'error', code: 'ROSBRIDGE_NOT_AUTHENTICATED', id: 'early' });
    expect(raw.ops('service_response')).toEqual([]);

    const ros = new Ros();
    closers.push(() => ros.close());
    const opened = new Promise<void>((resolve) => ros.on('connection', () => resolve()));
    await ros.connect(b.url);
    await opened;
    ros.authenticate(TOKEN, '', '', '', 0, '', 0);
    const res = await new Promise((resolve, reject) =>
      new Service({ ros, name: '/kindred/ping', serviceType: 'std_srvs/srv/Trigger' }).callService({}, resolve, (e) => reject(new Error(e))),
    );
    expect(res).toEqual({ success: true, message: 'pong' });
  });

  it('closes a connection that sends the wrong token', async () => {
    const b = await tokenBridge();
    const raw = await RawPeer.connect(b.url);
    raw.send({ op: 'auth', mac: 'not-the-token-at-all' });
    expect(await raw.next('status')).toMatchObject({ code: 'ROSBRIDGE_AUTH_FAILED' });
    await waitFor(() => raw.closeCode !== undefined, 'the close');
    expect(raw.closeCode).toBe(1008);
  });

  it('accepts ?token= on the URL and refuses a wrong one before the socket opens', async () => {
    const b = await tokenBridge();
    const raw = await RawPeer.connect(`${b.url}/?token=${TOKEN}`);
    closers.push(() => raw.close());
    raw.send({ op: 'call_service', id: 'q', service: '/kindred/ping' });
    expect(await raw.next('service_response', { id: 'q' })).toMatchObject({ result: true });

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${b.url}/?token=wrong-token-wrong-token`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('refuses to listen beyond loopback without a token, and checks its options', () => {
    const bus = new Bus<MessageTypeMap>();
    expect(() => new RosbridgeServer({ bus, host: '0.0.0.0' })).toThrow(/reachable from other machines; set a token/);
    expect(codeOf(catchIt(() => new RosbridgeServer({ bus, host: '0.0.0.0' })))).toBe('ROSBRIDGE_TOKEN_REQUIRED');
    expect(() => new RosbridgeServer({ bus, host: '0.0.0.0', token: TOKEN })).not.toThrow();
    expect(codeOf(catchIt(() => new RosbridgeServer({ bus, port: 70000 })))).toBe('ROSBRIDGE_CONFIG_INVALID');
    expect(() => new RosbridgeServer({ bus, port: 70000 })).toThrow(/rosbridge option port is 70000/);
    expect(() => new RosbridgeServer({ bus, token: 'short' })).toThrow(/token/);
    expect(() => new RosbridgeServer({ bus, allowPublish: 'everything' as unknown as string[] })).toThrow(/allowPublish/);
    expect(() => new RosbridgeServer({ bus, ...({ compresion: 'cbor' } as object) })).toThrow(/compresion/);
  });

  it('says which port is taken', async () => {
    const first = await startBridge();
    bridge = first;
    const second = new RosbridgeServer({ bus: first.bus, port: first.server.port ?? 0 });
    const e = await second.start().catch((err: unknown) => err);
    expect(codeOf(e)).toBe('ROSBRIDGE_PORT_IN_USE');
    expect((e as Error).message).toBe(`port ${first.server.port} on 127.0.0.1 is in use; stop the other rosbridge server or choose another port`);
  });

  it('defaults to 127.0.0.1:9090 and no token', () => {
    const server = new RosbridgeServer({ bus: new Bus<MessageTypeMap>() });
    expect(server.config).toMatchObject({ host: '127.0.0.1', port: 9090, allowPublish: [] });
    expect(server.config.token).toBeUndefined();
  });
});

function catchIt(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}
