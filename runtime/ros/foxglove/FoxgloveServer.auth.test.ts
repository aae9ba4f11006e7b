import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { FoxgloveServer } from './FoxgloveServer.js';
import { RecordingClient, startServer, type RunningServer } from './fixtures/foxgloveKit.js';

const TOKEN = 'a-long-enough-token-1234';

let running: RunningServer | undefined;
const clients: RecordingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.stop();
  running = undefined;
});

/** The HTTP status a WebSocket upgrade is answered with (101 when it is accepted). */
function upgradeStatus(url: string, protocols: string[] = ['foxglove.websocket.v1']): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('Foxglove server: access', () => {
  it('refuses to listen beyond loopback without a token (FOXGLOVE_TOKEN_REQUIRED), as rosbridge does', () => {
    const e = thrownBy(() => new FoxgloveServer({ bus: new Bus<MessageTypeMap>(), host: '0.0.0.0' }));
    expect(isKindredError(e, 'FOXGLOVE_TOKEN_REQUIRED')).toBe(true);
    expect((e as Error).message).toContain('"0.0.0.0"');
  });

  it.each([
    ['a port out of range', { port: 70_000 }, 'port'],
    ['a short token', { token: 'short' }, 'token'],
    ['an unknown option', { allowPublsh: ['/x'] }, '(top level)'],
    ['an allow-list that is not a list', { allowPublish: '/cmd/*' }, 'allowPublish'],
  ])('rejects %s with FOXGLOVE_CONFIG_INVALID naming the option', (_label, options, field) => {
    const e = thrownBy(() => new FoxgloveServer({ bus: new Bus<MessageTypeMap>(), ...(options as object) }));
    expect(isKindredError(e, 'FOXGLOVE_CONFIG_INVALID')).toBe(true);
    expect((e as Error).message).toContain(`option ${field}`);
  });

  it('with a token, answers 401 to a connection without it or with a wrong one, and serves the right one', async () => {
    running = await startServer({ host: '0.0.0.0', token: TOKEN });
    const url = `ws://127.0.0.1:${running.server.port ?? 0}`;
    expect((await upgradeStatus(url)).status).toBe(401);
    const wrong = await upgradeStatus(`${url}/?token=not-the-right-token-000`);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('FOXGLOVE_AUTH_FAILED');
    const c = await RecordingClient.connect(`${url}/?token=${TOKEN}`);
    clients.push(c);
    expect(c.serverInfo?.name).toBe('kindred');
    expect(running.server.stats().clients).toBe(1);
  });

  it('needs no token on loopback by default', async () => {
    running = await startServer();
    expect(running.server.config.host).toBe('127.0.0.1');
    expect((await upgradeStatus(running.url)).status).toBe(101);
  });

  it('answers 400 to a client that does not offer foxglove.websocket.v1', async () => {
    running = await startServer();
    const refused = await upgradeStatus(running.url, ['some.other.protocol']);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('FOXGLOVE_SUBPROTOCOL_REQUIRED');
  });

  it('answers a plain HTTP request with 426 and how to connect, in both languages', async () => {
    running = await startServer();
    const res = await fetch(running.url.replace('ws://', 'http://'));
    expect(res.status).toBe(426);
    const text = await res.text();
    expect(text).toContain('foxglove.websocket.v1');
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reports a taken port as FOXGLOVE_PORT_IN_USE', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const server = new FoxgloveServer({ bus: new Bus<MessageTypeMap>(), port });
      const e = await server.start().catch((x: unknown) => x);
      expect(isKindredError(e, 'FOXGLOVE_PORT_IN_USE')).toBe(true);
      expect((e as Error).message).toContain(`port ${port}`);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
