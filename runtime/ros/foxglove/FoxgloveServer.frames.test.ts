import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, waitFor, type RunningServer } from './fixtures/foxgloveKit.js';

let running: RunningServer | undefined;
let socket: WebSocket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await running?.stop();
  running = undefined;
});

interface Peer {
  readonly json: Record<string, unknown>[];
  readonly binary: Buffer[];
  closeCode: number | undefined;
}

/** A raw WebSocket peer speaking the subprotocol, to send frames Foxglove's client never would. */
async function rawPeer(url: string): Promise<{ ws: WebSocket; peer: Peer }> {
  const ws = new WebSocket(url, ['foxglove.websocket.v1']);
  const peer: Peer = { json: [], binary: [], closeCode: undefined };
  ws.on('message', (data, isBinary) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) peer.binary.push(buf);
    else peer.json.push(JSON.parse(buf.toString('utf8')) as Record<string, unknown>);
  });
  ws.on('close', (code) => (peer.closeCode = code));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  socket = ws;
  return { ws, peer };
}

const statuses = (peer: Peer): Record<string, unknown>[] => peer.json.filter((m) => m['op'] === 'status');

describe('Foxglove server: bad frames get a status and the connection stays', () => {
  it.each<[string, string | Buffer, string, string]>([
    ['text that is not JSON', 'hello robot', 'FOXGLOVE_BAD_FRAME', 'not JSON'],
    ['JSON that is not an object', '[1,2,3]', 'FOXGLOVE_BAD_FRAME', 'an array'],
    ['an object without op', '{"subscriptions":[]}', 'FOXGLOVE_BAD_FRAME', '"op"'],
    ['an unknown op', '{"op":"publish","topic":"/x"}', 'FOXGLOVE_UNKNOWN_OP', '"publish"'],
    ['a subscription id that is not a number', '{"op":"subscribe","subscriptions":[{"id":"a","channelId":1}]}', 'FOXGLOVE_FIELD_INVALID', 'subscriptions[0].id is "a"'],
    ['a negative channel id', '{"op":"subscribe","subscriptions":[{"id":1,"channelId":-1}]}', 'FOXGLOVE_FIELD_INVALID', 'subscriptions[0].channelId is -1'],
    ['a subscribe to a channel never advertised', '{"op":"subscribe","subscriptions":[{"id":1,"channelId":4242}]}', 'FOXGLOVE_CHANNEL_UNKNOWN', 'channel 4242'],
    ['an empty binary frame', Buffer.alloc(0), 'FOXGLOVE_BAD_FRAME', 'empty binary frame'],
    ['an unknown binary opcode', Buffer.from([9, 0, 0, 0, 0]), 'FOXGLOVE_BAD_FRAME', 'unknown binary opcode 9'],
    ['a truncated client message', Buffer.from([1, 0, 0]), 'FOXGLOVE_BAD_FRAME', '3 bytes'],
    ['a service call whose encoding runs past the end', Buffer.from([2, 1, 0, 0, 0, 1, 0, 0, 0, 200, 0, 0, 0, 106]), 'FOXGLOVE_BAD_FRAME', '200 bytes long'],
    ['a connection-graph subscription (not offered)', '{"op":"subscribeConnectionGraph"}', 'FOXGLOVE_CAPABILITY_UNAVAILABLE', 'connectionGraph'],
  ])('%s', async (_label, frame, code, detail) => {
    running = await startServer();
    const pub = running.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
    const { ws, peer } = await rawPeer(running.url);
    await waitFor(() => peer.json.some((m) => m['op'] === 'advertise'), 'the advertise');
    ws.send(frame, { binary: typeof frame !== 'string' });
    await waitFor(() => statuses(peer).length > 0, 'a status');
    const status = statuses(peer)[0];
    expect(status?.['level']).toBe(2);
    expect(String(status?.['message'])).toContain(code);
    expect(String(status?.['message'])).toContain(detail);
    // Still open and served: subscribe to the real channel and receive a message.
    const advertised = peer.json.find((m) => m['op'] === 'advertise')?.['channels'] as { id: number; topic: string }[];
    const channel = advertised.find((c) => c.topic === '/joint_states');
    ws.send(JSON.stringify({ op: 'subscribe', subscriptions: [{ id: 77, channelId: channel?.id }] }));
    await waitFor(() => running?.server.stats().subscriptions === 1, 'the subscription');
    pub.publish({ header: { stamp: { sec: 1, nanosec: 2 }, frame_id: '' }, name: ['knee'], position: [0.5], velocity: [0], effort: [0] });
    await waitFor(() => peer.binary.length === 1, 'a message data frame');
    expect(peer.binary[0]?.[0]).toBe(1);
    expect(peer.binary[0]?.readUInt32LE(1)).toBe(77);
    expect(peer.closeCode).toBeUndefined();
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses a second subscription with an id in use, or to a channel already subscribed', async () => {
    running = await startServer();
    running.bus.advertise('/a', 'std_msgs/msg/String');
    running.bus.advertise('/b', 'std_msgs/msg/String');
    const { ws, peer } = await rawPeer(running.url);
    await waitFor(() => peer.json.some((m) => m['op'] === 'advertise'), 'the advertise');
    const channels = peer.json.find((m) => m['op'] === 'advertise')?.['channels'] as { id: number; topic: string }[];
    const a = channels.find((c) => c.topic === '/a')?.id;
    const b = channels.find((c) => c.topic === '/b')?.id;
    ws.send(JSON.stringify({ op: 'subscribe', subscriptions: [{ id: 1, channelId: a }] }));
    ws.send(JSON.stringify({ op: 'subscribe', subscriptions: [{ id: 1, channelId: b }] }));
    ws.send(JSON.stringify({ op: 'subscribe', subscriptions: [{ id: 2, channelId: a }] }));
    ws.send(JSON.stringify({ op: 'unsubscribe', subscriptionIds: [5] }));
    await waitFor(() => statuses(peer).length === 3, 'three statuses');
    const texts = statuses(peer).map((s) => String(s['message']));
    expect(texts[0]).toContain('FOXGLOVE_SUBSCRIPTION_INVALID: subscribe: subscription id 1 is already in use');
    expect(texts[1]).toContain('FOXGLOVE_SUBSCRIPTION_INVALID: subscribe 2: channel');
    expect(texts[2]).toContain('FOXGLOVE_SUBSCRIPTION_INVALID: unsubscribe: subscription id 5 is not subscribed');
    expect(statuses(peer)[2]?.['level']).toBe(1);
    expect(running.server.stats().subscriptions).toBe(1);
  });
});
